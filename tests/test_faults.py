"""Generated clients against a misbehaving server: retries are safe, nothing is applied twice,
credentials never leak.

A small spec is generated into a temporary folder and imported; the client talks to
:class:`tests.fault_server.FaultServer` on 127.0.0.1 with a short timeout, and the
runtime's sleeps are recorded instead of slept. The schedule is fixed (seeded), so the
figures printed by ``pytest -s tests/test_faults.py`` are the same on every run.
"""

from __future__ import annotations

import importlib
import logging
import random
import socket
import sys
import traceback
import types
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest

from generator.cli import main
from tests.conftest import write_spec
from tests.fault_server import AFTER_APPLY, FAULTS, FaultServer

MAX_RETRIES = 2
TIMEOUT = 0.25
TOKEN = "tok-SECRET-b1f0c2"
API_KEY = "key-SECRET-77d3e9"

ITEM = {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}, "value": {}}}


def _json(schema: Any) -> dict[str, Any]:
    return {"application/json": {"schema": schema}}


SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "Fault API", "version": "1"},
    "servers": [{"url": "https://faults.example"}],
    "security": [{"bearer": [], "key": []}],
    "components": {
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"},
                            "key": {"type": "apiKey", "in": "header", "name": "X-API-Key"}},
        "schemas": {"Item": ITEM},
    },
    "paths": {
        "/items": {"post": {"operationId": "createItem", "tags": ["items"],
                            "requestBody": {"required": True, "content": _json({"$ref": "#/components/schemas/Item"})},
                            "responses": {"201": {"description": "made", "content": _json({"$ref": "#/components/schemas/Item"})}}}},
        "/items/{item_id}": {
            "parameters": [{"name": "item_id", "in": "path", "required": True, "schema": {"type": "string"}}],
            "get": {"operationId": "getItem", "tags": ["items"],
                    "responses": {"200": {"description": "ok", "content": _json({"$ref": "#/components/schemas/Item"})}}},
            "put": {"operationId": "putItem", "tags": ["items"],
                    "requestBody": {"required": True, "content": _json({"$ref": "#/components/schemas/Item"})},
                    "responses": {"200": {"description": "ok", "content": _json({"$ref": "#/components/schemas/Item"})}}},
            "patch": {"operationId": "patchItem", "tags": ["items"],
                      "requestBody": {"required": True, "content": _json({"$ref": "#/components/schemas/Item"})},
                      "responses": {"200": {"description": "ok", "content": _json({"$ref": "#/components/schemas/Item"})}}},
        },
        "/status/{code}": {"get": {"operationId": "getStatus", "tags": ["status"],
                                   "parameters": [{"name": "code", "in": "path", "required": True,
                                                   "schema": {"type": "integer"}}],
                                   "responses": {"200": {"description": "ok", "content": _json({"$ref": "#/components/schemas/Item"})}}}},
    },
}


@pytest.fixture(scope="module")
def pkg(tmp_path_factory: pytest.TempPathFactory) -> Iterator[types.ModuleType]:
    """The generated ``faultapi`` package, imported from a temporary folder."""
    folder = tmp_path_factory.mktemp("faults")
    spec = write_spec(folder, SPEC, "faultapi.yaml")
    out = folder / "out"
    assert main(["generate", str(spec), "--out", str(out)]) == 0
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module("faultapi")
    finally:
        sys.path.remove(str(out))
        for name in [n for n in sys.modules if n == "faultapi" or n.startswith("faultapi.")]:
            del sys.modules[name]


@pytest.fixture
def server() -> Iterator[FaultServer]:
    running = FaultServer(slow_seconds=TIMEOUT * 3).start()
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def sleeps(pkg: types.ModuleType, monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Delays the runtime asked for; nothing actually sleeps."""
    recorded: list[float] = []
    shim = types.SimpleNamespace(time=__import__("time").time, sleep=recorded.append)
    monkeypatch.setattr(pkg._http, "time", shim)
    return recorded


def _client(pkg: types.ModuleType, url: str, **kwargs: Any) -> Any:
    # An httpx.Timeout limits each attempt's phases and leaves the call as a whole unbounded
    # (a number of seconds would be a deadline for the call, retries included, which the
    # recorded-not-slept waits here would pass at once; tests/test_runtime.py covers it).
    import httpx

    return pkg.Client(token=TOKEN, x_api_key=API_KEY, base_url=url, timeout=httpx.Timeout(TIMEOUT),
                      max_retries=MAX_RETRIES, **kwargs)


# --- the oracle: what the runtime must do for a method and a list of faults -------------------

NOT_APPLIED = {"408", "429s", "429d", "429r"}


def expected(pkg: types.ModuleType, method: str, keyed: bool, faults: list[str]) -> tuple[type | None, list[str]]:
    """(the error class raised, or None for success; the faults that were retried)."""
    errors = pkg.errors
    repeatable = method in ("GET", "PUT") or keyed
    retried: list[str] = []
    for attempt in range(MAX_RETRIES + 1):
        fault = faults[attempt] if attempt < len(faults) else None
        if fault is None:
            return None, retried
        may = fault in NOT_APPLIED or (repeatable and fault != "429long")
        if may and attempt < MAX_RETRIES:
            retried.append(fault)
            continue
        kind = {"500": errors.InternalServerError, "502": errors.InternalServerError,
                "503": errors.InternalServerError, "408": errors.APIStatusError, "429s": errors.RateLimitError,
                "429d": errors.RateLimitError, "429r": errors.RateLimitError, "429long": errors.RateLimitError,
                "slow": errors.APITimeoutError}.get(fault, errors.APIConnectionError)
        return kind, retried
    raise AssertionError("unreachable")


def _delay_ok(fault: str, attempt: int, delay: float, base: Any) -> bool:
    if fault == "429s":
        return delay == 1.0
    if fault == "429r":
        return delay == 2.0
    if fault == "429d":
        return 0.5 <= delay <= 3.5
    backoff = min(base.MAX_RETRY_DELAY, base.INITIAL_RETRY_DELAY * 2.0**attempt)
    return backoff * 0.5 <= delay <= backoff


def test_fault_schedule_every_request_succeeds_or_fails_typed_and_none_is_applied_twice(
        pkg: types.ModuleType, server: FaultServer, sleeps: list[float], capsys: pytest.CaptureFixture[str]) -> None:
    rng = random.Random(9)
    plan = []
    for n in range(200):
        method, keyed = rng.choice([("GET", False), ("PUT", False), ("POST", False), ("POST", True),
                                    ("PATCH", False)])
        faults = [rng.choice(FAULTS) for _ in range(rng.choice([0, 1, 1, 2, 2, 3]))]
        rid = f"r{n:03d}"
        server.schedule[rid] = faults
        plan.append((rid, method, keyed, faults))

    outcomes: Counter[str] = Counter()
    with _client(pkg, server.url) as client:
        for rid, method, keyed, faults in plan:
            headers = {"X-Request-Id": rid, **({"Idempotency-Key": "key-" + rid} if keyed else {})}
            want, retried = expected(pkg, method, keyed, faults)
            before = len(sleeps)
            try:
                if method == "GET":
                    client.items.get_item(rid, extra_headers=headers)
                elif method == "PUT":
                    client.items.put_item(rid, id=rid, value=rid, extra_headers=headers)
                elif method == "PATCH":
                    client.items.patch_item(rid, id=rid, value=rid, extra_headers=headers)
                else:
                    client.items.create_item(id=rid, value=rid, extra_headers=headers)
                got: type | None = None
            except pkg.errors.APIError as exc:
                got = type(exc)
            assert got is want, (rid, method, keyed, faults, got, want)
            assert server.attempts[rid] == len(retried) + 1, (rid, method, faults)
            delays = sleeps[before:]
            assert len(delays) == len(retried)
            assert all(_delay_ok(f, i, d, pkg._base) for i, (f, d) in enumerate(zip(retried, delays))), \
                (rid, retried, delays)
            outcomes["success" if got is None else got.__name__] += 1

    requests = len(plan)
    attempts = sum(server.attempts.values())
    unsafe_after_apply = sum(1 for _, m, k, f in plan if f and f[0] in AFTER_APPLY and m in ("POST", "PATCH") and not k)
    print(f"\nfault schedule: {requests} requests, {attempts} attempts, {attempts - requests} retries, "
          f"{outcomes['success']} successes, {requests - outcomes['success']} typed failures "
          f"{dict(sorted((k, v) for k, v in outcomes.items() if k != 'success'))}, "
          f"{len(server.duplicates)} duplicates; {unsafe_after_apply} non-idempotent requests met a fault "
          f"after being applied; methods {dict(Counter(m + ('+key' if k else '') for _, m, k, _ in plan))}")
    assert server.duplicates == []
    assert outcomes["success"] > 100 and attempts - requests > 50
    assert max(sleeps) <= pkg._base.MAX_SERVER_WAIT


def test_connect_errors_are_retried_for_every_method(pkg: types.ModuleType, sleeps: list[float]) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with _client(pkg, f"http://127.0.0.1:{port}") as client:
        with pytest.raises(pkg.errors.APIConnectionError) as caught:
            client.items.create_item(id="x", value=1)
    assert not isinstance(caught.value, pkg.errors.APITimeoutError)
    assert len(sleeps) == MAX_RETRIES  # POST retried: the request never reached a server


def test_per_call_max_retries_and_backoff_cap(pkg: types.ModuleType, server: FaultServer, sleeps: list[float]) -> None:
    server.schedule["cap"] = ["503"] * 12
    with _client(pkg, server.url) as client:
        with pytest.raises(pkg.errors.InternalServerError):
            client.items.get_item("cap", extra_headers={"X-Request-Id": "cap"}, max_retries=8)
    assert server.attempts["cap"] == 9 and len(sleeps) == 8
    assert all(d <= pkg._base.MAX_RETRY_DELAY for d in sleeps) and max(sleeps) >= pkg._base.MAX_RETRY_DELAY / 2


def test_malformed_retry_after_falls_back_to_backoff(pkg: types.ModuleType) -> None:
    import httpx

    backoff = pkg._base.INITIAL_RETRY_DELAY
    # Seconds are ASCII digits: a sign, an exponent or 'nan' is malformed.
    for value in ["soon", "Wed, 99 Foo 2024 99:99:99 GMT", " ", "nan", "Mon, 01 Jan 0001 00:00:00 GMT",
                  "-5", "1e309"]:
        delay = pkg._base.retry_delay(0, httpx.Response(429, headers={"Retry-After": value}))
        assert delay is not None and backoff / 2 <= delay <= backoff or value.startswith("Mon"), (value, delay)
    assert pkg._base.retry_delay(0, httpx.Response(429, headers={"Retry-After": "0"})) == 0.0
    assert pkg._base.retry_delay(0, httpx.Response(429, headers={"Retry-After": "86400"})) is None  # too long


def test_credentials_never_appear_in_errors_reprs_or_logs(
        pkg: types.ModuleType, server: FaultServer, sleeps: list[float], caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    errors = pkg.errors
    raised: list[BaseException] = []
    server.schedule.update({"e500": ["500"] * 3, "e429": ["429long"], "edrop": ["drop"] * 3,
                            "eslow": ["slow"] * 3, "etrunc": ["truncate"] * 3})
    with _client(pkg, server.url) as client:
        texts = [repr(client), str(client), repr(client._http), repr(client._http.settings)]
        for rid, call in [
            ("e401", lambda h: client.status.get_status(401, extra_headers=h)),
            ("e403", lambda h: client.status.get_status(403, extra_headers=h)),
            ("e422", lambda h: client.status.get_status(422, extra_headers=h)),
            ("e500", lambda h: client.items.get_item("x", extra_headers=h)),
            ("e429", lambda h: client.items.create_item(id="x", extra_headers=h)),
            ("edrop", lambda h: client.items.get_item("x", extra_headers=h)),
            ("eslow", lambda h: client.items.put_item("x", id="x", extra_headers=h)),
            ("etrunc", lambda h: client.items.get_item("x", extra_headers=h)),
            ("evalid", lambda h: client.status.get_status(200, extra_headers=h)),
        ]:
            with pytest.raises(errors.APIError) as caught:
                call({"X-Request-Id": rid})
            raised.append(caught.value)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with _client(pkg, f"http://127.0.0.1:{port}") as offline:
        with pytest.raises(errors.APIConnectionError) as caught:
            offline.items.get_item("x")
        raised.append(caught.value)
        texts.append(repr(offline))
    with pytest.raises(ValueError) as bad_url:
        pkg.Client(token=TOKEN, x_api_key=API_KEY, base_url="ftp://nowhere")
    raised.append(bad_url.value)

    kinds = {type(e).__name__ for e in raised}
    assert {"AuthenticationError", "PermissionDeniedError", "UnprocessableEntityError", "InternalServerError",
            "RateLimitError", "APIConnectionError", "APITimeoutError", "APIResponseValidationError",
            "ValueError"} <= kinds
    for exc in raised:
        texts += [str(exc), repr(exc), "".join(traceback.format_exception(exc))]
        texts += [str(getattr(exc, "body", "")), repr(getattr(exc, "message", ""))]
    texts.append(caplog.text)
    for secret in (TOKEN, API_KEY):
        leaks = [t for t in texts if secret in t]
        assert not leaks, leaks[0][:2000]
    # Not vacuous: the server did receive both credentials.
    assert any(h.get("authorization") == f"Bearer {TOKEN}" and h.get("x-api-key") == API_KEY
               for h in server.seen_headers)
