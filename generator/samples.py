"""Example values for schemas, and the wire form a correct client must send for them.

Generated tests call each operation with these values and compare the request with the
expectations computed here, independently of the generated runtime, so a bug in the
runtime's path, query or body encoding makes a test fail rather than agree with itself.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from generator.ir import AnyValue, Api, Array, Enum, Map, Operation, Parameter, Primitive, Ref, Schema, Union

_STRING_FORMATS = {
    "date-time": "2024-01-02T03:04:05Z",
    "date": "2024-01-02",
    "email": "user@example.com",
    "uri": "https://example.com/resource",
    "url": "https://example.com/resource",
    "uuid": "00000000-0000-4000-8000-000000000000",
    "byte": "aGVsbG8=",
}
MAX_DEPTH = 4


def sample(api: Api, schema: Schema | None, depth: int = 0) -> Any:
    """A small valid value for ``schema`` as JSON data (required fields only for objects)."""
    if schema is None or isinstance(schema, AnyValue):
        return "value"
    if isinstance(schema, Primitive):
        return _primitive(schema)
    if isinstance(schema, Enum):
        return schema.values[0]
    if isinstance(schema, Array):
        item = sample(api, schema.items, depth + 1)
        return [item] * max(1, schema.min_items or 1) if depth < MAX_DEPTH else []
    if isinstance(schema, Map):
        return {"key": sample(api, schema.values, depth + 1)} if depth < MAX_DEPTH else {}
    if isinstance(schema, Union):
        concrete = [v for v in schema.variants if v != Primitive("null")]
        return sample(api, concrete[0], depth) if concrete else None
    return _model_sample(api, schema, depth)


def _primitive(schema: Primitive) -> Any:
    if schema.type == "string":
        return _STRING_FORMATS.get(schema.format or "", "string")
    if schema.type == "integer":
        return 1
    if schema.type == "number":
        return 1.5
    if schema.type == "boolean":
        return True
    return None


def _model_sample(api: Api, ref: Ref, depth: int) -> Any:
    model = api.model(ref.name)
    if not model.is_object:
        return sample(api, model.schema, depth)
    if depth >= MAX_DEPTH:
        return {}
    return {f.name: sample(api, f.schema, depth + 1) for f in model.fields
            if f.required and not f.read_only}


def is_object_model(api: Api, schema: Schema | None) -> bool:
    """True when ``schema`` refers to an object model (passed as a model instance)."""
    return isinstance(schema, Ref) and api.model(schema.name).is_object


def wire_text(value: Any) -> str:
    """How a scalar appears in a URL or header: booleans lower case, like JSON."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def expected_path(op: Operation, values: dict[str, Any]) -> str:
    """The operation's path with each path parameter's value percent-encoded."""
    path = op.path
    for param in op.parameters:
        if param.location == "path":
            path = path.replace("{" + param.name + "}", quote(wire_text(values[param.py_name]), safe=""))
    return path


def expected_query(params: list[Parameter], values: dict[str, Any]) -> list[list[str]]:
    """The query string's (name, value) pairs: arrays exploded unless ``explode: false``."""
    pairs: list[list[str]] = []
    for param in params:
        value = values[param.py_name]
        if isinstance(value, list):
            if param.explode is False:
                pairs.append([param.name, ",".join(wire_text(v) for v in value)])
            else:
                pairs.extend([param.name, wire_text(v)] for v in value)
        elif isinstance(value, dict):
            pairs.extend([f"{param.name}[{k}]", wire_text(v)] for k, v in value.items())
        else:
            pairs.append([param.name, wire_text(value)])
    return pairs
