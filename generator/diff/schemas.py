"""Schemas compared by walking them from each operation, following references into the models.

The IR holds composed schemas already merged (an ``allOf`` is one object model; a ``oneOf``
inside an ``allOf`` a union of merged variants), so this walk compares what each document
means, not how it is written. Objects (models and maps) are compared property by property
(a ``{type: object}`` is an object with no listed properties that admits any other); unions
variant by variant (:mod:`generator.diff.unions`); scalars keyword by keyword
(:mod:`generator.diff.scalars`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from generator.diff import scalars
from generator.diff.changes import NULL, Direction
from generator.diff.relative import Rel
from generator.diff.unions import compare_unions
from generator.ir import AnyValue, Api, Array, Enum, Field, Map, Primitive, Ref, Schema, Union


@dataclass(frozen=True)
class Shape:
    """An object as the comparison sees it: a model's fields, or a map's values as extras."""

    fields: tuple[Field, ...] = ()
    additional: Schema | None = None  # None: extra properties undocumented (any is allowed)
    closed: bool = False
    is_map: bool = False  # a dict in generated clients (typed values), not a class
    names: tuple[str | None, ...] = field(default=())  # spec name and title, for variant matching


class SchemaDiff:
    """Compares schemas of two APIs, memoising object pairs (which also guards cycles)."""

    def __init__(self, old: Api, new: Api) -> None:
        self._models = ({m.name: m for m in old.models}, {m.name: m for m in new.models})
        self._memo: dict[tuple[Schema, Schema, Direction], list[Rel]] = {}

    def compare(self, old: Schema, new: Schema, direction: Direction) -> list[Rel]:
        """Changes from ``old`` to ``new`` for data travelling in ``direction``."""
        old_core, old_null = self._bare(old, 0)
        new_core, new_null = self._bare(new, 1)
        found: list[Rel] = []
        if old_null != new_null:
            found.append(Rel("", "became-nullable" if new_null else "became-not-nullable",
                             "may now be null" if new_null else "null is no longer allowed",
                             old_null, new_null))
        return found + self._core(old_core, new_core, direction)

    def shape(self, schema: Schema, side: int) -> Shape | None:
        """The object ``schema`` stands for, or None when it is not an object."""
        if isinstance(schema, Map):
            return Shape(additional=schema.values, is_map=True)
        if isinstance(schema, Ref):
            model = self._models[side].get(schema.name)
            if model is not None and model.is_object:
                return Shape(model.fields, model.additional, model.closed, False,
                             (model.spec_name, model.title))
        return None

    def describe(self, schema: Schema, side: int, depth: int = 0) -> str:
        """A short human description of a type, for a change's old and new values."""
        schema = self.unalias(schema, side)
        if isinstance(schema, Ref):
            names = [f.name for f in self._models[side][schema.name].fields]
            more = ", …" if len(names) > 4 else ""
            return f"object {{{', '.join(names[:4])}{more}}}" if names else "object"
        if isinstance(schema, Primitive):
            return schema.type + (f" ({schema.format})" if schema.format else "")
        if isinstance(schema, Enum):
            return f"enum of {schema.type}"
        if depth > 2:  # deep enough to tell types apart in a report line
            return schema.kind
        if isinstance(schema, Array):
            return f"array of {self.describe(schema.items, side, depth + 1)}"
        if isinstance(schema, Map):
            return f"map of {self.describe(schema.values, side, depth + 1)}"
        if isinstance(schema, Union):
            return " | ".join(self.describe(v, side, depth + 1) for v in schema.variants)
        return "any"

    def unalias(self, schema: Schema, side: int) -> Schema:
        """Follow references to non-object models; a reference to an object stays."""
        seen: set[str] = set()
        while isinstance(schema, Ref) and schema.name not in seen:
            seen.add(schema.name)
            model = self._models[side].get(schema.name)
            if model is None:
                return AnyValue()  # a dangling reference carries no type information
            if model.schema is None:
                return schema
            schema = model.schema
        return schema

    # --- internals --------------------------------------------------------------------

    def _bare(self, schema: Schema, side: int) -> tuple[Schema, bool]:
        """``schema`` with aliases followed and null split off, at every level: a nullable
        reference to an enum that admits null itself is that enum, nullable."""
        nullable = False
        for _ in range(8):  # aliases of aliases; a cycle of them ends the loop
            core, null = split_null(self.unalias(schema, side))
            nullable |= null
            if core == schema:
                break
            schema = core
        return schema, nullable

    def _core(self, old: Schema, new: Schema, direction: Direction) -> list[Rel]:
        """Changes between two schemas without null: unions, objects, same kinds, kinds changed."""
        if isinstance(old, Union) or isinstance(new, Union):
            return compare_unions(self, old, new, direction)
        old_shape, new_shape = self.shape(old, 0), self.shape(new, 1)
        if old_shape is not None and new_shape is not None:
            return self._objects(old, new, old_shape, new_shape, direction)
        if type(old) is type(new):
            return self._same_kind(old, new, direction)
        return self._kind_changed(old, new)

    def _same_kind(self, old: Schema, new: Schema, direction: Direction) -> list[Rel]:
        """Changes between two schemas of one kind (scalars, enums, arrays)."""
        if isinstance(old, Primitive) and isinstance(new, Primitive):
            return scalars.primitives(old, new)
        if isinstance(old, Enum) and isinstance(new, Enum):
            return scalars.enums(old, new, direction)
        if isinstance(old, Array) and isinstance(new, Array):
            items = [r.under("[]") for r in self.compare(old.items, new.items, direction)]
            return items + scalars.array_limits(old, new)
        return []  # both AnyValue

    def _kind_changed(self, old: Schema, new: Schema) -> list[Rel]:
        """A change of kind: to or from ``any`` widens or narrows; open enums loosen nothing."""
        before, after = self.describe(old, 0), self.describe(new, 1)
        if isinstance(old, Primitive) and isinstance(new, Enum) and old.type == new.type:
            return [Rel("", "became-enum", "now limited to listed values", before, list(new.values))]
        if isinstance(old, Enum) and isinstance(new, Primitive) and old.type == new.type:
            return [Rel("", "no-longer-enum", "no longer limited to listed values",
                        list(old.values), after)]
        if isinstance(new, AnyValue):
            return [Rel("", "type-widened", "type no longer documented: any value", before, after)]
        if isinstance(old, AnyValue):
            return [Rel("", "type-narrowed", "type now documented: other values no longer allowed",
                        before, after)]
        return [Rel("", "type-changed", "incompatible type", before, after)]

    def _objects(self, old: Schema, new: Schema, old_shape: Shape, new_shape: Shape,
                 direction: Direction) -> list[Rel]:
        """Changes between two objects, memoised by pair and direction (cycles end here)."""
        key = (old, new, direction)
        if key not in self._memo:
            self._memo[key] = []  # a cycle back to this pair adds nothing new
            self._memo[key] = self._fields(old_shape, new_shape, direction) + \
                self._extras(old_shape, new_shape, direction)
        return self._memo[key]

    def _fields(self, old: Shape, new: Shape, direction: Direction) -> list[Rel]:
        """Properties that appeared, vanished (added, removed, hidden by readOnly/writeOnly) or changed."""
        before, after = _visible(old.fields, direction), _visible(new.fields, direction)
        hidden_before = {f.name for f in old.fields} - before.keys()
        hidden_after = {f.name for f in new.fields} - after.keys()
        found: list[Rel] = []
        for name, prop in after.items():
            if name not in before:
                found.append(_appeared(prop, direction, name in hidden_before, self.describe(prop.schema, 1)))
        for name, prop in before.items():
            if name not in after:
                found.append(_vanished(prop, direction, name in hidden_after, self.describe(prop.schema, 0)))
            else:
                found += [r.under(name) for r in self._field(prop, after[name], direction)]
        return found

    def _field(self, old: Field, new: Field, direction: Direction) -> list[Rel]:
        """Changes of a property kept: requiredness, deprecation, default, schema."""
        found = []
        if old.required != new.required:
            found.append(Rel("", "became-required" if new.required else "became-optional",
                             _required_reason(new.required, direction), old.required, new.required))
        if old.deprecated != new.deprecated:
            found.append(Rel("", "deprecated" if new.deprecated else "reactivated",
                             "deprecated" if new.deprecated else "no longer deprecated",
                             old.deprecated, new.deprecated))
        if old.default != new.default:
            found.append(Rel("", "default-value-changed", "the value used when it is omitted changed"
                             if direction == "request" else "documented default changed",
                             old.default, new.default))
        return found + self.compare(old.schema, new.schema, direction)

    def _extras(self, old: Shape, new: Shape, direction: Direction) -> list[Rel]:
        """Other properties: closed or open, and their type (undocumented means any)."""
        found = []
        if old.closed != new.closed:
            found.append(Rel("{}", "additional-properties-closed" if new.closed else "additional-properties-opened",
                             "no other properties allowed" if new.closed else "other properties allowed",
                             not old.closed, not new.closed))
        # Not ``old.additional == new.additional``: equal references name models of two APIs.
        if new.closed or old.closed or old.additional is new.additional is None:
            return found
        before, after = old.additional or AnyValue(), new.additional or AnyValue()
        if direction == "response" and not old.is_map:
            # A model keeps extras untyped (extra="allow"): their type reaches no client.
            if self.compare(before, after, direction):
                found.append(Rel("{}", "additional-properties-changed", "the type of other "
                                 "properties changed", self.describe(before, 0), self.describe(after, 1)))
            return found
        return found + [r.under("{}") for r in self.compare(before, after, direction)]


def split_null(schema: Schema) -> tuple[Schema, bool]:
    """``schema`` without its null variant, and whether it had one."""
    if isinstance(schema, Union) and NULL in schema.variants:
        rest = tuple(v for v in schema.variants if v != NULL)
        core = rest[0] if len(rest) == 1 else replace(schema, variants=rest) if rest else NULL
        return core, True
    return schema, False


def _visible(fields: Iterable[Field], direction: Direction) -> dict[str, Field]:
    """Fields that travel in ``direction``: requests omit read-only, responses write-only."""
    hidden = "read_only" if direction == "request" else "write_only"
    return {f.name: f for f in fields if not getattr(f, hidden)}


def _required_reason(required: bool, direction: Direction) -> str:
    """Why a change of requiredness matters, in its direction."""
    if direction == "request":
        return "now required: existing clients may omit it" if required else "no longer required"
    return "now always present" if required else "no longer required in responses: may be absent"


def _appeared(prop: Field, direction: Direction, was_hidden: bool, type_name: str) -> Rel:
    """A property clients now see: added, or no longer read-only (write-only)."""
    if direction == "response":
        if was_hidden:
            return Rel(prop.name, "became-readable", "no longer write-only: now returned",
                       None, type_name)
        return Rel(prop.name, "added", "new data; existing clients keep unknown fields",
                   None, type_name)
    if prop.required:
        return Rel(prop.name, "added-required", "no longer read-only, and required: existing "
                   "clients do not send it" if was_hidden else "a new required property existing "
                   "clients do not send", None, type_name)
    if was_hidden:
        return Rel(prop.name, "became-writable", "no longer read-only: clients may send it",
                   None, type_name)
    return Rel(prop.name, "added-optional", "a new optional property", None, type_name)


def _vanished(prop: Field, direction: Direction, now_hidden: bool, type_name: str) -> Rel:
    """A property clients no longer see: removed, or now read-only (write-only)."""
    if direction == "request":
        if now_hidden:
            return Rel(prop.name, "became-read-only", "now read-only: the server ignores "
                       "what clients send", type_name, None)
        return Rel(prop.name, "removed", "the server no longer accepts it: values existing "
                   "clients send are ignored or rejected", type_name, None)
    if now_hidden:
        stem = "became-write-only-required" if prop.required else "became-write-only-optional"
        return Rel(prop.name, stem, "now write-only: no longer returned", type_name, None)
    if prop.required:
        return Rel(prop.name, "removed-required", "a required property is gone: existing "
                   "clients rely on it", type_name, None)
    return Rel(prop.name, "removed-optional", "no longer returned: existing clients read "
               "None", type_name, None)
