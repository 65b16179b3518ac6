"""Authentication in generated clients (issue 19): credentials from arguments, the
environment or providers called per request; a clear error when a needed credential is
missing; OAuth2 flows from ``securitySchemes`` (authorization URL, code exchange, refresh,
client credentials) run against a local token endpoint (an ``httpx.MockTransport``)."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, List
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from generator import cli
from generator.targets.python.runtime import _oauth, _security
from generator.targets.python.runtime.errors import MissingCredentialError
from tests.conftest import ROOT, openapi, parse, python_view, write_spec
from tests.runtime_support import CREDENTIALS, TOKEN, Server, async_http, make_settings, run, spec, sync_http

# --- credentials: providers and missing ones (the runtime) -----------------------------------


def _with_token(value: Any) -> Any:
    """The runtime's test credentials with the bearer token's value replaced."""
    return make_settings(credentials=tuple(
        _security.replace(c, value=value) if c.scheme == "bearer" else c for c in CREDENTIALS))


def test_a_sync_provider_is_called_before_each_request() -> None:
    tokens = iter(["first", "second"])
    server = Server()
    http = sync_http(server, _with_token(lambda: next(tokens)))
    http.request(spec(), Any)
    http.request(spec(), Any)
    assert [r.headers["authorization"] for r in server.requests] == ["Bearer first", "Bearer second"]


@pytest.mark.parametrize("is_async", [False, True])
def test_schemes_sharing_a_provider_call_it_once_per_request(is_async: bool) -> None:
    calls: List[str] = []

    def token() -> str:
        calls.append("called")
        return "shared"

    both = tuple(_security.replace(c, value=token) for c in CREDENTIALS if c.kind == "bearer")
    twin = _security.Credential("bearer_twin", "bearer", "header", "Authorization", token, "token", None)
    settings = make_settings(credentials=(*both, twin))
    server = Server()
    if is_async:
        run(async_http(server, settings).request(spec(), Any))
    else:
        sync_http(server, settings).request(spec(), Any)
    assert calls == ["called"] and server.last.headers["authorization"] == "Bearer shared"


def test_an_async_client_awaits_a_coroutine_provider() -> None:
    async def token() -> str:
        return "from-a-coroutine"

    server = Server()
    run(async_http(server, _with_token(token)).request(spec(), Any))
    assert server.last.headers["authorization"] == "Bearer from-a-coroutine"


def test_an_async_client_also_takes_a_plain_function() -> None:
    server = Server()
    run(async_http(server, _with_token(lambda: "plain")).request(spec(), Any))
    assert server.last.headers["authorization"] == "Bearer plain"


class _Awaitable:
    """An awaitable that is not a coroutine (a future, say)."""

    def __await__(self) -> Any:
        yield from ()
        return "never"


@pytest.mark.parametrize("make", [lambda: (lambda: _Awaitable()), lambda: _coroutine_function])
def test_a_sync_client_refuses_an_awaitable_provider_without_sending(make: Any) -> None:
    server = Server()
    with pytest.raises(TypeError, match="pass async providers to the AsyncClient"):
        sync_http(server, _with_token(make())).request(spec(), Any)
    assert server.requests == []


async def _coroutine_function() -> str:
    return "never"


def test_a_request_needing_a_missing_credential_raises_before_sending() -> None:
    server = Server()
    with pytest.raises(MissingCredentialError) as caught:
        sync_http(server).request(spec(security=(("unset",),)), Any)
    assert str(caught.value) == "the API: no credential: pass x_unset=... or set EXAMPLE_X_UNSET"
    assert server.requests == []


@pytest.mark.parametrize("accepted", [
    (("unset",), ()),  # anonymous access is one of the alternatives
    (("not_a_scheme_of_the_client",),),  # a scheme the client cannot send: nothing to ask for
    (),  # no security at all
])
def test_requests_that_need_no_sendable_credential_go_out_without(accepted: Any) -> None:
    server = Server()
    sync_http(server).request(spec(security=accepted), Any)
    assert "authorization" not in server.last.headers and "x-unset" not in server.last.headers


def test_the_message_lists_each_way_to_meet_a_requirement() -> None:
    missing = (_security.Credential("key", "api_key", "header", "X-Key", None, "api_key", "SHOP_API_KEY"),
               _security.Credential("basic", "basic", "header", "Authorization", None, "basic_auth", None))
    with pytest.raises(MissingCredentialError, match=r"^shop: no credential: pass api_key=\.\.\. or set "
                       r"SHOP_API_KEY; or pass basic_auth=\(username, password\)$"):
        _security.require_credentials("shop", missing, (("key",), ("basic",)))
    with pytest.raises(MissingCredentialError, match="pass api_key=... or set SHOP_API_KEY or pass basic_auth"):
        _security.require_any_credential("shop", missing)
    _security.require_any_credential("shop", (missing[0], _security.replace(missing[1], value=("u", "p"))))


def test_a_connection_error_hides_the_value_a_provider_gave() -> None:
    server = Server(httpx.ConnectError(f"refused for {TOKEN}-dynamic"))
    http = sync_http(server, _with_token(lambda: f"{TOKEN}-dynamic"))
    with pytest.raises(Exception) as caught:
        http.request(spec(max_retries=0), Any)
    assert f"{TOKEN}-dynamic" not in str(caught.value)


# --- OAuth2 (the runtime) ---------------------------------------------------------------------


class TokenEndpoint:
    """A token endpoint behind a mock transport: records each grant, answers ``answer``."""

    def __init__(self, answer: httpx.Response | None = None) -> None:
        self.answer = answer or httpx.Response(200, json={
            "access_token": "at-1", "token_type": "Bearer", "expires_in": 3600, "refresh_token": "rt-1",
            "scope": "cms:read", "workspace_id": "w1"})
        self.requests: List[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        # A fresh response each time: a client binds the stream of the one it receives.
        return httpx.Response(self.answer.status_code, headers=self.answer.headers, content=self.answer.content)

    def form(self, index: int = -1) -> Dict[str, List[str]]:
        request = self.requests[index]
        assert request.headers["content-type"] == "application/x-www-form-urlencoded"
        return parse_qs(request.content.decode())

    def client(self) -> httpx.Client:
        return httpx.Client(transport=httpx.MockTransport(self))


def test_the_authorization_url_carries_the_grant_request() -> None:
    url = _oauth.authorize_url("https://auth.example.test/authorize?prompt=consent", client_id="app id",
                               redirect_uri="https://app.example.test/cb", scopes=["a:read", "b:write"],
                               state="s1", response_type="code")
    parts = urlsplit(url)
    assert (parts.netloc, parts.path) == ("auth.example.test", "/authorize")
    assert parse_qs(parts.query) == {"prompt": ["consent"], "response_type": ["code"], "client_id": ["app id"],
                                     "redirect_uri": ["https://app.example.test/cb"], "scope": ["a:read b:write"],
                                     "state": ["s1"]}


def test_the_authorization_url_leaves_out_what_is_not_given() -> None:
    url = _oauth.authorize_url("https://auth.example.test/authorize", client_id="id", redirect_uri=None, scopes=[],
                               state=None, response_type="token", extra={"audience": "api"})
    assert url == "https://auth.example.test/authorize?response_type=token&client_id=id&audience=api"


def test_without_an_http_client_each_grant_uses_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    endpoint, made = TokenEndpoint(), []
    sync_client, async_client = httpx.Client, httpx.AsyncClient

    def client(**options: Any) -> httpx.Client:
        made.append(options)
        return sync_client(transport=httpx.MockTransport(endpoint), **options)

    def aclient(**options: Any) -> httpx.AsyncClient:
        made.append(options)
        return async_client(transport=httpx.MockTransport(endpoint), **options)

    monkeypatch.setattr(_oauth.httpx, "Client", client)
    monkeypatch.setattr(_oauth.httpx, "AsyncClient", aclient)
    request = _oauth.token_request("https://auth.example.test/token", {"grant_type": "client_credentials"},
                                   client_id="id", client_secret="secret", client_auth="body")
    assert _oauth.request_token(request, None).access_token == "at-1"
    assert run(_oauth.arequest_token(request, None)).access_token == "at-1"
    assert made == [{"timeout": _oauth.TOKEN_TIMEOUT}] * 2 and len(endpoint.requests) == 2


def test_client_authentication_in_the_body_or_with_basic() -> None:
    endpoint = TokenEndpoint()
    form = {"grant_type": "authorization_code", "code": "c1", "redirect_uri": "https://app/cb", "scope": None}
    for client_auth in ("body", "basic"):
        request = _oauth.token_request("https://auth.example.test/token", form, client_id="id:1",
                                       client_secret="s&cret", client_auth=client_auth)  # type: ignore[arg-type]
        token = _oauth.request_token(request, endpoint.client())
        assert (token.access_token, token.refresh_token, token.expires_in) == ("at-1", "rt-1", 3600)
        assert token.model_extra == {"workspace_id": "w1"}
    body, basic = endpoint.form(0), endpoint.form(1)
    assert body == {"grant_type": ["authorization_code"], "code": ["c1"], "redirect_uri": ["https://app/cb"],
                    "client_id": ["id:1"], "client_secret": ["s&cret"]}
    assert "authorization" not in endpoint.requests[0].headers
    assert basic == {"grant_type": ["authorization_code"], "code": ["c1"], "redirect_uri": ["https://app/cb"]}
    assert endpoint.requests[1].headers["authorization"] == "Basic " + base64.b64encode(b"id:1:s&cret").decode()
    assert all(r.headers["accept"] == "application/json" for r in endpoint.requests)


def test_a_public_client_sends_only_its_id() -> None:
    request = _oauth.token_request("https://auth.example.test/token", {"grant_type": "refresh_token"},
                                   client_id="pub", client_secret=None, client_auth="basic")
    assert "authorization" not in request.headers and request.read() == b"grant_type=refresh_token&client_id=pub"


@pytest.mark.parametrize(("answer", "error", "description"), [
    (httpx.Response(400, json={"error": "invalid_grant", "error_description": "code expired"}),
     "invalid_grant", "code expired"),
    (httpx.Response(401, json={"error": "invalid_client"}), "invalid_client", None),
    (httpx.Response(502, text="<html>bad gateway</html>"), "invalid_response", "HTTP 502: <html>bad gateway</html>"),
    (httpx.Response(200, json={"token_type": "bearer"}), "invalid_response", "not a token: Field required"),
])
def test_token_endpoint_errors_raise_the_oauth_error(answer: httpx.Response, error: str, description: str) -> None:
    request = _oauth.token_request("https://auth.example.test/token", {"grant_type": "client_credentials"},
                                   client_id="id", client_secret="secret", client_auth="body")
    with pytest.raises(_oauth.OAuthError) as caught:
        _oauth.request_token(request, TokenEndpoint(answer).client())
    assert (caught.value.error, caught.value.error_description) == (error, description)
    assert caught.value.status_code == answer.status_code and error in str(caught.value)


def test_the_async_grant_reads_the_token() -> None:
    endpoint = TokenEndpoint()
    request = _oauth.token_request("https://auth.example.test/token", {"grant_type": "client_credentials"},
                                   client_id="id", client_secret="secret", client_auth="body")

    async def fetch() -> _oauth.OAuthToken:
        async with httpx.AsyncClient(transport=httpx.MockTransport(endpoint)) as client:
            return await _oauth.arequest_token(request, client)

    assert run(fetch()).access_token == "at-1" and endpoint.form()["grant_type"] == ["client_credentials"]


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_refreshing_token_renews_before_expiry_and_keeps_its_refresh_token() -> None:
    clock, renewed = Clock(), []

    def renew(refresh_token: str) -> _oauth.OAuthToken:
        renewed.append(refresh_token)
        return _oauth.OAuthToken(access_token=f"at-{len(renewed) + 1}", expires_in=100)

    provider = _oauth.RefreshingToken(_oauth.OAuthToken(access_token="at-1", expires_in=100, refresh_token="rt"),
                                      renew, clock)
    assert provider() == "at-1"
    clock.now = 100 - _oauth.EXPIRY_MARGIN - 1
    assert provider() == "at-1" and renewed == []
    clock.now = 100 - _oauth.EXPIRY_MARGIN
    assert provider() == "at-2" and renewed == ["rt"]
    clock.now += 100
    assert provider() == "at-3" and renewed == ["rt", "rt"]  # the server sent no new one: the old is kept


def test_an_async_refreshing_token_takes_a_new_refresh_token() -> None:
    clock = Clock()

    async def renew(refresh_token: str) -> _oauth.OAuthToken:
        return _oauth.OAuthToken(access_token=f"after-{refresh_token}", refresh_token="rt-2")

    provider = _oauth.AsyncRefreshingToken(_oauth.OAuthToken(access_token="a", expires_in=60, refresh_token="rt-1"),
                                           renew, clock)
    clock.now = 60
    assert run(provider()) == "after-rt-1" and provider.token.refresh_token == "rt-2"
    assert provider.expires_at is None and run(provider()) == "after-rt-1"  # no expiry given: kept


def test_an_expired_token_without_a_refresh_token_raises() -> None:
    clock = Clock()
    provider = _oauth.AsyncRefreshingToken(_oauth.OAuthToken(access_token="a", expires_in=10),
                                           lambda token: pytest.fail("nothing to renew with"), clock)
    clock.now = 10
    with pytest.raises(_oauth.OAuthError, match="no refresh token") as caught:
        run(provider())
    assert caught.value.error == "expired_token" and caught.value.status_code is None


# --- the IR and the view -----------------------------------------------------------------------

SCOPES = {"things:read": "read things", "things:write": "write things"}
OAUTH = {"type": "oauth2", "flows": {
    "authorizationCode": {"authorizationUrl": "https://auth.example.test/authorize", "tokenUrl": "/oauth/token",
                          "scopes": SCOPES},
    "clientCredentials": {"tokenUrl": "https://auth.example.test/token", "scopes": {"admin": "everything"}},
    "deviceCode": {"tokenUrl": "https://auth.example.test/device"},
    "password": {"scopes": {}},
}}
OK = {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object"}}}}}


def _spec(*, anonymous: bool) -> dict[str, Any]:
    paths: dict[str, Any] = {"/things": {"get": {"operationId": "list_things", "responses": OK}}}
    if anonymous:
        paths["/health"] = {"get": {"operationId": "health", "responses": OK, "security": []}}
    return openapi(paths, servers=[{"url": "https://api.example.test/v1"}], security=[{"oauth": []}],
                   components={"securitySchemes": {"oauth": OAUTH}})


def test_flows_are_read_with_their_urls_and_unusable_ones_reported(tmp_path: Path) -> None:
    from tests.conftest import read

    api, found = read(tmp_path, _spec(anonymous=False))
    flows = api.auth[0].flows
    assert [(f.kind, f.authorization_url, f.token_url) for f in flows] == [
        ("authorizationCode", "https://auth.example.test/authorize", "/oauth/token"),
        ("clientCredentials", None, "https://auth.example.test/token")]
    assert flows[0].scopes == (("things:read", "read things"), ("things:write", "write things"))
    assert any("'deviceCode' is not supported" in m and "[unsupported-oauth-flow]" in m for m in found)
    assert any("'password' has no tokenUrl" in m for m in found)
    oauth = python_view(api).oauth
    assert oauth is not None
    assert (oauth.code_token_url, oauth.refresh_url) == ("https://api.example.test/oauth/token",) * 2
    assert oauth.client_credentials_url == "https://auth.example.test/token"
    assert [s for s, _ in oauth.scopes] == ["things:read", "things:write", "admin"]


def test_swagger2_flows_take_their_openapi_3_names(tmp_path: Path) -> None:
    swagger = {"swagger": "2.0", "info": {"title": "T", "version": "1"}, "host": "api.example.test",
               "paths": {}, "securityDefinitions": {
                   "code": {"type": "oauth2", "flow": "accessCode", "authorizationUrl": "https://a.test/auth",
                            "tokenUrl": "https://a.test/token", "scopes": {"read": "read"}},
                   "app": {"type": "oauth2", "flow": "application", "tokenUrl": "https://a.test/token"}}}
    api = parse(tmp_path, swagger)
    assert [(s.name, [f.kind for f in s.flows]) for s in api.auth] == [
        ("code", ["authorizationCode"]), ("app", ["clientCredentials"])]


def test_a_credential_is_required_only_when_no_operation_is_anonymous(tmp_path: Path) -> None:
    assert python_view(parse(tmp_path, _spec(anonymous=False))).credential_required
    assert not python_view(parse(tmp_path, _spec(anonymous=True))).credential_required
    optional = _spec(anonymous=False) | {"security": [{"oauth": []}, {}]}
    assert not python_view(parse(tmp_path, optional)).credential_required
    no_oauth = python_view(parse(tmp_path, openapi({"/x": {"get": {"operationId": "x", "responses": OK}}})))
    assert no_oauth.oauth is None and not no_oauth.credential_required


# --- generated packages ----------------------------------------------------------------------


def _generate(folder: Path, spec: dict[str, Any]) -> Path:
    out = folder / "out"
    assert cli.main(["generate", str(write_spec(folder, spec)), "--out", str(out),
                     "--registry", str(ROOT / "specs" / "apis.yaml")]) == 0
    return out


@pytest.fixture(scope="module")
def required(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A package whose every operation needs its OAuth2 token (import name ``spec``)."""
    return _generate(tmp_path_factory.mktemp("auth-required"), _spec(anonymous=False))


@pytest.fixture(scope="module")
def optional(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same API with an anonymous ``health`` operation."""
    return _generate(tmp_path_factory.mktemp("auth-optional"), _spec(anonymous=True))


def _python(folder: Path, code: str, **env: str) -> list[str]:
    environment = {k: v for k, v in os.environ.items() if k != "SPEC_TOKEN"} | env
    done = subprocess.run([sys.executable, "-c", code], cwd=folder, capture_output=True, text=True, timeout=120,
                          env=environment)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.splitlines()


RECORDER = """
import asyncio, httpx, spec
from urllib.parse import parse_qs
seen = []
def answer(request):
    request.read()
    seen.append(request)
    if request.url.path.endswith("/token"):
        if b"code=bad" in request.content:
            return httpx.Response(400, json={"error": "invalid_grant", "error_description": "code used"})
        return httpx.Response(200, json={"access_token": "at", "token_type": "bearer", "expires_in": 60,
                                         "refresh_token": "rt"})
    return httpx.Response(200, json={})
http = httpx.Client(transport=httpx.MockTransport(answer))
"""


def test_a_required_credential_is_asked_for_at_construction(required: Path) -> None:
    out = _python(required, RECORDER + """
print(spec.Client(http_client=http).things.list_things(), seen[-1].headers["authorization"])
""", SPEC_TOKEN="from-env")
    assert out == ["{} Bearer from-env"]
    out = _python(required, RECORDER + """
try:
    spec.Client(http_client=http)
except spec.MissingCredentialError as error:
    print(error)
""")
    assert out == ["spec: no credential: pass token=... or set SPEC_TOKEN"]


def test_an_optional_credential_is_asked_for_by_the_call_that_needs_it(optional: Path) -> None:
    out = _python(optional, RECORDER + """
client = spec.Client(http_client=http)
print(client.health.get(), len(seen), "authorization" in seen[-1].headers)
try:
    client.things.list_things()
except spec.MissingCredentialError as error:
    print(error, len(seen))
""")
    assert out == ["{} 1 False", "spec: no credential: pass token=... or set SPEC_TOKEN 1"]


def test_the_oauth_module_runs_each_grant_against_the_token_endpoint(required: Path) -> None:
    out = _python(required, RECORDER + """
from spec import oauth
print(oauth.authorize_url("id", "https://app/cb", ["things:read", "admin"], state="xyz"))
token = oauth.exchange_code("c1", "id", "sec", "https://app/cb", http_client=http)
print(token.access_token, seen[-1].url, sorted(parse_qs(seen[-1].content.decode()).items()))
oauth.refresh("rt", "id", "sec", client_auth="basic", http_client=http)
print(seen[-1].headers["authorization"], sorted(parse_qs(seen[-1].content.decode()).items()))
oauth.fetch_token("id", "sec", scopes=["admin"], http_client=http)
print(seen[-1].url, sorted(parse_qs(seen[-1].content.decode()).items()))
try:
    oauth.exchange_code("bad", "id", "sec", "https://app/cb", http_client=http)
except oauth.OAuthError as error:
    print(error.error, error.error_description, error.status_code)
async def main():
    async with httpx.AsyncClient(transport=httpx.MockTransport(answer)) as ahttp:
        token = await oauth.aexchange_code("c2", "id", None, "https://app/cb", http_client=ahttp)
        provider = oauth.async_refreshing_token(token, "id", None, http_client=ahttp)
        client = spec.AsyncClient(token=provider, http_client=ahttp)
        await client.things.list_things()
        print(seen[-1].headers["authorization"])
asyncio.run(main())
""")
    assert out[0] == ("https://auth.example.test/authorize?response_type=code&client_id=id&"
                      "redirect_uri=https%3A%2F%2Fapp%2Fcb&scope=things%3Aread+admin&state=xyz")
    assert out[1] == ("at https://api.example.test/oauth/token [('client_id', ['id']), ('client_secret', ['sec']), "
                      "('code', ['c1']), ('grant_type', ['authorization_code']), ('redirect_uri', ['https://app/cb'])]")
    assert out[2] == "Basic aWQ6c2Vj [('grant_type', ['refresh_token']), ('refresh_token', ['rt'])]"
    assert out[3] == ("https://auth.example.test/token [('client_id', ['id']), ('client_secret', ['sec']), "
                      "('grant_type', ['client_credentials']), ('scope', ['admin'])]")
    assert out[4] == "invalid_grant code used 400"
    assert out[5] == "Bearer at"


USER_SCRIPT = """
import asyncio
import spec
from spec import oauth

def token() -> str:
    return "t"

async def atoken() -> str:
    return "t"

url: str = oauth.authorize_url("id", "https://app/cb", ["things:read"], state="s")
client = spec.Client(token=token)
aclient = spec.AsyncClient(token=atoken)
refreshing = spec.Client(token=oauth.refreshing_token(oauth.OAuthToken(access_token="a"), "id", "secret"))
"""


def test_the_package_and_a_script_using_providers_and_scopes_pass_mypy_strict(required: Path) -> None:
    (required / "user_script.py").write_text(USER_SCRIPT, encoding="utf-8")
    (required / "wrong_scope.py").write_text(
        "from spec import oauth\noauth.authorize_url('id', 'https://app/cb', ['things:delete'])\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", "spec", "tests",
                           "user_script.py"], cwd=required, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:]
    wrong = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", "wrong_scope.py"],
                           cwd=required, capture_output=True, text=True, timeout=600)
    assert wrong.returncode == 1 and "things:delete" in wrong.stdout and "[list-item]" in wrong.stdout, wrong.stdout


def test_the_generated_tests_pass(optional: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"], cwd=optional,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:]


def test_webflow_asks_for_its_token_and_offers_its_oauth_flow() -> None:
    folder = ROOT / "generated" / "webflow"
    code = """
import webflow
from webflow import oauth
try:
    webflow.Client()
except webflow.MissingCredentialError as error:
    print(error)
print(oauth.authorize_url("id", "https://app/cb", ["cms:read", "sites:write"]))
print(oauth.TOKEN_URL, len(oauth.Scope.__args__))
"""
    environment = {k: v for k, v in os.environ.items() if k != "WEBFLOW_TOKEN"}
    done = subprocess.run([sys.executable, "-c", code], cwd=folder, capture_output=True, text=True, timeout=120,
                          env=environment)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.splitlines() == [
        "webflow: no credential: pass token=... or set WEBFLOW_TOKEN",
        "https://webflow.com/oauth/authorize?response_type=code&client_id=id&redirect_uri=https%3A%2F%2Fapp%2Fcb"
        "&scope=cms%3Aread+sites%3Awrite",
        "https://api.webflow.com/oauth/token 20"]


def test_flows_of_several_schemes_each_get_their_helper(tmp_path: Path) -> None:
    user = {"type": "oauth2", "flows": {"authorizationCode": {
        "authorizationUrl": "https://a.test/authorize", "tokenUrl": "https://a.test/token", "scopes": {"me": "me"}}}}
    app = {"type": "oauth2", "flows": {"clientCredentials": {"tokenUrl": "https://a.test/app-token", "scopes": {}}}}
    spec = openapi({"/x": {"get": {"operationId": "x", "responses": OK}}}, security=[{"user": []}, {"app": []}],
                   components={"securitySchemes": {"user": user, "app": app}})
    oauth = python_view(parse(tmp_path, spec)).oauth
    assert oauth is not None and oauth.schemes == ("user", "app")
    assert (oauth.authorization_url, oauth.code_token_url, oauth.client_credentials_url) == (
        "https://a.test/authorize", "https://a.test/token", "https://a.test/app-token")
