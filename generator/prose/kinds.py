"""Types as kinds that prose and spec can be compared by: integer, number, string, boolean,
array, object.

Prose writes types many ways (``timestamp``, ``integer <int64>``, ``Array of strings``,
``Unix Timestamp``, ``[string]``, ``integer/string``, a model's name); a spec type resolves
through its aliases and nullability. They agree when they share a kind. ``number`` in prose
against ``integer`` in the spec does not: the spec narrowed the type, which needs a reason.
"""

from __future__ import annotations

import re

from collections.abc import Callable

from generator import ir

_WORDS = {
    "integer": "integer", "int": "integer", "intger": "integer", "bigint": "integer",
    "timestamp": "integer", "unix timestamp": "integer",
    "number": "number", "double": "number", "float": "number",
    "string": "string", "text": "string", "longtext": "string", "blob": "string", "date": "string",
    "datetime": "string", "email": "string",
    "boolean": "boolean", "bool": "boolean",
    "array": "array", "object": "object",
}
_UNKNOWN = frozenset({"constant", "varies", "any", "mixed"})
MAX_DEPTH = 24


Named = Callable[[str], "frozenset[str] | None"]


def prose_kinds(written: str, fmt: str = "", named: Named | None = None) -> frozenset[str] | None:
    """The kinds a prose type allows; None when it says nothing checkable (``varies``).

    API Blueprint's ``number`` is MSON's only numeric type, so it allows integers too; other
    formats also write ``integer``, and their ``number`` is the wider type. A model's name is
    an object, or what ``named`` says the spec's model of that name is (an enum of strings).
    """
    text = written.strip()
    if fmt == "blueprint" and text.lower() == "number":
        return frozenset({"integer", "number"})
    if named is not None and re.fullmatch(r"[A-Z][A-Za-z0-9]*", text) and text.lower() not in _WORDS:
        found = named(text)
        if found is not None:
            return found
    lower = text.lower()
    if lower.startswith(("array", "[")) or lower.startswith("list of"):
        return frozenset({"array"})
    if lower.startswith("object") or re.fullmatch(r"[A-Z][A-Za-z0-9]*", text) and lower not in _WORDS:
        return frozenset({"object"})
    base = re.split(r"\s*[<\[(>]|\s+or\s+|\s+\(", lower, maxsplit=1)[0].strip()
    if base in _UNKNOWN:
        return None
    parts = [part.strip() for part in base.split("/") if part.strip()]
    kinds = {_WORDS[part] for part in parts if part in _WORDS}
    return frozenset(kinds) if kinds and len(kinds) == len(parts) else None


def spec_kinds(api: ir.Api, schema: ir.Schema | None, depth: int = 0) -> frozenset[str] | None:
    """The kinds a spec type allows; None for any value."""
    if schema is None or isinstance(schema, ir.AnyValue) or depth > MAX_DEPTH:
        return None
    if isinstance(schema, ir.Primitive | ir.Enum):
        return frozenset({schema.type}) - {"null"}
    if isinstance(schema, ir.Array):
        return frozenset({"array"})
    if isinstance(schema, ir.Map):
        return frozenset({"object"})
    if isinstance(schema, ir.Union):
        kinds: set[str] = set()
        for variant in schema.variants:
            found = spec_kinds(api, variant, depth + 1)
            if found is None:
                return None
            kinds |= found
        return frozenset(kinds)
    model = api.model(schema.name)
    return frozenset({"object"}) if model.is_object else spec_kinds(api, model.schema, depth + 1)


def agree(prose: frozenset[str] | None, spec: frozenset[str] | None) -> bool:
    """True when the spec's type takes what the prose's does (or either says nothing)."""
    if prose is None or spec is None:
        return True
    return bool(prose & spec) or "integer" in prose and "number" in spec  # a number takes integers


def describe(kinds: frozenset[str] | None) -> str:
    """``integer or string`` for messages."""
    return " or ".join(sorted(kinds)) if kinds else "any"
