"""The oracle's comparison of two normalised schemas, by the policy of docs/drift.md.

A finding is ``(path, stem, detail)``: the field path inside the schema (``a.b[]<text>.c``),
the rule without its scope (``type-changed``), and a value that tells two findings apart.
The caller adds the scope (``request-parameter-``, ``request-property-``,
``response-property-``) and the place.
"""

from __future__ import annotations

from collections import defaultdict
from tests.diff_oracle.schemas import Node, Prop

Finding = tuple[str, str, str]
_TIGHTER = {  # limit -> (stem when tighter, stem when looser, larger is tighter)
    "min_length": ("min-length-increased", "min-length-decreased", True),
    "max_length": ("max-length-decreased", "max-length-increased", False),
    "minimum": ("min-increased", "min-decreased", True),
    "maximum": ("max-decreased", "max-increased", False),
    "exclusive_minimum": ("exclusive-min-increased", "exclusive-min-decreased", True),
    "exclusive_maximum": ("exclusive-max-decreased", "exclusive-max-increased", False),
    "min_items": ("min-items-increased", "min-items-decreased", True),
    "max_items": ("max-items-decreased", "max-items-increased", False),
}


def below(prefix: str, findings: list[Finding]) -> list[Finding]:
    """Findings seen from ``prefix`` up: ``a`` + ``b`` is ``a.b``; ``[]``, ``{}``, ``<x>`` attach."""
    out = []
    for path, stem, detail in findings:
        if not prefix or not path:
            out.append((prefix or path, stem, detail))
        else:
            out.append((prefix + path if path[0] in "[{<" else f"{prefix}.{path}", stem, detail))
    return out


class Comparer:
    """Compares schemas of two documents for data going one way (request or response)."""

    def __init__(self) -> None:
        self._done: dict[tuple[int, int, str], list[Finding]] = {}

    def compare(self, old: Node, new: Node, way: str) -> list[Finding]:
        found: list[Finding] = []
        if old.nullable != new.nullable:
            found.append(("", "became-nullable" if new.nullable else "became-not-nullable", ""))
        if old.kind == "union" or new.kind == "union":
            from tests.diff_oracle.unions import unions

            return found + unions(self, old, new, way)
        if _objectish(old) and _objectish(new):
            return found + self._objects(old, new, way)
        if old.kind == new.kind:
            return found + self._same(old, new, way)
        return found + [("", _kind_change(old, new), "")]

    def _same(self, old: Node, new: Node, way: str) -> list[Finding]:
        if old.kind == "scalar":
            return _scalars(old, new)
        if old.kind == "enum":
            if old.type != new.type:
                return [("", "type-changed", "")]
            found = []
            added = [v for v in new.values if v not in old.values]
            removed = [v for v in old.values if v not in new.values]
            if added:  # the values tell apart changes to several variants of a union
                found.append(("", "enum-value-added", repr(sorted(map(str, added)))))
            if removed:
                found.append(("", "enum-value-removed", repr(sorted(map(str, removed)))))
            return found
        if old.kind == "array":
            assert old.items is not None and new.items is not None
            return below("[]", self.compare(old.items, new.items, way)) + _bounds(old, new, ("min_items", "max_items")) \
                + _flag(old, new, "unique_items", "unique-items-added", "unique-items-removed")
        return []

    def _objects(self, old: Node, new: Node, way: str) -> list[Finding]:
        key = (id(old), id(new), way)
        if key in self._done:
            return self._done[key]
        self._done[key] = []
        hide = "read_only" if way == "request" else "write_only"
        seen_old = {k: p for k, p in old.props.items() if not getattr(p, hide)}
        seen_new = {k: p for k, p in new.props.items() if not getattr(p, hide)}
        found: list[Finding] = []
        for name, prop in seen_new.items():
            if name not in seen_old:
                found.append((name, _appeared(prop, way, name in old.props), ""))
        for name, prop in seen_old.items():
            if name not in seen_new:
                found.append((name, _vanished(prop, way, name in new.props), ""))
            else:
                found += below(name, self._prop(prop, seen_new[name], way))
        found += self._extra(old, new, way)
        self._done[key] = found
        return found

    def _prop(self, old: Prop, new: Prop, way: str) -> list[Finding]:
        found = []
        if old.required != new.required:
            found.append(("", "became-required" if new.required else "became-optional", ""))
        if old.deprecated != new.deprecated:
            found.append(("", "deprecated" if new.deprecated else "reactivated", ""))
        if old.default != new.default:
            found.append(("", "default-value-changed", repr((old.default, new.default))))
        return found + self.compare(old.schema, new.schema, way)

    def _extra(self, old: Node, new: Node, way: str) -> list[Finding]:
        found = []
        if old.closed != new.closed:
            found.append(("{}", "additional-properties-closed" if new.closed else "additional-properties-opened", ""))
        if old.closed or new.closed:
            return found
        before, after = old.extra or Node("any"), new.extra or Node("any")
        inner = self.compare(before, after, way)
        if way == "response" and old.kind != "map":
            return found + ([("{}", "additional-properties-changed", "")] if inner else [])
        return found + below("{}", inner)


def _objectish(node: Node) -> bool:
    return node.kind in ("object", "map")


def _kind_change(old: Node, new: Node) -> str:
    if old.kind == "scalar" and new.kind == "enum" and old.type == new.type:
        return "became-enum"
    if old.kind == "enum" and new.kind == "scalar" and old.type == new.type:
        return "no-longer-enum"
    if new.kind == "any":
        return "type-widened"
    if old.kind == "any":
        return "type-narrowed"
    return "type-changed"


def _scalars(old: Node, new: Node) -> list[Finding]:
    if old.type != new.type:
        if (old.type, new.type) == ("integer", "number"):
            return [("", "type-widened", "")]
        if (old.type, new.type) == ("number", "integer"):
            return [("", "type-narrowed", "")]
        return [("", "type-changed", "")]
    found = []
    if old.format != new.format:
        found.append(("", "format-added" if old.format is None else "format-removed" if new.format is None
                      else "format-changed", ""))
    found += _bounds(old, new, ("min_length", "max_length", "minimum", "maximum", "exclusive_minimum",
                                "exclusive_maximum"))
    for key, word in (("pattern", "pattern"), ("multiple_of", "multiple-of")):
        before, after = old.limits.get(key), new.limits.get(key)
        if before != after:
            found.append(("", f"{word}-added" if before is None else f"{word}-removed" if after is None
                          else f"{word}-changed", ""))
    return found


def _bounds(old: Node, new: Node, keys: tuple[str, ...]) -> list[Finding]:
    found = []
    for key in keys:
        before, after = old.limits.get(key), new.limits.get(key)
        if before == after:
            continue
        tighter_stem, looser_stem, larger_tighter = _TIGHTER[key]
        tighter = before is None if before is None or after is None else (after > before) == larger_tighter
        found.append(("", tighter_stem if tighter else looser_stem, ""))
    return found


def _flag(old: Node, new: Node, key: str, on: str, off: str) -> list[Finding]:
    before, after = bool(old.limits.get(key)), bool(new.limits.get(key))
    return [] if before == after else [("", on if after else off, "")]


def _appeared(prop: Prop, way: str, was_there: bool) -> str:
    if way == "response":
        return "became-readable" if was_there else "added"
    if prop.required:
        return "added-required"
    return "became-writable" if was_there else "added-optional"


def _vanished(prop: Prop, way: str, still_there: bool) -> str:
    if way == "request":
        return "became-read-only" if still_there else "removed"
    if still_there:
        return "became-write-only-required" if prop.required else "became-write-only-optional"
    return "removed-required" if prop.required else "removed-optional"


def group_by(pairs: list[tuple[int, int]], side: int) -> dict[int, list[int]]:
    """Pairs indexed by one side: old index -> new indices (side 0), or the reverse."""
    out: dict[int, list[int]] = defaultdict(list)
    for pair in pairs:
        out[pair[side]].append(pair[1 - side])
    return out

