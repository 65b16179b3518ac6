"""Example values for IR schemas, and whether a value has the shape a schema documents.

Neutral: targets build their generated tests from these samples, and the enrich stage
checks a document's own examples with :func:`conforms`.
"""

from __future__ import annotations

import datetime
from typing import Any

from generator.ir import AnyValue, Api, Array, Enum, Map, Primitive, Ref, Schema, Union

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


def sample(api: Api, schema: Schema | None, seen: frozenset[str] = frozenset(), items: int = 1) -> Any:
    """A small valid value for ``schema`` as JSON data (required fields only for objects).

    Lists hold ``items`` items where their bounds allow. ``seen`` holds the models being
    sampled on the way here: a model met again is a cycle, cut short with an empty object
    rather than followed forever.
    """
    if schema is None or isinstance(schema, AnyValue):
        return "value"
    if isinstance(schema, Primitive):
        return _primitive(schema)
    if isinstance(schema, Enum):
        return schema.values[0]
    if isinstance(schema, Array):
        count = max(items, schema.min_items or 1)
        count = min(count, schema.max_items) if schema.max_items else count
        return [sample(api, schema.items, seen, items)] * max(1, count)
    if isinstance(schema, Map):
        return {"key": sample(api, schema.values, seen, items)}
    if isinstance(schema, Union):
        concrete = [v for v in schema.variants if v != Primitive("null")]
        return sample(api, concrete[0], seen, items) if concrete else None
    return _model_sample(api, schema, seen, items)


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


def _model_sample(api: Api, ref: Ref, seen: frozenset[str], items: int) -> Any:
    if ref.name in seen or len(seen) >= MAX_DEPTH:
        return {}
    model = api.model(ref.name)
    seen = seen | {ref.name}
    if not model.is_object:
        return sample(api, model.schema, seen, items)
    return {f.name: sample(api, f.schema, seen, items) for f in model.fields if f.required}


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
        return isinstance(value, list) and all(conforms(api, schema.items, v, depth + 1) for v in value)
    if isinstance(schema, Map):
        return isinstance(value, dict) and all(conforms(api, schema.values, v, depth + 1)
                                               for v in value.values())
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
