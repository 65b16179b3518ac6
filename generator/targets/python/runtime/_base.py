"""HTTP runtime shared by the clients and their resources: requests, retries, errors, pages.

The generated client passes its per-API facts in :class:`Settings`; each call is a
:class:`RequestSpec` sent by :class:`SyncHTTP` or :class:`AsyncHTTP`. How values are
written is in ``_encoding``, credentials and origins in ``_security``, the retry policy and
deadlines in ``_retry``, reading responses and pages in ``_response``.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple, Union

import httpx

from ._encoding import (
    NOT_GIVEN,
    FileTypes,
    NotGiven,
    QueryItem,
    check_headers,
    cookie_header,
    encode_query,
    form_value,
    format_path,
    given,
    multipart,
    present,
    scalar_text,
    simple_text,
    to_jsonable,
)
from ._response import adapter, check_progress, dig, next_offset, parse_response
from ._retry import INITIAL_RETRY_DELAY, MAX_RETRY_DELAY, MAX_SERVER_WAIT, Deadline, next_delay, retry_delay
from ._security import (
    Credential,
    apply_credentials,
    check_origin,
    hide_in_logs,
    origin,
    redact_headers,
    redact_url,
    redirect_request,
)
from .errors import APIConnectionError, APITimeoutError

DEFAULT_TIMEOUT = 60.0
DEFAULT_MAX_RETRIES = 2

__all__ = [  # what generated modules and tests import from here
    "DEFAULT_TIMEOUT", "DEFAULT_MAX_RETRIES", "INITIAL_RETRY_DELAY", "MAX_RETRY_DELAY", "MAX_SERVER_WAIT",
    "NOT_GIVEN", "NotGiven", "FileTypes", "QueryItem", "Credential", "Settings", "RequestSpec", "SyncHTTP",
    "AsyncHTTP", "format_path", "given", "to_jsonable", "scalar_text", "simple_text", "encode_query",
    "build_request", "retry_delay",
]


@dataclass(frozen=True)
class Settings:
    """Everything a request needs from the client that sends it.

    ``timeout`` in seconds (a number) is a deadline for each whole call: connecting, sending,
    reading the body, every retry and every wait between them. An ``httpx.Timeout`` keeps
    httpx's meaning instead: limits per phase and per read, none on the call as a whole.
    """

    base_url: str
    headers: Mapping[str, str]
    credentials: Tuple[Credential, ...]
    default_security: Tuple[Tuple[str, ...], ...]
    timeout: Union[float, httpx.Timeout]
    max_retries: int
    error_message_field: Optional[str] = None
    envelope_data: Optional[str] = None
    envelope_code: Optional[str] = None

    def __repr__(self) -> str:
        # Userinfo in the URL and client header values may be secrets; credentials always are.
        return (f"Settings(base_url={self.safe_base_url!r}, headers={redact_headers(self.headers)!r}, "
                f"timeout={self.timeout!r}, max_retries={self.max_retries!r})")

    @property
    def safe_base_url(self) -> str:
        """The base URL with any ``user:password@`` hidden, for reprs and messages."""
        return redact_url(self.base_url)


@dataclass(frozen=True)
class RequestSpec:
    """One call of an operation, before it is sent.

    ``timeout`` and ``max_retries`` override the client's for this call; a ``timeout`` in
    seconds bounds the whole call, retries and waits included, an ``httpx.Timeout`` limits
    each phase as httpx does (see :class:`Settings`).
    """

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
    """The httpx request for ``spec``, credentials and client headers included.

    Raises ValueError, before anything is sent, for a request that would not mean what
    the caller asked: a header split by a line break, or a path that leaves the API's origin.
    """
    headers: Dict[str, str] = dict(settings.headers)
    headers.update({k: simple_text(v) for k, v in present(spec.headers).items()})
    params = encode_query(spec.query)
    cookies = {k: scalar_text(v) for k, v in present(spec.cookies).items()}
    accepted = settings.default_security if spec.security is None else spec.security
    auth = apply_credentials(settings.credentials, accepted, headers, params, cookies)
    headers.update(spec.extra_headers or {})
    if cookies:
        headers["Cookie"] = cookie_header(cookies)
    kwargs: Dict[str, Any] = {}
    if not isinstance(spec.json, NotGiven):
        kwargs["json"] = to_jsonable(spec.json)
    elif spec.files is not None:
        kwargs["files"] = multipart(spec.files, spec.form or {})
    elif spec.form is not None:
        kwargs["data"] = {k: form_value(v) for k, v in present(spec.form).items()}
    elif spec.content is not None:
        kwargs["content"] = spec.content
    if spec.content_type and "files" not in kwargs:
        headers.setdefault("Content-Type", spec.content_type)
    check_headers(headers)
    if "@" in settings.base_url:
        hide_in_logs(())  # a password in the URL stays out of httpx's log
    timeout = settings.timeout if spec.timeout is None else spec.timeout
    request = client.build_request(spec.method, settings.base_url.rstrip("/") + spec.path, params=tuple(params),
                                   headers=headers, timeout=timeout, **kwargs)
    check_origin(request.url, settings.base_url)
    if auth is not None:
        request = next(auth.auth_flow(request))
    return request


def finish(settings: Settings, response: Optional[httpx.Response], error: Optional[Exception],
           response_type: Any, note: str = "") -> Any:
    """The outcome of the last attempt: its parsed result, or the typed error (with ``note``
    saying why no further attempt was made)."""
    if error is not None:
        raise _connection_error(error, note) from error
    assert response is not None
    return parse_response(response, response_type, error_message_field=settings.error_message_field,
                          envelope_data=settings.envelope_data, envelope_code=settings.envelope_code, note=note)


def _connection_error(error: Exception, note: str) -> APIConnectionError:
    """The typed error for a failed exchange (its text never holds the URL or headers)."""
    suffix = f" ({note})" if note else ""
    if isinstance(error, httpx.TimeoutException):
        return APITimeoutError("request timed out" + suffix)
    return APIConnectionError(f"connection failed: {type(error).__name__}{suffix}")


def _attempt_timeout(request: httpx.Request, deadline: Deadline) -> None:
    """Let no phase of the next attempt outlast the call's deadline."""
    remaining = deadline.remaining()
    if remaining is not None:
        request.extensions["timeout"] = httpx.Timeout(remaining).as_dict()


def _follows(client: Union[httpx.Client, httpx.AsyncClient], response: httpx.Response, hops: int) -> bool:
    """Whether to follow ``response``: only when the user's http client was made to follow
    redirects, and for no more than its ``max_redirects``."""
    return response.is_redirect and client.follow_redirects and hops < client.max_redirects


def _auth_for(settings: Settings, request: httpx.Request) -> Any:
    """The http client's own auth for a request to the API's origin; none elsewhere."""
    return httpx.USE_CLIENT_DEFAULT if origin(request.url) == origin(httpx.URL(settings.base_url)) else None


class _DeadlineStream(httpx.SyncByteStream):
    """A response body that fails once the call's deadline passes: httpx's read timeout is
    per chunk, so a server sending a byte at a time could hold the call forever."""

    def __init__(self, inner: httpx.SyncByteStream, deadline: Deadline, request: httpx.Request) -> None:
        self.inner, self.deadline, self.request = inner, deadline, request

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self.inner:
            self.deadline.check(self.request)
            yield chunk

    def close(self) -> None:
        self.inner.close()


class _AsyncDeadlineStream(httpx.AsyncByteStream):
    """:class:`_DeadlineStream` for the async client."""

    def __init__(self, inner: httpx.AsyncByteStream, deadline: Deadline, request: httpx.Request) -> None:
        self.inner, self.deadline, self.request = inner, deadline, request

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self.inner:
            self.deadline.check(self.request)
            yield chunk

    async def aclose(self) -> None:
        await self.inner.aclose()


class SyncHTTP:
    """Sends requests for a :class:`Client`, with retries."""

    def __init__(self, settings: Settings, client: Optional[httpx.Client]) -> None:
        check_headers(settings.headers)
        self.settings = settings
        self._client = client or httpx.Client()
        self._owns_client = client is None

    def __repr__(self) -> str:
        return f"SyncHTTP(base_url={self.settings.safe_base_url!r})"

    def request(self, spec: RequestSpec, response_type: Any) -> Any:
        """Send ``spec`` (retrying as allowed) and parse the response as ``response_type``."""
        deadline = Deadline.start(self.settings.timeout if spec.timeout is None else spec.timeout)
        request = build_request(self._client, self.settings, spec)
        retries = self.settings.max_retries if spec.max_retries is None else spec.max_retries
        attempt = 0
        while True:
            response, error = None, None
            try:
                response = self._exchange(request, deadline)
            except httpx.TransportError as exc:
                error = exc
            delay, note = next_delay(attempt, retries, request, response, error, deadline)
            if delay is None:
                return finish(self.settings, response, error, response_type, note)
            time.sleep(delay)
            attempt += 1

    def _exchange(self, request: httpx.Request, deadline: Deadline) -> httpx.Response:
        """One attempt: send, follow the redirects the http client allows, read the body."""
        hops = 0
        while True:
            _attempt_timeout(request, deadline)
            response = self._client.send(request, stream=True, follow_redirects=False,
                                         auth=_auth_for(self.settings, request))
            follow = _follows(self._client, response, hops)
            next_request = redirect_request(request, response, self.settings.base_url,
                                            self.settings.credentials) if follow else None
            if next_request is None:
                break
            response.close()
            request, hops = next_request, hops + 1
        try:
            if deadline.at is not None and isinstance(response.stream, httpx.SyncByteStream):
                response.stream = _DeadlineStream(response.stream, deadline, request)
            response.read()
        finally:
            response.close()
        return response

    def paginate(self, fetch: Callable[[int, Optional[int]], Any], items: Optional[str], total: Optional[str],
                 item_type: Any, start: int, limit: Optional[int]) -> Iterator[Any]:
        """Every item of every page, fetched lazily with ``fetch(offset, limit)``; a page that
        repeats the previous one raises PaginationError."""
        offset: Optional[int] = start
        previous: Optional[List[Any]] = None
        while offset is not None:
            data = fetch(offset, limit)
            page = dig(data, items) or []
            check_progress(previous, page, offset)
            for item in page:
                yield adapter(item_type).validate_python(item)
            offset, previous = next_offset(offset, page, data, total, limit), page

    def close(self) -> None:
        """Close the connection pool if this client created it."""
        if self._owns_client:
            self._client.close()


class AsyncHTTP:
    """Sends requests for an :class:`AsyncClient`, with retries."""

    def __init__(self, settings: Settings, client: Optional[httpx.AsyncClient]) -> None:
        check_headers(settings.headers)
        self.settings = settings
        self._client = client or httpx.AsyncClient()
        self._owns_client = client is None

    def __repr__(self) -> str:
        return f"AsyncHTTP(base_url={self.settings.safe_base_url!r})"

    async def request(self, spec: RequestSpec, response_type: Any) -> Any:
        """Send ``spec`` (retrying as allowed) and parse the response as ``response_type``."""
        deadline = Deadline.start(self.settings.timeout if spec.timeout is None else spec.timeout)
        request = build_request(self._client, self.settings, spec)
        retries = self.settings.max_retries if spec.max_retries is None else spec.max_retries
        attempt = 0
        while True:
            response, error = None, None
            try:
                response = await self._exchange(request, deadline)
            except httpx.TransportError as exc:
                error = exc
            delay, note = next_delay(attempt, retries, request, response, error, deadline)
            if delay is None:
                return finish(self.settings, response, error, response_type, note)
            await asyncio.sleep(delay)
            attempt += 1

    async def _exchange(self, request: httpx.Request, deadline: Deadline) -> httpx.Response:
        """One attempt: send, follow the redirects the http client allows, read the body."""
        hops = 0
        while True:
            _attempt_timeout(request, deadline)
            response = await self._client.send(request, stream=True, follow_redirects=False,
                                               auth=_auth_for(self.settings, request))
            follow = _follows(self._client, response, hops)
            next_request = redirect_request(request, response, self.settings.base_url,
                                            self.settings.credentials) if follow else None
            if next_request is None:
                break
            await response.aclose()
            request, hops = next_request, hops + 1
        try:
            if deadline.at is not None and isinstance(response.stream, httpx.AsyncByteStream):
                response.stream = _AsyncDeadlineStream(response.stream, deadline, request)
            await response.aread()
        finally:
            await response.aclose()
        return response

    async def paginate(self, fetch: Callable[[int, Optional[int]], Awaitable[Any]], items: Optional[str],
                       total: Optional[str], item_type: Any, start: int, limit: Optional[int]) -> AsyncIterator[Any]:
        """Every item of every page, fetched lazily with ``await fetch(offset, limit)``; a page
        that repeats the previous one raises PaginationError."""
        offset: Optional[int] = start
        previous: Optional[List[Any]] = None
        while offset is not None:
            data = await fetch(offset, limit)
            page = dig(data, items) or []
            check_progress(previous, page, offset)
            for item in page:
                yield adapter(item_type).validate_python(item)
            offset, previous = next_offset(offset, page, data, total, limit), page

    async def close(self) -> None:
        """Close the connection pool if this client created it."""
        if self._owns_client:
            await self._client.aclose()
