"""Table rows as rendered pages print them: ``name type description`` with single spaces
(Slate, Blueprint attribute tables), and whether a row's description makes it required."""

from __future__ import annotations

import re

from generator.prose.facts import Row

# Types the tables write, lower-cased; "a/b" unions and array[...] are read from these parts.
SCALARS = frozenset({
    "integer", "int", "intger", "bigint", "timestamp", "double", "float", "number", "string",
    "text", "longtext", "blob", "boolean", "bool", "array", "object", "constant", "varies",
    "date", "datetime",
})
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]*(\{[A-Za-z_]+\})?(\[[A-Za-z0-9_]*\])*$")
_ARRAY = re.compile(r"^array\[([A-Za-z_]+)\]$", re.IGNORECASE)
_REQUIRED = re.compile(r"(^|[.!]\s+|\s)Required\.?\s*$|(^|[.]\s+)Required\.\s")
_CONDITIONAL = re.compile(r"\brequired (if|when|unless|for)\b|\bonly required\b|\bis required\b|"
                          r"\bare required\b|\beither\b.*\brequired\b|\bconditionally\b", re.IGNORECASE)


def is_type(word: str, models: frozenset[str] = frozenset()) -> bool:
    """True when ``word`` is a type a table writes: a scalar, ``a/b``, ``array[X]``, ``[X]``
    or a model the document describes under a heading of its own."""
    if word in models:
        return True
    if len(word) > 2 and word.startswith("[") and word.endswith("]"):  # [string], [Field]
        return is_type(word[1:-1], models)
    lower = word.lower()
    if lower in SCALARS:
        return True
    match = _ARRAY.match(word)
    if match:
        inner = match.group(1)
        return inner.lower() in SCALARS or inner in models
    parts = lower.split("/")
    return len(parts) > 1 and all(part in SCALARS for part in parts if part) and any(parts)


def split_row(text: str, line: int, models: frozenset[str] = frozenset()) -> Row | None:
    """The row ``name type description`` in ``text``, or None when ``text`` is not one (a
    continuation of the previous row's description, a value list such as ``0 => false``)."""
    words = text.split()
    if len(words) < 2 or not _NAME.match(words[0]):
        return None
    kind, rest = words[1], words[2:]
    if kind.endswith("/") and rest:  # "integer/ string"
        kind, rest = kind + rest[0], rest[1:]
    if not is_type(kind, models):
        return None
    return Row(words[0], kind, line, description=" ".join(rest))


def required(description: str) -> bool | None:
    """What a description says of required-ness: True ("... Required."), None when it makes
    it conditional ("Required if ...", "Either a or b is required"), else False."""
    if _CONDITIONAL.search(description):
        return None
    return bool(_REQUIRED.search(description.strip()))


def continued(row: Row, text: str) -> Row:
    """``row`` with ``text`` appended to its description (a continuation line)."""
    description = f"{row.description} {text.strip()}".strip()
    return Row(row.name, row.type, row.line, row.location, row.required, description)
