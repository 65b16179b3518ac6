"""Whether an example parses into a type the way the generated client parses it: pydantic's
lax mode over the annotations the Python target writes.

So ``"27"`` parses as an integer and ``"1"`` as a boolean, but ``""`` is no integer and
``5`` no string; an optional field takes null; objects keep keys they do not declare; enum
types are open (their base type passes too). The generated package's tests parse the same
examples with pydantic itself, so a difference between this module and pydantic fails them.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from generator.ir import AnyValue, Api, Array, Enum, Map, Primitive, Ref, Schema, Union

MAX_PROBLEMS = 5
MAX_DEPTH = 24
_INTEGER = re.compile(r"^\s*[+-]?\d+(\.0*)?\s*$")
_BOOLEAN = {"0", "off", "f", "false", "n", "no", "1", "on", "t", "true", "y", "yes"}


def problems(api: Api, schema: Schema | None, value: Any, path: str = "") -> list[str]:
    """Why ``value`` does not parse into ``schema`` (at most :data:`MAX_PROBLEMS`), each as
    ``path: reason``; empty when it parses."""
    found: list[str] = []
    _walk(api, schema, value, path or "$", found, 0)
    return found[:MAX_PROBLEMS]


def _walk(api: Api, schema: Schema | None, value: Any, path: str, found: list[str], depth: int) -> None:
    if len(found) >= MAX_PROBLEMS or schema is None or isinstance(schema, AnyValue) or depth > MAX_DEPTH:
        return
    if isinstance(schema, Primitive):
        if not scalar_parses(schema, value):
            found.append(f"{path}: {_show(value)} is not {_article(schema)}")
    elif isinstance(schema, Enum):
        if not any(v == value for v in schema.values):
            found.append(f"{path}: {_show(value)} is not one of {list(schema.values)}")
    elif isinstance(schema, Array):
        if not isinstance(value, list):
            found.append(f"{path}: {_kind(value)} where a list is expected")
            return
        for index, item in enumerate(value):
            _walk(api, schema.items, item, f"{path}[{index}]", found, depth + 1)
    elif isinstance(schema, Map):
        if not isinstance(value, dict):
            found.append(f"{path}: {_kind(value)} where an object is expected")
            return
        for key, item in value.items():
            _walk(api, schema.values, item, f"{path}.{key}", found, depth + 1)
    elif isinstance(schema, Union):
        _union(api, schema, value, path, found, depth)
    else:
        _model(api, schema, value, path, found, depth)


def _union(api: Api, schema: Union, value: Any, path: str, found: list[str], depth: int) -> None:
    if value is None and Primitive("null") in schema.variants:
        return
    attempts: list[list[str]] = []
    for variant in schema.variants:
        if variant == Primitive("null"):
            continue
        trial: list[str] = []
        _walk(api, variant, value, path, trial, depth + 1)
        if not trial:
            return
        attempts.append(trial)
    if not attempts:
        found.append(f"{path}: null is not allowed")
        return
    closest: list[str] = min(attempts, key=len)  # the variant the value came nearest to
    found.extend(closest)


def _model(api: Api, ref: Ref, value: Any, path: str, found: list[str], depth: int) -> None:
    model = api.model(ref.name)
    if isinstance(model.schema, Enum) and model.schema.type in ("string", "integer"):
        if not any(v == value for v in model.schema.values):  # open: the base type passes too
            _walk(api, Primitive(model.schema.type), value, path, found, depth + 1)
        return
    if not model.is_object:
        _walk(api, model.schema, value, path, found, depth + 1)
        return
    if not isinstance(value, dict):
        found.append(f"{path}: {_kind(value)} where an object ({model.name}) is expected")
        return
    for field in model.fields:
        if field.name not in value:
            if field.required:
                found.append(f"{path}.{field.name}: required, and missing")
            continue
        item = value[field.name]
        if item is None and not field.required:
            continue  # optional fields are Optional[...] = None
        _walk(api, field.schema, item, f"{path}.{field.name}", found, depth + 1)


def scalar_parses(schema: Primitive, value: Any) -> bool:
    """Whether pydantic's lax mode takes ``value`` for the scalar ``schema``."""
    if schema.type == "null":
        return value is None
    if schema.type == "boolean":
        return (isinstance(value, bool) or isinstance(value, int) and value in (0, 1)
                or isinstance(value, str) and value.strip().lower() in _BOOLEAN)
    if schema.type == "integer":
        return (isinstance(value, int) or isinstance(value, float) and value.is_integer()
                or isinstance(value, str) and bool(_INTEGER.match(value)))
    if schema.type == "number":
        return isinstance(value, int | float) or isinstance(value, str) and _is_number(value)
    if schema.format == "date-time" and (isinstance(value, int | float) and not isinstance(value, bool)
                                         or isinstance(value, str) and _is_number(value)):
        return True  # pydantic reads a number as Unix time
    if not isinstance(value, str):
        return False
    return _date_parses(schema.format, value)


def _is_number(text: str) -> bool:
    try:
        float(text.strip())
    except ValueError:
        return False
    return bool(text.strip())


def _date_parses(format: str | None, text: str) -> bool:
    """Dates and date-times as ISO 8601 text; any other string format is plain text."""
    try:
        if format == "date-time":
            datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
        elif format == "date":  # a date, or a date-time at midnight
            moment = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
            return moment.time() == datetime.time(0)
    except ValueError:
        return False
    return True


def _article(schema: Primitive) -> str:
    kind = {"integer": "an integer", "number": "a number", "boolean": "a boolean",
            "null": "null"}.get(schema.type, "a string")
    return f"{kind} ({schema.format})" if schema.format in ("date", "date-time") else kind


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    return _show(value)


def _show(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else '"' + value[:40] + ('…"' if len(value) > 40 else '"')
    return "null" if value is None else text
