"""The runtime every generated Python client carries (generator/targets/python/runtime/),
tested here once, directly, against ``httpx.MockTransport`` (and a loopback server where
only real sockets show the behaviour).

The first part covers each function: encoding, credentials, retries, errors, envelopes,
pagination, sync and async. The second part ("Safe by construction") holds one test per
hardening case, named by what it protects; each failed on the runtime before the case was
fixed. No test sleeps: ``time.sleep``/``asyncio.sleep`` in the runtime advance a fake clock
that the runtime's deadlines read.
"""

from __future__ import annotations

import asyncio
import datetime
import email.utils
import enum
import http.cookies
import http.server
import importlib
import json
import logging
import random
import sys
import threading
import time
import types
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional

import httpx
import pydantic
import pytest

from generator.cli import main
from generator.targets.python.runtime import _base, errors
from generator.targets.python.runtime import _encoding, _response, _retry, _security
from tests.conftest import ROOT, openapi, read, write_spec
from tests.runtime_support import (  # noqa: F401 - clock is an autouse fixture
    BASE, COOKIE_KEY, CREDENTIALS, KEY, QUERY_KEY, REAL_NOW, SECRETS, TOKEN, Credential, FakeClock, Handler,
    LoopbackServer, Server, async_http, clock, make_settings, run, spec, sync_http,
)

# --- encoding ---------------------------------------------------------------------------------


class Color(enum.Enum):
    RED = "red"


class Thing(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(populate_by_name=True)
    the_name: str = pydantic.Field(alias="theName")
    size: Optional[int] = None


def test_not_given_is_falsy_and_named() -> None:
    assert not _base.NOT_GIVEN and repr(_base.NOT_GIVEN) == "NOT_GIVEN"
    assert isinstance(_base.NOT_GIVEN, _base.NotGiven)


def test_to_jsonable_models_enums_dates_and_containers() -> None:
    when = datetime.datetime(2024, 5, 6, 7, 8, 9)
    value = {"m": Thing(theName="x"), "e": Color.RED, "d": when, "day": when.date(), "t": (1, [Color.RED]),
             "gone": _base.NOT_GIVEN, 3: None}
    assert _base.to_jsonable(value) == {"m": {"theName": "x"}, "e": "red", "d": "2024-05-06T07:08:09",
                                        "day": "2024-05-06", "t": [1, ["red"]], "3": None}


def test_given_and_present_drop_left_out_arguments() -> None:
    assert _base.given({"a": 1, "b": None, "c": _base.NOT_GIVEN}) == {"a": 1, "b": None}
    assert _encoding.present({"a": 1, "b": None, "c": _base.NOT_GIVEN}) == {"a": 1}


def test_scalar_and_simple_text() -> None:
    assert [_base.scalar_text(v) for v in (True, False, 3, "x", Color.RED)] == ["true", "false", "3", "x", "red"]
    assert _base.scalar_text({"a": [1, 2]}) == '{"a":[1,2]}'
    assert _base.simple_text(["a b", 1, True]) == "a b,1,true"
    assert _base.simple_text({"k": "v", "n": 2}) == "k,v,n,2"
    assert _base.simple_text(["a/b", "c d"], encode=True) == "a%2Fb,c%20d"
    assert _base.simple_text("x?y", encode=True) == "x%3Fy"


def test_encode_query_styles() -> None:
    items = [("a", None, True), ("b", _base.NOT_GIVEN, True), ("c", [1, 2], True), ("d", ["x", "y"], False),
             ("e", {"k": "v", "n": True}, True), ("f", Color.RED, True), ("g", 0, True)]
    assert _base.encode_query(items) == [("c", "1"), ("c", "2"), ("d", "x,y"), ("e[k]", "v"), ("e[n]", "true"),
                                         ("f", "red"), ("g", "0")]


def test_format_path_encodes_values_and_template() -> None:
    assert _base.format_path("/a b/{id}", {}) == "/a%20b/%7Bid%7D"
    assert _base.format_path("/users/@me/{id}", {"id": "x/y z?#%"}) == "/users/@me/x%2Fy%20z%3F%23%25"
    assert _base.format_path("/t/{k}/{n}", {"k": ["a", "b"], "n": 3}) == "/t/a,b/3"
    assert _base.format_path("/files/{name}.json", {"name": "."}) == "/files/..json"  # not a segment of its own
    assert _base.format_path("/a/../{x}", {"x": "y"}) == "/a/../y"  # the spec's own text is left alone


def test_check_headers_accepts_tokens_and_tabs() -> None:
    _encoding.check_headers({"X-Ok_1": "a\tb c", "Accept": "*/*"})
    with pytest.raises(ValueError, match="header name"):
        _encoding.check_headers({"X Bad": "v"})
    with pytest.raises(ValueError, match="control character"):
        _encoding.check_headers({"X-Nul": "a\x00b"})


def test_cookie_header_encodes_values_and_refuses_bad_names() -> None:
    header = _encoding.cookie_header({"a": "plain-text_1.2", "b": 'x y"z,\\%é', "c": "=&/:"})
    assert header == "a=plain-text_1.2; b=x%20y%22z%2C%5C%25%C3%A9; c=%3D&/:".replace("%3D", "=")
    with pytest.raises(ValueError, match="cookie name"):
        _encoding.cookie_header({"a b": "v"})


def test_multipart_and_form_values() -> None:
    parts = _encoding.multipart({"file": b"data", "skip": None}, {"n": 1, "l": [1, True], "gone": _base.NOT_GIVEN})
    assert parts == [("file", b"data"), ("n", (None, "1")), ("l", (None, "1")), ("l", (None, "true"))]
    assert _encoding.form_value([1, "a"]) == ["1", "a"]
    assert _encoding.form_value({"x": 1}) == '{"x":1}'


def test_file_parts_read_paths_keep_io_and_refuse_str(tmp_path: Path) -> None:
    path = tmp_path / "hello.txt"
    path.write_bytes(b"hello file")
    assert _encoding.file_part("file", path) == ("hello.txt", b"hello file")
    assert _encoding.file_part("file", ("other.txt", path, "text/plain")) == ("other.txt", b"hello file", "text/plain")
    with path.open("rb") as handle:
        assert _encoding.file_part("file", handle) is handle
    with pytest.raises(TypeError, match=r"file argument 'file': got a str; pass pathlib.Path"):
        _encoding.file_part("file", str(path))
    with pytest.raises(TypeError, match="got a str"):
        _encoding.file_part("file", ("name.txt", "text"))
    with pytest.raises(TypeError, match="expected bytes, a binary file object or a path, got int"):
        _encoding.file_part("file", 3)
    with pytest.raises(TypeError, match=r"a tuple must be \(file_name, content\[, content_type\]\)"):
        _encoding.file_part("file", ("a", b"b", "c", "d"))
    assert _encoding.file_part("file", bytearray(b"ab")) == b"ab"


def _upload(path: Path) -> _base.RequestSpec:
    return spec("POST", files={"file": path}, content_type="multipart/form-data")


def test_path_and_io_uploads_send_file_bytes_and_name_sync_and_async(tmp_path: Path) -> None:
    path = tmp_path / "report.csv"
    path.write_bytes(b"a,b\n1,2\n")
    server = Server()
    sync_http(server).request(_upload(path), None)
    assert b'name="file"; filename="report.csv"' in server.last.content and b"a,b\n1,2\n" in server.last.content
    run(async_http(server).request(_upload(path), None))
    assert b'filename="report.csv"' in server.last.content and b"a,b\n1,2\n" in server.last.content
    with path.open("rb") as handle:
        sync_http(server).request(spec("POST", files={"file": ("r.csv", handle)}, content_type="multipart/form-data"),
                                  None)
    assert b'filename="r.csv"' in server.last.content and b"1,2" in server.last.content
    for send in (lambda s: sync_http(server).request(s, None), lambda s: run(async_http(server).request(s, None))):
        with pytest.raises(TypeError, match="got a str"):
            send(spec("POST", files={"file": str(path)}, content_type="multipart/form-data"))


# --- requests: what is sent -------------------------------------------------------------------


def test_request_carries_path_query_headers_cookies_and_json() -> None:
    server = Server()
    http = sync_http(server)
    http.request(spec("POST", "/things/1", query=[("q", ["a", "b"], True)], headers={"X-List": [1, 2], "X-None": None},
                      cookies={"pref": "dark", "none": None}, json={"a": Thing(theName="n")},
                      extra_headers={"X-Client": "override"}), Any)
    sent = server.last
    assert str(sent.url) == f"{BASE}/things/1?q=a&q=b"
    assert sent.headers["x-list"] == "1,2" and "x-none" not in sent.headers
    assert sent.headers["x-client"] == "override"
    assert sent.headers["authorization"] == f"Bearer {TOKEN}"
    assert sent.headers["cookie"] == "pref=dark"
    assert json.loads(sent.content) == {"a": {"theName": "n"}}


def test_request_bodies_form_multipart_and_content() -> None:
    server = Server()
    http = sync_http(server)
    http.request(spec("POST", form={"a": [1, 2], "b": None, "c": {"x": 1}}), None)
    assert server.last.content == b"a=1&a=2&c=%7B%22x%22%3A1%7D"
    http.request(spec("POST", files={"f": ("f.txt", b"hello", "text/plain")}, form={"n": 1},
                      content_type="multipart/form-data"), None)
    assert server.last.headers["content-type"].startswith("multipart/form-data; boundary=")
    assert b'name="n"\r\n\r\n1' in server.last.content and b"hello" in server.last.content
    http.request(spec("PUT", content=b"raw", content_type="application/octet-stream"), None)
    assert server.last.content == b"raw" and server.last.headers["content-type"] == "application/octet-stream"


@pytest.mark.parametrize(("security", "expect"), [
    ((("bearer",),), {"authorization": f"Bearer {TOKEN}"}),
    ((("key",),), {"x-api-key": KEY}),
    ((("query_key",),), {"query": QUERY_KEY}),
    ((("cookie_key",),), {"cookie": f"sid={COOKIE_KEY}"}),
    ((("basic",),), {"authorization": "Basic dXNlcjpwYXNz"}),
    ((("unset",), ("key", "query_key")), {"x-api-key": KEY, "query": QUERY_KEY}),  # first requirement met in full
    ((), {}),  # anonymous: nothing sent (a requirement nobody can meet raises: tests/test_auth.py)
])
def test_credentials_are_sent_as_each_scheme_says(security: Any, expect: Dict[str, str]) -> None:
    server = Server()
    sync_http(server).request(spec(security=security), Any)
    sent = server.last
    for name in ("authorization", "x-api-key", "cookie"):
        assert sent.headers.get(name) == expect.get(name), name
    assert sent.url.params.get("api_key") == expect.get("query")


def test_operation_security_none_means_client_default() -> None:
    server = Server()
    sync_http(server, make_settings(default_security=(("key",),))).request(spec(security=None), Any)
    assert server.last.headers["x-api-key"] == KEY


def test_query_credentials_and_url_passwords_are_hidden_in_httpx_logs(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="httpx")
    server = Server()
    settings = make_settings(base_url="https://user:pw-SECRET@api.example.test/v2",
                             default_security=(("query_key",),))
    sync_http(server, settings).request(spec(), Any)
    logging.getLogger("httpx").info("plain %s %s", "text", 1)
    logging.getLogger("httpx").info("no args")
    logging.getLogger("httpx").info("by name %(url)s", {"url": "x"})
    logging.getLogger("httpx").info("bare %s", httpx.URL(f"https://api.example.test/?api_key={QUERY_KEY}"))
    assert "HTTP Request" in caplog.text and "api_key=%5BREDACTED%5D" in caplog.text
    assert QUERY_KEY not in caplog.text and "pw-SECRET" not in caplog.text
    assert server.last.url.params["api_key"] == QUERY_KEY  # only the log is redacted


def test_origin_and_redaction_helpers() -> None:
    assert _security.origin(httpx.URL("https://a.test/x")) == ("https", "a.test", 443)
    assert _security.origin(httpx.URL("http://a.test:8080/")) == ("http", "a.test", 8080)
    assert _security.redact_url("https://a.test/x") == "https://a.test/x"
    assert _security.redact_url("https://u:p@a.test/x") == "https://[REDACTED]@a.test/x"
    assert _security.redact_url("http://[::1") == "[REDACTED]"
    assert _security.redact_headers({"A": "1"}) == {"A": "[REDACTED]"}
    assert "value" not in repr(CREDENTIALS[0]) and TOKEN not in repr(CREDENTIALS[0])


# --- retries ----------------------------------------------------------------------------------


def request_for(method: str, **headers: str) -> httpx.Request:
    return httpx.Request(method, BASE, headers=headers)


@pytest.mark.parametrize(("method", "status", "retried"), [
    ("GET", 500, True), ("GET", 503, True), ("PUT", 502, True), ("DELETE", 504, True), ("GET", 409, True),
    ("GET", 524, True), ("GET", 501, False), ("GET", 404, False), ("GET", 200, False),
    ("POST", 500, False), ("PATCH", 503, False), ("POST", 408, True), ("POST", 429, True), ("PATCH", 429, True),
])
def test_should_retry_by_status_and_method(method: str, status: int, retried: bool) -> None:
    assert _retry.should_retry(request_for(method), httpx.Response(status), None) is retried


def test_should_retry_errors_and_idempotency_keys() -> None:
    get, post = request_for("GET"), request_for("POST")
    keyed = request_for("POST", **{"Idempotency-Key": "k"})
    connect = httpx.ConnectError("refused")
    read = httpx.ReadTimeout("slow")
    assert _retry.should_retry(post, None, connect)  # never reached the server
    assert _retry.should_retry(post, None, httpx.PoolTimeout("busy"))
    assert _retry.should_retry(get, None, read) and not _retry.should_retry(post, None, read)
    assert _retry.should_retry(keyed, None, read) and _retry.should_retry(keyed, httpx.Response(500), None)
    assert not _retry.should_retry(get, None, httpx.LocalProtocolError("bad header"))
    assert not _retry.should_retry(get, None, None)


def test_parse_seconds_is_strict() -> None:
    assert _retry.parse_seconds("7") == 7.0 and _retry.parse_seconds(" 1.5\t") == 1.5
    for text in ["", "-5", "+5", "1e3", "nan", "inf", "1_0", "\u00b2", "\u0663", "0x10", "1.", ".5", "1 2"]:
        assert _retry.parse_seconds(text) is None, text


def answer(status: int = 429, **headers: Any) -> httpx.Response:
    return httpx.Response(status, headers={k.replace("_", "-"): v for k, v in headers.items()})


def test_server_wait_reads_retry_after_and_reset_headers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(time, "time", lambda: 2_000_000_000.0)
    assert _retry.server_wait(None) is None
    assert _retry.server_wait(answer()) is None
    assert _retry.server_wait(answer(retry_after="7")) == 7.0
    in_ten = email.utils.formatdate(2_000_000_010, usegmt=True)
    assert _retry.server_wait(answer(retry_after=in_ten)) == pytest.approx(10.0)
    past = email.utils.formatdate(1_000_000_000, usegmt=True)
    assert _retry.server_wait(answer(retry_after=past)) == 0.0
    assert _retry.server_wait(answer(x_ratelimit_reset="3")) == 3.0
    assert _retry.server_wait(answer(ratelimit_reset="2000000005")) == pytest.approx(5.0)  # an epoch time
    assert _retry.server_wait(answer(x_rate_limit_reset="1999999999")) == 0.0
    # A malformed Retry-After is no answer: the reset header (or backoff) decides.
    assert _retry.server_wait(answer(retry_after="soon", x_ratelimit_reset="4")) == 4.0
    assert _retry.server_wait(answer(retry_after="-1", x_ratelimit_reset="nan")) is None


def test_retry_delay_backoff_jitter_bounds_and_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    for attempt in range(8):
        backoff = min(_base.MAX_RETRY_DELAY, _base.INITIAL_RETRY_DELAY * 2.0**attempt)
        monkeypatch.setattr(random, "random", lambda: 0.0)
        assert _base.retry_delay(attempt, None) == backoff / 2
        monkeypatch.setattr(random, "random", lambda: 0.999999)
        assert backoff * 0.99 < _base.retry_delay(attempt, httpx.Response(503)) <= backoff  # type: ignore[operator]
    assert _base.retry_delay(0, answer(retry_after="60")) == 60.0
    assert _base.retry_delay(0, answer(retry_after="61")) is None  # longer than MAX_SERVER_WAIT


def test_deadline() -> None:
    assert _retry.Deadline.start(None).remaining() is None
    assert _retry.Deadline.start(httpx.Timeout(1.0)).allows(1e9)
    deadline = _retry.Deadline.start(2)
    assert deadline.remaining() == 2.0 and deadline.allows(1.9) and not deadline.allows(2.0)
    deadline.check(request_for("GET"))  # not passed yet
    passed = _retry.Deadline(at=_retry.now() - 1, seconds=3)
    assert passed.remaining() == 0.0
    with pytest.raises(httpx.ReadTimeout, match="3 s timeout"):
        passed.check(request_for("GET"))


def test_retries_until_success(clock: FakeClock) -> None:
    server = Server(httpx.Response(503), httpx.Response(502), httpx.Response(200, json={"ok": 1}))
    assert sync_http(server).request(spec(), Any) == {"ok": 1}
    assert len(server.requests) == 3 and len(clock.sleeps) == 2


def test_max_retries_from_client_and_call(clock: FakeClock) -> None:
    server = Server(httpx.Response(500))
    with pytest.raises(errors.InternalServerError, match=r"max_retries=2 used up"):
        sync_http(server).request(spec(), Any)
    assert len(server.requests) == 3
    server = Server(httpx.Response(500))
    with pytest.raises(errors.InternalServerError, match=r"max_retries=5 used up"):
        sync_http(server).request(spec(max_retries=5), Any)
    assert len(server.requests) == 6
    server = Server(httpx.Response(500))
    with pytest.raises(errors.InternalServerError):
        sync_http(server, make_settings(max_retries=0)).request(spec(), Any)
    assert len(server.requests) == 1


def test_post_is_not_retried_after_a_server_error(clock: FakeClock) -> None:
    server = Server(httpx.Response(503, json={"message": "busy"}))
    with pytest.raises(errors.InternalServerError) as caught:
        sync_http(server).request(spec("POST"), Any)
    assert len(server.requests) == 1 and clock.sleeps == []
    assert str(caught.value) == "503 Service Unavailable: busy"  # no retry note: retrying was never allowed


def test_rate_limits_wait_as_the_server_asks(clock: FakeClock) -> None:
    server = Server(answer(retry_after="3"), answer(x_ratelimit_reset="2"), httpx.Response(201))
    assert sync_http(server).request(spec("POST"), None) is None
    assert clock.sleeps == [3.0, 2.0]


def test_a_server_wait_too_long_is_not_waited_for(clock: FakeClock) -> None:
    server = Server(answer(retry_after="3600"))
    with pytest.raises(errors.RateLimitError, match="longer than 60 s"):
        sync_http(server, make_settings(timeout=httpx.Timeout(None))).request(spec(), Any)
    assert len(server.requests) == 1


def test_connection_errors_and_timeouts_are_typed(clock: FakeClock) -> None:
    server = Server(httpx.ConnectError("refused"))
    with pytest.raises(errors.APIConnectionError, match="ConnectError: refused .*used up") as caught:
        sync_http(server).request(spec("POST"), Any)
    assert not isinstance(caught.value, errors.APITimeoutError) and len(server.requests) == 3
    server = Server(httpx.ReadTimeout("slow"))
    with pytest.raises(errors.APITimeoutError):
        sync_http(server).request(spec("GET"), Any)
    server = Server(httpx.ReadTimeout("slow"))
    with pytest.raises(errors.APITimeoutError, match=r"^request timed out: POST \S+/things: ReadTimeout: slow$"):
        sync_http(server).request(spec("POST"), Any)  # not retried, nothing to add
    assert len(server.requests) == 1


# --- responses --------------------------------------------------------------------------------


@pytest.mark.parametrize(("status", "kind"), [
    (400, errors.BadRequestError), (401, errors.AuthenticationError), (403, errors.PermissionDeniedError),
    (404, errors.NotFoundError), (409, errors.ConflictError), (422, errors.UnprocessableEntityError),
    (429, errors.RateLimitError), (418, errors.APIStatusError), (500, errors.InternalServerError),
    (599, errors.InternalServerError), (302, errors.UnexpectedRedirectError), (304, errors.UnexpectedRedirectError),
])
def test_error_for_status_by_family(status: int, kind: type) -> None:
    response = httpx.Response(status)
    error = errors.error_for_status(response, {"b": 1}, "msg", "note")
    assert type(error) is kind and error.status_code == status and error.body == {"b": 1}
    assert error.message == f"{status} {response.reason_phrase}: msg (note)" and error.response is response
    assert str(errors.error_for_status(response, None, None)) == f"{status} {response.reason_phrase}"


def test_errors_are_exported() -> None:
    assert all(hasattr(errors, name) for name in errors.__all__)
    assert issubclass(errors.PaginationError, errors.APIError)
    assert issubclass(errors.UnexpectedRedirectError, errors.APIStatusError)


def parse(response: httpx.Response, kind: Any, **settings: Any) -> Any:
    return _response.parse_response(response, kind, **settings)


def test_parse_response_types() -> None:
    assert parse(httpx.Response(200, json={"a": 1}), None) is None
    assert parse(httpx.Response(200, content=b"\x00\x01"), bytes) == b"\x00\x01"
    assert parse(httpx.Response(200, text="hi"), str) == "hi"
    assert parse(httpx.Response(200, json={"a": 1}), Any) == {"a": 1}
    assert parse(httpx.Response(200, json={"theName": "n"}), Thing) == Thing(theName="n")
    assert parse(httpx.Response(200, json=[1, 2]), List[int]) == [1, 2]
    with pytest.raises(errors.APIResponseValidationError, match="does not match") as caught:
        parse(httpx.Response(200, json={"size": "big"}), Thing)
    assert caught.value.body == {"size": "big"}


def test_bodies_by_content_type() -> None:
    assert parse(httpx.Response(200), Any) is None
    assert parse(httpx.Response(200, content=b'{"a":1}', headers={"content-type": "*/*"}), Any) == {"a": 1}
    assert parse(httpx.Response(200, content=b'{"a":1}'), Any) == {"a": 1}  # no type: tried as JSON
    assert parse(httpx.Response(200, content=b"{bad", headers={"content-type": "application/json"}), Any) == "{bad"
    assert parse(httpx.Response(200, content=b'{"a":1}', headers={"content-type": "text/plain"}), Any) == '{"a":1}'
    assert parse(httpx.Response(200, content=b"[1]", headers={"content-type": "Application/Problem+JSON"}), Any) == [1]


def test_error_messages_from_the_body() -> None:
    for body, message in [({"message": "m"}, "m"), ({"msg": "m2"}, "m2"), ({"error": "e"}, "e"),
                          ({"detail": "d"}, "d"), ({"error": {"nested": 1}}, None), (["list"], None)]:
        with pytest.raises(errors.BadRequestError) as caught:
            parse(httpx.Response(400, json=body), Any)
        assert caught.value.message == "400 Bad Request" + (f": {message}" if message else "")
    with pytest.raises(errors.BadRequestError, match="own") as caught:
        parse(httpx.Response(400, json={"message": "m", "why": "own"}), Any, errors=_response.ErrorFields(message="why"))


def test_envelopes_unwrap_and_their_codes_fail() -> None:
    wrapped = {"data": {"id": 1}, "code": 0}
    assert parse(httpx.Response(200, json=wrapped), Any, envelope_data="data", envelope_code="code") == {"id": 1}
    assert parse(httpx.Response(200, json={"data": [1]}), List[int], envelope_data="data") == [1]
    plain = {"data": {"inner": True}, "name": "plain"}  # has the data field but not the code field
    assert parse(httpx.Response(200, json=plain), Any, envelope_data="data", envelope_code="code") == plain
    assert parse(httpx.Response(200, json={"x": 1}), Any, envelope_data="data") == {"x": 1}
    for code in (0, "0", None):
        parse(httpx.Response(200, json={"data": 1, "code": code}), Any, envelope_data="data", envelope_code="code")
    with pytest.raises(errors.APIStatusError, match="^code 7$"):
        parse(httpx.Response(200, json={"data": None, "code": 7}), Any, envelope_data="data", envelope_code="code")
    with pytest.raises(errors.APIStatusError, match="^denied$"):
        parse(httpx.Response(200, json={"code": "E1", "message": "denied"}), Any, envelope_code="code")


def test_settings_reach_the_parser() -> None:
    server = Server(httpx.Response(200, json={"result": {"id": 3}, "status": 0}))
    settings = make_settings(envelope_data="result", envelope_code="status", errors=_response.ErrorFields(message="why"))
    assert sync_http(server, settings).request(spec(), Any) == {"id": 3}


# --- clients ----------------------------------------------------------------------------------


def test_sync_client_owns_its_connection_pool_only_when_it_made_it() -> None:
    own = _base.SyncHTTP(make_settings(), None)
    own.close()
    assert own._client.is_closed
    theirs = httpx.Client()
    _base.SyncHTTP(make_settings(), theirs).close()
    assert not theirs.is_closed
    theirs.close()


def test_async_client_requests_retries_and_closes(clock: FakeClock) -> None:
    server = Server(httpx.Response(503), httpx.Response(200, json={"ok": True}))

    async def go() -> Any:
        http = async_http(server)
        result = await http.request(spec(), Any)
        await http.close()
        own = _base.AsyncHTTP(make_settings(), None)
        await own.close()
        assert own._client.is_closed and not http._client.is_closed
        return result

    assert run(go()) == {"ok": True} and len(clock.sleeps) == 1


def test_async_errors_are_typed(clock: FakeClock) -> None:
    server = Server(httpx.ConnectError("refused"))
    with pytest.raises(errors.APIConnectionError):
        run(async_http(server).request(spec(), Any))
    assert len(server.requests) == 3


def test_reprs_name_the_base_url() -> None:
    assert repr(sync_http(Server())) == f"SyncHTTP(base_url='{BASE}')"
    assert repr(async_http(Server())) == f"AsyncHTTP(base_url='{BASE}')"
    assert repr(make_settings()) == (f"Settings(base_url='{BASE}', headers={{'X-Client': '[REDACTED]'}}, "
                                     "timeout=30.0, max_retries=2)")


# === Safe by construction (part 5): one test per case ==========================================

# 1. Dot segments


@pytest.mark.parametrize("value", [".", "..", "%2E%2E", "%2e.", ".%2E", "%252E%252E", "%2E"])
def test_dot_segment_path_values_cannot_reach_the_parent_resource(value: str) -> None:
    with pytest.raises(ValueError, match="'site_id'"):
        _base.format_path("/sites/{site_id}", {"site_id": value})
    with pytest.raises(ValueError, match="'id'"):
        _base.format_path("/sites/{id}/pages", {"id": [value]})  # a one-item list is the value itself


def test_dot_segments_made_of_two_parameters_are_refused() -> None:
    with pytest.raises(ValueError, match="'a', 'b'"):
        _base.format_path("/x/{a}{b}/y", {"a": ".", "b": "."})


def test_dot_segment_check_names_the_parameter_and_sends_nothing() -> None:
    server = Server()
    http = sync_http(server)
    with pytest.raises(ValueError, match="path parameter 'site_id'"):
        http.request(spec("DELETE", _base.format_path("/sites/{site_id}", {"site_id": ".."})), None)
    assert server.requests == []
    assert _base.format_path("/sites/{site_id}", {"site_id": "...x"}) == "/sites/...x"  # not a dot segment


def test_an_empty_path_value_cannot_name_the_collection() -> None:
    """``delete("")`` would send ``DELETE /sites/``: another resource."""
    with pytest.raises(ValueError, match="'site_id' is empty"):
        _base.format_path("/sites/{site_id}", {"site_id": ""})
    assert _base.format_path("/sites/{site_id}x", {"site_id": ""}) == "/sites/x"  # the segment is not empty


# 2. Paths that leave the origin


@pytest.mark.parametrize("path", ["@127.0.0.1:18791/steal", ".evil.example/x", ":8443/x", "@evil.example"])
def test_a_path_cannot_send_credentials_to_another_origin(path: str) -> None:
    server = Server()
    settings = make_settings(base_url="https://api.example.test", default_security=ALL_CREDENTIALS)
    with pytest.raises(ValueError, match="outside 'https://api.example.test'"):
        sync_http(server, settings).request(spec(path=path), Any)
    assert server.requests == []
    with pytest.raises(ValueError, match="outside"):
        run(async_http(server, settings).request(spec(path=path), Any))
    assert server.requests == []
    # Below a base path the same text stays in the path.
    sync_http(server).request(spec(path=path), Any)
    assert server.last.url.host == "api.example.test"


def test_openapi_paths_without_a_leading_slash_are_skipped_with_a_diagnostic(tmp_path: Path) -> None:
    ok = {"get": {"operationId": "fine", "responses": {"200": {"description": "ok"}}}}
    steal = {"get": {"operationId": "steal", "responses": {"200": {"description": "ok"}}}}
    api, found = read(tmp_path, openapi({"@127.0.0.1:18791/steal": steal, "/fine": ok}))
    assert [op.path for op in api.operations] == ["/fine"]
    assert any("[path-not-absolute]" in line and "steal" in line for line in found), found


def test_doc_spec_paths_must_start_with_a_slash(tmp_path: Path) -> None:
    from generator.diagnostics import SpecError
    from generator.documents import load_document
    from generator.parsers import docspec

    path = write_spec(tmp_path, "api: demo\ntitle: Demo\nversion: '1'\noperations:\n  steal:\n"
                                "    GET: \"@127.0.0.1:18791/steal\"\n", "demo.yaml")
    with pytest.raises(SpecError, match="starting with '/'"):
        docspec.parse(load_document(path), name="demo")


# 3. Cookies


def test_cookie_values_cannot_add_cookies() -> None:
    server = Server()
    sync_http(server).request(spec(cookies={"session": "abc; admin=true", "n": 5}), Any)
    header = server.last.headers["cookie"]
    assert header == "session=abc%3B%20admin=true; n=5"
    jar = http.cookies.SimpleCookie()
    jar.load(header)
    assert sorted(jar) == ["n", "session"]


def test_cookie_credentials_are_encoded_too() -> None:
    server = Server()
    odd = (Credential("cookie_key", "api_key", "cookie", "sid", "v,1;x=2"),)
    sync_http(server, make_settings(credentials=odd, default_security=(("cookie_key",),))).request(spec(), Any)
    assert server.last.headers["cookie"] == "sid=v%2C1%3Bx=2"


# 4. Line breaks in headers


@pytest.mark.parametrize("where", ["extra", "client", "argument", "credential", "name"])
def test_header_line_breaks_are_the_callers_error_not_a_network_fault(where: str, clock: FakeClock) -> None:
    server = Server()
    bad = "v\r\nX-Injected: 1"
    settings = make_settings()
    call = spec()
    if where == "extra":
        call = spec(extra_headers={"X-Extra": bad})
    elif where == "argument":
        call = spec(headers={"X-Arg": bad})
    elif where == "credential":
        settings = make_settings(credentials=(Credential("bearer", "bearer", "header", "Authorization", bad),))
    elif where == "name":
        call = spec(extra_headers={"X-A\nB": "v"})
    else:
        # Client headers are checked when the client is made, before any call.
        with pytest.raises(ValueError, match="'X-Client'"):
            sync_http(server, make_settings(headers={"X-Client": bad}))
        with pytest.raises(ValueError, match="'X-Client'"):
            async_http(server, make_settings(headers={"X-Client": bad}))
        return
    with pytest.raises(ValueError, match="control character|field name"):
        sync_http(server, settings).request(call, Any)
    assert server.requests == [] and clock.sleeps == []


def test_header_line_breaks_fail_at_once_against_a_real_server() -> None:
    with LoopbackServer(lambda handler: handler.answer(200, b"{}")) as server, httpx.Client(trust_env=False) as client:
        http = _base.SyncHTTP(make_settings(base_url=server.url), client)
        with pytest.raises(ValueError):
            http.request(spec(extra_headers={"X-Extra": "a\nb"}), Any)
        assert http.request(spec(), Any) == {} and server.hits == 1  # only the good request was sent


# 5. Numbers in headers


@pytest.mark.parametrize("value", ["\u00b2", "\u0663", "1e3", "-1", "nan", "1_000", "\uff17"])
def test_malformed_rate_limit_reset_is_ignored(value: str, clock: FakeClock,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(random, "random", lambda: 0.0)
    server = Server(httpx.Response(429, headers=[(b"X-RateLimit-Reset", value.encode())]),
                    httpx.Response(200, json={}))
    assert sync_http(server).request(spec(), Any) == {}
    assert clock.sleeps == [_base.INITIAL_RETRY_DELAY / 2]  # the backoff, not the header
    response = httpx.Response(429, headers=[(b"Retry-After", value.encode())])
    assert _base.retry_delay(0, response) == _base.INITIAL_RETRY_DELAY / 2


# 6. Timeouts are deadlines


def test_retry_waits_never_pass_the_call_timeout(clock: FakeClock) -> None:
    server = Server(answer(retry_after="59"))
    with pytest.raises(errors.RateLimitError, match="would pass the call's 1 s timeout"):
        sync_http(server, make_settings(timeout=1.0, max_retries=5)).request(spec(), Any)
    assert len(server.requests) == 1 and clock.sleeps == []


def test_timeout_bounds_retries_and_backoff_together(clock: FakeClock) -> None:
    left: List[float] = []

    def unavailable(request: httpx.Request) -> httpx.Response:
        left.append(request.extensions["timeout"]["read"])
        return httpx.Response(503)

    server = Server(unavailable)
    start = clock.now
    with pytest.raises(errors.InternalServerError, match="timeout"):
        sync_http(server, make_settings(max_retries=50)).request(spec(timeout=10), Any)
    assert clock.now - start <= 10 and len(server.requests) > 2
    # Each attempt's httpx timeouts are what is left of the call's.
    assert left[0] == 10 and left == sorted(left, reverse=True) and left[-1] < 10


def test_an_httpx_timeout_keeps_its_per_phase_meaning(clock: FakeClock) -> None:
    server = Server(answer(retry_after="59"), httpx.Response(200, json=1))
    per_phase = httpx.Timeout(1.0)
    assert sync_http(server, make_settings(timeout=per_phase)).request(spec(), Any) == 1
    assert clock.sleeps == [59.0] and server.requests[0].extensions["timeout"]["read"] == 1.0
    server = Server(answer(retry_after="59"), httpx.Response(200, json=2))
    assert sync_http(server, make_settings(timeout=1.0)).request(spec(timeout=per_phase), Any) == 2  # per call


class Drip(httpx.SyncByteStream):
    """A body that arrives a byte per ``gap`` seconds of the fake clock."""

    def __init__(self, clock: FakeClock, size: int, gap: float) -> None:
        self.clock, self.size, self.gap = clock, size, gap

    def __iter__(self) -> Iterator[bytes]:
        for _ in range(self.size):
            self.clock.now += self.gap
            yield b" "


class AsyncDrip(httpx.AsyncByteStream):
    def __init__(self, clock: FakeClock, size: int, gap: float) -> None:
        self.clock, self.size, self.gap = clock, size, gap

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for _ in range(self.size):
            self.clock.now += self.gap
            yield b" "


def test_a_dripping_body_is_cut_at_the_deadline(clock: FakeClock) -> None:
    server = Server(lambda request: httpx.Response(200, stream=Drip(clock, 100, 0.5)))
    start = clock.now
    with pytest.raises(errors.APITimeoutError, match="timeout"):
        sync_http(server, make_settings(timeout=2.0)).request(spec(), Any)
    assert clock.now - start <= 2.5 and len(server.requests) == 1

    async def go() -> None:
        drip = Server(lambda request: httpx.Response(200, stream=AsyncDrip(clock, 100, 0.5)))
        with pytest.raises(errors.APITimeoutError):
            await async_http(drip, make_settings(timeout=2.0)).request(spec(), Any)

    start = clock.now
    run(go())
    assert clock.now - start <= 2.5
    # A body that arrives in time is read whole.
    server = Server(lambda request: httpx.Response(200, stream=Drip(clock, 3, 0.5)))
    assert sync_http(server, make_settings(timeout=2.0)).request(spec(), str) == "   "
    server = Server(lambda request: httpx.Response(200, stream=AsyncDrip(clock, 3, 0.5)))
    assert run(async_http(server, make_settings(timeout=2.0)).request(spec(), str)) == "   "
    # Under an httpx.Timeout the body is read as httpx reads it.
    server = Server(lambda request: httpx.Response(200, stream=AsyncDrip(clock, 9, 0.5)))
    assert run(async_http(server, make_settings(timeout=httpx.Timeout(2.0))).request(spec(), str)) == " " * 9


def test_a_dripping_body_from_a_real_server_is_cut_at_the_deadline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_retry, "now", REAL_NOW)  # real time: real sockets

    def drip(handler: Handler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Length", "60")
        handler.end_headers()
        for _ in range(60):
            handler.wfile.write(b" ")
            handler.wfile.flush()
            time.sleep(0.1)

    with LoopbackServer(drip) as server, httpx.Client(trust_env=False) as client:
        http = _base.SyncHTTP(make_settings(base_url=server.url, timeout=0.6), client)
        started = time.monotonic()
        with pytest.raises(errors.APITimeoutError):
            http.request(spec(), Any)
        elapsed = time.monotonic() - started
    assert 0.5 <= elapsed < 3, elapsed  # httpx alone: 6 s, each byte within its read timeout


# 7. Redirects are not success


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_an_unfollowed_redirect_is_an_error_not_success(status: int) -> None:
    server = Server(httpx.Response(status, headers={"Location": "https://u:p@api.example.test/v2/elsewhere"}))
    with pytest.raises(errors.UnexpectedRedirectError, match="redirect to https://\\[REDACTED\\]@") as caught:
        sync_http(server).request(spec("DELETE", "/sites/1"), None)
    assert caught.value.status_code == status and len(server.requests) == 1
    with pytest.raises(errors.UnexpectedRedirectError, match="not followed"):
        sync_http(Server(httpx.Response(302))).request(spec("DELETE"), None)


def test_generated_packages_export_the_new_errors() -> None:
    template = (ROOT / "generator/targets/python/templates/python/package/__init__.py.jinja").read_text()
    for name in ("UnexpectedRedirectError", "PaginationError"):
        assert f"    {name},\n" in template and f'"{name}",' in template


# 8. Redirects never carry credentials to another origin


ALL_CREDENTIALS = (("bearer", "key", "query_key", "cookie_key"),)


def redirecting(status: int, location: str) -> Server:
    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.host == "api.example.test" and request.url.path == "/v2/things":
            return httpx.Response(status, headers={"Location": location})
        return httpx.Response(200, json={"at": str(request.url.copy_with(query=None))})
    return Server(handle)


@pytest.mark.parametrize("location", ["https://evil.example/steal?api_key=" + QUERY_KEY,
                                      "http://api.example.test/v2/next",  # another scheme
                                      "https://api.example.test:8443/next",  # another port
                                      "//evil.example/x"])
def test_credentials_never_follow_a_redirect_to_another_origin(location: str) -> None:
    server = redirecting(302, location)
    settings = make_settings(default_security=ALL_CREDENTIALS)
    http = sync_http(server, settings, follow_redirects=True, auth=("client", "auth"))
    http.request(spec(extra_headers={"X-Trace": "t"}), Any)
    first, hop = server.requests
    assert first.headers["x-api-key"] == KEY and first.url.params["api_key"] == QUERY_KEY
    assert first.headers["authorization"].startswith("Basic ")  # the http client's own auth, at the API
    sent = str(hop.url) + repr(hop.headers.multi_items())
    assert not [secret for secret in SECRETS if secret in sent], sent
    assert "authorization" not in hop.headers and "cookie" not in hop.headers
    assert hop.headers["x-trace"] == "t"  # other headers go on


def test_redirects_within_the_origin_keep_credentials_and_follow_http_rules() -> None:
    server = redirecting(307, "/v2/moved")
    http = sync_http(server, make_settings(default_security=ALL_CREDENTIALS), follow_redirects=True)
    assert http.request(spec("POST", json={"a": 1}), Any) == {"at": f"{BASE}/moved"}
    hop = server.last
    assert hop.method == "POST" and hop.content == b'{"a":1}' and hop.headers["x-api-key"] == KEY
    server = redirecting(303, "/v2/see")
    sync_http(server, follow_redirects=True).request(spec("POST", json={"a": 1}), Any)
    assert server.last.method == "GET" and server.last.content == b"" and "content-type" not in server.last.headers
    server = redirecting(301, "/v2/moved")
    sync_http(server, follow_redirects=True).request(spec("PUT", content=b"x"), Any)
    assert server.last.method == "PUT" and server.last.content == b"x"


def test_redirects_the_client_cannot_follow_are_errors() -> None:
    with pytest.raises(errors.UnexpectedRedirectError):
        sync_http(redirecting(302, "ftp://api.example.test/file"), follow_redirects=True).request(spec(), Any)
    request = httpx.Request("GET", BASE)
    for headers in [{}, {"Location": "http://[::1"}]:  # httpx itself refuses these before we see them
        assert _security.redirect_request(request, httpx.Response(302, headers=headers), BASE, ()) is None
    loop = Server(httpx.Response(302, headers={"Location": "/v2/things"}))
    with pytest.raises(errors.UnexpectedRedirectError):
        sync_http(loop, follow_redirects=True, max_redirects=3).request(spec(), Any)
    assert len(loop.requests) == 4


def test_async_redirects_strip_credentials_too() -> None:
    server = redirecting(302, "https://evil.example/x")
    http = async_http(server, make_settings(default_security=ALL_CREDENTIALS), follow_redirects=True)
    run(http.request(spec(), Any))
    assert "x-api-key" not in server.last.headers and server.last.url.host == "evil.example"
    with pytest.raises(errors.UnexpectedRedirectError):
        run(async_http(redirecting(302, "/v2/x")).request(spec(), Any))


# 9. Pagination that does not advance: tests/runtime_pages.py


# 10. Reprs


def test_reprs_hide_url_passwords_and_header_values() -> None:
    settings = make_settings(base_url="https://user:pw-SECRET@api.example.test/v2",
                             headers={"X-Secret": "hdr-SECRET"})
    texts = [repr(settings), str(settings), repr(_base.SyncHTTP(settings, None)),
             repr(_base.AsyncHTTP(settings, None))]
    assert all("api.example.test" in t and "pw-SECRET" not in t and "hdr-SECRET" not in t for t in texts), texts
    assert not [t for t in texts for secret in SECRETS if secret in t]


# 11 (and 10 for the generated Client). The generated package's own code


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Iterator[types.ModuleType]:
    """A small generated package with a webhook signature, imported from a temporary folder."""
    folder = tmp_path_factory.mktemp("runtime_pkg")
    document = openapi({"/things": {"get": {"operationId": "listThings", "responses": {"200": {"description": "ok"}}}}},
                       servers=[{"url": "https://api.example.test"}], security=[{"key": []}],
                       components={"securitySchemes": {"key": {"type": "apiKey", "in": "header", "name": "X-Key"}}},
                       **{"x-apigen-webhook-signature": {"header": "X-Sig", "algorithm": "sha256"}})
    out = folder / "out"
    assert main(["generate", str(write_spec(folder, document, "rtpkg.yaml")), "--out", str(out)]) == 0
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module("rtpkg")
    finally:
        sys.path.remove(str(out))
        for name in [n for n in sys.modules if n == "rtpkg" or n.startswith("rtpkg.")]:
            del sys.modules[name]


def test_generated_client_reprs_hide_url_passwords(package: types.ModuleType) -> None:
    for kind in (package.Client, package.AsyncClient):
        client = kind(x_key="k-SECRET", base_url="https://user:pw-SECRET@api.example.test",
                      headers={"X-Secret": "hdr-SECRET"})
        text = repr(client) + repr(client._http) + repr(client._http.settings)
        assert "api.example.test" in text and "SECRET" not in text, text


@pytest.mark.parametrize("signature", ["é", "\u00e9" * 64, "sig\u2028", "\ud800", "", "  "])
def test_verify_signature_is_false_for_non_ascii_signatures(package: types.ModuleType, signature: str) -> None:
    webhooks = importlib.import_module("rtpkg.webhooks")
    assert webhooks.verify_signature(b"{}", signature, "secret") is False


def test_verify_signature_still_accepts_the_right_one(package: types.ModuleType) -> None:
    webhooks = importlib.import_module("rtpkg.webhooks")
    good = webhooks.compute_signature(b"{}", "secret")
    assert webhooks.verify_signature(b"{}", f" {good}\n", "secret") is True
    assert webhooks.verify_signature(b"{ }", good, "secret") is False


def test_verify_signature_takes_upper_case_hex(package: types.ModuleType) -> None:
    """A hex digest is the same value in either case (MadeWithBree's audit: upper case was refused)."""
    webhooks = importlib.import_module("rtpkg.webhooks")
    good = webhooks.compute_signature(b"{}", "secret")
    assert good == good.lower() and good != good.upper()
    assert webhooks.verify_signature(b"{}", good.upper(), "secret") is True
    assert webhooks.verify_signature(b"{}", good[:-1].upper() + "g", "secret") is False


# --- the runtime's other parts, in modules of their own, gathered here ------------------------

from tests.runtime_operations import *  # noqa: E402,F401,F403
from tests.runtime_pages import *  # noqa: E402,F401,F403
from tests.runtime_responses import *  # noqa: E402,F401,F403
