"""Where an API's error bodies hold their message, code and details, read from the error
responses it documents: the generated client's ``ErrorFields(...)`` (Python source).

The runtime also looks where APIs usually put them (``message``, ``error.message``,
``code``…); what is found here comes first, so an API that calls them ``reason`` or
``errorCode`` still gets its own words onto its errors.
"""

from __future__ import annotations

from generator import ir
from generator.escape import py_literal

_PARTS = {
    "message": (("message", "msg", "error_message", "errorMessage", "error_description", "detail", "title",
                 "description", "reason", "error"), ("string",)),
    "code": (("code", "error_code", "errorCode", "error_type", "errorType", "type"), ("string", "integer")),
    "details": (("details", "errors", "error_details", "errorDetails", "problems", "invalid_params"), ()),
}
_HOLDERS = ("error", "fault")  # objects some APIs wrap their error in (``{"error": {"message": …}}``)


def error_fields(api: ir.Api) -> str:
    """``ErrorFields(message=..., code=..., details=...)`` for ``api``'s documented errors."""
    models = {m.name: m for m in api.models}
    found: dict[str, str] = {}
    for fields in _error_bodies(api, models):
        for part, (names, kinds) in _PARTS.items():
            if part not in found:
                path = _find(fields, models, names, kinds)
                if path is not None:
                    found[part] = path
    if api.error_message:
        found["message"] = api.error_message
    arguments = ", ".join(f"{part}={py_literal(found[part])}" for part in _PARTS if part in found)
    return f"ErrorFields({arguments})"


def _error_bodies(api: ir.Api, models: dict[str, ir.Model]) -> list[tuple[ir.Field, ...]]:
    """The fields of every JSON error body the API documents, in document order."""
    bodies = []
    for op in api.operations:
        for response in op.responses:
            if response.is_success or response.status.startswith(("1", "3")):
                continue
            for body in response.bodies:
                fields = _object_fields(body.schema, models) if body.encoding == "json" else None
                if fields:
                    bodies.append(fields)
    return bodies


def _find(fields: tuple[ir.Field, ...], models: dict[str, ir.Model], names: tuple[str, ...],
          kinds: tuple[str, ...]) -> str | None:
    """The dotted path of the first field called one of ``names`` (of one of ``kinds``), at
    the top of the body or inside its ``error`` object."""
    by_name = {f.name: f for f in fields}
    for name in names:
        field = by_name.get(name)
        if field is not None and (not kinds or _kind(field.schema) in kinds):
            return name
    for holder in _HOLDERS:
        inner = _object_fields(by_name[holder].schema, models) if holder in by_name else None
        path = _find(inner, models, names, kinds) if inner else None
        if path is not None:
            return f"{holder}.{path}"
    return None


def _object_fields(schema: ir.Schema, models: dict[str, ir.Model]) -> tuple[ir.Field, ...] | None:
    model = models.get(schema.name) if isinstance(schema, ir.Ref) else None
    return model.fields if model is not None and model.is_object else None


def _kind(schema: ir.Schema) -> str:
    """The JSON type of a value of ``schema`` (a nullable one's non-null type)."""
    if isinstance(schema, ir.Union):
        concrete = [v for v in schema.variants if v != ir.Primitive("null")]
        schema = concrete[0] if len(concrete) == 1 else schema
    return schema.type if isinstance(schema, ir.Primitive) else schema.kind
