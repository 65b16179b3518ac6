"""Unions compared variant by variant, so a variant that gains a field is reported as that.

Variants are paired by kind (object, array, a scalar type), then by discriminator value (the
``discriminator`` mapping, or the single-value enum of the property that tells them apart,
declared or not), then by name (component name or title), then by shape (most properties in
common). A plain schema facing a union is paired with each variant of its kind: an object
that became ``oneOf: [Text, Image]`` is compared with both.

Changes inside a paired variant are placed under its label, ``<text>`` (a discriminator
value), ``<Image Node>`` (a name) or ``<2>`` (a position). When one variant faces several
(a split or a merge), a change found in every pair is reported once, unlabelled, and a
property that moved to a sibling variant is not reported as gone.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.diff.changes import Direction
from generator.diff.relative import Rel
from generator.ir import Enum, Primitive, Schema, Union

if TYPE_CHECKING:
    from generator.diff.schemas import SchemaDiff

# Where one variant became several, a property gone from one but kept by a sibling is still
# there; where several became one, a property new to one but held by a sibling is not new.
_REMOVED = frozenset({"removed-optional", "removed"})
_ADDED = frozenset({"added-optional", "added"})
SHAPE_MATCH = 0.5  # least share of properties (of both together) two object variants must have in common


@dataclass(frozen=True)
class Variant:
    """What pairing needs to know of one variant."""

    index: int
    schema: Schema
    kind: str
    tags: frozenset[str]
    names: frozenset[str]
    fields: frozenset[str]
    label: str
    type: str | None  # a scalar's type


def compare_unions(diff: SchemaDiff, old: Schema, new: Schema, direction: Direction) -> list[Rel]:
    """Changes between ``old`` and ``new`` when either is a union (null already split off)."""
    prop = _tag_property(diff, new, 1) or _tag_property(diff, old, 0)
    before, after = _variants(diff, old, 0, prop), _variants(diff, new, 1, prop)
    pairs = _pair(before, after, isinstance(old, Union), isinstance(new, Union))
    found = _discriminators(old, new) if isinstance(old, Union) and isinstance(new, Union) else []
    paired_old, paired_new = {i for i, _ in pairs}, {j for _, j in pairs}
    for v in before:
        if v.index not in paired_old:
            found.append(Rel(f"<{v.label}>", "variant-removed", "a variant is no longer accepted"
                             if direction == "request" else "a variant is no longer returned",
                             diff.describe(v.schema, 0), None))
    for v in after:
        if v.index not in paired_new:
            found.append(Rel(f"<{v.label}>", "variant-added", "existing clients cannot parse the new "
                             "variant" if direction == "response" else "another variant is accepted",
                             None, diff.describe(v.schema, 1)))
    labels = after if isinstance(new, Union) else before
    return found + _paired(diff, pairs, before, after, labels, direction)


def _paired(diff: SchemaDiff, pairs: list[tuple[int, int]], before: list[Variant],
            after: list[Variant], labels: list[Variant], direction: Direction) -> list[Rel]:
    """Each pair compared, grouped where one variant faces several."""
    by_old: dict[int, list[int]] = defaultdict(list)
    by_new: dict[int, list[int]] = defaultdict(list)
    for i, j in pairs:
        by_old[i].append(j)
        by_new[j].append(i)
    found: list[Rel] = []
    done: set[tuple[int, int]] = set()
    for i, js in by_old.items():
        if len(js) > 1:  # one old variant split into several: each new one compared with it
            found += _group(diff, before[i], [after[j] for j in js], True, direction)
            done |= {(i, j) for j in js}
    for j, olds in by_new.items():
        rest = [i for i in olds if (i, j) not in done]
        if len(rest) > 1:  # several old variants merged into one
            found += _group(diff, after[j], [before[i] for i in rest], False, direction)
            done |= {(i, j) for i in rest}
    for i, j in pairs:
        if (i, j) not in done:
            label = f"<{(after[j] if labels is after else before[i]).label}>"
            found += [r.under(label) for r in diff.compare(before[i].schema, after[j].schema, direction)]
    return found


def _group(diff: SchemaDiff, lone: Variant, many: list[Variant], lone_is_old: bool,
           direction: Direction) -> list[Rel]:
    """Pairs sharing one variant: changes common to all reported once, unlabelled; a property
    the many side still has in another of its variants is not reported as added or removed."""
    results = [(m, diff.compare(lone.schema, m.schema, direction) if lone_is_old
                else diff.compare(m.schema, lone.schema, direction)) for m in many]
    common = set.intersection(*({r.key for r in rels} for _, rels in results))
    covered = _REMOVED if lone_is_old else _ADDED
    found = [r for r in results[0][1] if r.key in common]
    for variant, rels in results:
        siblings = frozenset().union(*(m.fields for m, _ in results if m is not variant))
        found += [r.under(f"<{variant.label}>") for r in rels
                  if r.key not in common and not (r.stem in covered and r.path in siblings)]
    return found


# --- pairing ------------------------------------------------------------------------------


def _pair(before: list[Variant], after: list[Variant], old_union: bool, new_union: bool
          ) -> list[tuple[int, int]]:
    """(old index, new index) pairs; a plain schema faces every variant of its kind."""
    if not old_union:
        return [(0, v.index) for v in after if v.kind == before[0].kind]
    if not new_union:
        return [(v.index, 0) for v in before if v.kind == after[0].kind]
    pairs: list[tuple[int, int]] = []
    for v in after:
        taken = {i for i, _ in pairs}
        # Among equally good candidates, one not yet paired, then the nearest in position.
        candidates = sorted((o for o in before if o.kind == v.kind),
                            key=lambda o: (o.index in taken, abs(o.index - v.index)))
        match = _best(v, candidates, lone=sum(n.kind == v.kind for n in after) == 1)
        if match is not None:
            pairs.append((match.index, v.index))
    return pairs


def _best(new: Variant, candidates: list[Variant], lone: bool) -> Variant | None:
    """The old variant ``new`` continues: by tag, then name, then shape; a variant alone of
    its kind on both sides continues the other whatever became of it. ``candidates`` come
    in order of preference, which settles ties."""
    if lone and len(candidates) == 1:
        return candidates[0]
    if new.tags and any(c.tags for c in candidates):
        candidates = [c for c in candidates if c.tags & new.tags]
        return _most_alike(new, candidates)
    named = [c for c in candidates if c.names & new.names]
    if named:
        return _most_alike(new, named)
    if new.kind != "object":  # integer before number, when both are variants
        same = [c for c in candidates if c.type == new.type]
        return (same or candidates)[0] if candidates else None
    best = _most_alike(new, candidates)
    return best if best is not None and _overlap(best, new) >= SHAPE_MATCH else None


def _most_alike(new: Variant, candidates: list[Variant]) -> Variant | None:
    """The candidate with most properties in common with ``new``, the first on a tie."""
    best: Variant | None = None
    for candidate in candidates:
        if best is None or _overlap(candidate, new) > _overlap(best, new):
            best = candidate
    return best


def _overlap(old: Variant, new: Variant) -> float:
    """Properties in common over properties of either (1.0 for two objects without any)."""
    either = old.fields | new.fields
    return len(old.fields & new.fields) / len(either) if either else 1.0


# --- describing variants ------------------------------------------------------------------


def _variants(diff: SchemaDiff, schema: Schema, side: int, prop: str | None) -> list[Variant]:
    """Each variant of ``schema`` (a plain schema is a one-variant list), described."""
    members = schema.variants if isinstance(schema, Union) else (schema,)
    mapping = schema.mapping if isinstance(schema, Union) else ()
    found = []
    for index, member in enumerate(members):
        resolved = diff.unalias(member, side)
        shape = diff.shape(resolved, side)
        model = getattr(resolved, "name", None)
        tags = frozenset(value for value, target in mapping if target == model)
        fields = {f.name: f for f in shape.fields} if shape is not None else {}
        if prop is not None and prop in fields:
            tags |= _values(diff.unalias(fields[prop].schema, side))
        names = frozenset(n for n in (shape.names if shape is not None else ()) if n)
        label = (next(iter(tags)) if len(tags) == 1 else
                 next((n for n in (shape.names if shape is not None else ()) if n), str(index + 1)))
        found.append(Variant(index, member, _kind(resolved, shape is not None), tags, names,
                             frozenset(fields), label, getattr(resolved, "type", None)))
    return found


def _kind(schema: Schema, is_object: bool) -> str:
    """What variants must share to be paired: object, array, a scalar type (numbers together)."""
    if is_object:
        return "object"
    if isinstance(schema, Primitive | Enum):
        return "number" if schema.type in ("integer", "number") else schema.type
    return schema.kind


def _values(schema: Schema) -> frozenset[str]:
    """The values of an enum-typed tag property, as text."""
    return frozenset(str(v) for v in schema.values) if isinstance(schema, Enum) else frozenset()


def _tag_property(diff: SchemaDiff, schema: Schema, side: int) -> str | None:
    """The property that tells a union's object variants apart: the declared discriminator,
    or one every object variant has as a single-value enum (``type: {enum: [text]}``)."""
    if not isinstance(schema, Union):
        return None
    if schema.discriminator:
        return schema.discriminator
    shapes = [s for s in (diff.shape(diff.unalias(v, side), side) for v in schema.variants) if s]
    if len(shapes) < 2:
        return None
    for candidate in shapes[0].fields:
        if all(any(f.name == candidate.name and _single(diff.unalias(f.schema, side))
                   for f in shape.fields) for shape in shapes):
            return candidate.name
    return None


def _single(schema: Schema) -> bool:
    """Whether ``schema`` is an enum of one value (a tag)."""
    return isinstance(schema, Enum) and len(schema.values) == 1


def _discriminators(old: Union, new: Union) -> list[Rel]:
    """The discriminator's property and mapping, when both sides are unions."""
    found = []
    if old.discriminator != new.discriminator:
        stem = ("discriminator-added" if old.discriminator is None else "discriminator-removed"
                if new.discriminator is None else "discriminator-changed")
        found.append(Rel("", stem, "variants are told apart by another property", old.discriminator,
                         new.discriminator))
    before, after = {v for v, _ in old.mapping}, {v for v, _ in new.mapping}
    if old.discriminator and new.discriminator and before - after:
        found.append(Rel("", "discriminator-mapping-value-removed", "tag values no longer mapped",
                         sorted(before - after), None))
    if old.discriminator and new.discriminator and after - before:
        found.append(Rel("", "discriminator-mapping-value-added", "more tag values mapped",
                         None, sorted(after - before)))
    return found
