"""The HTTP response behind a call: ``with_raw_response`` and ``with_streaming_response``.

``client.sites.with_raw_response.get(...)`` returns an :class:`APIResponse` (its headers,
status, elapsed time and request id, and ``parse()`` for the typed result);
``with_streaming_response`` returns it in a context manager before the body is read, to be
read incrementally (``iter_bytes``, ``iter_lines``, ``write_to_file``). The wrappers keep
each method's signature for type checkers (a ``ParamSpec``), and tell the runtime which
form to return through a context variable, so the generated methods stay one code path.
"""

from __future__ import annotations

import datetime
import functools
import os
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextvars import ContextVar
from types import TracebackType
from typing import Any, Generic, Optional, ParamSpec, Tuple, Type, TypeVar, Union, cast

import httpx

from ._request import Settings
from ._response import parse_response
from .errors import request_id_of

T = TypeVar("T")
P = ParamSpec("P")
# How the method being called returns: parsed (""), RAW (an APIResponse) or STREAM (one
# whose body is still unread). Set by the wrappers below, read by the HTTP client.
RAW, STREAM = "raw", "stream"
RESPONSE_MODE: ContextVar[str] = ContextVar("response_mode", default="")


class _Response:
    """What sync and async responses share: the exchange's facts and the typed parse."""

    def __init__(self, response: httpx.Response, response_type: Any, settings: Settings, *,
                 elapsed: float = 0.0, retries_taken: int = 0) -> None:
        self.http_response = response
        self._type = response_type
        self._settings = settings
        self._elapsed = elapsed
        self.retries_taken = retries_taken
        """How many times the request was sent again before this answer."""

    def __repr__(self) -> str:
        return f"<{type(self).__name__} [{self.status_code} {self.http_response.reason_phrase}] type={self._type}>"

    @property
    def headers(self) -> httpx.Headers:
        """The response headers (``X-RateLimit-Remaining`` and the like)."""
        return self.http_response.headers

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def url(self) -> httpx.URL:
        return self.http_response.url

    @property
    def method(self) -> str:
        return self.http_response.request.method

    @property
    def elapsed(self) -> datetime.timedelta:
        """Time from sending the request to receiving the response (its body too, unless streamed)."""
        return datetime.timedelta(seconds=self._elapsed)

    @property
    def secret_params(self) -> Tuple[str, ...]:
        """The query parameters that carry the client's credentials (hidden in messages)."""
        return self._settings.secret_params

    @property
    def request_id(self) -> Optional[str]:
        """The server's id of this request (``x-request-id`` or the like), if it sent one."""
        return request_id_of(self.http_response.headers)

    def _parse_read(self) -> Any:
        """The typed result of a response whose body has been read."""
        return parse_response(self.http_response, self._type, errors=self._settings.errors,
                              envelope_data=self._settings.envelope_data,
                              envelope_code=self._settings.envelope_code)


class APIResponse(_Response, Generic[T]):
    """A call's response. ``parse()`` gives what the method itself returns."""

    def parse(self) -> T:
        """The typed result (reading the body first if it is still being streamed)."""
        self.http_response.read()
        return cast(T, self._parse_read())

    def read(self) -> bytes:
        """The whole body."""
        return self.http_response.read()

    def text(self) -> str:
        self.read()
        return self.http_response.text

    def json(self) -> Any:
        self.read()
        return self.http_response.json()

    def iter_bytes(self, chunk_size: Optional[int] = None) -> Iterator[bytes]:
        """The body as it arrives, decoded (gzip and the like), in chunks."""
        return self.http_response.iter_bytes(chunk_size)

    def iter_text(self, chunk_size: Optional[int] = None) -> Iterator[str]:
        return self.http_response.iter_text(chunk_size)

    def iter_lines(self) -> Iterator[str]:
        return self.http_response.iter_lines()

    def write_to_file(self, path: Union[str, os.PathLike[str]]) -> None:
        """Stream the body into the file at ``path``, never holding all of it in memory."""
        with open(path, "wb") as file:
            for chunk in self.iter_bytes():
                file.write(chunk)

    def close(self) -> None:
        self.http_response.close()


class AsyncAPIResponse(_Response, Generic[T]):
    """An async call's response: :class:`APIResponse` with coroutines that read the body."""

    async def parse(self) -> T:
        await self.http_response.aread()
        return cast(T, self._parse_read())

    async def read(self) -> bytes:
        return await self.http_response.aread()

    async def text(self) -> str:
        await self.read()
        return self.http_response.text

    async def json(self) -> Any:
        await self.read()
        return self.http_response.json()

    def iter_bytes(self, chunk_size: Optional[int] = None) -> AsyncIterator[bytes]:
        return self.http_response.aiter_bytes(chunk_size)

    def iter_text(self, chunk_size: Optional[int] = None) -> AsyncIterator[str]:
        return self.http_response.aiter_text(chunk_size)

    def iter_lines(self) -> AsyncIterator[str]:
        return self.http_response.aiter_lines()

    async def write_to_file(self, path: Union[str, os.PathLike[str]]) -> None:
        """Stream the body into the file at ``path``."""
        with open(path, "wb") as file:
            async for chunk in self.iter_bytes():
                file.write(chunk)

    async def close(self) -> None:
        await self.http_response.aclose()


class StreamedResponse(Generic[T]):
    """``with client.x.with_streaming_response.get(...) as response:`` sends the request on
    entering and closes the response on leaving, read or not."""

    def __init__(self, call: Callable[[], APIResponse[T]]) -> None:
        self._call = call
        self._response: Optional[APIResponse[T]] = None

    def __enter__(self) -> APIResponse[T]:
        self._response = self._call()
        return self._response

    def __exit__(self, kind: Optional[Type[BaseException]], error: Optional[BaseException],
                 traceback: Optional[TracebackType]) -> None:
        if self._response is not None:
            self._response.close()


class AsyncStreamedResponse(Generic[T]):
    """:class:`StreamedResponse` for the async client (``async with``)."""

    def __init__(self, call: Callable[[], Awaitable[AsyncAPIResponse[T]]]) -> None:
        self._call = call
        self._response: Optional[AsyncAPIResponse[T]] = None

    async def __aenter__(self) -> AsyncAPIResponse[T]:
        self._response = await self._call()
        return self._response

    async def __aexit__(self, kind: Optional[Type[BaseException]], error: Optional[BaseException],
                        traceback: Optional[TracebackType]) -> None:
        if self._response is not None:
            await self._response.close()


def to_raw_response(method: Callable[P, T]) -> Callable[P, APIResponse[T]]:
    """``method`` returning its :class:`APIResponse` instead of the parsed result."""

    @functools.wraps(method)
    def raw(*args: P.args, **kwargs: P.kwargs) -> APIResponse[T]:
        token = RESPONSE_MODE.set(RAW)
        try:
            return cast(APIResponse[T], method(*args, **kwargs))
        finally:
            RESPONSE_MODE.reset(token)

    return raw


def to_streamed_response(method: Callable[P, T]) -> Callable[P, StreamedResponse[T]]:
    """``method`` returning a context manager of its unread :class:`APIResponse`."""

    @functools.wraps(method)
    def streamed(*args: P.args, **kwargs: P.kwargs) -> StreamedResponse[T]:
        def call() -> APIResponse[T]:
            token = RESPONSE_MODE.set(STREAM)
            try:
                return cast(APIResponse[T], method(*args, **kwargs))
            finally:
                RESPONSE_MODE.reset(token)

        return StreamedResponse(call)

    return streamed


def async_to_raw_response(method: Callable[P, Awaitable[T]]) -> Callable[P, Awaitable[AsyncAPIResponse[T]]]:
    """:func:`to_raw_response` for async methods."""

    @functools.wraps(method)
    async def raw(*args: P.args, **kwargs: P.kwargs) -> AsyncAPIResponse[T]:
        token = RESPONSE_MODE.set(RAW)
        try:
            return cast(AsyncAPIResponse[T], await method(*args, **kwargs))
        finally:
            RESPONSE_MODE.reset(token)

    return raw


def async_to_streamed_response(method: Callable[P, Awaitable[T]]) -> Callable[P, AsyncStreamedResponse[T]]:
    """:func:`to_streamed_response` for async methods (``async with``)."""

    @functools.wraps(method)
    def streamed(*args: P.args, **kwargs: P.kwargs) -> AsyncStreamedResponse[T]:
        async def call() -> AsyncAPIResponse[T]:
            token = RESPONSE_MODE.set(STREAM)
            try:
                return cast(AsyncAPIResponse[T], await method(*args, **kwargs))
            finally:
                RESPONSE_MODE.reset(token)

        return AsyncStreamedResponse(call)

    return streamed
