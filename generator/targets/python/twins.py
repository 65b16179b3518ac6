"""What the twins of a method need to know about its operation: how a listing pages (the
runtime's ``Paging(...)``, as Python source) and whether a call may answer with server-sent
events (the event schema, and the body's ``stream`` flag that asks for them)."""

from __future__ import annotations

from generator import ir
from generator.escape import py_literal

EVENT_STREAM = "text/event-stream"
STREAM_FLAG = "stream"  # the body field OpenAI (and others) switch streaming on with
# Header parameters whose key makes a server apply a request once (Stripe's, Adyen's).
IDEMPOTENCY_HEADERS = ("idempotency-key", "x-idempotency-key")
_FIRST = {"offset": "0", "start_range": "0", "page": "1", "cursor": "None", "link": "None"}


def paging_source(paging: ir.Pagination, max_page_size: int | None) -> str:
    """``Paging(...)``: the runtime's description of how ``paging``'s listing pages."""
    first = str(paging.first) if paging.first is not None else _FIRST.get(paging.style, "0")
    style = "offset" if paging.style == "start_range" else paging.style
    fields = {"items": paging.items, "total": paging.total, "has_more": paging.has_more,
              "limit": paging.echoed_limit, "cursor": paging.cursor, "cursor_item": paging.cursor_item,
              "next_link": paging.next_link}
    parts = [py_literal(style)] + [f"{name}={py_literal(value)}" for name, value in fields.items() if value]
    if first != "0":
        parts.append(f"first={first}")
    if max_page_size is not None:
        parts.append(f"max_page_size={max_page_size}")
    return f"Paging({', '.join(parts)})"


def event_body(op: ir.Operation) -> ir.Body | None:
    """The success response's server-sent events, when the API documents them."""
    success = op.success
    if success is None:
        return None
    return next((b for b in success.bodies if b.content_type.split(";")[0].strip().lower() == EVENT_STREAM), None)


def result_body(op: ir.Operation) -> ir.Body | None:
    """The body a plain call returns: the first documented one that is not an event stream."""
    success = op.success
    if success is None:
        return None
    return next((b for b in success.bodies if b is not event_body(op)), None)


def stream_flag(op: ir.Operation, models: dict[str, ir.Model]) -> ir.Field | None:
    """The boolean ``stream`` field of the request body that asks for events, if it has one."""
    body = op.request_body
    schema = body.preferred.schema if body is not None else None
    model = models.get(schema.name) if isinstance(schema, ir.Ref) else None
    found = next((f for f in model.fields if f.name == STREAM_FLAG), None) if model is not None else None
    return found if found is not None and _is_boolean(found.schema) else None


def idempotency_header(op: ir.Operation) -> str | None:
    """The header parameter that carries an idempotency key, when the operation has one."""
    return next((p.name for p in op.parameters if p.location == "header"
                 and p.name.lower() in IDEMPOTENCY_HEADERS), None)


def _is_boolean(schema: ir.Schema) -> bool:
    """Whether ``schema`` admits true and false (a nullable boolean too)."""
    if isinstance(schema, ir.Union):
        return any(_is_boolean(v) for v in schema.variants)
    return isinstance(schema, ir.Primitive) and schema.type == "boolean"
