"""HTTP runtime shared by the clients and their resources: requests, retries, errors, pages."""

from __future__ import annotations

import asyncio
import datetime
import email.utils
import enum
import json
import logging
import random
import re
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Dict, List, Optional, Tuple, Union
from urllib.parse import quote

import httpx
import pydantic

from .errors import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    error_for_status,
)

DEFAULT_TIMEOUT = 60.0
DEFAULT_MAX_RETRIES = 2
INITIAL_RETRY_DELAY = 0.5
MAX_RETRY_DELAY = 8.0
# A server asking for a longer wait than this is not waited for: the error is raised.
MAX_SERVER_WAIT = 60.0
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"})
# Statuses that mean the request was not applied, so any method may be sent again.
NOT_APPLIED_STATUSES = frozenset({408, 429})
# Statuses worth retrying for requests that are safe to repeat.
TRANSIENT_STATUSES = frozenset({409, 500, 502, 503, 504}) | frozenset(range(520, 530))
RATE_LIMIT_RESET_HEADERS = ("x-ratelimit-reset", "x-rate-limit-reset", "ratelimit-reset")


class NotGiven:
    """The type of :data:`NOT_GIVEN`: an argument left out, as opposed to an explicit None."""

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN = NotGiven()

QueryItem = Tuple[str, Any, bool]  # (name, value, explode)
FileContent = Union[bytes, Any]  # bytes or a binary file object
FileTypes = Union[FileContent, Tuple[Optional[str], FileContent], Tuple[Optional[str], FileContent, Optional[str]]]


@dataclass(frozen=True)
class Credential:
    """A configured credential: how the security scheme ``scheme`` sends ``value``."""

    scheme: str
    kind: str  # bearer | basic | api_key
    location: str  # header | query | cookie
    name: str
    value: Any = field(repr=False)


@dataclass(frozen=True)
class Settings:
    """Everything a request needs from the client that sends it."""

    base_url: str
    headers: Mapping[str, str]
    credentials: Tuple[Credential, ...] = field(repr=False)
    default_security: Tuple[Tuple[str, ...], ...]
    timeout: Union[float, httpx.Timeout]
    max_retries: int
    error_message_field: Optional[str] = None
    envelope_data: Optional[str] = None
    envelope_code: Optional[str] = None


def to_jsonable(value: Any) -> Any:
    """``value`` as JSON data: models by wire name, enums by value, dates as ISO text."""
    if isinstance(value, pydantic.BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items() if not isinstance(v, NotGiven)}
    return value


def given(mapping: Mapping[str, Any]) -> Dict[str, Any]:
    """``mapping`` without the arguments that were left out."""
    return {k: v for k, v in mapping.items() if not isinstance(v, NotGiven)}


def scalar_text(value: Any) -> str:
    """How a scalar is written in a path, query string or header."""
    value = to_jsonable(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, separators=(",", ":"))
    return str(value)


def simple_text(value: Any, encode: bool = False) -> str:
    """A path or header value in OpenAPI's ``simple`` style, the default for both: a list's
    items, or an object's keys and values, joined by commas; ``encode`` percent-encodes
    each part (for a path) and keeps the commas."""
    value = to_jsonable(value)
    if isinstance(value, list):
        parts = [scalar_text(item) for item in value]
    elif isinstance(value, dict):
        parts = [text for key, item in value.items() for text in (str(key), scalar_text(item))]
    else:
        parts = [scalar_text(value)]
    return ",".join(quote(part, safe="") if encode else part for part in parts)


def encode_query(items: Sequence[QueryItem]) -> List[Tuple[str, str]]:
    """Query pairs: None and NOT_GIVEN skipped, lists repeated (or comma-joined), dicts as name[key]."""
    pairs: List[Tuple[str, str]] = []
    for name, value, explode in items:
        if value is None or isinstance(value, NotGiven):
            continue
        value = to_jsonable(value)
        if isinstance(value, list):
            if explode:
                pairs.extend((name, scalar_text(v)) for v in value)
            else:
                pairs.append((name, ",".join(scalar_text(v) for v in value)))
        elif isinstance(value, dict):
            pairs.extend((f"{name}[{k}]", scalar_text(v)) for k, v in value.items())
        else:
            pairs.append((name, scalar_text(value)))
    return pairs


# What may stay as written in a path template; anything else (a space, a newline, '?',
# '#', '%', non-ASCII) is percent-encoded so the URL means the path the spec wrote.
_PATH_SAFE = "/:@!$&'()*+,;=-._~"


def format_path(template: str, values: Mapping[str, Any]) -> str:
    """``template`` with each ``{name}`` replaced by its percent-encoded value."""
    if not values:
        return quote(template, safe=_PATH_SAFE)
    placeholders = "|".join(re.escape("{" + name + "}") for name in values)
    pieces = re.split(f"({placeholders})", template)
    return "".join((simple_text(values[piece[1:-1]], encode=True) if index % 2 else quote(piece, safe=_PATH_SAFE))
                   for index, piece in enumerate(pieces))


class _QueryCredentialFilter(logging.Filter):
    """Hides credentials sent in the query string from httpx's request log.

    httpx logs every request's full URL at INFO ("HTTP Request: GET https://...?key=...");
    a client adds the names of the query parameters that carry its credentials.
    """

    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(self._redact(arg) if isinstance(arg, httpx.URL) else arg for arg in record.args)
        return True

    def _redact(self, url: httpx.URL) -> httpx.URL:
        for name in self.names & set(url.params.keys()):
            url = url.copy_set_param(name, "[REDACTED]")
        return url


_QUERY_CREDENTIALS = _QueryCredentialFilter()


def _apply_credentials(settings: Settings, security: Optional[Tuple[Tuple[str, ...], ...]],
                       headers: Dict[str, str], params: List[Tuple[str, str]],
                       cookies: Dict[str, str]) -> Optional[httpx.BasicAuth]:
    """Send the credentials of the first requirement the client can meet in full.

    A requirement is a set of schemes used together (an API key and an app id, say);
    an operation accepts any one of its requirements.
    """
    accepted = settings.default_security if security is None else security
    configured = {c.scheme: c for c in settings.credentials if c.value is not None}
    for requirement in accepted:
        if all(name in configured for name in requirement):
            auth = None
            for name in requirement:
                auth = _send_credential(configured[name], headers, params, cookies) or auth
            return auth
    return None


def _send_credential(credential: Credential, headers: Dict[str, str], params: List[Tuple[str, str]],
                     cookies: Dict[str, str]) -> Optional[httpx.BasicAuth]:
    """Put one credential where its scheme says; basic auth is returned to sign the request."""
    if credential.kind == "basic":
        username, password = credential.value
        return httpx.BasicAuth(username, password)
    if credential.kind == "bearer":
        headers["Authorization"] = f"Bearer {credential.value}"
    elif credential.location == "query":
        logging.getLogger("httpx").addFilter(_QUERY_CREDENTIALS)  # idempotent
        _QUERY_CREDENTIALS.names.add(credential.name)
        params.append((credential.name, str(credential.value)))
    elif credential.location == "cookie":
        cookies[credential.name] = str(credential.value)
    else:
        headers[credential.name] = str(credential.value)
    return None


@dataclass(frozen=True)
class RequestSpec:
    """One call of an operation, before it is sent."""

    method: str
    path: str
    query: Sequence[QueryItem] = ()
    headers: Mapping[str, Any] = field(default_factory=dict)
    cookies: Mapping[str, Any] = field(default_factory=dict)
    json: Any = NOT_GIVEN
    form: Optional[Mapping[str, Any]] = None
    files: Optional[Mapping[str, Any]] = None
    content: Optional[Union[bytes, str]] = None
    content_type: Optional[str] = None
    security: Optional[Tuple[Tuple[str, ...], ...]] = None
    extra_headers: Optional[Mapping[str, str]] = None
    timeout: Union[float, httpx.Timeout, None] = None
    max_retries: Optional[int] = None


def build_request(client: Union[httpx.Client, httpx.AsyncClient], settings: Settings, spec: RequestSpec) -> httpx.Request:
    """The httpx request for ``spec``, credentials and client headers included."""
    headers: Dict[str, str] = dict(settings.headers)
    headers.update({k: simple_text(v) for k, v in spec.headers.items() if v is not None and not isinstance(v, NotGiven)})
    params = encode_query(spec.query)
    cookies = {k: scalar_text(v) for k, v in spec.cookies.items() if v is not None and not isinstance(v, NotGiven)}
    auth = _apply_credentials(settings, spec.security, headers, params, cookies)
    headers.update(spec.extra_headers or {})
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    kwargs: Dict[str, Any] = {}
    if not isinstance(spec.json, NotGiven):
        kwargs["json"] = to_jsonable(spec.json)
    elif spec.files is not None:
        kwargs["files"] = _multipart(spec.files, spec.form or {})
    elif spec.form is not None:
        kwargs["data"] = {k: _form_value(v) for k, v in spec.form.items() if v is not None and not isinstance(v, NotGiven)}
    elif spec.content is not None:
        kwargs["content"] = spec.content
    if spec.content_type and "files" not in kwargs:
        headers.setdefault("Content-Type", spec.content_type)
    timeout = settings.timeout if spec.timeout is None else spec.timeout
    request = client.build_request(spec.method, settings.base_url.rstrip("/") + spec.path, params=tuple(params),
                                   headers=headers, timeout=timeout, **kwargs)
    if auth is not None:
        request = next(auth.auth_flow(request))
    return request


def _multipart(files: Mapping[str, Any], fields: Mapping[str, Any]) -> List[Tuple[str, Any]]:
    """Every part of a multipart body; plain fields are (None, text) parts, so the body is
    multipart even when no file is sent."""
    parts: List[Tuple[str, Any]] = [(k, v) for k, v in files.items() if v is not None and not isinstance(v, NotGiven)]
    for name, value in fields.items():
        if value is None or isinstance(value, NotGiven):
            continue
        value = to_jsonable(value)
        for item in value if isinstance(value, list) else [value]:
            parts.append((name, (None, scalar_text(item))))
    return parts


def _form_value(value: Any) -> Any:
    """A form field: a list repeats the field, anything nested is sent as JSON text."""
    value = to_jsonable(value)
    return [scalar_text(v) for v in value] if isinstance(value, list) else scalar_text(value)


def should_retry(request: httpx.Request, response: Optional[httpx.Response], error: Optional[Exception]) -> bool:
    """Whether sending ``request`` again is safe and worthwhile.

    Requests that may not be repeated (POST, PATCH without an ``Idempotency-Key``) are
    only retried when they provably did not take effect: the connection was never made,
    or the server answered 408 or 429.
    """
    repeatable = request.method in IDEMPOTENT_METHODS or "idempotency-key" in request.headers
    if error is not None:
        not_sent = isinstance(error, (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout))
        return not_sent or (repeatable and isinstance(error, (httpx.TransportError,)))
    if response is None:
        return False
    if response.status_code in NOT_APPLIED_STATUSES:
        return True
    return repeatable and response.status_code in TRANSIENT_STATUSES


def server_wait(response: Optional[httpx.Response]) -> Optional[float]:
    """Seconds the server asks to wait: Retry-After (seconds or HTTP date) or a rate-limit reset."""
    if response is None:
        return None
    retry_after = response.headers.get("retry-after")
    if retry_after:
        try:
            seconds: Optional[float] = float(retry_after)
        except ValueError:
            seconds = _seconds_until(retry_after)
        if seconds is not None and seconds == seconds:  # a malformed value (or NaN) is no answer
            return max(0.0, seconds)
    for name in RATE_LIMIT_RESET_HEADERS:
        value = response.headers.get(name)
        if value and value.replace(".", "", 1).isdigit():
            reset = float(value)
            # Large values are epoch timestamps, small ones a number of seconds.
            return max(0.0, reset - time.time()) if reset > 1_000_000_000 else reset
    return None


def _seconds_until(http_date: str) -> Optional[float]:
    """Seconds from now until ``http_date``; None when it is not a date."""
    try:
        return email.utils.parsedate_to_datetime(http_date).timestamp() - time.time()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def retry_delay(attempt: int, response: Optional[httpx.Response]) -> Optional[float]:
    """Seconds to wait before retry number ``attempt`` (0-based); None: do not retry."""
    wait = server_wait(response)
    if wait is not None:
        return wait if wait <= MAX_SERVER_WAIT else None
    backoff: float = min(MAX_RETRY_DELAY, INITIAL_RETRY_DELAY * 2.0**attempt)
    return backoff * (0.5 + random.random() / 2)  # jitter spreads retries of many clients


@lru_cache(maxsize=None)
def _adapter(kind: Any) -> pydantic.TypeAdapter[Any]:
    return pydantic.TypeAdapter(kind)


def parse_response(settings: Settings, response: httpx.Response, response_type: Any) -> Any:
    """The result of a call: typed errors for failures, the (unwrapped) body parsed otherwise."""
    body = _body(response)
    if response.status_code >= 400:
        raise error_for_status(response, body, _message(settings, body))
    if settings.envelope_code and isinstance(body, dict) and body.get(settings.envelope_code) not in (None, 0, "0"):
        raise APIStatusError(_message(settings, body) or f"{settings.envelope_code} {body.get(settings.envelope_code)}",
                             response=response, body=body)
    if response_type is None:
        return None
    if response_type is bytes:
        return response.content
    if response_type is str:
        return response.text
    if _is_envelope(settings, body):
        body = body[settings.envelope_data]
    if response_type is Any:
        return body
    try:
        return _adapter(response_type).validate_python(body)
    except pydantic.ValidationError as exc:
        raise APIResponseValidationError(f"response does not match {response_type}: {exc}", response=response, body=body) from exc


def _is_envelope(settings: Settings, body: Any) -> bool:
    """Whether ``body`` is the API's wrapper: it has the data field and, when the wrapper has
    one, the code field too (a bare object with its own ``data`` field is not a wrapper)."""
    if not settings.envelope_data or not isinstance(body, dict) or settings.envelope_data not in body:
        return False
    return settings.envelope_code is None or settings.envelope_code in body


def _body(response: httpx.Response) -> Any:
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


def _message(settings: Settings, body: Any) -> Optional[str]:
    if isinstance(body, dict):
        for key in (settings.error_message_field, "message", "msg", "error", "detail"):
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


def next_delay(attempt: int, retries: int, request: httpx.Request, response: Optional[httpx.Response],
               error: Optional[Exception]) -> Optional[float]:
    """Seconds to wait before sending ``request`` again, or None when the attempt was the last."""
    if attempt >= retries or not should_retry(request, response, error):
        return None
    return retry_delay(attempt, response)


def finish(settings: Settings, response: Optional[httpx.Response], error: Optional[Exception],
           response_type: Any) -> Any:
    """The outcome of the last attempt: its parsed result, or the typed error."""
    if error is not None:
        raise _connection_error(error) from error
    assert response is not None
    return parse_response(settings, response, response_type)


class SyncHTTP:
    """Sends requests for a :class:`Client`, with retries."""

    def __init__(self, settings: Settings, client: Optional[httpx.Client]) -> None:
        self.settings = settings
        self._client = client or httpx.Client()
        self._owns_client = client is None

    def __repr__(self) -> str:
        return f"SyncHTTP(base_url={self.settings.base_url!r})"

    def request(self, spec: RequestSpec, response_type: Any) -> Any:
        """Send ``spec`` (retrying as allowed) and parse the response as ``response_type``."""
        request = build_request(self._client, self.settings, spec)
        retries = self.settings.max_retries if spec.max_retries is None else spec.max_retries
        attempt = 0
        while True:
            response, error = None, None
            try:
                response = self._client.send(request)
            except httpx.TransportError as exc:
                error = exc
            delay = next_delay(attempt, retries, request, response, error)
            if delay is None:
                return finish(self.settings, response, error, response_type)
            if response is not None:
                response.close()
            time.sleep(delay)
            attempt += 1

    def paginate(self, fetch: Callable[[int, Optional[int]], Any], items: Optional[str], total: Optional[str],
                 item_type: Any, start: int, limit: Optional[int]) -> Iterator[Any]:
        """Every item of every page, fetched lazily with ``fetch(offset, limit)``."""
        offset: Optional[int] = start
        while offset is not None:
            data = fetch(offset, limit)
            page = dig(data, items) or []
            for item in page:
                yield _adapter(item_type).validate_python(item)
            offset = next_offset(offset, page, data, total, limit)

    def close(self) -> None:
        """Close the connection pool if this client created it."""
        if self._owns_client:
            self._client.close()


class AsyncHTTP:
    """Sends requests for an :class:`AsyncClient`, with retries."""

    def __init__(self, settings: Settings, client: Optional[httpx.AsyncClient]) -> None:
        self.settings = settings
        self._client = client or httpx.AsyncClient()
        self._owns_client = client is None

    def __repr__(self) -> str:
        return f"AsyncHTTP(base_url={self.settings.base_url!r})"

    async def request(self, spec: RequestSpec, response_type: Any) -> Any:
        """Send ``spec`` (retrying as allowed) and parse the response as ``response_type``."""
        request = build_request(self._client, self.settings, spec)
        retries = self.settings.max_retries if spec.max_retries is None else spec.max_retries
        attempt = 0
        while True:
            response, error = None, None
            try:
                response = await self._client.send(request)
            except httpx.TransportError as exc:
                error = exc
            delay = next_delay(attempt, retries, request, response, error)
            if delay is None:
                return finish(self.settings, response, error, response_type)
            if response is not None:
                await response.aclose()
            await asyncio.sleep(delay)
            attempt += 1

    async def paginate(self, fetch: Callable[[int, Optional[int]], Awaitable[Any]], items: Optional[str],
                       total: Optional[str], item_type: Any, start: int, limit: Optional[int]) -> AsyncIterator[Any]:
        """Every item of every page, fetched lazily with ``await fetch(offset, limit)``."""
        offset: Optional[int] = start
        while offset is not None:
            data = await fetch(offset, limit)
            page = dig(data, items) or []
            for item in page:
                yield _adapter(item_type).validate_python(item)
            offset = next_offset(offset, page, data, total, limit)

    async def close(self) -> None:
        """Close the connection pool if this client created it."""
        if self._owns_client:
            await self._client.aclose()


def _connection_error(error: Exception) -> APIConnectionError:
    if isinstance(error, httpx.TimeoutException):
        return APITimeoutError("request timed out")
    return APIConnectionError(f"connection failed: {type(error).__name__}")
