"""Literal values in schemas: JSON-safe copies, enums and consts typed by their declared type."""

from __future__ import annotations

import datetime
import re
from typing import Any

from generator.diagnostics import Diagnostics, pointer_join
from generator.ir import AnyValue, Enum, Primitive, Schema

PRIMITIVES = ("string", "integer", "number", "boolean", "null")
NULL = Primitive("null")
_INTEGER = re.compile(r"-?\d+")
_NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?")


def plain(value: Any) -> Any:
    """A JSON-safe copy of a YAML value: dates become ISO strings, keys become strings."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, float) and value != value:  # NaN is not JSON
        return None
    return value


def enum(raw: dict[str, Any], pointer: str, diagnostics: Diagnostics) -> Schema:
    """The IR of ``raw``'s ``enum``, typed by its declared type.

    Values written as strings under a numeric or boolean type (``type: integer, enum: ["0",
    "2"]``) are read as that type when they all parse as it: the API sends the numbers.
    """
    values = raw.get("enum")
    if not isinstance(values, list) or not values:
        diagnostics.add("malformed-enum", pointer_join(pointer, "enum"), "empty or malformed "
                        "enum; treated as any value")
        return AnyValue()
    unique = tuple(dict.fromkeys(plain(v) for v in values if v is not None and not isinstance(v, dict | list)))
    if not unique:
        return NULL
    kind = type_of(raw, unique[0])
    if not all(fits(kind, value) for value in unique):
        parsed = tuple(dict.fromkeys(parse(kind, value) for value in unique))
        if None not in parsed:
            return Enum(kind, parsed)
        diagnostics.add("enum-type-mismatch", pointer_join(pointer, "enum"), f"enum values do not "
                        f"all fit type {kind!r}; read as strings")
        kind = "string"
    return Enum(kind, unique)


def const(raw: dict[str, Any]) -> Enum:
    """``const`` as a one-value enum, typed like :func:`enum`."""
    value = plain(raw["const"])
    kind = type_of(raw, value)
    if not fits(kind, value) and parse(kind, value) is not None:
        value = parse(kind, value)
    return Enum(kind, (value,))


def type_of(raw: dict[str, Any], sample: Any) -> str:
    """The declared scalar type of ``raw``, else the type of ``sample``."""
    kind = raw.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), None)
    if kind in PRIMITIVES and kind != "null":
        return str(kind)
    if isinstance(sample, bool):
        return "boolean"
    return "integer" if isinstance(sample, int) else "number" if isinstance(sample, float) else "string"


def fits(kind: str, value: Any) -> bool:
    """Whether an enum value is of the enum's type (any scalar can be written as a string)."""
    if kind == "string":
        return True
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, int | float) and not isinstance(value, bool)


def parse(kind: str, value: Any) -> Any:
    """``value`` (a string) read as ``kind``, or None when it does not parse as one."""
    if fits(kind, value):
        return value
    text = value.strip() if isinstance(value, str) else None
    if text is None:
        return None
    if kind == "integer" and _INTEGER.fullmatch(text):
        return int(text)
    if kind == "number" and _NUMBER.fullmatch(text):
        number = float(text)
        return int(number) if number.is_integer() and _INTEGER.fullmatch(text) else number
    if kind == "boolean" and text in ("true", "false"):
        return text == "true"
    return None


def text(value: Any) -> str | None:
    """``value`` when it is a string."""
    return value if isinstance(value, str) else None


def number(value: Any) -> float | None:
    """``value`` when it is a number (not a boolean)."""
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


def integer(value: Any) -> int | None:
    """``value`` when it is an integer (not a boolean)."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None
