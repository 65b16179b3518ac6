"""Detect how list operations page, from their parameters and their response's shape.

A list operation is a GET whose success response is a list, or an object holding one list
of items. It pages, in the first style that fits:

- ``cursor``: a cursor parameter (``cursor``, ``after``, ``page_token``…) and a field of the
  page holding the next cursor (``next_cursor``, ``response_metadata.next_cursor``…), or, for
  ``after``/``starting_after``, the last item's id while the page says ``has_more``;
- ``link``: a field of the page holding the next page's URL (``next``, ``links.next``,
  ``@odata.nextLink``…), or a ``Link`` header the response documents;
- ``offset`` / ``start_range``: an offset-like (``offset``, ``skip``, ``start``) and a
  limit-like parameter;
- ``page``: a page number and a page size (or a has-more flag).

Besides the style it records what tells the client when to stop: a total, a has-more
flag, the page size the server echoes, and the largest page the API allows (the limit
parameter's ``maximum``, or its description's "max 100"). An operation whose front-end
declared its paging (a doc spec, ``x-apigen-pagination``) keeps it, completed with the
has-more flag and echoed page size its response shows.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from generator.diagnostics import Diagnostic
from generator.ir import Api, Array, Field, Model, Operation, Pagination, Primitive, Ref, Schema, Union

_OFFSET_PARAMS = {"offset": "offset", "skip": "offset", "$skip": "offset", "start": "start_range"}
_PAGE_PARAMS = ("page", "page_number", "pageNumber", "page_no", "pageNo")
_CURSOR_PARAMS = ("cursor", "after", "starting_after", "start_cursor", "page_token", "pageToken", "next_token",
                  "nextToken", "pagination_token", "continuation_token", "continuationToken", "marker",
                  "page[after]", "page[cursor]")
_LIMIT_PARAMS = ("limit", "range", "page_size", "per_page", "pageSize", "perPage", "max_results", "maxResults",
                 "page[size]", "page[limit]", "$top", "count", "size")
_ITEM_FIELDS = ("items", "data", "results", "records", "list", "entries", "values", "elements", "objects")
_TOTAL_FIELDS = ("total", "totalCount", "total_count", "count", "totalResults", "total_results", "totalItems",
                 "total_items")
_CURSOR_FIELDS = ("next_cursor", "nextCursor", "next_page_token", "nextPageToken", "next_token", "nextToken",
                  "next_page_cursor", "continuation_token", "continuationToken", "end_cursor", "endCursor",
                  "next_marker", "nextMarker", "cursor", "after")
_LINK_FIELDS = ("next_page_url", "nextPageUrl", "next_url", "nextUrl", "nextLink", "@odata.nextLink", "next_href",
                "next", "next_page", "nextPage")
# Names that hold a URL only when their schema or description says so (OpenAI's ``next_page``
# is a cursor for its ``page`` parameter); in ``links`` or ``_links`` they always do.
_MAYBE_LINK = frozenset({"next", "next_page", "nextPage"})
_MORE_FIELDS = ("has_more", "hasMore", "has_next", "hasNext", "has_next_page", "hasNextPage", "more")
_ECHO_FIELDS = ("limit", "per_page", "page_size", "pageSize", "perPage")
# Objects of a page that hold its paging facts (``meta.total``, ``paging.cursors.after``).
_HOLDERS = ("pagination", "meta", "page_info", "pageInfo", "paging", "response_metadata", "links", "_links",
            "metadata", "cursors", "page")
_AFTER_ID = ("after", "starting_after")  # cursors that are the last item's id
_NULL = Primitive("null")
_NUMBERS = ("integer", "number")  # counts some APIs type as numbers
# "max 100", "maximum: 100", "(max limit: 100)", "up to 100", "between 1 and 100".
_PROSE_MAX = re.compile(r"\b(?:max(?:imum)?|up to|at most|not exceed|cannot exceed)\b[^0-9.\n]{0,16}?(\d{1,6})\b"
                        r"|\bbetween\s+\d+\s+and\s+(\d{1,6})\b", re.IGNORECASE)


def detect(api: Api) -> tuple[Api, list[Diagnostic]]:
    """``api`` with the paging of every list operation that pages, found from its shape."""
    models = {m.name: m for m in api.models}
    operations = tuple(_completed(op, models) if op.pagination is not None else _with_pagination(op, models)
                       for op in api.operations)
    return replace(api, operations=operations), []


@dataclass(frozen=True)
class _Page:
    """A list operation's page: where its items are, and the fields that say where the next is."""

    items: str | None
    item_schema: Schema
    fields: dict[str, Field]  # every field of the page, by dotted path (three levels in holders)
    item_fields: frozenset[str]  # the field names of an item, when it is an object model

    def first(self, names: tuple[str, ...], kinds: tuple[str, ...] = ()) -> str | None:
        """The path of the first of ``names`` the page has (top level, then in a holder)
        whose type is one of ``kinds`` (any type when empty)."""
        for path in (*names, *(f"{holder}.{name}" for holder in _HOLDERS for name in names),
                     *(f"{holder}.next.href" for holder in ("_links", "links") if "next" in names)):
            found = self.fields.get(path)
            if found is not None and (not kinds or _kind(found.schema) in kinds):
                return path
        return None

    def link(self) -> str | None:
        """The path of the field holding the next page's URL, if the page has one."""
        path = self.first(_LINK_FIELDS, ("string",))
        if path is None or path.rpartition(".")[2] not in _MAYBE_LINK or path.split(".")[0] in ("links", "_links"):
            return path
        found = self.fields[path]
        text = (found.description or "").lower()
        schema = _concrete(found.schema)
        is_url = isinstance(schema, Primitive) and schema.format in ("uri", "url")
        return path if is_url or "url" in text or "link" in text else None


def listing_counts(api: Api) -> Counter[str]:
    """How many GET operations return a collection (``list``), and how many of those page,
    by style: what the corpus check reports."""
    models = {m.name: m for m in api.models}
    counts: Counter[str] = Counter()
    for op in api.operations:
        if op.method == "GET" and _page(op, models) is not None:
            counts["list"] += 1
            if op.pagination is not None:
                counts[op.pagination.style] += 1
    return counts


def _with_pagination(op: Operation, models: dict[str, Model]) -> Operation:
    """``op`` with the paging its parameters and page show, in the first style that fits."""
    page = _page(op, models) if op.method == "GET" else None
    if page is None:
        return op
    query = {p.name for p in op.parameters if p.location == "query"}
    limit = next((q for q in _LIMIT_PARAMS if q in query), None)
    found = (_cursor(op, page, query, limit) or _link(op, page, query, limit) or _offset(op, page, query, limit)
             or _numbered(op, page, query, limit))
    if found is None:
        return op
    return replace(op, pagination=_with_stops(found, op, page, models))


def _cursor(op: Operation, page: _Page, query: set[str], limit: str | None) -> Pagination | None:
    """Cursor paging: a cursor parameter, and a next cursor in the page or the last item's id."""
    textual = tuple(q for q in _PAGE_PARAMS if q in query and _kind(_parameter_schema(op, q)) == "string")
    position = next((q for q in (*_CURSOR_PARAMS, *textual) if q in query), None)
    if position is None:
        return None
    names = _CURSOR_FIELDS + ("next", "next_page", "nextPage") + (("last_id",) if position in _AFTER_ID else ())
    cursor = page.first(names, ("string",))
    if cursor is not None and page.link() == cursor:
        return None  # the field holds a URL: the link style follows it
    item_id = "id" if position in _AFTER_ID and "id" in page.item_fields else None
    if cursor is None and (item_id is None or page.first(_MORE_FIELDS, ("boolean",)) is None):
        return None
    return Pagination("cursor", position, limit, page.items, cursor=cursor, cursor_item=None if cursor else item_id)


def _link(op: Operation, page: _Page, query: set[str], limit: str | None) -> Pagination | None:
    """Link paging: the next page's URL in the page, or a documented ``Link`` header."""
    link = page.link()
    success = op.success
    if link is None and (success is None or "link" not in success.headers):
        return None
    # The links say where each page is: the caller's own offset or page, if any, picks the first.
    return Pagination("link", None, limit, page.items, next_link=link)


def _offset(op: Operation, page: _Page, query: set[str], limit: str | None) -> Pagination | None:
    """Offset paging: an offset-like and a limit-like parameter."""
    offset = next((q for q in _OFFSET_PARAMS if q in query), None)
    if offset is None or limit is None:
        return None
    return Pagination(_OFFSET_PARAMS[offset], offset, limit, page.items)


def _numbered(op: Operation, page: _Page, query: set[str], limit: str | None) -> Pagination | None:
    """Page numbers: a page parameter, and a page size or a has-more flag to end on."""
    number = next((q for q in _PAGE_PARAMS if q in query), None)
    if number is None or (limit is None and page.first(_MORE_FIELDS, ("boolean",)) is None):
        return None
    schema = _parameter_schema(op, number)
    low = schema.minimum if isinstance(schema, Primitive) else None
    first = 0 if low == 0 else 1
    return Pagination("page", number, limit, page.items, first=first)


def _with_stops(paging: Pagination, op: Operation, page: _Page, models: dict[str, Model]) -> Pagination:
    """``paging`` with what tells the client when to stop and how large a page may be."""
    echo_names = ((paging.limit_param,) if paging.limit_param else ()) + _ECHO_FIELDS
    return replace(paging, item_schema=page.item_schema, total=page.first(_TOTAL_FIELDS, _NUMBERS),
                   has_more=page.first(_MORE_FIELDS, ("boolean",)),
                   echoed_limit=page.first(echo_names, _NUMBERS) if paging.limit_param else None,
                   max_limit=_page_size_limit(op, paging.limit_param) if paging.limit_param else None)


def _completed(op: Operation, models: dict[str, Model]) -> Operation:
    """A declared paging with the has-more flag and echoed page size its response shows."""
    paging = op.pagination
    page = _page(op, models)
    if paging is None or page is None or page.items != paging.items:
        return op
    echo = (paging.limit_param,) if paging.limit_param else ()
    return replace(op, pagination=replace(
        paging, has_more=paging.has_more or page.first(_MORE_FIELDS, ("boolean",)),
        echoed_limit=paging.echoed_limit or (page.first(echo, _NUMBERS) if echo else None)))


def _page_size_limit(op: Operation, limit: str) -> int | None:
    """The largest page the limit parameter allows: its schema's whole-number ``maximum``,
    else the one its description states ("max 100")."""
    schema = _parameter_schema(op, limit)
    maximum = schema.maximum if isinstance(schema, Primitive) else None
    if isinstance(maximum, int) and not isinstance(maximum, bool):
        return maximum
    if isinstance(maximum, float) and maximum.is_integer():
        return int(maximum)
    description = next((p.description for p in op.parameters if p.location == "query" and p.name == limit), None)
    found = _PROSE_MAX.search(description or "")
    return int(found.group(1) or found.group(2)) if found and int(found.group(1) or found.group(2)) > 0 else None


def _parameter_schema(op: Operation, name: str) -> Schema:
    """The schema of the query parameter ``name`` (a nullable one's non-null variant)."""
    schema = next(p.schema for p in op.parameters if p.location == "query" and p.name == name)
    if isinstance(schema, Union):  # a nullable parameter: the bound is on its non-null variant
        schema = next((v for v in schema.variants if v != _NULL), schema)
    return schema


def _page(op: Operation, models: dict[str, Model]) -> _Page | None:
    """The page a list operation returns; None when its success response is not one."""
    success = op.success
    if success is None or not success.bodies:
        return None
    schema = success.bodies[0].schema
    if isinstance(schema, Array):
        return _Page(None, schema.items, {}, _names(schema.items, models))
    fields = _fields(schema, models)
    if fields is None:
        return None
    arrays = [f for f in fields if isinstance(f.schema, Array)]
    named = [f for f in arrays if f.name in _ITEM_FIELDS]
    # An object whose one list is not named as items is a page only if the call takes paging
    # parameters: otherwise it is one resource holding a list (a member and its roles).
    query = {p.name for p in op.parameters if p.location == "query"}
    pages = bool(query & {*_OFFSET_PARAMS, *_PAGE_PARAMS, *_CURSOR_PARAMS, *_LIMIT_PARAMS})
    chosen = named[0] if named else arrays[0] if len(arrays) == 1 and pages else None
    if chosen is None or not isinstance(chosen.schema, Array):
        return None
    paths = {f.name: f for f in fields}
    for outer in fields:
        for inner in _fields(outer.schema, models) or ():
            paths[f"{outer.name}.{inner.name}"] = inner
            for deepest in _fields(inner.schema, models) or () if outer.name in _HOLDERS else ():
                paths[f"{outer.name}.{inner.name}.{deepest.name}"] = deepest
    return _Page(chosen.name, chosen.schema.items, paths, _names(chosen.schema.items, models))


def _names(schema: Schema, models: dict[str, Model]) -> frozenset[str]:
    """The field names of the object model ``schema`` refers to (none for other schemas)."""
    return frozenset(f.name for f in _fields(schema, models) or ())


def _fields(schema: Schema, models: dict[str, Model]) -> tuple[Field, ...] | None:
    """The fields of an object model ``schema`` refers to; None for anything else."""
    if not isinstance(schema, Ref) or schema.name not in models:
        return None
    model = models[schema.name]
    return model.fields if model.is_object else None


def _kind(schema: Schema) -> str:
    """The JSON type of a value of ``schema`` (a nullable one's non-null type)."""
    schema = _concrete(schema)
    return schema.type if isinstance(schema, Primitive) else schema.kind


def _concrete(schema: Schema) -> Schema:
    """A nullable schema's non-null variant; any other schema as it is."""
    if isinstance(schema, Union):
        concrete = [v for v in schema.variants if v != _NULL]
        return concrete[0] if len(concrete) == 1 else schema
    return schema
