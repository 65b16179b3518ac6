"""Scalars, enums and array limits compared: types, formats, values and every constraint.

Each function returns changes relative to the schema (:class:`Rel` with an empty path) and
names the *tighter* or *looser* stem; the catalogue decides what that means in a request
(tighter breaks clients) and in a response (generated clients check no constraint).
"""

from __future__ import annotations

from typing import Any

from generator.diff.changes import WIDER, Direction
from generator.diff.relative import Rel
from generator.ir import Array, Enum, Primitive

# attribute, keyword, tighter stem, looser stem, whether a larger value is tighter
_BOUNDS = (
    ("min_length", "minLength", "min-length-increased", "min-length-decreased", True),
    ("max_length", "maxLength", "max-length-decreased", "max-length-increased", False),
    ("minimum", "minimum", "min-increased", "min-decreased", True),
    ("maximum", "maximum", "max-decreased", "max-increased", False),
    ("exclusive_minimum", "exclusiveMinimum", "exclusive-min-increased", "exclusive-min-decreased", True),
    ("exclusive_maximum", "exclusiveMaximum", "exclusive-max-decreased", "exclusive-max-increased", False),
)
_ITEM_BOUNDS = (
    ("min_items", "minItems", "min-items-increased", "min-items-decreased", True),
    ("max_items", "maxItems", "max-items-decreased", "max-items-increased", False),
)


def primitives(old: Primitive, new: Primitive) -> list[Rel]:
    """Type (integer ⊂ number), format, then every constraint of two scalars."""
    if old.type != new.type:
        if (old.type, new.type) in WIDER:
            return [Rel("", "type-widened", "widened: every old value is still valid", old.type, new.type)]
        if (new.type, old.type) in WIDER:
            return [Rel("", "type-narrowed", "narrowed: fractional values no longer allowed",
                        old.type, new.type)]
        return [Rel("", "type-changed", "incompatible type", old.type, new.type)]
    return _format(old.format, new.format) + bounds(old, new, _BOUNDS) + _pattern(old, new) \
        + _multiple_of(old.multiple_of, new.multiple_of)


def _format(old: str | None, new: str | None) -> list[Rel]:
    """A format added, removed or changed."""
    if old == new:
        return []
    if old is None:
        return [Rel("", "format-added", f"now in format {new}", old, new)]
    if new is None:
        return [Rel("", "format-removed", f"no longer in format {old}", old, new)]
    return [Rel("", "format-changed", "another format", old, new)]


def bounds(old: Any, new: Any, table: tuple[tuple[str, str, str, str, bool], ...]) -> list[Rel]:
    """Lower and upper bounds: set or raised minimums, set or lowered maximums are tighter."""
    found = []
    for attr, keyword, tighter_stem, looser_stem, larger_is_tighter in table:
        before, after = getattr(old, attr), getattr(new, attr)
        if before == after:
            continue
        if before is None or after is None:
            tighter = before is None
        else:
            tighter = (after > before) == larger_is_tighter
        verb = ("set" if before is None else "raised" if after is not None and after > before
                else "lowered" if after is not None else "removed")
        found.append(Rel("", tighter_stem if tighter else looser_stem, f"{keyword} {verb}",
                         before, after))
    return found


def _pattern(old: Primitive, new: Primitive) -> list[Rel]:
    """A pattern added, removed or changed."""
    if old.pattern == new.pattern:
        return []
    if old.pattern is None:
        return [Rel("", "pattern-added", "values must now match a pattern", None, new.pattern)]
    if new.pattern is None:
        return [Rel("", "pattern-removed", "values no longer need to match a pattern", old.pattern, None)]
    return [Rel("", "pattern-changed", "values must match another pattern", old.pattern, new.pattern)]


def _multiple_of(old: float | None, new: float | None) -> list[Rel]:
    """A multipleOf added, removed or changed."""
    if old == new:
        return []
    if old is None:
        return [Rel("", "multiple-of-added", "values must now be a multiple", None, new)]
    if new is None:
        return [Rel("", "multiple-of-removed", "values no longer need to be a multiple", old, None)]
    return [Rel("", "multiple-of-changed", "values must be a multiple of another number", old, new)]


def array_limits(old: Array, new: Array) -> list[Rel]:
    """Item counts and uniqueness of two arrays (their items are compared by the caller)."""
    found = bounds(old, new, _ITEM_BOUNDS)
    if old.unique_items != new.unique_items:
        found.append(Rel("", "unique-items-added" if new.unique_items else "unique-items-removed",
                         "items must now differ" if new.unique_items else "items may now repeat",
                         old.unique_items, new.unique_items))
    return found


def enums(old: Enum, new: Enum, direction: Direction) -> list[Rel]:
    """Values added and removed (generated enums are open: new values reach clients safely)."""
    if old.type != new.type:
        return [Rel("", "type-changed", "incompatible type", f"enum of {old.type}", f"enum of {new.type}")]
    added = [v for v in new.values if v not in old.values]
    removed = [v for v in old.values if v not in new.values]
    found = []
    if added:
        found.append(Rel("", "enum-value-added", "generated enums are open: existing clients accept "
                         "new values" if direction == "response" else "more values accepted", None, added))
    if removed:
        found.append(Rel("", "enum-value-removed", "values existing clients may send are no longer "
                         "accepted" if direction == "request" else "values no longer returned",
                         removed, None))
    return found
