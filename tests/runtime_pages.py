"""The runtime's pages (runtime/_pagination.py): every style, when a listing ends, clamping,
items that do not parse, listings that stop advancing; sync and async. Gathered by
tests/test_runtime.py."""

from __future__ import annotations

import warnings
from typing import Any, Callable, Dict, List, Optional

import httpx
import pydantic
import pytest

from generator.targets.python.runtime import _base, _pagination, errors
from generator.targets.python.runtime._pagination import Paging
from tests.runtime_support import BASE, QUERY_KEY, Server, async_http, make_settings, run, spec, sync_http

ITEMS = list(range(250))


def fetcher(http: _base.SyncHTTP, position: str = "offset", limit: str = "limit") -> Callable[..., Any]:
    """The ``fetch`` a generated iterator passes: the page's position and size in the query."""
    def fetch(page: _base.PageRequest) -> _base.APIResponse[Any]:
        return http.send(spec(query=[(position, page.position, True), (limit, page.limit, True)], url=page.url), Any)
    return fetch


def async_fetcher(http: _base.AsyncHTTP, position: str = "offset") -> Callable[..., Any]:
    async def fetch(page: _base.PageRequest) -> _base.AsyncAPIResponse[Any]:
        return await http.send(spec(query=[(position, page.position, True), ("limit", page.limit, True)],
                                    url=page.url), Any)
    return fetch


def offsets(cap: int = 100, body: Callable[[List[int], int], Any] = lambda page, offset: {"items": page}) -> Server:
    """A listing of ITEMS by offset and limit that never answers more than ``cap`` items."""
    def answer(request: httpx.Request) -> httpx.Response:
        offset = int(request.url.params.get("offset", 0))
        limit = min(int(request.url.params.get("limit", cap)), cap)
        return httpx.Response(200, json=body(ITEMS[offset:offset + limit], offset))
    return Server(answer)


def test_the_total_is_trusted_before_a_short_page() -> None:
    """Webflow caps pages at 100: asked for 200 with ``total: 250``, the short first page is not the last."""
    server = offsets(body=lambda page, offset: {"items": page, "pagination": {"total": 250, "offset": offset}})
    http = sync_http(server)
    page = http.paginate(fetcher(http), Paging("offset", items="items", total="pagination.total"), int, 200)
    assert page.total == 250 and len(page.items) == 100 and page.has_next_page()
    assert list(page) == ITEMS and len(server.requests) == 3
    assert [r.url.params["offset"] for r in server.requests] == ["0", "100", "200"]


def test_the_echoed_limit_is_trusted_before_the_page_size_asked_for() -> None:
    server = offsets(body=lambda page, offset: {"data": page, "limit": 100})
    http = sync_http(server)
    assert list(http.paginate(fetcher(http), Paging("offset", items="data", limit="limit"), int, 200)) == ITEMS
    assert len(server.requests) == 3


def test_without_a_total_a_short_page_is_the_last() -> None:
    server = offsets(cap=1000)
    http = sync_http(server)
    page = http.paginate(fetcher(http), Paging("offset", items="items"), int, 100)
    assert page.total is None and list(page) == ITEMS and len(server.requests) == 3
    server = offsets(cap=1000, body=lambda page, offset: page)  # a bare list, no page size asked
    http = sync_http(server)
    assert list(http.paginate(fetcher(http), Paging("offset"), int, None)) == ITEMS
    assert len(server.requests) == 2  # the second page is empty


def test_a_has_more_flag_is_trusted_first() -> None:
    server = offsets(cap=10, body=lambda page, offset: {"data": page, "has_more": offset + 10 < 30, "total": 999})
    http = sync_http(server)
    assert list(http.paginate(fetcher(http), Paging("offset", items="data", total="total", has_more="has_more"),
                              int, 50)) == ITEMS[:30]
    server = offsets(cap=10, body=lambda page, offset: {"data": page, "more": True})
    http = sync_http(server)
    pages = http.paginate(fetcher(http), Paging("offset", items="data", has_more="more"), int, 50).iter_pages()
    assert [len(next(pages).items) for _ in range(3)] == [10, 10, 10]  # short pages, but more follow


def test_page_numbers() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        number, size = int(request.url.params["page"]), int(request.url.params["per_page"])
        return httpx.Response(200, json=ITEMS[(number - 1) * size:number * size])

    server = Server(answer)
    http = sync_http(server)
    page = http.paginate(fetcher(http, "page", "per_page"), Paging("page", first=1), int, 100)
    assert list(page) == ITEMS and [r.url.params["page"] for r in server.requests] == ["1", "2", "3"]


def cursors(field: str = "next_cursor") -> Server:
    """A listing by cursor: the cursor is the next item's index, as text."""
    def answer(request: httpx.Request) -> httpx.Response:
        start = int(request.url.params.get("cursor", "0"))
        page = ITEMS[start:start + 100]
        following = str(start + 100) if start + 100 < len(ITEMS) else None
        return httpx.Response(200, json={"data": page, "meta": {field: following}})
    return Server(answer)


def test_cursor_from_a_field_of_the_page() -> None:
    server = cursors()
    http = sync_http(server)
    page = http.paginate(fetcher(http, "cursor"), Paging("cursor", items="data", cursor="meta.next_cursor",
                                                         first=None), int, 100)
    assert list(page) == ITEMS
    assert ["cursor" in r.url.params for r in server.requests] == [False, True, True]


def test_cursor_from_the_last_item_while_the_page_says_there_is_more() -> None:
    """OpenAI's and Stripe's listings: ``after=<last id>`` while ``has_more``."""
    def answer(request: httpx.Request) -> httpx.Response:
        after = request.url.params.get("after")
        start = int(after[3:]) + 1 if after else 0
        page = [{"id": f"it_{i}"} for i in ITEMS[start:start + 100]]
        return httpx.Response(200, json={"data": page, "has_more": start + 100 < len(ITEMS)})

    server = Server(answer)
    http = sync_http(server)
    paging = Paging("cursor", items="data", has_more="has_more", cursor_item="id", first=None)
    assert [item["id"] for item in http.paginate(fetcher(http, "after"), paging, Any, 100)] == [
        f"it_{i}" for i in ITEMS]
    assert len(server.requests) == 3


def test_next_links_in_the_page_and_in_link_headers() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        start = int(request.url.params.get("from", "0"))
        following = f"{BASE}/things?from={start + 100}&api_key={QUERY_KEY}" if start + 100 < 250 else None
        return httpx.Response(200, json={"results": ITEMS[start:start + 100], "links": {"next": following}})

    server = Server(answer)
    http = sync_http(server, make_settings(default_security=(("query_key",),)))
    assert list(http.paginate(fetcher(http), Paging("link", items="results", next_link="links.next"), int, 100)) == ITEMS
    # The link's copy of the credential is replaced by the client's own: sent once.
    assert [r.url.params.get_list("api_key") for r in server.requests] == [[QUERY_KEY]] * 3

    def linked(request: httpx.Request) -> httpx.Response:
        start = int(request.url.params.get("from", "0"))
        links = f'<{BASE}/things?from={start + 100}>; rel="next", <{BASE}/things>; rel="first"' \
            if start + 100 < 250 else f'<{BASE}/things>; rel="first"'
        return httpx.Response(200, json=ITEMS[start:start + 100], headers={"Link": links})

    server = Server(linked)
    http = sync_http(server)
    # A Link header wins over the page-number style (a short page does not end it, no Link "next" does).
    assert list(http.paginate(fetcher(http, "page", "per_page"), Paging("page", first=1), int, 500)) == ITEMS
    assert len(server.requests) == 3
    server = Server(httpx.Response(200, json=[1, 2]))
    http = sync_http(server)
    assert list(http.paginate(fetcher(http), Paging("link"), int, None)) == [1, 2]  # no link: the only page


def test_a_link_to_another_origin_is_refused() -> None:
    server = Server(httpx.Response(200, json={"data": [1], "next": "https://evil.example/steal"}))
    http = sync_http(server)
    page = http.paginate(fetcher(http), Paging("link", items="data", next_link="next"), int, None)
    with pytest.raises(ValueError, match="outside"):
        list(page)
    assert len(server.requests) == 1


def test_page_size_above_the_documented_maximum_is_clamped_with_a_warning() -> None:
    server = offsets()
    http = sync_http(server)
    with pytest.warns(UserWarning, match="page_size=500 is more than this listing allows; using 100"):
        page = http.paginate(fetcher(http), Paging("offset", items="items", max_page_size=100), int, 500)
    assert server.requests[0].url.params["limit"] == "100" and list(page) == ITEMS
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        http.paginate(fetcher(http), Paging("offset", items="items", max_page_size=100), int, 100)


class Item(pydantic.BaseModel):
    id: int


def test_an_item_that_does_not_parse_names_the_page_and_index() -> None:
    server = Server(httpx.Response(200, json={"data": [{"id": 1}], "total": 3}),
                    httpx.Response(200, json={"data": [{"id": 2}, {"id": "two"}], "total": 3}))
    http = sync_http(server)
    page = http.paginate(fetcher(http), Paging("offset", items="data", total="total"), Item, 1)
    with pytest.raises(errors.APIResponseValidationError, match=r"item 1 of page 2 \(position 1\) does not match "
                                                                r"Item") as caught:
        list(page)
    assert caught.value.status_code == 200 and caught.value.body == {"id": "two"}
    assert not isinstance(caught.value, errors.APIStatusError)


def test_a_listing_that_stops_advancing_raises() -> None:
    """A server that ignores the offset would otherwise be asked for the same page forever."""
    server = Server(httpx.Response(200, json={"data": [1, 2]}))
    http = sync_http(server)
    with pytest.raises(errors.PaginationError, match=r"page 2 \(position 2\) repeats the previous page"):
        list(http.paginate(fetcher(http), Paging("offset", items="data"), int, 2))
    assert len(server.requests) == 2
    server = Server(httpx.Response(200, json={"data": [1], "next_cursor": "same"}))
    http = sync_http(server)
    paging = Paging("cursor", items="data", cursor="next_cursor", first=None)
    with pytest.raises(errors.PaginationError, match="does not advance"):
        list(http.paginate(fetcher(http, "cursor"), paging, int, None))
    assert len(server.requests) == 2  # the second answer hands back the cursor it was given


def test_page_objects() -> None:
    server = offsets(body=lambda page, offset: {"items": page, "total": 250})
    http = sync_http(server)
    first = http.paginate(fetcher(http), Paging("offset", items="items", total="total"), int, 100)
    assert first.raw["total"] == 250 and first.response.status_code == 200 and first.request.number == 1
    pages = list(first.iter_pages())
    assert [p.request.describe() for p in pages] == ["page 1 (position 0)", "page 2 (position 100)",
                                                     "page 3 (position 200)"]
    assert not pages[-1].has_next_page() and repr(pages[-1]) == "<SyncPage page 3 (position 200): 50 items>"
    with pytest.raises(errors.PaginationError, match="is the last page"):
        pages[-1].next_page()
    assert list(pages[1]) == ITEMS[100:]  # from a page on
    empty = Server(httpx.Response(200, json={"items": None}))
    assert list(sync_http(empty).paginate(fetcher(sync_http(empty)), Paging("offset", items="items"), int, 5)) == []


def test_async_pages() -> None:
    server = offsets(body=lambda page, offset: {"items": page, "total": 250})
    http = async_http(server)
    paging = Paging("offset", items="items", total="total")

    async def go() -> None:
        listing = http.paginate(async_fetcher(http), paging, int, 200)
        assert repr(listing) == "<AsyncPage page 1 (position 0): not loaded>"
        with pytest.raises(RuntimeError, match="await it first"):
            listing.items
        assert [item async for item in listing] == ITEMS and len(server.requests) == 3
        first = await http.paginate(async_fetcher(http), paging, int, 100)
        assert first.total == 250 and len(first.items) == 100 and await first.has_next_page()
        assert await first is first and len(server.requests) == 4  # awaited again: not fetched again
        numbers = [page.request.number async for page in first.iter_pages()]
        assert numbers == [1, 2, 3]
        last = await (await first.next_page()).next_page()
        with pytest.raises(errors.PaginationError, match="is the last page"):
            await last.next_page()
        lazy = http.paginate(async_fetcher(http), paging, int, 100)
        assert await lazy.has_next_page()  # fetches the page it needs

    run(go())


def test_async_listings_that_stop_advancing_raise() -> None:
    server = Server(httpx.Response(200, json={"data": [1, 2]}))
    http = async_http(server)

    async def go() -> List[Any]:
        return [item async for item in http.paginate(async_fetcher(http), Paging("offset", items="data"), int, 2)]

    with pytest.raises(errors.PaginationError):
        run(go())


@pytest.mark.parametrize(("paging", "body", "limit", "expected"), [
    (Paging("offset", total="t"), {"t": True}, 2, None),  # a bool is no total: the page size decides
    (Paging("offset", total="t"), {"t": "many"}, None, 1),
    (Paging("offset", limit="l"), {"l": None}, 2, None),
    (Paging("cursor", cursor="c", first=None), {"c": ""}, None, None),
])
def test_next_request_edge_cases(paging: Paging, body: Dict[str, Any], limit: Optional[int],
                                 expected: Optional[int]) -> None:
    response = _base.APIResponse(httpx.Response(200, json=body), Any, make_settings())
    current = _pagination.PageRequest(paging.first or 0, limit)
    following = _pagination.next_request(paging, current, [1], body, response)
    assert (following.position if following else None) == expected


def test_a_cursor_handed_back_unchanged_stops_the_listing_even_with_new_items() -> None:
    server = Server(httpx.Response(200, json={"data": [1], "next": "c1"}), httpx.Response(200, json={"data": [2], "next": "c1"}))
    http = sync_http(server)
    paging = Paging("cursor", items="data", cursor="next", first=None)
    with pytest.raises(errors.PaginationError, match=r"page 3 \(position 'c1'\) would be fetched from where page 2"):
        list(http.paginate(fetcher(http, "cursor"), paging, int, None))


def test_totals_sent_as_numbers_count() -> None:
    server = offsets(cap=100, body=lambda page, offset: {"items": page, "total": 250.0})
    http = sync_http(server)
    page = http.paginate(fetcher(http), Paging("offset", items="items", total="total"), int, 200)
    assert page.total == 250 and list(page) == ITEMS
