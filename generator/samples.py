"""Example values for schemas, and the wire form a correct client must send for them.

Generated tests call each operation with these values and compare the request with the
expectations computed here, independently of the generated runtime, so a bug in the
runtime's path, query or body encoding makes a test fail rather than agree with itself.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

from generator.ir import (
    AnyValue, Api, Array, Enum, Map, Operation, Parameter, Primitive, Ref, RequestBody, Schema, Union,
)

_STRING_FORMATS = {
    "date-time": "2024-01-02T03:04:05Z",
    "date": "2024-01-02",
    "email": "user@example.com",
    "uri": "https://example.com/resource",
    "url": "https://example.com/resource",
    "uuid": "00000000-0000-4000-8000-000000000000",
    "byte": "aGVsbG8=",
}
MAX_DEPTH = 24  # models deep; real specs nest required objects a dozen levels


def sample(api: Api, schema: Schema | None, seen: frozenset[str] = frozenset()) -> Any:
    """A small valid value for ``schema`` as JSON data (required fields only for objects).

    ``seen`` holds the models being sampled on the way here: a model met again is a
    cycle, cut short with an empty object rather than followed forever.
    """
    if schema is None or isinstance(schema, AnyValue):
        return "value"
    if isinstance(schema, Primitive):
        return _primitive(schema)
    if isinstance(schema, Enum):
        return schema.values[0]
    if isinstance(schema, Array):
        return [sample(api, schema.items, seen)] * max(1, schema.min_items or 1)
    if isinstance(schema, Map):
        return {"key": sample(api, schema.values, seen)}
    if isinstance(schema, Union):
        concrete = [v for v in schema.variants if v != Primitive("null")]
        return sample(api, concrete[0], seen) if concrete else None
    return _model_sample(api, schema, seen)


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


def _model_sample(api: Api, ref: Ref, seen: frozenset[str]) -> Any:
    if ref.name in seen or len(seen) >= MAX_DEPTH:
        return {}
    model = api.model(ref.name)
    seen = seen | {ref.name}
    if not model.is_object:
        return sample(api, model.schema, seen)
    return {f.name: sample(api, f.schema, seen) for f in model.fields if f.required}


def is_object_model(api: Api, schema: Schema | None) -> bool:
    """True when ``schema`` refers to an object model (passed as a model instance)."""
    return isinstance(schema, Ref) and api.model(schema.name).is_object


def wire_text(value: Any) -> str:
    """How a value appears in a URL, header or form: booleans lower case, nested data as
    compact JSON."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json.dumps(value, separators=(",", ":"))
    return str(value)


def simple_text(value: Any) -> str:
    """A path or header value in OpenAPI's ``simple`` style, the default for both: a list's
    items, or an object's keys and values, joined by commas."""
    if isinstance(value, list):
        return ",".join(wire_text(item) for item in value)
    if isinstance(value, dict):
        return ",".join(f"{key},{wire_text(item)}" for key, item in value.items())
    return wire_text(value)


def expected_path(op: Operation, values: dict[str, Any]) -> str:
    """The operation's path with each path parameter's value, as httpx's ``url.path`` shows
    it (percent-decoded)."""
    path = op.path
    for param in op.parameters:
        if param.location == "path":
            path = path.replace("{" + param.name + "}", simple_text(values[param.py_name]))
    return path


def multipart_name(name: str) -> bytes:
    """The ``name="..."`` of a multipart part as httpx writes it (HTML5 escapes)."""
    escaped = "".join("%22" if ch == '"' else "\\\\" if ch == "\\" else
                      f"%{ord(ch):02X}" if ord(ch) < 0x20 and ch != "\x1b" else ch for ch in name)
    return f'name="{escaped}"'.encode()


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


def needs_adapter(api: Api, schema: Schema | None) -> bool:
    """True when an example of ``schema`` must be parsed into models before it is passed."""
    if isinstance(schema, Ref):
        model = api.model(schema.name)
        return model.is_object or needs_adapter(api, model.schema)
    if isinstance(schema, Array):
        return needs_adapter(api, schema.items)
    if isinstance(schema, Map):
        return needs_adapter(api, schema.values)
    if isinstance(schema, Union):
        return any(needs_adapter(api, v) for v in schema.variants)
    return False


def is_binary(schema: Schema | None) -> bool:
    """True for a file field (``type: string, format: binary``)."""
    return isinstance(schema, Primitive) and schema.format == "binary"


def success_status(op: Operation) -> int:
    """The status a mock answers the operation with."""
    ok = op.success
    return int(ok.status) if ok is not None and ok.status.isdigit() else 200


def response_example(api: Api, op: Operation) -> Any:
    """The body a mock answers with: the spec's example if it conforms, else a sample."""
    ok = op.success
    if ok is None or not ok.bodies:
        return None
    body = ok.bodies[0]
    if body.encoding == "binary":
        return b"binary-response"
    if body.encoding == "text":
        return body.example if isinstance(body.example, str) else "text-response"
    if body.example is not None and conforms(api, body.schema, body.example):
        return body.example
    return sample(api, body.schema)


def body_sample(api: Api, body: RequestBody) -> Any:
    """The sample a test passes as the whole body: for a form, always a mapping of fields
    (a form body whose schema says nothing about its fields is typed ``Dict[str, Any]``)."""
    value = sample(api, body.preferred.schema)
    if body.preferred.encoding in ("form", "multipart") and not isinstance(value, dict):
        return {"field": value}
    return value


def expected_json(api: Api, body: RequestBody) -> Any:
    """The JSON a client sends when called with the sample body arguments."""
    if body.fields:
        return {f.name: sample(api, f.schema) for f in body.fields}
    return body_sample(api, body)


def expected_form(api: Api, body: RequestBody) -> dict[str, list[str]]:
    """The parsed form (``parse_qs``) a client sends for the sample body arguments."""
    values = expected_json(api, body)
    form: dict[str, list[str]] = {}
    if not isinstance(values, dict):
        return form
    for name, value in values.items():
        if value is None:
            continue
        items = value if isinstance(value, list) else [value]
        form[name] = [wire_text(v) for v in items]
    return form


def conforms(api: Api, schema: Schema | None, value: Any, depth: int = 0) -> bool:
    """Whether ``value`` has the shape ``schema`` documents (types, required fields, dates).

    Specs often carry examples that contradict their own schema; a generated test parses
    only examples that conform, and the generator warns about the others.
    """
    if schema is None or isinstance(schema, AnyValue) or depth > MAX_DEPTH:
        return True
    if isinstance(schema, Primitive):
        return _primitive_conforms(schema, value)
    if isinstance(schema, Enum):
        return _one_of(schema, value)  # spelled Literal[...]: only its values parse
    if isinstance(schema, Array):
        return isinstance(value, list) and all(conforms(api, schema.items, v, depth + 1) for v in value[:5])
    if isinstance(schema, Map):
        return isinstance(value, dict) and all(conforms(api, schema.values, v, depth + 1)
                                               for v in list(value.values())[:5])
    if isinstance(schema, Union):
        return any(conforms(api, v, value, depth + 1) for v in schema.variants)
    model = api.model(schema.name)
    if isinstance(model.schema, Enum) and model.schema.type in ("string", "integer"):
        # An enum class, open: a value the API adds later parses as the base type.
        return _one_of(model.schema, value) or _primitive_conforms(Primitive(model.schema.type), value)
    if not model.is_object:
        return conforms(api, model.schema, value, depth + 1)
    if not isinstance(value, dict):
        return False
    fields = {f.name: f for f in model.fields}
    # An optional field is typed `Optional[...] = None`, so its model takes a null whatever
    # the schema says (examples often write `parentId: null` for "not set").
    return all(f.name in value for f in model.fields if f.required) and all(
        conforms(api, fields[k].schema, v, depth + 1) for k, v in value.items()
        if k in fields and (v is not None or fields[k].required))


def _one_of(schema: Enum, value: Any) -> bool:
    """Whether ``value`` is one of the enum's values (``True`` is not ``1`` here)."""
    return any(v == value and isinstance(v, bool) == isinstance(value, bool) for v in schema.values)


def _primitive_conforms(schema: Primitive, value: Any) -> bool:
    if schema.type == "null":
        return value is None
    if schema.type == "boolean":
        return isinstance(value, bool)
    if schema.type == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if schema.type == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if not isinstance(value, str):
        return False
    if schema.format in ("date-time", "date"):
        try:
            parsed = datetime.datetime.fromisoformat(value)
        except ValueError:
            return False
        return schema.format == "date-time" or len(value) == 10 and parsed is not None
    return True
