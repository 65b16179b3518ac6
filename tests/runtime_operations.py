"""What running a client in production needs of the runtime: its User-Agent, its logger
(credentials redacted), options per client and per call (``with_settings``, timeouts,
``extra_query``, ``extra_body``) and idempotency keys that make POST retries safe.
Gathered by tests/test_runtime.py."""

from __future__ import annotations

import json
import logging
import sys
from typing import Any

import httpx
import pytest

from generator.targets.python.runtime import _base, _logs, _request, errors
from tests.runtime_support import (
    BASE, KEY, QUERY_KEY, SECRETS, TOKEN, FakeClock, Server, async_http, make_settings, run, spec, sync_http,
)

ALL = (("bearer", "key", "query_key", "cookie_key"),)


def test_user_agent_names_the_package_apigen_and_python() -> None:
    agent = _base.user_agent("webflow", "1.2.3", "0.1.0")
    assert agent == f"webflow/1.2.3 (apigen 0.1.0; python {sys.version_info.major}.{sys.version_info.minor})"
    server = Server()
    sync_http(server, make_settings(headers={"User-Agent": agent})).request(spec(), Any)
    assert server.last.headers["user-agent"] == agent


def test_the_logger_records_attempts_retries_and_waits_without_credentials(
        caplog: pytest.LogCaptureFixture, clock: FakeClock) -> None:
    caplog.set_level(logging.DEBUG, logger=_logs.logger.name)
    server = Server(httpx.Response(503), httpx.ConnectError("refused"), httpx.Response(200, json={}))
    settings = make_settings(default_security=ALL, base_url="https://user:pw-SECRET@api.example.test/v2")
    sync_http(server, settings).request(spec(query=[("q", "v", True)]), Any)
    text = caplog.text
    assert "request: GET https://%5BREDACTED%5D@api.example.test/v2/things?q=v&api_key=%5BREDACTED%5D (attempt 1 of 3)" in text
    assert "-> 503 Service Unavailable in" in text and "-> ConnectError: refused in" in text
    assert f"retrying GET https://%5BREDACTED%5D@api.example.test/v2/things?q=v&api_key=%5BREDACTED%5D in " \
           f"{clock.sleeps[0]:.2f} s after 503 Service Unavailable (attempt 2 of 3)" in text
    assert "'authorization': '[REDACTED]'" in text and "'x-api-key': '[REDACTED]'" in text
    assert not [secret for secret in (*SECRETS, "pw-SECRET") if secret in text], text
    caplog.clear()
    with pytest.raises(errors.InternalServerError):
        sync_http(Server(httpx.Response(500)), make_settings(max_retries=0)).request(spec(), Any)
    assert "GET https://api.example.test/v2/things: gave up after 1 attempt(s): max_retries=0 used up" in caplog.text


def test_the_logger_is_silent_until_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    for handler in [h for h in _logs.logger.handlers if getattr(h, "_apigen", False)]:
        _logs.logger.removeHandler(handler)
    level = _logs.logger.level
    try:
        monkeypatch.setenv("MY_API_LOG", "nonsense")
        _logs.configure("MY_API_LOG")
        assert not _logs.logger.handlers
        monkeypatch.setenv("MY_API_LOG", " Debug ")
        _logs.configure("MY_API_LOG")
        _logs.configure("MY_API_LOG")  # once only
        assert len(_logs.logger.handlers) == 1 and _logs.logger.level == logging.DEBUG
    finally:
        for handler in list(_logs.logger.handlers):
            _logs.logger.removeHandler(handler)
        _logs.logger.setLevel(level)


def test_safe_headers_show_only_what_cannot_authorise() -> None:
    assert _logs.safe_headers({"Accept": "a", "Authorization": "b", "X-Key": "c"}) == {
        "Accept": "a", "Authorization": "[REDACTED]", "X-Key": "[REDACTED]"}


def test_with_settings_shares_the_pool_but_not_its_ownership() -> None:
    server = Server()
    own = _base.SyncHTTP(make_settings(), httpx.Client(transport=httpx.MockTransport(server)))
    own._owns_client = True
    copy = own.with_settings(make_settings(max_retries=7))
    assert copy._client is own._client and copy.settings.max_retries == 7
    copy.close()
    assert not own._client.is_closed
    own.close()
    assert own._client.is_closed

    async def go() -> None:
        http = async_http(server)
        other = http.with_settings(make_settings(timeout=None))
        await other.close()
        assert not other._client.is_closed and other.settings.timeout is None

    run(go())


def test_client_timeout_respects_an_injected_http_client() -> None:
    injected = httpx.Client(timeout=5.0)
    assert _base.client_timeout(_base.NOT_GIVEN, injected) == httpx.Timeout(5.0)
    assert _base.client_timeout(_base.NOT_GIVEN, None) == _base.DEFAULT_TIMEOUT
    assert _base.client_timeout(None, injected) is None
    assert _base.client_timeout(2.5, injected) == 2.5


def test_a_timeout_of_none_means_no_timeout_at_all() -> None:
    server = Server()
    sync_http(server, make_settings(timeout=None)).request(spec(), Any)
    assert server.last.extensions["timeout"] == httpx.Timeout(None).as_dict()
    sync_http(server).request(spec(timeout=None), Any)  # per call, over the client's 30 s
    assert server.last.extensions["timeout"] == httpx.Timeout(None).as_dict()
    sync_http(server, make_settings(timeout=None)).request(spec(timeout=3.0), Any)
    assert server.last.extensions["timeout"]["read"] == 3.0


def test_extra_query_and_extra_body() -> None:
    server = Server()
    http = sync_http(server)
    http.request(spec("POST", query=[("a", 1, True)], json={"a": 1, "keep": True},
                      extra_query={"beta": True, "ids": [1, 2]}, extra_body={"a": 2, "new": [1]}), Any)
    assert str(server.last.url) == f"{BASE}/things?a=1&beta=true&ids=1&ids=2"
    assert json.loads(server.last.content) == {"a": 2, "keep": True, "new": [1]}
    http.request(spec("POST", extra_body={"only": "extra"}), Any)
    assert json.loads(server.last.content) == {"only": "extra"}
    http.request(spec("POST", form={"f": 1}, extra_body={"g": [1, 2]}), Any)
    assert server.last.content == b"f=1&g=1&g=2"
    http.request(spec("POST", files={"file": b"x"}, form={"f": 1}, extra_body={"g": "2"}), Any)
    assert b'name="g"\r\n\r\n2' in server.last.content
    with pytest.raises(ValueError, match="extra_body adds fields to an object body"):
        http.request(spec("POST", json=[1, 2], extra_body={"x": 1}), Any)


def test_an_idempotency_key_is_made_once_per_call_and_kept_by_its_retries(clock: FakeClock) -> None:
    server = Server(httpx.Response(500), httpx.Response(503), httpx.Response(201, json={}))
    http = sync_http(server)
    http.request(spec("POST", json={}, idempotency_header="Idempotency-Key"), Any)
    keys = [r.headers["idempotency-key"] for r in server.requests]
    assert len(server.requests) == 3 and len(set(keys)) == 1 and len(keys[0]) == 36  # POST retried on 5xx
    http.request(spec("POST", json={}, idempotency_header="Idempotency-Key"), Any)
    assert server.last.headers["idempotency-key"] != keys[0]  # a new call, a new key
    http.request(spec("POST", headers={"Idempotency-Key": "mine"}, idempotency_header="Idempotency-Key"), Any)
    assert server.last.headers["idempotency-key"] == "mine"
    server = Server(httpx.Response(503), httpx.Response(200, json={}))
    sync_http(server).request(spec("POST", idempotency_header="X-Idempotency-Key"), Any)
    assert len(server.requests) == 2 and server.requests[0].headers["x-idempotency-key"]


def test_accept_header_and_relative_links() -> None:
    server = Server()
    settings = make_settings(default_security=ALL)
    sync_http(server, settings).request(spec(accept="text/event-stream", url="/v2/next?page=2&api_key=copied"), Any)
    sent = server.last
    assert sent.headers["accept"] == "text/event-stream" and str(sent.url).startswith(f"{BASE}/next?page=2")
    assert sent.url.params.get_list("api_key") == [QUERY_KEY]
    assert sent.headers["authorization"] == f"Bearer {TOKEN}" and sent.headers["x-api-key"] == KEY


def test_settings_list_the_query_parameters_that_are_secret() -> None:
    assert make_settings().secret_params == ("api_key",)
    assert _request.call_timeout(make_settings(timeout=4.0), spec()) == 4.0


def test_with_options_changes_only_what_is_given() -> None:
    settings = make_settings(headers={"X-Client": "c"})
    same = _request.with_options(settings)
    assert (same.base_url, same.timeout, same.max_retries, same.headers) == (BASE, 30.0, 2, {"X-Client": "c"})
    other = _request.with_options(settings, base_url="https://other.test", timeout=None, max_retries=0,
                                  headers={"X-More": "m"})
    assert (other.base_url, other.timeout, other.max_retries) == ("https://other.test", None, 0)
    assert other.headers == {"X-Client": "c", "X-More": "m"}
