"""The oracle's pairing of union variants (docs/drift.md, "Unions").

Variants pair by kind, then by tag (mapping value or the single-value enum of the property
that tells variants apart), then by name (component name or title), then by shape (half of
the properties in common). A plain schema faces every variant of its kind. When one variant
faces several, what every pair reports is said once, unlabelled, and a property another
variant of the many still has is not reported as gone (split) or new (merge).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from tests.diff_oracle.compare import Finding, below, group_by
from tests.diff_oracle.schemas import Node

if TYPE_CHECKING:
    from tests.diff_oracle.compare import Comparer


@dataclass
class Member:
    """One variant and what pairing reads of it."""

    index: int
    node: Node
    kind: str
    tags: set[str]
    names: set[str]
    props: set[str]
    label: str


def unions(comparer: Comparer, old: Node, new: Node, way: str) -> list[Finding]:
    prop = _tag_of(new) or _tag_of(old)
    before, after = _members(old, prop), _members(new, prop)
    pairs = _pairs(before, after, old.kind == "union", new.kind == "union")
    found: list[Finding] = []
    if old.kind == "union" and new.kind == "union":
        found += _discriminator(old, new)
    found += [(f"<{m.label}>", "variant-removed", "") for m in before if m.index not in {p[0] for p in pairs}]
    found += [(f"<{m.label}>", "variant-added", "") for m in after if m.index not in {p[1] for p in pairs}]
    done: set[tuple[int, int]] = set()
    for i, js in group_by(pairs, 0).items():
        if len(js) > 1:
            found += _together(comparer, before[i], [after[j] for j in js], True, way)
            done |= {(i, j) for j in js}
    for j, olds in group_by(pairs, 1).items():
        rest = [i for i in olds if (i, j) not in done]
        if len(rest) > 1:
            found += _together(comparer, after[j], [before[i] for i in rest], False, way)
            done |= {(i, j) for i in rest}
    for i, j in pairs:
        if (i, j) not in done:
            label = after[j].label if new.kind == "union" else before[i].label
            found += below(f"<{label}>", comparer.compare(before[i].node, after[j].node, way))
    return found


def _together(comparer: Comparer, one: Member, many: list[Member], one_is_old: bool, way: str) -> list[Finding]:
    results = []
    for member in many:
        pair = (one.node, member.node) if one_is_old else (member.node, one.node)
        results.append((member, comparer.compare(pair[0], pair[1], way)))
    shared = set.intersection(*(set(r) for _, r in results))
    excused = {"removed-optional", "removed"} if one_is_old else {"added-optional", "added"}
    found = [f for f in results[0][1] if f in shared]
    for member, findings in results:
        others = set().union(*(m.props for m, _ in results if m is not member))
        found += below(f"<{member.label}>", [f for f in findings if f not in shared
                                              and not (f[1] in excused and f[0] in others)])
    return found


def _pairs(before: list[Member], after: list[Member], old_union: bool, new_union: bool) -> list[tuple[int, int]]:
    if not old_union:
        return [(0, m.index) for m in after if m.kind == before[0].kind]
    if not new_union:
        return [(m.index, 0) for m in before if m.kind == after[0].kind]
    pairs: list[tuple[int, int]] = []
    for member in after:
        used = {p[0] for p in pairs}
        same_kind = sorted((o for o in before if o.kind == member.kind),
                           key=lambda o: (o.index in used, abs(o.index - member.index)))
        alone = len(same_kind) == 1 and sum(a.kind == member.kind for a in after) == 1
        choice = same_kind[0] if alone else _choose(member, same_kind)
        if choice is not None:
            pairs.append((choice.index, member.index))
    return pairs


def _choose(member: Member, options: list[Member]) -> Member | None:
    def overlap(o: Member) -> float:
        both = o.props | member.props
        return len(o.props & member.props) / len(both) if both else 1.0

    if member.tags and any(o.tags for o in options):
        tagged = [o for o in options if o.tags & member.tags]
        return max(tagged, key=overlap) if tagged else None
    named = [o for o in options if o.names & member.names]
    if named:
        return max(named, key=overlap)
    if member.kind != "object":
        exact = [o for o in options if o.node.type == member.node.type]
        return (exact or options)[0] if options else None
    best = max(options, key=overlap) if options else None
    return best if best is not None and overlap(best) >= 0.5 else None


def _members(node: Node, prop: str | None) -> list[Member]:
    nodes = node.variants if node.kind == "union" else [_bare(node)]
    members = []
    for index, variant in enumerate(nodes):
        tags = {value for value, target in node.mapping.items() if target == variant.ref}
        if prop and prop in variant.props and variant.props[prop].schema.kind == "enum":
            schema = variant.props[prop].schema
            tags |= {str(v) for v in schema.values}
        names = [n for n in variant.names if n] if variant.kind == "object" else []
        label = next(iter(tags)) if len(tags) == 1 else names[0] if names else str(index + 1)
        kind = ("object" if variant.kind in ("object", "map") else "number" if variant.type in ("integer", "number")
                else variant.type if variant.kind in ("scalar", "enum") else variant.kind)
        members.append(Member(index, variant, kind, tags, set(names), set(variant.props), label))
    return members


def _bare(node: Node) -> Node:
    """``node`` without its nullability (compared once, above the pairing)."""
    clone = Node(node.kind)
    clone.__dict__.update(node.__dict__)
    clone.nullable = False
    return clone


def _tag_of(node: Node) -> str | None:
    if node.kind != "union":
        return None
    if node.discriminator:
        return node.discriminator
    objects = [v for v in node.variants if v.kind in ("object", "map")]
    if len(objects) < 2:
        return None
    for name in objects[0].props:
        if all(name in o.props and _single(o.props[name].schema) for o in objects):
            return name
    return None


def _single(node: Node) -> bool:
    return node.kind == "enum" and len(node.values) == 1 and not node.nullable


def _discriminator(old: Node, new: Node) -> list[Finding]:
    found: list[Finding] = []
    if old.discriminator != new.discriminator:
        stem = ("discriminator-added" if old.discriminator is None else "discriminator-removed"
                if new.discriminator is None else "discriminator-changed")
        found.append(("", stem, ""))
    if old.discriminator and new.discriminator:
        if set(old.mapping) - set(new.mapping):
            found.append(("", "discriminator-mapping-value-removed", ""))
        if set(new.mapping) - set(old.mapping):
            found.append(("", "discriminator-mapping-value-added", ""))
    return found
