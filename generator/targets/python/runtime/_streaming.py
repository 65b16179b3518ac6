"""Server-sent events (``text/event-stream``) as typed iterators.

An operation documented with an event-stream response gets a ``..._stream`` method that
returns a :class:`Stream` (or :class:`AsyncStream`): iterating it reads the body as it
arrives and yields each event's ``data`` parsed into the event schema. ``data: [DONE]``
(OpenAI's end marker) ends the stream; an ``event: error`` raises the API's error.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Generic, List, Optional, Type, TypeVar

import httpx

from ._api_response import APIResponse, AsyncAPIResponse
from ._response import error_part, validate
from .errors import APIError, APIResponseValidationError

T = TypeVar("T")
DONE = "[DONE]"


@dataclass(frozen=True)
class ServerSentEvent:
    """One event as the stream sent it (``data`` lines joined by newlines)."""

    data: str
    event: Optional[str] = None
    id: Optional[str] = None
    retry: Optional[int] = None


class EventDecoder:
    """Turns the lines of an event stream into events, as the HTML standard reads them."""

    def __init__(self) -> None:
        self._data: List[str] = []
        self._event: Optional[str] = None
        self._id: Optional[str] = None
        self._retry: Optional[int] = None

    def line(self, line: str) -> Optional[ServerSentEvent]:
        """Read one line (without its line break); the event it completes, if any."""
        if not line:
            return self._dispatch()
        if line.startswith(":"):
            return None  # a comment: servers send them to keep the connection open
        name, _, value = line.partition(":")
        value = value[1:] if value.startswith(" ") else value
        if name == "data":
            self._data.append(value)
        elif name == "event":
            self._event = value
        elif name == "id" and "\x00" not in value:
            self._id = value
        elif name == "retry" and value.isascii() and value.isdigit():
            self._retry = int(value)
        return None

    def _dispatch(self) -> Optional[ServerSentEvent]:
        """The event the lines so far make (None for nothing), and a fresh start."""
        if not self._data and self._event is None:
            return None
        event = ServerSentEvent("\n".join(self._data), self._event, self._id, self._retry)
        self._data, self._event, self._retry = [], None, None  # the id carries over, as the standard says
        return event


def events(lines: Iterable[str]) -> Iterator[ServerSentEvent]:
    """Every event of a stream's lines (the last one too when the stream ends without a blank line)."""
    decoder = EventDecoder()
    for line in lines:
        event = decoder.line(line)
        if event is not None:
            yield event
    last = decoder.line("")
    if last is not None:
        yield last


def event_value(event: ServerSentEvent, kind: Any, index: int, response: httpx.Response) -> Any:
    """The ``data`` of ``event`` (number ``index``) parsed as ``kind``; the API's error for an
    ``error`` event."""
    if event.event == "error":
        data = _json(event.data)
        message = error_part(data, None, "message", str) if isinstance(data, dict) else None
        raise APIError(f"the event stream reported an error: {message or event.data}")
    if kind is str:
        return event.data
    data = _json(event.data)
    if data is None and event.data.strip() != "null":
        raise APIResponseValidationError(f"event {index} of the stream is not JSON: {event.data[:200]!r}",
                                         response=response, body=event.data)
    return validate(kind, data, response, where=f"event {index} of the stream")


def _json(text: str) -> Any:
    """``text`` as JSON data; None when it is not JSON."""
    try:
        return json.loads(text)
    except ValueError:
        return None


class Stream(Generic[T]):
    """The events of a streamed call, each parsed into ``T``. Iterate it once; it closes the
    connection when the stream ends, or use it as a context manager to close it early."""

    def __init__(self, response: APIResponse[Any], event_type: Any) -> None:
        self.response = response
        self._type = event_type

    def __iter__(self) -> Iterator[T]:
        try:
            for index, event in enumerate(events(self.response.iter_lines())):
                if event.data == DONE:
                    break
                yield event_value(event, self._type, index, self.response.http_response)
        finally:
            self.close()

    def __enter__(self) -> Stream[T]:
        return self

    def __exit__(self, kind: Optional[Type[BaseException]], error: Optional[BaseException],
                 traceback: Optional[TracebackType]) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection (the rest of the stream is not read)."""
        self.response.close()


class AsyncStream(Generic[T]):
    """:class:`Stream` for the async client: ``async for event in stream``."""

    def __init__(self, response: AsyncAPIResponse[Any], event_type: Any) -> None:
        self.response = response
        self._type = event_type

    def __aiter__(self) -> AsyncIterator[T]:
        return self._events()

    async def _events(self) -> AsyncIterator[T]:
        """Each event as it arrives, parsed; the connection closed at the end."""
        decoder = EventDecoder()
        index = 0
        try:
            async for line in self.response.iter_lines():
                event = decoder.line(line)
                if event is not None and event.data == DONE:
                    return
                if event is not None:
                    yield event_value(event, self._type, index, self.response.http_response)
                    index += 1
            last = decoder.line("")
            if last is not None and last.data != DONE:
                yield event_value(last, self._type, index, self.response.http_response)
        finally:
            await self.close()

    async def __aenter__(self) -> AsyncStream[T]:
        return self

    async def __aexit__(self, kind: Optional[Type[BaseException]], error: Optional[BaseException],
                        traceback: Optional[TracebackType]) -> None:
        await self.close()

    async def close(self) -> None:
        await self.response.close()
