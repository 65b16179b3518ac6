"""Typed webhook events and declared signature schemes: the generated Webflow and Bree
packages' ``webhooks.py``, and the declaration read from a doc spec, an OpenAPI extension
or the registry."""

from __future__ import annotations

import hashlib
import hmac
import importlib
import subprocess
import sys
import textwrap
import time
import types
from pathlib import Path
from typing import Iterator

import pytest

from generator.diagnostics import SpecError
from generator.pipeline import load
from generator.registry import load_registry
from generator.samples import sample

ROOT = Path(__file__).resolve().parent.parent
BODY = b'{"triggerType": "form_submission", "payload": {"name": "Sample Form", "data": {"First Name": "Ada"}}}'


def _import(package: str) -> Iterator[types.ModuleType]:
    folder = str(ROOT / "generated" / package)
    sys.path.insert(0, folder)
    try:
        yield importlib.import_module(f"{package}.webhooks")
    finally:
        sys.path.remove(folder)
        for name in [n for n in sys.modules if n == package or n.startswith(package + ".")]:
            del sys.modules[name]


@pytest.fixture
def webflow() -> Iterator[types.ModuleType]:
    yield from _import("webflow")


@pytest.fixture
def bree() -> Iterator[types.ModuleType]:
    yield from _import("bree")


def _webflow_delivery(body: bytes, secret: str, millis: int) -> dict[str, str]:
    """Headers as Webflow signs a delivery: HMAC-SHA256 (hex) of "{timestamp}:{body}"."""
    signed = f"{millis}:".encode() + body
    return {"X-Webflow-Timestamp": str(millis),
            "X-Webflow-Signature": hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()}


def test_webflow_delivery_is_accepted_and_typed(webflow: types.ModuleType) -> None:
    now = time.time()
    headers = _webflow_delivery(BODY, "whsec", int(now * 1000))
    event = webflow.unwrap("form_submission", BODY, headers, "whsec", now=now)
    models = sys.modules["webflow.models"]
    assert isinstance(event, models.FormSubmissionPayload) and event.payload.name == "Sample Form"
    assert webflow.verify_signature(BODY, headers, "whsec") is True  # the real clock, within 5 minutes


def test_webflow_rejects_tampering_stale_and_missing(webflow: types.ModuleType) -> None:
    error = sys.modules["webflow"].WebhookVerificationError
    now = 1_750_000_000.0
    headers = _webflow_delivery(BODY, "whsec", int(now * 1000))
    with pytest.raises(error, match="does not match"):
        webflow.check_signature(BODY.replace(b"Ada", b"Eve"), headers, "whsec", now=now)
    with pytest.raises(error, match="does not match"):
        webflow.check_signature(BODY, headers, "other", now=now)
    with pytest.raises(error, match="more than the 300 allowed"):
        webflow.check_signature(BODY, headers, "whsec", now=now + 301)
    webflow.check_signature(BODY, headers, "whsec", now=now + 299)  # inside the 5 minutes
    webflow.check_signature(BODY, headers, "whsec", now=now + 3600, tolerance=None)
    for missing in headers:
        with pytest.raises(error, match=f"no {missing.lower()} header"):
            webflow.check_signature(BODY, {k: v for k, v in headers.items() if k != missing}, "whsec", now=now)
    with pytest.raises(error, match="not a whole number"):
        webflow.check_signature(BODY, {**headers, "X-Webflow-Timestamp": "soon"}, "whsec", now=now)
    # The timestamp is signed: moving it invalidates the signature even inside the tolerance.
    with pytest.raises(error, match="does not match"):
        webflow.check_signature(BODY, {**headers, "X-Webflow-Timestamp": str(int(now * 1000) + 1)}, "whsec", now=now)
    with pytest.raises(error, match="pass the delivery's headers"):
        webflow.check_signature(BODY, headers["X-Webflow-Signature"], "whsec", now=now)
    assert webflow.verify_signature(BODY, headers, "whsec", now=now + 301) is False


def test_webflow_accepts_any_secret_during_rotation(webflow: types.ModuleType) -> None:
    now = 1_750_000_000.0
    old = _webflow_delivery(BODY, "old-secret", int(now * 1000))
    new = _webflow_delivery(BODY, "new-secret", int(now * 1000))
    for headers in (old, new):
        assert webflow.verify_signature(BODY, headers, ["new-secret", "old-secret"], now=now) is True
    assert webflow.verify_signature(BODY, old, ["new-secret"], now=now) is False
    assert webflow.verify_signature(BODY, old, [], now=now) is False


def test_unknown_event_is_a_clear_error(webflow: types.ModuleType) -> None:
    with pytest.raises(ValueError, match="unknown webhook event 'form_submited'; known events: .*form_submission"):
        webflow.parse_event("form_submited", BODY)


@pytest.mark.parametrize("package, count", [("webflow", 15), ("bree", 7)])
def test_every_event_parses_a_sample_into_its_model(package: str, count: int) -> None:
    entry = load_registry(ROOT / "specs/apis.yaml")[package]
    api, _ = load(ROOT / entry.spec, name=package, kind=entry.kind, label=entry.label)
    assert len(api.webhooks) == count
    for webhooks in _import(package):
        for hook in api.webhooks:
            expected = webhooks.EVENT_TYPES[hook.name]
            parsed = webhooks.parse_event(hook.name, sample(api, hook.payload))
            assert isinstance(parsed, expected), (hook.name, type(parsed))


def test_bree_keeps_its_body_only_scheme(bree: types.ModuleType) -> None:
    good = hmac.new(b"s", b"{}", hashlib.sha512).hexdigest()
    assert bree.TIMESTAMP_HEADER is None and bree.compute_signature(b"{}", "s") == good
    assert bree.verify_signature(b"{}", {"x-webhook-signature": good.upper()}, "s") is True
    assert bree.verify_signature(b"{}", good, ["t", "s"]) is True


def test_parse_event_and_unwrap_are_typed_by_event_name(tmp_path: Path) -> None:
    """mypy --strict sees each event's own model; a wrong model is an error it reports."""
    script = tmp_path / "use_webhooks.py"
    script.write_text(textwrap.dedent('''
        from webflow import models
        from webflow.webhooks import Event, parse_event, unwrap

        form: models.FormSubmissionPayload = parse_event("form_submission", b"{}")
        order: models.Order = unwrap("ecomm_new_order", b"{}", {}, ["a", "b"], tolerance=60)
        name: str = "page_created"
        anything: Event = parse_event(name, {})
        wrong: models.Order = parse_event("page_deleted", b"{}")
    '''))
    result = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(script)],
                            capture_output=True, text=True, env={"MYPYPATH": str(ROOT / "generated/webflow"),
                                                                 "PATH": "/usr/bin:/bin"})
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    assert len(errors) == 1 and "use_webhooks.py:9:" in errors[0] and "PageDeletedPayload" in errors[0], result.stdout


def _registry(tmp_path: Path, signature: str) -> Path:
    (tmp_path / "specs").mkdir()
    path = tmp_path / "specs" / "apis.yaml"
    path.write_text(f"apis:\n  demo:\n    spec: specs/demo.yaml\n    webhook_signature: {signature}\n")
    return path


def test_registry_declares_a_scheme(tmp_path: Path) -> None:
    entry = load_registry(_registry(tmp_path, "{header: X-Sig, algorithm: sha512, encoding: base64, prefix: 'v1=', "
                                              "timestamp_header: X-Time, tolerance: 60, payload: '{timestamp}.{body}'}"))
    declared = entry["demo"].webhook_signature
    assert declared is not None and (declared.algorithm, declared.encoding, declared.prefix, declared.timestamp_header,
                                     declared.timestamp_unit, declared.tolerance, declared.payload) == (
        "sha512", "base64", "v1=", "X-Time", "seconds", 60, "{timestamp}.{body}")


@pytest.mark.parametrize("signature, message", [
    ("{header: X-Sig, algorithm: md5}", "webhook_signature.algorithm: algorithm must be one of sha1, sha256, sha512"),
    ("{header: X-Sig, algorithm: sha256, tolerance: -5, timestamp_header: T}", "webhook_signature.tolerance"),
    ("{header: X-Sig, algorithm: sha256, tolerance: 5}", "a tolerance needs a timestamp_header"),
    ("{header: X-Sig, algorithm: sha256, payload: '{timestamp}'}", "payload must contain {body} once"),
    ("{header: X-Sig, algorithm: sha256, payload: '{timestamp}.{body}'}", "needs a timestamp_header"),
    ("{header: X-Sig, algorithm: sha256, secret: x}", "unknown webhook signature key 'secret'"),
    ("{algorithm: sha256}", "header must be a non-empty string"),
    ("sha256", "must be a mapping"),
])
def test_registry_rejects_a_wrong_scheme(tmp_path: Path, signature: str, message: str) -> None:
    with pytest.raises(SpecError) as caught:
        load_registry(_registry(tmp_path, signature))
    assert message in str(caught.value) and "apis.yaml" in str(caught.value) and "#/apis/demo" in str(caught.value)


def test_openapi_extension_errors_name_the_pointer(tmp_path: Path) -> None:
    spec = tmp_path / "hooks.yaml"
    spec.write_text("openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\n"
                    "x-apigen-webhook-signature: {header: X-Sig, algorithm: sha256, timestamp_unit: hours}\n")
    with pytest.raises(SpecError) as caught:
        load(spec)
    assert str(caught.value).startswith(f"{spec}") and "#/x-apigen-webhook-signature/timestamp_unit" in str(caught.value)


def test_registry_scheme_overrides_the_spec(tmp_path: Path) -> None:
    from generator.ir import WebhookSignature
    from generator.pipeline import Job, build

    spec = tmp_path / "hooks.yaml"
    spec.write_text("openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\n"
                    "x-apigen-webhook-signature: {header: X-Spec, algorithm: sha256}\n")
    plain = build(Job(spec, "hooks", "hooks")).files["hooks/webhooks.py"]
    declared = WebhookSignature("X-Registry", "sha512", "base64", "v1=", "X-Time", "milliseconds", 30, "{timestamp}.{body}")
    overridden = build(Job(spec, "hooks", "hooks", webhook_signature=declared)).files["hooks/webhooks.py"]
    assert 'SIGNATURE_HEADER = "X-Spec"' in plain
    assert 'SIGNATURE_HEADER = "X-Registry"' in overridden and "TOLERANCE: Optional[float] = 30" in overridden
