"""Detect offset/limit pagination (offset/limit, skip/limit, start/range) of list operations.

An operation pages when it is a GET with an offset-like and a limit-like query parameter and
its success response is a list, or an object holding one list of items (and often a total).
An operation whose front-end already declared its paging (a doc spec, ``x-apigen-pagination``)
keeps it.
"""

from __future__ import annotations

from dataclasses import replace

from generator.diagnostics import Diagnostic
from generator.ir import Api, Array, Field, Model, Operation, Pagination, Primitive, Ref, Schema, Union

_OFFSET_PARAMS = {"offset": "offset", "skip": "offset", "start": "start_range"}
_LIMIT_PARAMS = ("limit", "range", "page_size", "per_page")
_ITEM_FIELDS = ("items", "data", "results", "records", "list", "entries")
_TOTAL_FIELDS = ("total", "totalCount", "total_count", "count", "totalResults")
_TOTAL_HOLDERS = ("pagination", "meta", "page_info", "paging")
_NULL = Primitive("null")


def detect(api: Api) -> tuple[Api, list[Diagnostic]]:
    """``api`` with the paging of every list operation that pages, found from its shape."""
    models = {m.name: m for m in api.models}
    operations = tuple(op if op.pagination is not None else _with_pagination(op, models)
                       for op in api.operations)
    return replace(api, operations=operations), []


def _with_pagination(op: Operation, models: dict[str, Model]) -> Operation:
    query = {p.name for p in op.parameters if p.location == "query"}
    offset = next((q for q in _OFFSET_PARAMS if q in query), None)
    limit = next((q for q in _LIMIT_PARAMS if q in query), None)
    success = op.success
    if op.method != "GET" or offset is None or limit is None or success is None or not success.bodies:
        return op
    found = _items_and_total(success.bodies[0].schema, models)
    if found is None:
        return op
    items, total, item_schema = found
    return replace(op, pagination=Pagination(_OFFSET_PARAMS[offset], offset, limit, items, total,
                                             _page_size_limit(op, limit), item_schema))


def _page_size_limit(op: Operation, limit: str) -> int | None:
    """The largest page the limit parameter allows, when its schema states a whole number."""
    schema = next(p.schema for p in op.parameters if p.location == "query" and p.name == limit)
    if isinstance(schema, Union):  # a nullable limit: the bound is on its non-null variant
        schema = next((v for v in schema.variants if v != _NULL), schema)
    maximum = schema.maximum if isinstance(schema, Primitive) else None
    return maximum if isinstance(maximum, int) and not isinstance(maximum, bool) else None


def _items_and_total(schema: Schema, models: dict[str, Model]
                     ) -> tuple[str | None, str | None, Schema] | None:
    """(items path, total path, item schema) of a page, or None when it is not a page."""
    if isinstance(schema, Array):
        return None, None, schema.items
    if not isinstance(schema, Ref) or schema.name not in models:
        return None
    fields = {f.name: f for f in models[schema.name].fields}
    arrays = [f for f in fields.values() if isinstance(f.schema, Array)]
    named = [f for f in arrays if f.name in _ITEM_FIELDS]
    chosen = named[0] if named else arrays[0] if len(arrays) == 1 else None
    if chosen is None or not isinstance(chosen.schema, Array):
        return None
    return chosen.name, _total(fields, models), chosen.schema.items


def _total(fields: dict[str, Field], models: dict[str, Model]) -> str | None:
    """The dotted path of a page's total count: a field of its own, or of a pagination object."""
    for name in _TOTAL_FIELDS:
        if name in fields:
            return name
    for outer in _TOTAL_HOLDERS:
        field = fields.get(outer)
        if field is not None and isinstance(field.schema, Ref) and field.schema.name in models:
            inner = {f.name for f in models[field.schema.name].fields}
            found = next((n for n in _TOTAL_FIELDS if n in inner), None)
            if found:
                return f"{outer}.{found}"
    return None
