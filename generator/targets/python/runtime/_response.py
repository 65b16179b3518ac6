"""What a response means: a typed error carrying the API's own code and message, or the
(unwrapped) body parsed into its type."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Optional

import httpx
import pydantic

from ._security import redact_url
from .errors import APIResponseValidationError, APIStatusError, error_for_status


@lru_cache(maxsize=None)
def adapter(kind: Any) -> pydantic.TypeAdapter[Any]:
    """A (cached) validator for ``kind``."""
    return pydantic.TypeAdapter(kind)


@dataclass(frozen=True)
class ErrorFields:
    """Where the API's error bodies hold their message, code and details: dotted paths (from
    the error schema the API documents); None looks where APIs usually put them."""

    message: Optional[str] = None
    code: Optional[str] = None
    details: Optional[str] = None


NO_ERROR_FIELDS = ErrorFields()
# Where APIs usually put each part of an error, tried after the documented place.
_USUAL = {
    "message": ("message", "msg", "error_message", "error_description", "error", "error.message", "detail",
                "title"),
    "code": ("code", "error_code", "errorCode", "error.code", "error.type"),
    "details": ("details", "errors", "error.details"),
}


def parse_response(response: httpx.Response, response_type: Any, *, errors: ErrorFields = NO_ERROR_FIELDS,
                   envelope_data: Optional[str] = None, envelope_code: Optional[str] = None,
                   note: str = "") -> Any:
    """The result of a call: typed errors for failures (``note`` says why retrying stopped),
    the (unwrapped) body parsed otherwise.

    A 3xx here is a redirect that was not followed: the call did not do what was asked.
    """
    body = read_body(response)
    if response.status_code >= 300:
        raise status_error(response, body, errors, note)
    if envelope_code and isinstance(body, dict) and body.get(envelope_code) not in (None, 0, "0"):
        message = error_part(body, errors.message, "message", str)
        raise APIStatusError(message or f"{envelope_code} {body.get(envelope_code)}", response=response,
                             body=body, code=body.get(envelope_code), api_message=message)
    if response_type is None:
        return None
    if response_type is bytes:
        return response.content
    if response_type is str:
        return response.text
    if _is_envelope(envelope_data, envelope_code, body):
        body = body[envelope_data]
    return validate(response_type, body, response)


def validate(kind: Any, data: Any, response: httpx.Response, where: str = "response") -> Any:
    """``data`` parsed as ``kind``; APIResponseValidationError (naming ``where``) when it does not match."""
    if kind is Any:
        return data
    try:
        return adapter(kind).validate_python(data)
    except pydantic.ValidationError as exc:
        raise APIResponseValidationError(f"{where} does not match {_type_name(kind)}: {exc}", response=response,
                                         body=data) from exc


def _type_name(kind: Any) -> str:
    """``kind`` as a reader knows it: a class by its name, anything else as Python writes it."""
    return kind.__name__ if isinstance(kind, type) else str(kind)


def status_error(response: httpx.Response, body: Any, errors: ErrorFields, note: str) -> APIStatusError:
    """The typed error for a 3xx (a redirect not followed) or an error status."""
    message = error_part(body, errors.message, "message", str)
    if response.status_code < 400 and not message:
        location = response.headers.get("location")
        message = f"redirect{f' to {redact_url(location)}' if location else ''} not followed"
    return error_for_status(response, body, message, note, code=error_part(body, errors.code, "code", (str, int)),
                            details=error_part(body, errors.details, "details", object))


def error_part(body: Any, documented: Optional[str], part: str, kinds: Any) -> Any:
    """One part of an API error (its message, code or details) from ``body``: at the
    documented key or dotted path, else at the first usual place holding a value of ``kinds``."""
    if not isinstance(body, dict):
        return None
    for path in (documented, *_USUAL[part]):
        # A key that holds a dot itself is a key, not a path.
        value = body.get(path) if path in body else dig(body, path) if path else None
        if value is not None and isinstance(value, kinds) and not isinstance(value, bool):
            return value
    return None


def _is_envelope(data: Optional[str], code: Optional[str], body: Any) -> bool:
    """Whether ``body`` is the API's wrapper: it has the data field and, when the wrapper has
    one, the code field too (a bare object with its own ``data`` field is not a wrapper)."""
    if not data or not isinstance(body, dict) or data not in body:
        return False
    return code is None or code in body


def read_body(response: httpx.Response) -> Any:
    """The body as JSON data when it is JSON (or untyped and parses), else as text."""
    if not response.content:
        return None
    content_type = response.headers.get("content-type", "").lower()  # media types ignore case
    # Servers that answer */* or no type at all usually send JSON; try it before text.
    if "json" in content_type or content_type in ("", "*/*") or content_type.startswith("*/*"):
        try:
            return response.json()
        except ValueError:
            return response.text
    return response.text


def dig(data: Any, path: Optional[str]) -> Any:
    """The value at the dotted ``path`` of ``data`` (``pagination.total``); data itself for None."""
    if path is None:
        return data
    for part in path.split("."):
        data = data.get(part) if isinstance(data, dict) else None
    return data
