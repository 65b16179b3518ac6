"""The OAuth2 helpers a package gets (``<package>/oauth.py``): which scheme's flows they
serve and the URLs of each grant, made absolute against the API's server."""

from __future__ import annotations

from urllib.parse import urljoin

from generator import ir
from generator.targets.python.view import OAuth, SchemeWiring


def oauth_view(api: ir.Api, schemes: tuple[SchemeWiring, ...]) -> OAuth | None:
    """The helpers for the API's OAuth2 flows, each kind taken from the first scheme that
    declares it (an API may put its user and its app flows in two schemes); None without."""
    with_flows = [w for w in schemes if w.scheme.flows]
    if not with_flows:
        return None
    flows: dict[str, ir.OAuthFlow] = {}
    for wiring in with_flows:
        for flow in wiring.scheme.flows:
            flows.setdefault(flow.kind, flow)
    base = api.servers[0].url if api.servers and api.servers[0].url.startswith("http") else ""

    def url(kind: str, attribute: str) -> str | None:
        value = getattr(flows[kind], attribute) if kind in flows else None
        return urljoin(base, value) if value else None  # a relative URL is the server's

    scopes: dict[str, str] = {}
    for flow in flows.values():
        for scope, meaning in flow.scopes:
            scopes.setdefault(scope, meaning)
    refresh = next((url(kind, a) for kind in ("authorizationCode", "password")
                    for a in ("refresh_url", "token_url") if url(kind, a)), None)
    return OAuth(
        schemes=tuple(dict.fromkeys(w.scheme.name for w in with_flows)),
        argument=with_flows[0].argument,
        scopes=tuple(scopes.items()),
        authorization_url=url("authorizationCode", "authorization_url") or url("implicit", "authorization_url"),
        code_token_url=url("authorizationCode", "token_url"),
        refresh_url=refresh,
        client_credentials_url=url("clientCredentials", "token_url"),
        implicit_only="authorizationCode" not in flows and "implicit" in flows,
    )
