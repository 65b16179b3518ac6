"""Sending calls: :class:`SyncHTTP` and :class:`AsyncHTTP` send each attempt, follow the
redirects allowed, wait and retry as ``_retry`` decides, log what happens, and hand back an
:class:`APIResponse` (or raise the typed error)."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import replace
from typing import Any, Optional, Tuple, Union

import httpx

from ._api_response import RESPONSE_MODE, STREAM, APIResponse, AsyncAPIResponse
from ._encoding import NotGiven, check_headers
from ._logs import logger, safe_headers, safe_url
from ._pagination import AsyncPage, PageRequest, Paging, SyncPage, first_request
from ._request import DEFAULT_TIMEOUT, RequestSpec, Settings, Timeout, build_request, call_timeout
from ._response import read_body, status_error
from . import _retry
from ._retry import Deadline, next_delay
from ._security import REDACTED, Credential, aresolve_credentials, base_origin, origin, redirect_request, resolve_credentials
from ._streaming import AsyncStream, Stream
from .errors import APIConnectionError, APITimeoutError

EVENT_STREAM = "text/event-stream"


def client_timeout(timeout: Union[Timeout, NotGiven], http_client: Optional[Union[httpx.Client, httpx.AsyncClient]]) -> Timeout:
    """A client's timeout: the one given; else the injected http client's own; else the default."""
    if not isinstance(timeout, NotGiven):
        return timeout
    return http_client.timeout if http_client is not None else DEFAULT_TIMEOUT


class _Call:
    """One call's progress through its attempts: when to stop, what to log, what to raise."""

    def __init__(self, settings: Settings, spec: RequestSpec, request: httpx.Request,
                 credentials: Tuple[Credential, ...]) -> None:
        self.settings, self.request = settings, request
        self.credentials = credentials  # the values this call sends, hidden in its errors
        self.deadline = Deadline.start(call_timeout(settings, spec))
        self.retries = settings.max_retries if spec.max_retries is None else spec.max_retries
        self.attempt = 0
        self.started = _retry.now()
        self.note = ""  # why the call stopped retrying, for the error's message

    def sending(self) -> None:
        """Note the start of an attempt (and log it, with credentials hidden)."""
        self.started = _retry.now()
        _attempt_timeout(self.request, self.deadline)
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug("request: %s %s (attempt %d of %d) headers=%s", self.request.method, self._url(),
                         self.attempt + 1, self.retries + 1, safe_headers(self.request.headers))

    def next_delay(self, response: Optional[httpx.Response], error: Optional[Exception]) -> Optional[float]:
        """Seconds to wait before the next attempt; None when the call is over."""
        delay, self.note = next_delay(self.attempt, self.retries, self.request, response, error, self.deadline)
        outcome = f"{response.status_code} {response.reason_phrase}" if response is not None else _cause(error)
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug("response: %s %s -> %s in %.3f s", self.request.method, self._url(), outcome, self.elapsed)
        if delay is not None:
            self.attempt += 1
            logger.info("retrying %s %s in %.2f s after %s (attempt %d of %d)", self.request.method, self._url(),
                        delay, outcome, self.attempt + 1, self.retries + 1)
        elif self.note:
            logger.info("%s %s: %s", self.request.method, self._url(), self.note)
        return delay

    @property
    def elapsed(self) -> float:
        return _retry.now() - self.started

    def finish(self, response: Optional[httpx.Response], error: Optional[Exception]) -> httpx.Response:
        """The last attempt's successful response, or its typed error raised."""
        if error is not None:
            raise self._connection_error(error) from error
        assert response is not None
        if response.status_code >= 300:
            raise status_error(response, read_body(response), self.settings.errors, self.note)
        return response

    def _url(self) -> str:
        return safe_url(self.request.url, self.settings.secret_params)

    def _connection_error(self, error: Exception) -> APIConnectionError:
        """The typed error for a failed exchange: method, URL and cause, credentials hidden."""
        cause = _cause(error)
        for credential in self.credentials:
            for secret in credential.value if isinstance(credential.value, tuple) else (credential.value,):
                cause = cause.replace(str(secret), REDACTED) if secret else cause
        what = f"{self.request.method} {self._url()}: {cause}" + (f" ({self.note})" if self.note else "")
        kind = APITimeoutError if isinstance(error, httpx.TimeoutException) else APIConnectionError
        text = "request timed out" if kind is APITimeoutError else "connection failed"
        return kind(f"{text}: {what}", method=self.request.method, url=self._url(), cause=error)


def _cause(error: Optional[Exception]) -> str:
    """``ConnectError: [Errno 111] Connection refused``: an exception's kind and words."""
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__


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
    return httpx.USE_CLIENT_DEFAULT if origin(request.url) == base_origin(settings.base_url) else None


def _streams(response: httpx.Response, stream: bool) -> bool:
    """Whether ``response``'s body is handed over unread: a streamed success."""
    return stream and 200 <= response.status_code < 300


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

    def with_settings(self, settings: Settings) -> SyncHTTP:
        """A sender with other settings over the same connection pool (which it does not close)."""
        copy = SyncHTTP(settings, self._client)
        copy._owns_client = False
        return copy

    def request(self, spec: RequestSpec, response_type: Any) -> Any:
        """Send ``spec`` and return the result parsed as ``response_type`` (or, called through
        ``with_raw_response`` or ``with_streaming_response``, its :class:`APIResponse`)."""
        mode = RESPONSE_MODE.get()
        response = self.send(spec, response_type, stream=mode == STREAM)
        return response if mode else response.parse()

    def send(self, spec: RequestSpec, response_type: Any, stream: bool = False) -> APIResponse[Any]:
        """Send ``spec``, retrying as allowed; the final answer (its body unread when ``stream``)."""
        credentials = resolve_credentials(self.settings.credentials)
        call = _Call(self.settings, spec, build_request(self._client, self.settings, spec, credentials), credentials)
        while True:
            call.sending()
            response, error = None, None
            try:
                response = self._exchange(call.request, call.deadline, stream)
            except httpx.TransportError as exc:
                error = exc
            delay = call.next_delay(response, error)
            if delay is None:
                return APIResponse(call.finish(response, error), response_type, self.settings,
                                   elapsed=call.elapsed, retries_taken=call.attempt)
            if response is not None:
                response.close()
            time.sleep(delay)

    def _exchange(self, request: httpx.Request, deadline: Deadline, stream: bool) -> httpx.Response:
        """One attempt: send, follow the redirects the http client allows, read the body
        (unless it is a success to be streamed)."""
        hops = 0
        while True:
            response = self._client.send(request, stream=True, follow_redirects=False,
                                         auth=_auth_for(self.settings, request))
            follow = _follows(self._client, response, hops)
            next_request = redirect_request(request, response, self.settings.base_url,
                                            self.settings.credentials) if follow else None
            if next_request is None:
                break
            response.close()
            request, hops = next_request, hops + 1
        if _streams(response, stream):
            return response
        try:
            if deadline.at is not None and isinstance(response.stream, httpx.SyncByteStream):
                response.stream = _DeadlineStream(response.stream, deadline, request)
            response.read()
        finally:
            response.close()
        return response

    def paginate(self, fetch: Callable[[PageRequest], APIResponse[Any]], paging: Paging, item_type: Any,
                 page_size: Optional[int]) -> SyncPage[Any]:
        """The first page of a listing (``fetch`` gets each page); iterate it for every item."""
        return SyncPage(fetch, paging, item_type, first_request(paging, page_size))

    def stream_events(self, spec: RequestSpec, event_type: Any) -> Stream[Any]:
        """The server-sent events answering ``spec``, each parsed as ``event_type``."""
        return Stream(self.send(replace(spec, accept=EVENT_STREAM), Any, stream=True), event_type)

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

    def with_settings(self, settings: Settings) -> AsyncHTTP:
        """A sender with other settings over the same connection pool (which it does not close)."""
        copy = AsyncHTTP(settings, self._client)
        copy._owns_client = False
        return copy

    async def request(self, spec: RequestSpec, response_type: Any) -> Any:
        """Send ``spec`` and return the result parsed as ``response_type`` (or its
        :class:`AsyncAPIResponse`, see :meth:`SyncHTTP.request`)."""
        mode = RESPONSE_MODE.get()
        response = await self.send(spec, response_type, stream=mode == STREAM)
        return response if mode else await response.parse()

    async def send(self, spec: RequestSpec, response_type: Any, stream: bool = False) -> AsyncAPIResponse[Any]:
        """Send ``spec``, retrying as allowed; the final answer (its body unread when ``stream``)."""
        credentials = await aresolve_credentials(self.settings.credentials)
        call = _Call(self.settings, spec, build_request(self._client, self.settings, spec, credentials), credentials)
        while True:
            call.sending()
            response, error = None, None
            try:
                response = await self._exchange(call.request, call.deadline, stream)
            except httpx.TransportError as exc:
                error = exc
            delay = call.next_delay(response, error)
            if delay is None:
                return AsyncAPIResponse(call.finish(response, error), response_type, self.settings,
                                        elapsed=call.elapsed, retries_taken=call.attempt)
            if response is not None:
                await response.aclose()
            await asyncio.sleep(delay)

    async def _exchange(self, request: httpx.Request, deadline: Deadline, stream: bool) -> httpx.Response:
        """One attempt: send, follow the redirects the http client allows, read the body
        (unless it is a success to be streamed)."""
        hops = 0
        while True:
            response = await self._client.send(request, stream=True, follow_redirects=False,
                                               auth=_auth_for(self.settings, request))
            follow = _follows(self._client, response, hops)
            next_request = redirect_request(request, response, self.settings.base_url,
                                            self.settings.credentials) if follow else None
            if next_request is None:
                break
            await response.aclose()
            request, hops = next_request, hops + 1
        if _streams(response, stream):
            return response
        try:
            if deadline.at is not None and isinstance(response.stream, httpx.AsyncByteStream):
                response.stream = _AsyncDeadlineStream(response.stream, deadline, request)
            await response.aread()
        finally:
            await response.aclose()
        return response

    def paginate(self, fetch: Callable[[PageRequest], Awaitable[AsyncAPIResponse[Any]]], paging: Paging,
                 item_type: Any, page_size: Optional[int]) -> AsyncPage[Any]:
        """The first page of a listing, fetched when awaited or iterated (``async for``)."""
        return AsyncPage(fetch, paging, item_type, first_request(paging, page_size))

    async def stream_events(self, spec: RequestSpec, event_type: Any) -> AsyncStream[Any]:
        """The server-sent events answering ``spec``, each parsed as ``event_type``."""
        return AsyncStream(await self.send(replace(spec, accept=EVENT_STREAM), Any, stream=True), event_type)

    async def close(self) -> None:
        """Close the connection pool if this client created it."""
        if self._owns_client:
            await self._client.aclose()
