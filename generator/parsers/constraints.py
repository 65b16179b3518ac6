"""Validation keywords read as facts of the IR: bounds, lengths, patterns, closed objects.

Generated clients do not enforce these, but a change to one changes what the server accepts,
which is what ``apigen diff`` compares. Malformed values (a string ``maxLength``) are left out
rather than reported: the document's validator reports them, and a wrong fact would be worse
than a missing one.
"""

from __future__ import annotations

from typing import Any


def scalar(raw: dict[str, Any]) -> dict[str, Any]:
    """The keyword arguments of :class:`~generator.ir.Primitive` beyond type and format."""
    minimum, maximum = _number(raw.get("minimum")), _number(raw.get("maximum"))
    low, high = raw.get("exclusiveMinimum"), raw.get("exclusiveMaximum")
    # OpenAPI 3.0 writes exclusiveMinimum: true beside minimum; 3.1 writes the bound itself.
    exclusive_minimum = minimum if low is True else _number(low)
    exclusive_maximum = maximum if high is True else _number(high)
    return {
        "minimum": None if low is True else minimum,
        "maximum": None if high is True else maximum,
        "exclusive_minimum": exclusive_minimum,
        "exclusive_maximum": exclusive_maximum,
        "multiple_of": _positive(raw.get("multipleOf")),
        "min_length": _count(raw.get("minLength")),
        "max_length": _count(raw.get("maxLength")),
        "pattern": raw["pattern"] if isinstance(raw.get("pattern"), str) else None,
    }


def unique_items(raw: dict[str, Any]) -> bool:
    """Whether an array's items must differ from each other."""
    return raw.get("uniqueItems") is True


def closed(raw: dict[str, Any]) -> bool:
    """Whether an object admits no property but those it lists (``additionalProperties: false``)."""
    return raw.get("additionalProperties") is False


def title(raw: Any) -> str | None:
    """The schema's ``title``, when it is a string."""
    value = raw.get("title") if isinstance(raw, dict) else None
    return value if isinstance(value, str) else None


def _number(value: Any) -> float | None:
    """A number, never a boolean."""
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


def _positive(value: Any) -> float | None:
    """A number above zero (multipleOf)."""
    number = _number(value)
    return number if number is not None and number > 0 else None


def _count(value: Any) -> int | None:
    """A count: an integer, zero or more."""
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None
