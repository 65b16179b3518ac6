"""``allOf`` as JSON Schema means it: every part applies, ``oneOf``/``anyOf`` parts distributed.

A schema with ``allOf`` is read as a list of *alternatives*, each a list of :class:`Part`s
that all apply together. A ``oneOf`` (or ``anyOf``) anywhere in the composition multiplies
the alternatives: ``allOf: [Base, {oneOf: [A, B]}]`` is the union of ``Base & A`` and
``Base & B``. The converter then turns one alternative into a reference (when a single part
carries the type and the rest only annotate it: ``{allOf: [$ref User], nullable: true}``),
a merged object model, or a merged scalar; several alternatives into a union of those.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.diagnostics import Diagnostics, SpecError, pointer_join
from generator.documents import Document
from generator.parsers import constraints
from generator.parsers.refs import Resolver

# Keywords that describe a value without constraining it; a part made of these only (and of
# x- extensions) annotates the others.
ANNOTATIONS = frozenset({
    "description", "title", "example", "examples", "nullable", "x-nullable", "readOnly", "writeOnly",
    "deprecated", "default", "externalDocs", "xml", "$comment", "$schema", "$id", "discriminator",
    "format", "$anchor",
})
CHOICES = ("oneOf", "anyOf")
COMPOSITION = ("allOf", "oneOf", "anyOf")
# Distributing oneOf over allOf multiplies variants; past this many the rest are cut (with a
# warning): 3 independent 4-way choices already make 64 models.
MAX_ALTERNATIVES = 32


@dataclass(frozen=True)
class Part:
    """One schema that applies; ``origin`` is how it was written (a ``$ref`` or inline) and where."""

    raw: dict[str, Any]
    document: Document
    pointer: str
    origin: Any = None
    own: bool = False  # the composed schema's own keywords (beside its allOf)

    @property
    def annotates(self) -> bool:
        """True when the part only describes (title, nullable, format…) what the others type;
        the composed schema's own ``type`` counts as a description too (``{type: object,
        allOf: [$ref User]}`` is a User)."""
        return annotates(self.raw, self.own)


@dataclass
class Gathered:
    """Properties gathered from the parts of one alternative."""

    properties: dict[str, tuple[Any, Document, str]] = field(default_factory=dict)
    required: set[str] = field(default_factory=set)
    additional: Any = None
    description: str | None = None
    closed: bool = False  # the composed schema itself says additionalProperties: false
    title: str | None = None


class Composer:
    """Expands compositions into alternatives and gathers their properties."""

    def __init__(self, resolver: Resolver, diagnostics: Diagnostics) -> None:
        self.resolver = resolver
        self.diagnostics = diagnostics
        self._reported: set[str] = set()

    def has_choice(self, raw: Any, document: Document, pointer: str,
                   seen: frozenset[tuple[str, str]] = frozenset()) -> bool:
        """True when ``raw`` or an ``allOf`` part of it (references followed) has oneOf/anyOf."""
        if not isinstance(raw, dict):
            return False
        if any(isinstance(raw.get(k), list) and raw[k] for k in CHOICES):
            return True
        for index, sub in enumerate(_parts(raw)):
            part = self.part(sub, document, pointer_join(pointer, "allOf", index), seen)
            if part is not None and self.has_choice(part.raw, part.document, part.pointer,
                                                    seen | {_key(part)}):
                return True
        return False

    def part(self, raw: Any, document: Document, pointer: str,
             seen: frozenset[tuple[str, str]] = frozenset()) -> Part | None:
        """``raw`` with its ``$ref`` followed, or None when broken, cyclic or not a schema."""
        origin = (raw, document, pointer)
        for _ in range(64):  # a chain of references (A: {$ref: B}) is followed to its end
            if not (isinstance(raw, dict) and "$ref" in raw):
                break
            try:
                target = self.resolver.resolve(raw["$ref"], document, pointer)
            except SpecError as exc:
                self.diagnostics.add("broken-ref", pointer, exc.message + "; part skipped")
                return None
            if target.key in seen:
                return None
            raw, document, pointer = target.value, target.document, target.pointer
        return Part(raw, document, pointer, origin) if isinstance(raw, dict) and "$ref" not in raw else None

    def alternatives(self, raw: dict[str, Any], document: Document, pointer: str,
                     seen: frozenset[tuple[str, str]] = frozenset()) -> list[list[Part]]:
        """Each way ``raw`` can be satisfied, as the parts that then all apply."""
        # In this order, so that on a property several parts declare the schema's own
        # keywords override its allOf parts and a chosen alternative overrides both.
        found: list[list[Part]] = [[]]
        for index, sub in enumerate(_parts(raw)):
            part = self.part(sub, document, pointer_join(pointer, "allOf", index), seen)
            if part is None:
                continue
            if self.has_choice(part.raw, part.document, part.pointer, seen | {_key(part)}):
                more = self.alternatives(part.raw, part.document, part.pointer, seen | {_key(part)})
            else:  # kept whole, so a lone reference stays a reference
                more = [[part]]
            found = self._product(found, more, pointer)
        own = {k: v for k, v in raw.items() if k not in COMPOSITION}
        found = [parts + [Part(own, document, pointer, (raw, document, pointer), own=True)] for parts in found]
        for keyword in CHOICES:
            options = raw.get(keyword)
            if isinstance(options, list) and options:
                found = self._product(found, self._options(options, keyword, document, pointer, seen), pointer)
        return found

    def _options(self, options: list[Any], keyword: str, document: Document, pointer: str,
                 seen: frozenset[tuple[str, str]]) -> list[list[Part]]:
        found: list[list[Part]] = []
        for index, sub in enumerate(options):
            part = self.part(sub, document, pointer_join(pointer, keyword, index), seen)
            if part is None:
                continue
            if self.has_choice(part.raw, part.document, part.pointer, seen | {_key(part)}):
                found += self.alternatives(part.raw, part.document, part.pointer, seen | {_key(part)})
            else:
                found.append([part])
        return found or [[]]

    def _product(self, left: list[list[Part]], right: list[list[Part]], pointer: str) -> list[list[Part]]:
        combined = [a + b for a in left for b in right]
        # Only a real product is cut: a single choice of many options (an enum written as
        # oneOf of consts) multiplies nothing.
        if len(combined) > MAX_ALTERNATIVES and len(left) > 1 and len(right) > 1:
            self.diagnostics.add("oneof-in-allof", pointer, f"oneOf/anyOf inside allOf makes {len(combined)} "
                                 f"combinations; the first {MAX_ALTERNATIVES} are typed, the others are not")
            combined = combined[:MAX_ALTERNATIVES]
        return combined

    def gather(self, parts: list[Part], seen: frozenset[tuple[str, str]] = frozenset()) -> Gathered:
        """Properties of every part and of every ``allOf`` part inside them, references followed.

        A property several parts declare keeps the one that types it: a later part that only
        re-describes it (``{description: ...}``) does not erase its type.
        """
        out = Gathered()
        # The composed schema's own description wins over those of the parts it includes.
        out.description = next((_text(p.raw.get("description")) for p in parts
                                if p.own and _text(p.raw.get("description"))), None)
        # Closed and title are the composed schema's own: a part's additionalProperties: false
        # closes that part alone, which JSON Schema's allOf makes a trap, not a fact of the whole.
        own = [p.raw for p in parts if p.own]
        out.closed = any(constraints.closed(raw) for raw in own)
        out.title = next((constraints.title(raw) for raw in own if constraints.title(raw)), None)
        for part in parts:
            self._gather_into(out, part, seen | {_key(part)})
        return out

    def _gather_into(self, out: Gathered, part: Part, seen: frozenset[tuple[str, str]]) -> None:
        raw, document, pointer = part.raw, part.document, part.pointer
        out.description = out.description or _text(raw.get("description"))
        for index, sub in enumerate(_parts(raw)):
            inner = self.part(sub, document, pointer_join(pointer, "allOf", index), seen)
            if inner is not None:
                self._gather_into(out, inner, seen | {_key(inner)})
        properties = raw.get("properties")
        if isinstance(properties, dict):
            for prop, sub in properties.items():
                name = str(prop)
                if name in out.properties and isinstance(sub, dict) and "$ref" not in sub and annotates(sub):
                    continue
                at = pointer_join(pointer, "properties", prop)
                if name in out.properties:
                    self._conflict(name, out.properties[name][0], sub, at)
                out.properties[name] = (sub, document, at)
        required = raw.get("required")
        if isinstance(required, list):
            out.required |= {str(r) for r in required}
        if "additionalProperties" in raw and raw["additionalProperties"] is not False:
            out.additional = raw["additionalProperties"]


    def _conflict(self, name: str, old: Any, new: Any, pointer: str) -> None:
        """Report a property two parts type differently (no value satisfies both)."""
        kinds = [raw.get("type") if isinstance(raw, dict) else None for raw in (old, new)]
        if None in kinds or kinds[0] == kinds[1] or pointer in self._reported:
            return
        self._reported.add(pointer)
        self.diagnostics.add("allof-conflict", pointer, f"allOf parts declare property {name!r} as "
                             f"{kinds[0]} and {kinds[1]}, which no value satisfies; the later (the "
                             "schema's own) is used")


def _parts(raw: dict[str, Any]) -> list[Any]:
    parts = raw.get("allOf")
    return parts if isinstance(parts, list) else []


def _key(part: Part) -> tuple[str, str]:
    return (str(part.document.path), part.pointer)


def annotates(raw: dict[str, Any], own: bool = False) -> bool:
    """True when ``raw`` only describes a value (``own``: its ``type`` may be there too)."""
    keys = [k for k in raw if not str(k).startswith("x-") and k not in ANNOTATIONS]
    return not keys or (own and keys == ["type"])


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None
