"""The oracle's reading of JSON Schema: raw YAML schemas normalised, then compared.

This package checks ``apigen diff`` from outside: it imports nothing from ``generator/`` and
reads the documents with PyYAML. It implements the policy ``docs/drift.md`` states (its rule
ids and levels), on its own reading of each schema: ``allOf`` merged here (properties,
``required``, ``additionalProperties``; a ``oneOf`` inside distributed over the rest),
``nullable`` and 3.1 type lists, ``const``, enums, unions with their discriminator.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

PRIMITIVE = ("string", "integer", "number", "boolean", "null")


@dataclass(eq=False)
class Prop:
    """A property of an object: its schema and what the object says of it."""

    schema: Node
    required: bool = False
    read_only: bool = False
    write_only: bool = False
    deprecated: bool = False
    default: Any = None


@dataclass(eq=False)
class Node:
    """A normalised schema. ``kind``: any, null, scalar, enum, array, object, map, union."""

    kind: str
    nullable: bool = False
    type: str | None = None
    format: str | None = None
    limits: dict[str, Any] = field(default_factory=dict)
    values: tuple[Any, ...] = ()
    items: Node | None = None
    props: dict[str, Prop] = field(default_factory=dict)
    extra: Node | None = None  # additionalProperties (a map's values); None when unstated
    closed: bool = False
    names: tuple[str, ...] = ()  # component name and title, for pairing variants
    variants: list[Node] = field(default_factory=list)
    discriminator: str | None = None
    mapping: dict[str, str] = field(default_factory=dict)  # tag value -> component name
    ref: str | None = None  # the component this node was read from, if any

    def same(self, other: Node) -> bool:
        """Structural equality, enough to drop repeated union variants."""
        return _shape(self) == _shape(other)


def _shape(node: Node, depth: int = 0) -> Any:
    if depth > 6:
        return node.kind
    return (node.kind, node.nullable, node.type, node.format, tuple(sorted(node.limits.items())),
            node.values, _shape(node.items, depth + 1) if node.items else None,
            tuple((k, p.required, p.read_only, p.write_only, _shape(p.schema, depth + 1))
                  for k, p in node.props.items()),
            _shape(node.extra, depth + 1) if node.extra else None, node.closed, node.ref,
            tuple(_shape(v, depth + 1) for v in node.variants), node.discriminator)


class Reader:
    """Normalises the schemas of one document, following local ``$ref``s (memoised)."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        # By id() of the raw dict, which the entry keeps alive: a temporary dict (a merged
        # allOf part) freed early would hand its id, and its node, to the next one.
        self._seen: dict[int, tuple[Any, Node]] = {}

    def deref(self, raw: Any) -> tuple[Any, str | None]:
        """``raw`` with its ``$ref`` chain followed, and the last component name."""
        name = None
        for _ in range(50):
            if not (isinstance(raw, dict) and isinstance(raw.get("$ref"), str)):
                break
            pointer = raw["$ref"]
            target: Any = self.document
            for part in pointer.lstrip("#/").split("/"):
                target = target.get(part.replace("~1", "/").replace("~0", "~"), {}) if isinstance(target, dict) else {}
            if pointer.startswith("#/components/schemas/"):
                name = pointer.rsplit("/", 1)[-1]
            raw = target
        return raw, name

    def read(self, raw: Any) -> Node:
        """The normalised schema of ``raw``."""
        if raw is None or raw is True or raw == {} or not isinstance(raw, dict):
            return Node("any")
        if id(raw) not in self._seen:
            node = Node("any")
            self._seen[id(raw)] = (raw, node)  # a cycle finds the node being filled
            filled = self._read(raw)
            node.__dict__.update(filled.__dict__)
        return self._seen[id(raw)][1]

    def _read(self, raw: dict[str, Any]) -> Node:
        nullable = raw.get("nullable") is True or (isinstance(raw.get("type"), list) and "null" in raw["type"])
        if "$ref" in raw:
            target, name = self.deref(raw)
            node = _copy(self.read(target))
            node.ref = name or node.ref
            if name and node.kind == "object":
                node.names = (name, *(n for n in node.names if n != name))
        elif "allOf" in raw:
            node = self._all_of(raw)
        else:
            node = self._plain(raw)
        if nullable and node.kind not in ("any", "null"):
            node = _copy(node)
            node.nullable = True
        return node

    def _plain(self, raw: dict[str, Any]) -> Node:
        if "oneOf" in raw or "anyOf" in raw:
            return self._union(raw)
        if "const" in raw:
            return Node("enum", type=_type_of(raw, raw["const"]), values=(raw["const"],))
        if "enum" in raw:
            values = tuple(dict.fromkeys(v for v in raw["enum"] or [] if v is not None
                                         and not isinstance(v, dict | list)))
            if not values:
                return Node("null") if raw["enum"] else Node("any")
            return Node("enum", type=_type_of(raw, values[0]), values=values)
        kind = raw.get("type")
        if isinstance(kind, list):
            kinds = [k for k in kind if k != "null"]
            if len(kinds) > 1:
                return _union_of([self._plain({**raw, "type": k}) for k in kinds])
            kind = kinds[0] if kinds else "null"
        if kind == "array" or "items" in raw:
            return Node("array", items=self.read(raw.get("items")), limits=_limits(raw, _ITEM_KEYS))
        if kind == "object" or "properties" in raw or "additionalProperties" in raw:
            return self._object(raw)
        if kind == "null":
            return Node("null")
        if kind in PRIMITIVE:
            return Node("scalar", type=kind, format=raw.get("format") if isinstance(raw.get("format"), str) else None,
                        limits=_limits(raw, _SCALAR_KEYS))
        return Node("any")

    def _object(self, raw: dict[str, Any], props: dict[str, Any] | None = None,
                required: set[str] | None = None, extra: Any = None) -> Node:
        props = raw.get("properties") if props is None else props
        extra = raw.get("additionalProperties") if extra is None else extra
        if not isinstance(props, dict):
            values = self.read(extra) if isinstance(extra, dict) and extra else Node("any")
            return Node("map", extra=values)
        required = {str(r) for r in raw.get("required") or []} if required is None else required
        node = Node("object", closed=extra is False, names=tuple(n for n in [raw.get("title")] if isinstance(n, str)))
        node.extra = self.read(extra) if extra is True or isinstance(extra, dict) else None
        for name, sub in props.items():
            flags = sub if isinstance(sub, dict) else {}
            node.props[str(name)] = Prop(self.read(sub), str(name) in required, flags.get("readOnly") is True,
                                         flags.get("writeOnly") is True, flags.get("deprecated") is True,
                                         flags.get("default"))
        return node

    def _union(self, raw: dict[str, Any]) -> Node:
        parts = raw.get("oneOf") or raw.get("anyOf") or []
        variants = []
        for part in parts:
            if (isinstance(part, dict) and "type" not in part and "$ref" not in part and "type" in raw
                    and "properties" not in part and "items" not in part):
                part = {**part, "type": raw["type"]}
            variants.append(self.read(part))
        node = _union_of(variants)
        disc = raw.get("discriminator")
        if node.kind == "union" and isinstance(disc, dict):
            node.discriminator = disc.get("propertyName")
            for value, target in (disc.get("mapping") or {}).items():
                ref = target if "/" in str(target) else f"#/components/schemas/{target}"
                node.mapping[str(value)] = ref.rsplit("/", 1)[-1]
        return node

    def _all_of(self, raw: dict[str, Any]) -> Node:
        """Every part applies: objects merge; a oneOf part multiplies the alternatives."""
        alternatives: list[list[dict[str, Any]]] = [[{k: v for k, v in raw.items() if k != "allOf"}]]
        for part in raw["allOf"]:
            part, _ = self.deref(part)
            if not isinstance(part, dict):
                continue
            choices = part.get("oneOf") or part.get("anyOf")
            if choices:
                rest = {k: v for k, v in part.items() if k not in ("oneOf", "anyOf")}
                options = [[rest, self.deref(c)[0]] for c in choices]
                alternatives = [a + o for a, o in itertools.product(alternatives, options)]
            else:
                alternatives = [a + [part] for a in alternatives]
        merged = [self._merge(parts, raw) for parts in alternatives]
        return merged[0] if len(merged) == 1 else _union_of(merged)

    def _merge(self, parts: list[dict[str, Any]], raw: dict[str, Any]) -> Node:
        props: dict[str, Any] = {}
        required: set[str] = set()
        extra: Any = None
        for part in self._flatten(parts):
            props.update(part.get("properties") or {})
            required |= {str(r) for r in part.get("required") or []}
            extra = part.get("additionalProperties", extra)
        if props:
            node = self._object({"title": raw.get("title")}, props, required, extra)
            return node
        typed = [self._plain(p) for p in self._flatten(parts) if set(p) - _ANNOTATIONS]
        concrete = [n for n in typed if n.kind != "any"]
        return concrete[0] if concrete else Node("any")

    def _flatten(self, parts: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Parts with their own ``allOf`` parts spread out (references followed)."""
        flat = []
        for part in parts:
            flat.append(part)
            for inner in part.get("allOf") or []:
                flat += self._flatten([self.deref(inner)[0]])
        return flat


_ANNOTATIONS = {"description", "title", "example", "examples", "nullable", "readOnly", "writeOnly",
                "deprecated", "default", "discriminator", "externalDocs", "allOf"}
_SCALAR_KEYS = {"minimum": "minimum", "maximum": "maximum", "minLength": "min_length",
                "maxLength": "max_length", "pattern": "pattern", "multipleOf": "multiple_of",
                "exclusiveMinimum": "exclusive_minimum", "exclusiveMaximum": "exclusive_maximum"}
_ITEM_KEYS = {"minItems": "min_items", "maxItems": "max_items", "uniqueItems": "unique_items"}


def _limits(raw: dict[str, Any], keys: dict[str, str]) -> dict[str, Any]:
    """The constraint keywords present, with 3.0's boolean exclusive bounds made numeric."""
    found = {name: raw[key] for key, name in keys.items() if key in raw and not isinstance(raw[key], dict)}
    for key, bound in (("exclusive_minimum", "minimum"), ("exclusive_maximum", "maximum")):
        if found.get(key) is True:
            found[key] = found.pop(bound, None)
        elif found.get(key) is False:
            del found[key]
    if found.get("unique_items") is not True:
        found.pop("unique_items", None)
    return {k: v for k, v in found.items() if v is not None}


def _type_of(raw: dict[str, Any], sample: Any) -> str:
    kind = raw.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), None)
    if kind in PRIMITIVE and kind != "null":
        return str(kind)
    if isinstance(sample, bool):
        return "boolean"
    return "integer" if isinstance(sample, int) else "number" if isinstance(sample, float) else "string"


def _copy(node: Node) -> Node:
    clone = Node(node.kind)
    clone.__dict__.update(node.__dict__)
    return clone


def _union_of(variants: list[Node]) -> Node:
    """A union of ``variants``: null ones make it nullable, ``any`` swallows the rest."""
    nullable = any(v.kind == "null" for v in variants)
    kept: list[Node] = []
    for variant in variants:
        if variant.kind == "any":
            return Node("any")
        if variant.kind != "null" and not any(variant.same(k) for k in kept):
            kept.append(variant)
    if not kept:
        return Node("null")
    node = _copy(kept[0]) if len(kept) == 1 else Node("union", variants=kept)
    node.nullable = node.nullable or nullable
    return node
