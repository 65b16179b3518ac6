"""What a response means: a typed error, or the (unwrapped) body parsed into its type; and
how a listing moves from one page to the next."""

from __future__ import annotations

from functools import lru_cache
from typing import Any, List, Optional

import httpx
import pydantic

from ._security import redact_url
from .errors import APIResponseValidationError, APIStatusError, PaginationError, error_for_status


@lru_cache(maxsize=None)
def adapter(kind: Any) -> pydantic.TypeAdapter[Any]:
    """A (cached) validator for ``kind``."""
    return pydantic.TypeAdapter(kind)


def parse_response(response: httpx.Response, response_type: Any, *, error_message_field: Optional[str] = None,
                   envelope_data: Optional[str] = None, envelope_code: Optional[str] = None,
                   note: str = "") -> Any:
    """The result of a call: typed errors for failures (``note`` says why retrying stopped),
    the (unwrapped) body parsed otherwise.

    A 3xx here is a redirect that was not followed: the call did not do what was asked.
    """
    body = _body(response)
    message = _message(error_message_field, body)
    if response.status_code >= 400:
        raise error_for_status(response, body, message, note)
    if response.status_code >= 300:
        location = response.headers.get("location")
        where = f" to {redact_url(location)}" if location else ""
        raise error_for_status(response, body, message or f"redirect{where} not followed", note)
    if envelope_code and isinstance(body, dict) and body.get(envelope_code) not in (None, 0, "0"):
        raise APIStatusError(message or f"{envelope_code} {body.get(envelope_code)}", response=response, body=body)
    if response_type is None:
        return None
    if response_type is bytes:
        return response.content
    if response_type is str:
        return response.text
    if _is_envelope(envelope_data, envelope_code, body):
        body = body[envelope_data]
    if response_type is Any:
        return body
    try:
        return adapter(response_type).validate_python(body)
    except pydantic.ValidationError as exc:
        raise APIResponseValidationError(f"response does not match {response_type}: {exc}", response=response, body=body) from exc


def _is_envelope(data: Optional[str], code: Optional[str], body: Any) -> bool:
    """Whether ``body`` is the API's wrapper: it has the data field and, when the wrapper has
    one, the code field too (a bare object with its own ``data`` field is not a wrapper)."""
    if not data or not isinstance(body, dict) or data not in body:
        return False
    return code is None or code in body


def _body(response: httpx.Response) -> Any:
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


def _message(field: Optional[str], body: Any) -> Optional[str]:
    """The API's own error message in ``body``: its documented field, or a usual one."""
    if isinstance(body, dict):
        for key in (field, "message", "msg", "error", "detail"):
            if key and isinstance(body.get(key), str):
                return str(body[key])
    return None


def dig(data: Any, path: Optional[str]) -> Any:
    """The value at the dotted ``path`` of ``data`` (``pagination.total``); data itself for None."""
    if path is None:
        return data
    for part in path.split("."):
        data = data.get(part) if isinstance(data, dict) else None
    return data


def next_offset(offset: int, page: List[Any], data: Any, total_path: Optional[str], limit: Optional[int]) -> Optional[int]:
    """The offset of the next page, or None when this page was the last."""
    if not page:
        return None
    offset += len(page)
    total = dig(data, total_path) if total_path else None
    if isinstance(total, int) and offset >= total:
        return None
    if limit is not None and len(page) < limit:
        return None
    return offset


def check_progress(previous: Optional[List[Any]], page: List[Any], offset: int) -> None:
    """Raise PaginationError when ``page`` (at ``offset``) repeats the page before it: a server
    that ignores the offset would otherwise be asked for the same page forever."""
    if page and page == previous:
        raise PaginationError(f"the page at offset {offset} repeats the previous page: the server does not "
                              "advance through the listing (does it ignore the offset?); stopped")
