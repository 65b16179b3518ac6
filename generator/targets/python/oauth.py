"""The OAuth2 helpers a package gets (``<package>/oauth.py``): which scheme's flows they
serve and the URLs of each grant, made absolute against the API's server."""

from __future__ import annotations

from urllib.parse import urljoin

from generator import ir
from generator.targets.python.view import OAuth, SchemeWiring


def oauth_view(api: ir.Api, schemes: tuple[SchemeWiring, ...]) -> OAuth | None:
    """The helpers for the first OAuth2 scheme with flows the client can run; None without."""
    wiring = next((w for w in schemes if w.scheme.flows), None)
    if wiring is None:
        return None
    flows = {flow.kind: flow for flow in wiring.scheme.flows}
    base = api.servers[0].url if api.servers and api.servers[0].url.startswith("http") else ""

    def url(kind: str, attribute: str) -> str | None:
        value = getattr(flows[kind], attribute) if kind in flows else None
        return urljoin(base, value) if value else None  # a relative URL is the server's

    code = "authorizationCode" in flows
    scopes: dict[str, str] = {}
    for flow in wiring.scheme.flows:
        for scope, meaning in flow.scopes:
            scopes.setdefault(scope, meaning)
    refresh = next((url(kind, a) for kind in ("authorizationCode", "password")
                    for a in ("refresh_url", "token_url") if url(kind, a)), None)
    return OAuth(
        scheme=wiring.scheme.name,
        argument=wiring.argument,
        scopes=tuple(scopes.items()),
        authorization_url=url("authorizationCode", "authorization_url") or url("implicit", "authorization_url"),
        code_token_url=url("authorizationCode", "token_url"),
        refresh_url=refresh,
        client_credentials_url=url("clientCredentials", "token_url"),
        implicit_only=not code and "implicit" in flows,
    )
