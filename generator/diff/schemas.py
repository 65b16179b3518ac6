"""Schemas compared by walking them from each operation, following references into the models."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from generator.ir import (
    AnyValue, Api, Array, Enum, Field, JsonValue, Map, Model, Primitive, Ref, Schema, Union,
)
from generator.diff.changes import NULL, WIDER, Change, Direction, at, sends

# --- schemas ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Rel:
    """A change relative to the schema being compared: ``path`` is a field path."""

    path: str
    kind: str
    breaking: bool
    reason: str
    old: JsonValue = None
    new: JsonValue = None

    def under(self, prefix: str) -> _Rel:
        """The same change seen from a schema ``prefix`` levels up."""
        return replace(self, path=_join(prefix, self.path))

    def at(self, location: str) -> Change:
        """The change placed under an operation-level ``location``."""
        return Change(at(location, self.path), self.kind, self.breaking, self.reason,
                      self.old, self.new)


def _join(prefix: str, path: str) -> str:
    """Field paths read ``a.b[].c``: dots between names, nothing before ``[]`` or ``{}``."""
    if not prefix or not path:
        return prefix or path
    return prefix + path if path[0] in "[{<" else f"{prefix}.{path}"


class SchemaDiff:
    """Compares schemas of two APIs, memoising model pairs (which also guards cycles)."""

    def __init__(self, old: Api, new: Api) -> None:
        self._models = ({m.name: m for m in old.models}, {m.name: m for m in new.models})
        self._memo: dict[tuple[str, str, Direction], list[_Rel]] = {}

    def compare(self, old: Schema, new: Schema, direction: Direction) -> list[_Rel]:
        """Changes from ``old`` to ``new`` for data travelling in ``direction``."""
        old, new = self._unalias(old, 0), self._unalias(new, 1)
        old_core, old_null = _split_null(old)
        new_core, new_null = _split_null(new)
        found: list[_Rel] = []
        if old_null != new_null:
            tighter = old_null  # no longer admitting null is the tighter contract
            found.append(_Rel("", "nullable.changed", sends(direction, tighter),
                              "null is no longer allowed" if tighter else "may now be null",
                              old_null, new_null))
        return found + self._core(old_core, new_core, direction)

    def describe(self, schema: Schema, side: int, depth: int = 0) -> str:
        """A short human description of a type, for a change's old and new values."""
        schema = self._unalias(schema, side)
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

    # --- internals --------------------------------------------------------------------

    def _unalias(self, schema: Schema, side: int) -> Schema:
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

    def _core(self, old: Schema, new: Schema, direction: Direction) -> list[_Rel]:
        if isinstance(old, Ref) and isinstance(new, Ref):
            return self._objects(old.name, new.name, direction)
        if isinstance(old, Union) or isinstance(new, Union):
            return self._unions(old, new, direction)
        if type(old) is type(new):
            return self._same_kind(old, new, direction)
        return self._kind_changed(old, new, direction)

    def _same_kind(self, old: Schema, new: Schema, direction: Direction) -> list[_Rel]:
        if isinstance(old, Primitive) and isinstance(new, Primitive):
            return _primitives(old, new, direction)
        if isinstance(old, Enum) and isinstance(new, Enum):
            return _enums(old, new, direction)
        if isinstance(old, Array) and isinstance(new, Array):
            items = [r.under("[]") for r in self.compare(old.items, new.items, direction)]
            return items + _limits("items", (old.min_items, old.max_items),
                                   (new.min_items, new.max_items), direction)
        if isinstance(old, Map) and isinstance(new, Map):
            return [r.under("{}") for r in self.compare(old.values, new.values, direction)]
        return []  # both AnyValue

    def _kind_changed(self, old: Schema, new: Schema, direction: Direction) -> list[_Rel]:
        """A change of kind: open enums and ``any`` make some of these harmless."""
        before, after = self.describe(old, 0), self.describe(new, 1)
        if isinstance(old, Primitive) and isinstance(new, Enum) and old.type == new.type:
            return [_Rel("", "type.enum_added", direction == "request",
                         "now limited to listed values", before, list(new.values))]
        if isinstance(old, Enum) and isinstance(new, Primitive) and old.type == new.type:
            # Looser, but a received value was never rejected: generated enums are open.
            return [_Rel("", "type.enum_removed", False, "no longer limited to listed values",
                         list(old.values), after)]
        if _free_form(old) or _free_form(new):
            tighter = _free_form(old) and not isinstance(new, AnyValue)
            return [_Rel("", "type.changed", sends(direction, tighter),
                         "type now documented" if tighter else "type no longer documented",
                         before, after)]
        return [_Rel("", "type.changed", True, "incompatible type", before, after)]

    def _objects(self, old_name: str, new_name: str, direction: Direction) -> list[_Rel]:
        key = (old_name, new_name, direction)
        if key not in self._memo:
            self._memo[key] = []  # a cycle back to this pair adds nothing new
            self._memo[key] = self._fields(self._models[0][old_name], self._models[1][new_name],
                                           direction)
        return self._memo[key]

    def _fields(self, old: Model, new: Model, direction: Direction) -> list[_Rel]:
        before, after = _visible(old.fields, direction), _visible(new.fields, direction)
        found: list[_Rel] = []
        for name, field in after.items():
            if name not in before:
                found.append(_field_added(field, direction, self.describe(field.schema, 1)))
        for name, field in before.items():
            if name not in after:
                found.append(_Rel(name, "field.removed", True, "existing clients expect it"
                                  if direction == "response" else "the server no longer accepts "
                                  "it: values existing clients send are ignored or rejected",
                                  self.describe(field.schema, 0), None))
            else:
                found += [r.under(name) for r in self._field(field, after[name], direction)]
        return found + self._additional(old.additional, new.additional, direction)

    def _field(self, old: Field, new: Field, direction: Direction) -> list[_Rel]:
        found = []
        if old.required != new.required:
            tighter = new.required  # in a request, required is tighter; in a response, looser
            breaking = tighter if direction == "request" else not tighter
            reason = ("now required" if new.required else "no longer required") + (
                "" if direction == "request" else " in responses" + (": may be absent" if breaking
                                                                     else ""))
            found.append(_Rel("", "required.changed", breaking, reason, old.required, new.required))
        if old.deprecated != new.deprecated:
            found.append(_Rel("", "deprecated.changed", False, "deprecated" if new.deprecated
                              else "no longer deprecated", old.deprecated, new.deprecated))
        if old.default != new.default:
            found.append(_Rel("", "default.changed", False, "the value used when it is omitted "
                              "changed" if direction == "request" else "documented default changed",
                              old.default, new.default))
        return found + self.compare(old.schema, new.schema, direction)

    def _additional(self, old: Schema | None, new: Schema | None,
                    direction: Direction) -> list[_Rel]:
        """Extra properties: undocumented extras are still kept by clients, so None ~ any."""
        if old is None and new is None:
            return []
        if old is None or new is None:
            tighter = new is None
            return [_Rel("{}", "additional.changed", direction == "request" and tighter,
                         "extra properties no longer documented" if tighter
                         else "extra properties now documented")]
        return [r.under("{}") for r in self.compare(old, new, direction)]

    def _unions(self, old: Schema, new: Schema, direction: Direction) -> list[_Rel]:
        """Pair variants by kind (objects by discriminator value or order) and compare them."""
        old_vs = old.variants if isinstance(old, Union) else (old,)
        new_vs = new.variants if isinstance(new, Union) else (new,)
        pairs, removed, added = _pair_variants(self._variant_keys(old, 0), self._variant_keys(new, 1))
        found: list[_Rel] = []
        if isinstance(old, Union) and isinstance(new, Union) and old.discriminator != new.discriminator:
            found.append(_Rel("", "discriminator.changed", True, "variants are told apart by "
                              "another property", old.discriminator, new.discriminator))
        for index in removed:
            found.append(_Rel("", "variant.removed", direction == "request",
                              "a variant is no longer accepted" if direction == "request"
                              else "a variant is no longer returned",
                              self.describe(old_vs[index], 0), None))
        for index in added:
            found.append(_Rel("", "variant.added", direction == "response",
                              "existing clients cannot parse the new variant"
                              if direction == "response" else "another variant is accepted",
                              None, self.describe(new_vs[index], 1)))
        for old_index, new_index in pairs:
            label = f"<{new_index + 1}>" if len(new_vs) > 1 else ""
            found += [r.under(label) for r in self.compare(old_vs[old_index], new_vs[new_index],
                                                           direction)]
        return found

    def _variant_keys(self, schema: Schema, side: int) -> list[str]:
        """A matching key per variant: the kind, the primitive type, or the object's tag."""
        variants = schema.variants if isinstance(schema, Union) else (schema,)
        tags = {model: value for value, model in schema.mapping} if isinstance(schema, Union) else {}
        keys = []
        for variant in variants:
            resolved = self._unalias(variant, side)
            if isinstance(resolved, Ref):
                tag = tags.get(resolved.name) or (tags.get(variant.name)
                                                  if isinstance(variant, Ref) else None)
                keys.append(f"object:{tag}" if tag else "object")
            elif isinstance(resolved, Primitive | Enum):
                keys.append(f"scalar:{resolved.type}")
            else:
                keys.append(resolved.kind)
        return keys


def _free_form(schema: Schema) -> bool:
    """Any value, or an object of any values: what every other type narrows."""
    return isinstance(schema, AnyValue) or schema == Map(AnyValue())


def _split_null(schema: Schema) -> tuple[Schema, bool]:
    """``schema`` without its null variant, and whether it had one."""
    if isinstance(schema, Union) and NULL in schema.variants:
        rest = tuple(v for v in schema.variants if v != NULL)
        core = rest[0] if len(rest) == 1 else replace(schema, variants=rest) if rest else NULL
        return core, True
    return schema, False


def _pair_variants(old: list[str], new: list[str]
                   ) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Indices of paired variants (equal keys, in order), then unpaired old and new ones."""
    pairs: list[tuple[int, int]] = []
    free = list(range(len(new)))
    removed = []
    for i, key in enumerate(old):
        match = next((j for j in free if new[j] == key), None)
        if match is None:
            removed.append(i)
        else:
            free.remove(match)
            pairs.append((i, match))
    # A lone untagged object on each side is the same object, whatever its fields became.
    loose_old = [i for i in removed if old[i].startswith("object")]
    loose_new = [j for j in free if new[j].startswith("object")]
    if len(loose_old) == 1 and len(loose_new) == 1:
        pairs.append((loose_old[0], loose_new[0]))
        removed.remove(loose_old[0])
        free.remove(loose_new[0])
    return pairs, removed, free


def _visible(fields: Iterable[Field], direction: Direction) -> dict[str, Field]:
    """Fields that travel in ``direction``: requests omit read-only, responses write-only."""
    hidden = "read_only" if direction == "request" else "write_only"
    return {f.name: f for f in fields if not getattr(f, hidden)}


def _field_added(field: Field, direction: Direction, type_name: str) -> _Rel:
    if direction == "response":
        return _Rel(field.name, "field.added", False, "new data; existing clients keep unknown "
                    "fields", None, type_name)
    if field.required:
        return _Rel(field.name, "field.added", True, "a new required field existing clients do "
                    "not send", None, type_name)
    return _Rel(field.name, "field.added", False, "a new optional field", None, type_name)


def _primitives(old: Primitive, new: Primitive, direction: Direction) -> list[_Rel]:
    found: list[_Rel] = []
    if old.type != new.type:
        wider = (old.type, new.type) in WIDER
        narrower = (new.type, old.type) in WIDER
        breaking = sends(direction, narrower) if wider or narrower else True
        found.append(_Rel("", "type.changed", breaking, "widened" if wider else "narrowed"
                          if narrower else "incompatible type", old.type, new.type))
    elif old.format != new.format:
        # A format added constrains the value; one removed or changed is a different value.
        tighter = old.format is None
        breaking = sends(direction, tighter) if old.format is None or new.format is None else True
        found.append(_Rel("", "format.changed", breaking, "format now documented" if tighter
                          else "format changed" if new.format else "format no longer documented",
                          old.format, new.format))
    return found + _limits("value", (old.minimum, old.maximum), (new.minimum, new.maximum),
                           direction)


def _limits(what: str, old: tuple[float | None, float | None], new: tuple[float | None, float | None],
            direction: Direction) -> list[_Rel]:
    """Lower and upper bounds: a raised minimum or lowered maximum is tighter."""
    found = []
    for index, (before, after) in enumerate(zip(old, new, strict=True)):
        if before == after:
            continue
        lower = index == 0
        if before is None or after is None:
            tighter = before is None
        else:
            tighter = after > before if lower else after < before
        # Clients never check bounds on what they receive, so only requests can break.
        found.append(_Rel("", "limit.changed", direction == "request" and tighter,
                          f"{'minimum' if lower else 'maximum'} {what} "
                          f"{'tightened' if tighter else 'relaxed'}", before, after))
    return found


def _enums(old: Enum, new: Enum, direction: Direction) -> list[_Rel]:
    if old.type != new.type:
        return [_Rel("", "type.changed", True, "incompatible type", f"enum of {old.type}",
                     f"enum of {new.type}")]
    added = [v for v in new.values if v not in old.values]
    removed = [v for v in old.values if v not in new.values]
    found = []
    if added:
        found.append(_Rel("", "enum.added", False, "generated enums are open: existing clients "
                          "accept new values" if direction == "response" else "more values accepted",
                          None, added))
    if removed:
        found.append(_Rel("", "enum.removed", direction == "request", "values existing clients "
                          "may send are no longer accepted" if direction == "request"
                          else "values no longer returned", removed, None))
    return found


