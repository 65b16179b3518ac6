"""Pages of a listing: :class:`SyncPage` and :class:`AsyncPage`.

A page holds its items (each parsed into the item type), the page as the API sent it
(``raw``) and its :class:`APIResponse`; iterating a page yields its items and those of
every page after it, fetched as needed. How the next page is found is the API's
:class:`Paging` style: an offset (or skip, or start), a page number, a cursor (a field of
the page, or the last item's id), or a link (a field of the page, or a ``Link`` header).

When to stop, most trusted first: the API's own has-more flag, a ``Link`` header, the
total count, the page size the server echoes, then a short page. A page that makes no
progress (the same cursor or link again, the same items again) raises PaginationError.
"""

from __future__ import annotations

import warnings
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any, Generator, Generic, List, Optional, TypeVar

import httpx

from ._api_response import APIResponse, AsyncAPIResponse
from ._logs import logger
from ._response import dig, validate
from .errors import PaginationError

T = TypeVar("T")
OFFSET, PAGE, CURSOR, LINK = "offset", "page", "cursor", "link"


@dataclass(frozen=True)
class Paging:
    """How one operation pages (every path is dotted, into the page's body)."""

    style: str  # offset | page | cursor | link
    items: Optional[str] = None  # the item list; None: the page is a list
    total: Optional[str] = None  # the total number of items
    has_more: Optional[str] = None  # a flag saying whether more pages follow
    limit: Optional[str] = None  # the page size the server echoes
    cursor: Optional[str] = None  # the next page's cursor
    cursor_item: Optional[str] = None  # the field of the last item that is the next cursor (``after=<id>``)
    next_link: Optional[str] = None  # the next page's URL
    first: Any = 0  # the first page's position: offset 0, page 1, no cursor
    max_page_size: Optional[int] = None  # the largest page the API documents


@dataclass(frozen=True)
class PageRequest:
    """Where a page is: ``position`` (offset, page number or cursor) and ``limit`` go in the
    query; ``url``, for a link, replaces the request's URL."""

    position: Any
    limit: Optional[int]
    url: Optional[str] = None
    number: int = 1  # 1 for the first page of this listing
    seen: int = 0  # items on the pages before it

    def describe(self) -> str:
        where = self.url if self.url is not None else f"position {self.position!r}"
        return f"page {self.number} ({where})"


def first_request(paging: Paging, page_size: Optional[int]) -> PageRequest:
    """The first page's request; a ``page_size`` above the API's documented maximum is
    clamped to it, with a warning (the server would cap it anyway, or refuse it)."""
    cap = paging.max_page_size
    if page_size is not None and cap is not None and page_size > cap:
        message = f"page_size={page_size} is more than this listing allows; using {cap}"
        warnings.warn(message, UserWarning, stacklevel=4)
        logger.warning(message)
        page_size = cap
    return PageRequest(paging.first, page_size)


def next_request(paging: Paging, current: PageRequest, items: List[Any], data: Any,
                 response: APIResponse[Any] | AsyncAPIResponse[Any]) -> Optional[PageRequest]:
    """The request of the page after ``current`` (whose body is ``data``), or None when it is the last."""
    if not items:
        return None
    more = dig(data, paging.has_more) if paging.has_more else None
    if more is False:
        return None
    following = replace(current, url=None, number=current.number + 1, seen=current.seen + len(items))
    link = _next_link(paging, data, response)
    if link is not None or paging.style == LINK or "link" in response.headers:
        return replace(following, url=link) if link else None
    if paging.style == CURSOR:
        cursor = dig(data, paging.cursor) if paging.cursor else dig(items[-1], paging.cursor_item)
        return replace(following, position=cursor) if cursor not in (None, "") else None
    if more is not True and _is_last(paging, following.seen, len(items), data, current.limit):
        return None
    step = len(items) if paging.style == OFFSET else 1
    return replace(following, position=current.position + step)


def _next_link(paging: Paging, data: Any, response: APIResponse[Any] | AsyncAPIResponse[Any]) -> Optional[str]:
    """The next page's URL from a ``Link`` header or the page's link field; None without one."""
    if "link" in response.headers:
        link = response.http_response.links.get("next", {}).get("url")
    else:
        link = dig(data, paging.next_link) if paging.next_link else None
    if not isinstance(link, str) or not link:
        return None
    # Links may repeat the client's credentials; it adds its own, and messages must not show them.
    url = httpx.URL(link)
    for name in response.secret_params:
        url = url.copy_remove_param(name)
    return str(url)


def _is_last(paging: Paging, seen: int, count: int, data: Any, limit: Optional[int]) -> bool:
    """Whether a page of ``count`` items (``seen`` so far) ends an offset or numbered listing:
    the total decides when given, then the page size the server echoes, then the one asked for."""
    total = _whole(dig(data, paging.total)) if paging.total else None
    if total is not None:
        return seen >= total
    size = (_whole(dig(data, paging.limit)) if paging.limit else None) or limit
    return size is not None and count < size


def _whole(value: Any) -> Optional[int]:
    """``value`` when it is a whole number (``250``, or ``250.0`` from an API typing counts as
    numbers), not a bool; else None."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


class _Page(Generic[T]):
    """What sync and async pages share: reading a page's response, and finding the next."""

    _items: Optional[List[T]] = None

    def __init__(self, paging: Paging, item_type: Any, request: PageRequest) -> None:
        self.paging = paging
        self.request = request
        self._item_type = item_type
        self.raw: Any = None
        """The page as the API sent it (JSON data, any envelope unwrapped)."""
        self._raw_items: List[Any] = []

    def __repr__(self) -> str:
        count = "not loaded" if self._items is None else f"{len(self._items)} items"
        return f"<{type(self).__name__} {self.request.describe()}: {count}>"

    def _read(self, response: APIResponse[Any] | AsyncAPIResponse[Any], data: Any) -> None:
        """Take the page's body: its items, each parsed (an item that does not match names
        the page and its index)."""
        found = dig(data, self.paging.items)
        self.raw, self._raw_items = data, list(found) if isinstance(found, list) else []
        where = self.request.describe()
        self._items = [validate(self._item_type, item, response.http_response, where=f"item {index} of {where}")
                       for index, item in enumerate(self._raw_items)]

    @property
    def items(self) -> List[T]:
        """The items of this page."""
        if self._items is None:
            raise RuntimeError("the page is not loaded yet: await it first")
        return self._items

    @property
    def total(self) -> Optional[int]:
        """The total number of items of the listing, when the API says."""
        return _whole(dig(self.raw, self.paging.total)) if self.paging.total else None

    def _following(self, response: APIResponse[Any] | AsyncAPIResponse[Any]) -> Optional[PageRequest]:
        """The next page's request (None after the last), refusing one that would not advance."""
        following = next_request(self.paging, self.request, self._raw_items, self.raw, response)
        if following is not None and (following.position, following.url) == (self.request.position,
                                                                            self.request.url):
            raise PaginationError(f"{following.describe()} would be fetched from where {self.request.describe()} "
                                  "was: the server does not advance through the listing; stopped")
        return following

    def _check_progress(self, previous: _Page[T]) -> None:
        """Raise PaginationError when this page repeats the one before it (a server that
        ignores the position would otherwise be asked for the same page forever)."""
        if self._raw_items and self._raw_items == previous._raw_items:
            raise PaginationError(f"{self.request.describe()} repeats the previous page: the server does not "
                                  "advance through the listing (does it ignore the position?); stopped")


class SyncPage(_Page[T]):
    """A page of a listing, fetched when made. Iterating it yields every item from here to
    the end of the listing; ``iter_pages()`` yields the pages."""

    def __init__(self, fetch: Callable[[PageRequest], APIResponse[Any]], paging: Paging, item_type: Any,
                 request: PageRequest) -> None:
        super().__init__(paging, item_type, request)
        self._fetch = fetch
        self.response = fetch(request)
        """The page's :class:`APIResponse` (headers, status, request id)."""
        self._read(self.response, self.response.parse())

    def has_next_page(self) -> bool:
        return self._following(self.response) is not None

    def next_page(self) -> SyncPage[T]:
        """The page after this one; PaginationError when this is the last."""
        following = self._following(self.response)
        if following is None:
            raise PaginationError(f"{self.request.describe()} is the last page")
        page: SyncPage[T] = SyncPage(self._fetch, self.paging, self._item_type, following)
        page._check_progress(self)
        return page

    def iter_pages(self) -> Iterator[SyncPage[T]]:
        """This page and every page after it."""
        page: SyncPage[T] = self
        yield page
        while page.has_next_page():
            page = page.next_page()
            yield page

    def __iter__(self) -> Iterator[T]:
        for page in self.iter_pages():
            yield from page.items


class AsyncPage(_Page[T]):
    """A page of an async listing. ``await`` it to fetch it (``page.items``, ``page.total``);
    ``async for item in page`` yields every item from here to the end of the listing,
    fetching as it goes, awaited or not."""

    def __init__(self, fetch: Callable[[PageRequest], Awaitable[AsyncAPIResponse[Any]]], paging: Paging,
                 item_type: Any, request: PageRequest) -> None:
        super().__init__(paging, item_type, request)
        self._fetch = fetch
        self.response: Optional[AsyncAPIResponse[Any]] = None

    def __await__(self) -> Generator[Any, None, AsyncPage[T]]:
        return self._load().__await__()

    async def _load(self) -> AsyncPage[T]:
        """This page, fetched on its first await."""
        if self.response is None:
            response = await self._fetch(self.request)
            self._read(response, await response.parse())
            self.response = response
        return self

    async def has_next_page(self) -> bool:
        return self._following(await self._loaded()) is not None

    async def _loaded(self) -> AsyncAPIResponse[Any]:
        """This page's response, fetching the page first if needed."""
        await self._load()
        assert self.response is not None
        return self.response

    async def next_page(self) -> AsyncPage[T]:
        """The page after this one (fetched); PaginationError when this is the last."""
        following = self._following(await self._loaded())
        if following is None:
            raise PaginationError(f"{self.request.describe()} is the last page")
        page: AsyncPage[T] = await AsyncPage(self._fetch, self.paging, self._item_type, following)
        page._check_progress(self)
        return page

    async def iter_pages(self) -> AsyncIterator[AsyncPage[T]]:
        """This page and every page after it, each fetched when reached."""
        page: AsyncPage[T] = await self
        yield page
        while await page.has_next_page():
            page = await page.next_page()
            yield page

    def __aiter__(self) -> AsyncIterator[T]:
        return self._all_items()

    async def _all_items(self) -> AsyncIterator[T]:
        """Every item from this page to the end of the listing."""
        async for page in self.iter_pages():
            for item in page.items:
                yield item
