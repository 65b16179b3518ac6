"""How list operations page, detected from their shape (generator/enrich/pagination.py):
offsets, page numbers, cursors (a field of the page, or the last item's id), links (a
field of the page, or a documented ``Link`` header), and what tells the client to stop."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator.enrich.pagination import listing_counts
from generator.ir import Pagination
from tests.conftest import ROOT, load_api, openapi, parse


def listing(tmp_path: Path, parameters: list[dict[str, Any]], page: dict[str, Any],
            headers: dict[str, Any] | None = None, **schemas: Any) -> Pagination | None:
    """The paging detected for ``GET /items`` with ``parameters`` (query names or full
    parameters) answering ``page``."""
    params = [p if isinstance(p, dict) else {"name": p, "in": "query", "schema": {"type": "string"}}
              for p in parameters]
    response: dict[str, Any] = {"description": "ok", "content": {"application/json": {"schema": page}}}
    if headers:
        response["headers"] = headers
    spec = openapi({"/items": {"get": {"operationId": "listItems", "parameters": params,
                                       "responses": {"200": response}}}},
                   components={"schemas": {"Item": {"type": "object", "required": ["id"],
                                                    "properties": {"id": {"type": "string"}}}, **schemas}})
    return parse(tmp_path, spec).operations[0].pagination


ITEMS = {"type": "array", "items": {"$ref": "#/components/schemas/Item"}}
INT = {"type": "integer"}


def query(name: str, **schema: Any) -> dict[str, Any]:
    return {"name": name, "in": "query", "schema": schema or {"type": "integer"}}


def test_offset_with_the_documented_maximum_in_prose(tmp_path: Path) -> None:
    limit = {**query("limit"), "description": "Maximum number of records to be returned (max limit: 100)"}
    page = {"type": "object", "properties": {"items": ITEMS, "pagination": {
        "type": "object", "properties": {"total": {"type": "number"}, "limit": INT}}}}
    found = listing(tmp_path, [query("offset"), limit], page)
    assert found is not None and (found.style, found.items, found.total, found.max_limit) == (
        "offset", "items", "pagination.total", 100)
    assert found.echoed_limit == "pagination.limit"


@pytest.mark.parametrize(("description", "maximum"), [
    ("The number of results per page (max 100).", 100), ("up to 50 items", 50), ("Between 1 and 250.", 250),
    ("How many.", None), ("max 0", None),
])
def test_page_size_maximum_from_prose(tmp_path: Path, description: str, maximum: int | None) -> None:
    limit = {**query("limit"), "description": description}
    found = listing(tmp_path, [query("offset"), limit], ITEMS)
    assert found is not None and found.max_limit == maximum


def test_a_cursor_in_a_holder_of_the_page(tmp_path: Path) -> None:
    """Slack's ``response_metadata.next_cursor``."""
    page = {"type": "object", "properties": {"channels": ITEMS, "response_metadata": {
        "type": "object", "properties": {"next_cursor": {"type": "string"}}}}}
    found = listing(tmp_path, ["cursor", query("limit")], page)
    assert found is not None and (found.style, found.offset_param, found.cursor, found.items) == (
        "cursor", "cursor", "response_metadata.next_cursor", "channels")


def test_after_the_last_items_id_while_the_page_has_more(tmp_path: Path) -> None:
    """Stripe's ``starting_after`` and OpenAI's ``after`` (OpenAI's pages also say ``last_id``)."""
    page = {"type": "object", "properties": {"data": ITEMS, "has_more": {"type": "boolean"}}}
    found = listing(tmp_path, ["starting_after", query("limit", type="integer", maximum=100)], page)
    assert found is not None and (found.style, found.cursor_item, found.has_more, found.max_limit) == (
        "cursor", "id", "has_more", 100)
    with_last = {"type": "object", "properties": {**page["properties"], "last_id": {"type": "string"}}}
    found = listing(tmp_path, ["after"], with_last)
    assert found is not None and (found.cursor, found.cursor_item, found.limit_param) == ("last_id", None, None)
    assert listing(tmp_path, ["after"], {"type": "object", "properties": {"data": ITEMS}}) is None  # no way on


def test_a_textual_page_parameter_takes_the_pages_next_page_cursor(tmp_path: Path) -> None:
    """OpenAI's costs: ``page`` is a string and ``next_page`` the cursor for it, not a URL."""
    page = {"type": "object", "properties": {"data": ITEMS, "next_page": {"type": "string"}}}
    found = listing(tmp_path, ["page", query("limit")], page)
    assert found is not None and (found.style, found.offset_param, found.cursor) == ("cursor", "page", "next_page")


@pytest.mark.parametrize("page", [
    {"type": "object", "properties": {"results": ITEMS, "next": {"type": ["string", "null"], "format": "uri"}}},
    {"type": "object", "properties": {"results": ITEMS, "next": {"type": "string", "description": "URL of the next page"}}},
    {"type": "object", "properties": {"results": ITEMS, "links": {"type": "object", "properties": {"next": {"type": "string"}}}}},
    {"type": "object", "properties": {"items": ITEMS, "_links": {"type": "object", "properties": {
        "next": {"type": "object", "properties": {"href": {"type": "string"}}}}}}},
    {"type": "object", "properties": {"data": ITEMS, "pagination": {"type": "object", "properties": {
        "next_url": {"type": "string"}}}}},
])
def test_links_to_the_next_page(tmp_path: Path, page: dict[str, Any]) -> None:
    found = listing(tmp_path, [query("offset"), query("limit")], page)
    assert found is not None and found.style == "link" and found.next_link is not None
    assert found.offset_param is None and found.limit_param == "limit"  # the caller's offset picks the first page


def test_a_next_field_that_is_no_link_is_not_followed(tmp_path: Path) -> None:
    page = {"type": "object", "properties": {"data": ITEMS, "next": {"type": "string"}}}
    found = listing(tmp_path, [query("offset"), query("limit")], page)
    assert found is not None and found.style == "offset"


def test_a_documented_link_header(tmp_path: Path) -> None:
    found = listing(tmp_path, [query("page"), query("per_page")], ITEMS, headers={"Link": {"schema": {"type": "string"}}})
    assert found is not None and (found.style, found.next_link, found.limit_param) == ("link", None, "per_page")


def test_page_numbers(tmp_path: Path) -> None:
    found = listing(tmp_path, [query("page"), query("per_page")], ITEMS)
    assert found is not None and (found.style, found.offset_param, found.first) == ("page", "page", 1)
    found = listing(tmp_path, [query("page", type="integer", minimum=0), query("size")], ITEMS)
    assert found is not None and found.first == 0
    more = {"type": "object", "properties": {"items": ITEMS, "has_more": {"type": "boolean"}}}
    found = listing(tmp_path, [query("page")], more)
    assert found is not None and (found.limit_param, found.has_more) == (None, "has_more")
    assert listing(tmp_path, [query("page")], ITEMS) is None  # nothing says where the listing ends


def test_one_resource_holding_a_list_is_not_a_listing(tmp_path: Path) -> None:
    member = {"type": "object", "properties": {"name": {"type": "string"}, "roles": ITEMS,
                                               "_links": {"type": "object", "properties": {"next": {"type": "string"}}}}}
    assert listing(tmp_path, [], member) is None
    assert listing(tmp_path, [query("limit")], member) is not None  # a paging parameter makes it one


def test_declared_paging_is_completed_with_the_echoed_page_size(tmp_path: Path) -> None:
    spec = openapi({"/items": {"get": {
        "operationId": "listItems",
        "parameters": [query("start"), query("range")],
        "x-apigen-pagination": {"style": "start_range", "offset": "start", "limit": "range", "items": "data"},
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
            "type": "object", "properties": {"data": ITEMS, "range": INT, "more": {"type": "boolean"}}}}}}}}}},
        components={"schemas": {"Item": {"type": "object", "properties": {"id": {"type": "string"}}}}})
    found = parse(tmp_path, spec).operations[0].pagination
    assert found is not None and (found.style, found.echoed_limit, found.has_more) == ("start_range", "range", "more")


def test_listing_counts(tmp_path: Path) -> None:
    spec = openapi({
        "/a": {"get": {"operationId": "a", "parameters": [query("offset"), query("limit")], "responses": {
            "200": {"description": "ok", "content": {"application/json": {"schema": ITEMS}}}}}},
        "/b": {"get": {"operationId": "b", "responses": {
            "200": {"description": "ok", "content": {"application/json": {"schema": ITEMS}}}}}},
        "/c": {"post": {"operationId": "c", "responses": {
            "200": {"description": "ok", "content": {"application/json": {"schema": ITEMS}}}}}},
    }, components={"schemas": {"Item": {"type": "object"}}})
    assert listing_counts(parse(tmp_path, spec)) == {"list": 2, "offset": 1}


def test_webflows_items_are_capped_at_100() -> None:
    api = load_api(ROOT / "specs" / "webflow" / "v2-beta.yaml", name="webflow")
    items = next(op for op in api.operations if op.operation_id == "list-collection-items")
    assert items.pagination is not None
    assert (items.pagination.max_limit, items.pagination.total) == (100, "pagination.total")
