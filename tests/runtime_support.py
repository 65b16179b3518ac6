"""What the runtime's tests share (tests/test_runtime.py gathers them): credentials, a
recording mock server, a fake clock the runtime's deadlines and sleeps read, and a real
HTTP server on 127.0.0.1 for what only sockets show (streamed bodies, server-sent events)."""

from __future__ import annotations

import asyncio
import http.server
import threading
import types
from typing import Any, Callable, Dict, List, Optional

import httpx
import pytest

from generator.targets.python.runtime import _base, _http, _retry

BASE = "https://api.example.test/v2"
TOKEN = "tok-SECRET-1"
KEY = "key-SECRET-2"
QUERY_KEY = "qkey-SECRET-3"
COOKIE_KEY = "ckey-SECRET-4"
SECRETS = (TOKEN, KEY, QUERY_KEY, COOKIE_KEY)

Credential = _base.Credential
CREDENTIALS = (
    Credential("bearer", "bearer", "header", "Authorization", TOKEN),
    Credential("key", "api_key", "header", "X-API-Key", KEY),
    Credential("query_key", "api_key", "query", "api_key", QUERY_KEY),
    Credential("cookie_key", "api_key", "cookie", "sid", COOKIE_KEY),
    Credential("basic", "basic", "header", "Authorization", ("user", "pass")),
    Credential("unset", "api_key", "header", "X-Unset", None, "x_unset", "EXAMPLE_X_UNSET"),
)


def make_settings(**overrides: Any) -> _base.Settings:
    values: Dict[str, Any] = dict(base_url=BASE, headers={"X-Client": "c"}, credentials=CREDENTIALS,
                                  default_security=(("bearer",),), timeout=30.0, max_retries=2)
    values.update(overrides)
    return _base.Settings(**values)


class Server:
    """A mock transport's handler: records requests, answers from a queue (the last answer repeats)."""

    def __init__(self, *answers: Any) -> None:
        self.answers: List[Any] = list(answers) or [httpx.Response(200, json={})]
        self.requests: List[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, Exception):
            raise answer
        if callable(answer):
            result: httpx.Response = answer(request)
            return result
        assert isinstance(answer, httpx.Response)
        return httpx.Response(answer.status_code, headers=answer.headers, content=answer.content)

    @property
    def last(self) -> httpx.Request:
        return self.requests[-1]


def sync_http(server: Server, settings: Optional[_base.Settings] = None, **client: Any) -> _base.SyncHTTP:
    return _base.SyncHTTP(settings or make_settings(), httpx.Client(transport=httpx.MockTransport(server), **client))


def async_http(server: Server, settings: Optional[_base.Settings] = None, **client: Any) -> _base.AsyncHTTP:
    return _base.AsyncHTTP(settings or make_settings(),
                           httpx.AsyncClient(transport=httpx.MockTransport(server), **client))


def spec(method: str = "GET", path: str = "/things", **fields: Any) -> _base.RequestSpec:
    return _base.RequestSpec(method=method, path=path, **fields)


class FakeClock:
    """The runtime's clock and sleeps: sleeping advances the clock, nothing waits."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: List[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    async def async_sleep(self, seconds: float) -> None:
        self.sleep(seconds)


REAL_NOW = _retry.now


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    fake = FakeClock()
    monkeypatch.setattr(_retry, "now", fake)
    monkeypatch.setattr(_http, "time", types.SimpleNamespace(sleep=fake.sleep))
    monkeypatch.setattr(_http, "asyncio", types.SimpleNamespace(sleep=fake.async_sleep))
    return fake


def run(coroutine: Any) -> Any:
    return asyncio.run(coroutine)


# --- a loopback server, for what only real sockets show ----------------------------------------


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    respond: Callable[[Handler], None]
    owner: LoopbackServer

    def log_message(self, *args: Any) -> None:
        pass

    def answer(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        self.owner.hits += 1
        try:
            type(self).respond(self)
        except OSError:
            pass  # the client gave up and closed its end

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        self.owner.bodies.append(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
        self.do_GET()


class _Quiet(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass


class LoopbackServer:
    """A server on 127.0.0.1 answering GETs and POSTs with ``respond(handler)``."""

    def __init__(self, respond: Callable[[Handler], None]) -> None:
        self.hits = 0
        self.bodies: List[bytes] = []  # of the POSTs
        handler = type("BoundHandler", (Handler,), {"respond": staticmethod(respond), "owner": self})
        self.httpd = _Quiet(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __enter__(self) -> LoopbackServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)
