"""A declared webhook signature scheme (doc spec ``webhook_signature``, OpenAPI
``x-apigen-webhook-signature`` or the registry's ``webhook_signature:``) read and checked."""

from __future__ import annotations

from typing import Any, Callable

from generator.diagnostics import SpecError
from generator.ir import WebhookSignature

ALGORITHMS = ("sha1", "sha256", "sha512")
ENCODINGS = ("hex", "base64")
UNITS = ("seconds", "milliseconds")
KEYS = ("header", "algorithm", "encoding", "prefix", "timestamp_header", "timestamp_unit", "tolerance", "payload")


def read(raw: Any, error: Callable[[str, str], SpecError]) -> WebhookSignature | None:
    """The scheme ``raw`` declares (None when absent). ``error(key, message)`` makes the
    SpecError for a wrong ``key`` ("" for the declaration itself), naming where it is."""
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise error("", "a webhook signature must be a mapping with header and algorithm")
    for key in raw:
        if key not in KEYS:
            raise error(str(key), f"unknown webhook signature key {key!r} (known: {', '.join(KEYS)})")
    header = _text(raw, "header", error, required=True)
    algorithm = _choice(raw, "algorithm", ALGORITHMS, None, error)
    encoding = _choice(raw, "encoding", ENCODINGS, "hex", error)
    stamp = _text(raw, "timestamp_header", error) or None
    unit = _choice(raw, "timestamp_unit", UNITS, "seconds", error)
    tolerance = raw.get("tolerance")
    if tolerance is not None and (isinstance(tolerance, bool) or not isinstance(tolerance, int) or tolerance <= 0):
        raise error("tolerance", "tolerance must be a positive whole number of seconds")
    payload = _text(raw, "payload", error) or "{body}"
    _check_payload(payload, stamp, error)
    if tolerance is not None and stamp is None:
        raise error("tolerance", "a tolerance needs a timestamp_header to read the delivery's time from")
    return WebhookSignature(header, str(algorithm), str(encoding), _text(raw, "prefix", error), stamp,
                            str(unit), tolerance, payload)


def _text(raw: dict[str, Any], key: str, error: Callable[[str, str], SpecError], *, required: bool = False) -> str:
    value = raw.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip() and required:
        raise error(key, f"{key} must be {'a non-empty' if required else 'a'} string")
    return value


def _choice(raw: dict[str, Any], key: str, allowed: tuple[str, ...], default: str | None,
            error: Callable[[str, str], SpecError]) -> str:
    value = raw.get(key, default)
    if value not in allowed:
        raise error(key, f"{key} must be one of {', '.join(allowed)}, not {value!r}")
    return str(value)


def _check_payload(payload: str, stamp: str | None, error: Callable[[str, str], SpecError]) -> None:
    """The signed-payload template names {body} once, and {timestamp} only with a timestamp header."""
    rest = payload.replace("{body}", "").replace("{timestamp}", "")
    if payload.count("{body}") != 1 or "{" in rest or "}" in rest:
        raise error("payload", "payload must contain {body} once and no placeholder but {timestamp}, "
                    "e.g. '{timestamp}:{body}'")
    if "{timestamp}" in payload and stamp is None:
        raise error("payload", "a payload with {timestamp} needs a timestamp_header")
