"""Compare two APIs' IRs and classify every change a client user could notice.

Everything here is a pure function of two :class:`~generator.ir.Api` values, so any pair of
inputs the generator reads (OpenAPI 2.0/3.0/3.1, doc specs, or one of each) can be compared.
Operations are matched by method and path, then by ``operationId`` (a moved operation);
schemas are compared by walking them from each operation, following :class:`Ref` into the
models, so a model that only changed its generated name produces no noise.

Each :class:`Change` is breaking or not *for an existing generated client*. Two rules decide
most cases: in what a client **sends** (parameters, request bodies) a tighter contract breaks
it; in what it **receives** (responses, webhook payloads) a looser guarantee breaks it.
Enums are the exception: generated enums accept unknown values, so new response values are
harmless. Error bodies reach clients as untyped JSON, so their changes never break anything.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from generator.ir import (
    AnyValue, Api, Array, AuthScheme, Body, Enum, Field, JsonValue, Map, Model, Operation,
    Parameter, Primitive, Ref, RequestBody, Response, Schema, Server, Union, Webhook,
)

SEP = " › "  # between the parts of a location: operation › place › field path
FAIL_ON = ("breaking", "any", "none")

Direction = Literal["request", "response"]
_NULL = Primitive("null")
_WIDER = {("integer", "number")}  # (narrow, wide) primitive pairs: every narrow value is wide

# Security requirements as the IR holds them: alternatives, each schemes used together.
Requirements = tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Change:
    """One user-visible difference: where, what kind, whether it breaks clients, and why."""

    location: str  # e.g. "GET /sites/{site_id} › response 200 › body › locales.primary.id"
    kind: str  # e.g. "field.removed", "operation.added"
    breaking: bool
    reason: str
    old: JsonValue = None
    new: JsonValue = None

    @property
    def subject(self) -> str:
        """The operation, webhook or API-level element the change belongs to."""
        return self.location.split(SEP, 1)[0]


def diff_apis(old: Api, new: Api) -> list[Change]:
    """Every change from ``old`` to ``new``, in a stable order."""
    schemas = SchemaDiff(old, new)
    changes = [
        *_servers(old.servers, new.servers),
        *_auth(old.auth, new.auth),
        *_default_security(old.security, new.security),
        *_client_level(old, new),
        *_parameters(old.headers, new.headers, "API", schemas, label="client header"),
        *_operations(old, new, schemas),
        *_webhooks(old.webhooks, new.webhooks, schemas),
    ]
    return changes


def should_fail(changes: Sequence[Change], fail_on: str) -> bool:
    """True when ``changes`` trigger ``--fail-on`` (breaking, any or none)."""
    if fail_on == "any":
        return bool(changes)
    if fail_on == "breaking":
        return any(c.breaking for c in changes)
    return False


def _at(*parts: str) -> str:
    return SEP.join(p for p in parts if p)


def _sends(direction: Direction, tighter: bool) -> bool:
    """Whether a contract change breaks clients: tighter breaks senders, looser receivers."""
    return tighter if direction == "request" else not tighter


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
        return Change(_at(location, self.path), self.kind, self.breaking, self.reason,
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
            found.append(_Rel("", "nullable.changed", _sends(direction, tighter),
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
            return [_Rel("", "type.changed", _sends(direction, tighter),
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
    if isinstance(schema, Union) and _NULL in schema.variants:
        rest = tuple(v for v in schema.variants if v != _NULL)
        core = rest[0] if len(rest) == 1 else replace(schema, variants=rest) if rest else _NULL
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
        wider = (old.type, new.type) in _WIDER
        narrower = (new.type, old.type) in _WIDER
        breaking = _sends(direction, narrower) if wider or narrower else True
        found.append(_Rel("", "type.changed", breaking, "widened" if wider else "narrowed"
                          if narrower else "incompatible type", old.type, new.type))
    elif old.format != new.format:
        # A format added constrains the value; one removed or changed is a different value.
        tighter = old.format is None
        breaking = _sends(direction, tighter) if old.format is None or new.format is None else True
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


# --- operations ---------------------------------------------------------------------------


def _label(op: Operation) -> str:
    return f"{op.method} {op.path}"


def _path_key(op: Operation) -> tuple[str, str]:
    """Method and path with placeholder names erased: renaming one changes nothing on the wire."""
    return op.method, re.sub(r"\{[^}]*\}", "{}", op.path)


def match_operations(old: Sequence[Operation], new: Sequence[Operation]
                     ) -> tuple[list[tuple[Operation, Operation]], list[Operation], list[Operation]]:
    """Pairs matched by method and path, then by operationId; then the removed and added."""
    by_key: dict[tuple[str, str], list[Operation]] = {}
    for op in new:
        by_key.setdefault(_path_key(op), []).append(op)
    pairs, unmatched = [], []
    for op in old:
        candidates = by_key.get(_path_key(op))
        if candidates:
            pairs.append((op, candidates.pop(0)))
        else:
            unmatched.append(op)
    left = {id(op) for ops in by_key.values() for op in ops}
    rest = [op for op in new if id(op) in left]
    by_id: dict[str, Operation] = {}
    for op in rest:
        by_id.setdefault(op.operation_id, op)
    removed, moved = [], set()
    for op in unmatched:
        # Operations without an operationId get "METHOD /path" as one, which cannot move.
        target = by_id.pop(op.operation_id, None) if op.operation_id != _label(op) else None
        if target is None:
            removed.append(op)
        else:
            pairs.append((op, target))
            moved.add(id(target))
    return pairs, removed, [op for op in rest if id(op) not in moved]


def _operations(old: Api, new: Api, schemas: SchemaDiff) -> list[Change]:
    pairs, removed, added = match_operations(old.operations, new.operations)
    # The operationId is the value: the label already names method and path.
    found = [Change(_label(op), "operation.removed", True, "existing clients call it",
                    op.operation_id, None) for op in removed]
    found += [Change(_label(op), "operation.added", False, "a new operation", None,
                     op.operation_id) for op in added]
    for before, after in pairs:
        found += _operation(before, after, schemas, (old.security, new.security))
    return found


def _operation(old: Operation, new: Operation, schemas: SchemaDiff,
               defaults: tuple[Requirements, Requirements]) -> list[Change]:
    where = _label(old)
    found: list[Change] = []
    if _path_key(old) != _path_key(new):
        found.append(Change(where, "operation.moved", True, "existing clients call the old "
                            "method and path", _label(old), _label(new)))
    elif old.path != new.path:
        found.append(Change(where, "path.renamed", False, "only placeholder names changed; the "
                            "wire path is the same", old.path, new.path))
    if old.deprecated != new.deprecated:
        found.append(Change(where, "deprecated.changed", False, "deprecated" if new.deprecated
                            else "no longer deprecated", old.deprecated, new.deprecated))
    found += _security(where, _effective(old.security, defaults[0]),
                       _effective(new.security, defaults[1]), explicit=(old.security, new.security))
    found += _parameters(old.parameters, new.parameters, where, schemas,
                         renames=_path_renames(old, new))
    found += _request_body(old.request_body, new.request_body, where, schemas)
    found += _responses(old.responses, new.responses, where, schemas)
    return found + _pagination(old, new, where)


def _effective(security: Requirements | None, default: Requirements) -> Requirements:
    return default if security is None else security


def _requirement_label(requirement: frozenset[str]) -> str:
    return " + ".join(sorted(requirement)) or "no authentication"


def _security(where: str, old: Requirements, new: Requirements,
              explicit: tuple[Requirements | None, Requirements | None]) -> list[Change]:
    """An operation's accepted requirements (alternatives, each a set of schemes used
    together); API-wide changes are reported once, not per operation."""
    before, after = {frozenset(r) for r in old}, {frozenset(r) for r in new}
    if explicit == (None, None) or before == after:
        return []
    listed = (sorted(_requirement_label(r) for r in before), sorted(_requirement_label(r) for r in after))
    if (not before or frozenset() in before) and frozenset() not in after and after:
        return [Change(where, "security.changed", True, "now requires authentication", *listed)]
    dropped = sorted(_requirement_label(r) for r in before - after)
    # A client configured for a dropped alternative stops working; a new alternative is extra.
    return [Change(where, "security.changed", bool(dropped) and bool(after),
                   f"no longer accepts {', '.join(dropped)}" if dropped else "accepts more schemes",
                   *listed)]


def _path_renames(old: Operation, new: Operation) -> dict[str, str]:
    """Old placeholder name -> new name, by position, for paths equal but for those names."""
    if _path_key(old) != _path_key(new):
        return {}
    pattern = re.compile(r"\{([^}]*)\}")
    return dict(zip(pattern.findall(old.path), pattern.findall(new.path), strict=True))


def _parameters(old: Sequence[Parameter], new: Sequence[Parameter], where: str,
                schemas: SchemaDiff, renames: dict[str, str] | None = None,
                label: str = "") -> list[Change]:
    """Parameters by location and name; ``renames`` maps old path placeholders to new names."""
    renames = renames or {}
    before = {(p.location, renames.get(p.name, p.name) if p.location == "path" else p.name): p
              for p in old}
    after = {(p.location, p.name): p for p in new}
    found: list[Change] = []
    moved = {name for (_, name) in before.keys() - after.keys()} & \
            {name for (_, name) in after.keys() - before.keys()}
    for key, param in after.items():
        if key in before:
            found += _parameter(before[key], param, _at(where, _param_label(param, label)), schemas)
        elif key[1] not in moved:
            found.append(Change(_at(where, _param_label(param, label)), "parameter.added",
                                param.required, "a new required parameter existing clients do not "
                                "send" if param.required else "a new optional parameter",
                                None, param.required))
    for key, param in before.items():
        if key in after:
            continue
        if key[1] in moved:
            now = next(p for p in new if p.name == key[1])
            found.append(Change(_at(where, _param_label(param, label)), "parameter.moved", True,
                                f"now sent in the {now.location}", param.location, now.location))
        else:
            found.append(Change(_at(where, _param_label(param, label)), "parameter.removed", True,
                                "the server no longer documents it: values existing clients send "
                                "are ignored or rejected", param.name, None))
    return found


def _param_label(param: Parameter, label: str) -> str:
    return f"{label or param.location + ' parameter'} {param.name}"


def _parameter(old: Parameter, new: Parameter, where: str, schemas: SchemaDiff) -> list[Change]:
    found = []
    if old.required != new.required:
        found.append(Change(where, "required.changed", new.required, "now required; existing "
                            "clients may omit it" if new.required else "no longer required",
                            old.required, new.required))
    if old.deprecated != new.deprecated:
        found.append(Change(where, "deprecated.changed", False, "deprecated" if new.deprecated
                            else "no longer deprecated", old.deprecated, new.deprecated))
    if old.default != new.default:
        found.append(Change(where, "default.changed", False, "the value used when it is omitted "
                            "changed", old.default, new.default))
    return found + [r.at(where) for r in schemas.compare(old.schema, new.schema, "request")]


def _body_label(body: Body, place: str) -> str:
    """``request body`` or ``response 200 › body``, naming the media type unless it is JSON."""
    label = "body" if body.content_type == "application/json" else f"body ({body.content_type})"
    return _at(place, label) if place != "request" else f"request {label}"


def _request_body(old: RequestBody | None, new: RequestBody | None, where: str,
                  schemas: SchemaDiff) -> list[Change]:
    if old is None and new is None:
        return []
    if old is None or new is None:
        present = new is not None
        breaking = not present or bool(new and new.required)
        reason = ("a new required body existing clients do not send" if breaking else
                  "a new optional body") if present else "the operation no longer takes a body"
        return [Change(_at(where, "request body"), "body.added" if present else "body.removed",
                       breaking, reason)]
    found = []
    if old.required != new.required:
        found.append(Change(_at(where, "request body"), "required.changed", new.required,
                            "now required" if new.required else "no longer required",
                            old.required, new.required))
    return found + _bodies(old.bodies, new.bodies, where, "request", schemas)


def _bodies(old: Sequence[Body], new: Sequence[Body], where: str, place: str,
            schemas: SchemaDiff, direction: Direction = "request") -> list[Change]:
    """Media types and their schemas; the first (preferred) one is what clients send or read."""
    before = {b.content_type: b for b in old}
    after = {b.content_type: b for b in new}
    preferred = old[0].content_type if old else None
    found = []
    for content_type, body in before.items():
        if content_type not in after:
            breaking = content_type == preferred
            found.append(Change(_at(where, _body_label(body, place)), "content_type.removed",
                                breaking, "existing clients use this media type" if breaking
                                else "another media type remains", content_type, None))
        else:
            found += [r.at(_at(where, _body_label(body, place)))
                      for r in schemas.compare(body.schema, after[content_type].schema, direction)]
    found += [Change(_at(where, _body_label(body, place)), "content_type.added", False,
                     "another media type", None, content_type)
              for content_type, body in after.items() if content_type not in before]
    return found


def _responses(old: Sequence[Response], new: Sequence[Response], where: str,
               schemas: SchemaDiff) -> list[Change]:
    before = {r.status: r for r in old}
    after = {r.status: r for r in new}
    found: list[Change] = []
    primary = _primary_pair(old, new)
    if primary is not None:  # e.g. 200 became 201: clients accept any 2XX and read its body
        found.append(Change(_at(where, f"response {primary[0].status}"), "status.changed", False,
                            "clients accept any 2XX status", primary[0].status, primary[1].status))
        found += _response(primary[0], primary[1], where, schemas)
        before.pop(primary[0].status)
        after.pop(primary[1].status)
    for status, response in before.items():
        if status not in after:
            breaking = response.is_success
            found.append(Change(_at(where, f"response {status}"), "response.removed", breaking,
                                "existing clients read this response" if breaking
                                else "errors are raised by status family either way", status, None))
        else:
            found += _response(response, after[status], where, schemas)
    found += [Change(_at(where, f"response {status}"), "response.added", False,
                     "errors are raised by status family" if not r.is_success else "another "
                     "success response", None, status)
              for status, r in after.items() if status not in before]
    return found


def _primary_pair(old: Sequence[Response], new: Sequence[Response]
                  ) -> tuple[Response, Response] | None:
    """The success responses, when their status changed and neither status remains."""
    first = next((r for r in old if r.is_success), None)
    second = next((r for r in new if r.is_success), None)
    if first is None or second is None or first.status == second.status:
        return None
    if any(r.status == first.status for r in new) or any(r.status == second.status for r in old):
        return None
    return first, second


def _response(old: Response, new: Response, where: str, schemas: SchemaDiff) -> list[Change]:
    place = f"response {new.status}"
    found = _response_bodies(old, new, where, place, schemas)
    if old.is_success or new.is_success or not found:
        return found
    # Generated errors carry the body as parsed JSON, untyped: nothing in it can break them,
    # and listing each field of each error of each operation would bury the real changes.
    prefix = _at(where, place) + SEP
    details = [f"{c.location.removeprefix(prefix)}: {c.kind}" for c in found]
    return [Change(_at(where, place), "error_body.changed", False, "error bodies reach clients "
                   "as untyped JSON", None, details)]


def _response_bodies(old: Response, new: Response, where: str, place: str,
                     schemas: SchemaDiff) -> list[Change]:
    if not old.bodies and not new.bodies:
        return []
    if not old.bodies or not new.bodies:
        gone = not new.bodies
        return [Change(_at(where, place, "body"), "body.removed" if gone else "body.added",
                       gone, "existing clients read it" if gone else "data is now returned")]
    return _bodies(old.bodies, new.bodies, where, place, schemas, "response")


def _pagination(old: Operation, new: Operation, where: str) -> list[Change]:
    before, after = old.pagination, new.pagination
    if before is None and after is None:
        return []
    if before is None or after is None:
        return [Change(_at(where, "pagination"), "pagination.changed", before is not None,
                       "auto-pagination no longer possible" if after is None
                       else "now pages automatically", before is not None, after is not None)]
    found = []
    for name in ("style", "offset_param", "limit_param", "items", "total"):
        if getattr(before, name) != getattr(after, name):
            found.append(Change(_at(where, "pagination"), "pagination.changed", True,
                                f"pages differently ({name})", getattr(before, name),
                                getattr(after, name)))
    if before.max_limit != after.max_limit:
        tighter = after.max_limit is not None and (before.max_limit is None
                                                   or after.max_limit < before.max_limit)
        found.append(Change(_at(where, "pagination"), "limit.changed", tighter,
                            f"maximum page size {'lowered' if tighter else 'raised'}",
                            before.max_limit, after.max_limit))
    return found


# --- API-level elements -------------------------------------------------------------------


def _servers(old: Sequence[Server], new: Sequence[Server]) -> list[Change]:
    found = []
    if old and new and old[0].url != new[0].url:
        found.append(Change("servers", "server.default_changed", True, "existing clients use the "
                            "old default base URL", old[0].url, new[0].url))
    before, after = {s.url: s for s in old}, {s.url: s for s in new}
    found += [Change("servers", "server.removed", False, "clients configured with it need another "
                     "base URL", url, None) for url in before if url not in after]
    found += [Change("servers", "server.added", False, "another base URL", None, url)
              for url in after if url not in before]
    for url in before.keys() & after.keys():
        found += _server_variables(before[url], after[url])
    return sorted(found, key=lambda c: (c.kind, str(c.old), str(c.new)))


def _server_variables(old: Server, new: Server) -> list[Change]:
    where = _at("servers", old.url)
    before = {v.name: v for v in old.variables}
    after = {v.name: v for v in new.variables}
    found = []
    for name, var in after.items():
        if name not in before:
            found.append(Change(_at(where, name), "server_variable.added", var.default is None,
                                "a new setting without a default" if var.default is None
                                else "a new setting with a default", None, var.default))
    for name, var in before.items():
        if name not in after:
            found.append(Change(_at(where, name), "server_variable.removed", True,
                                "clients that set it fail", name, None))
            continue
        gone = [e for e in var.enum if after[name].enum and e not in after[name].enum]
        if gone:
            found.append(Change(_at(where, name), "enum.removed", True, "values existing clients "
                                "may use are no longer allowed", gone, None))
        if var.default != after[name].default:
            found.append(Change(_at(where, name), "default.changed", False, "the value used when "
                                "it is not set changed", var.default, after[name].default))
    return found


def _auth(old: Sequence[AuthScheme], new: Sequence[AuthScheme]) -> list[Change]:
    before, after = {a.name: a for a in old}, {a.name: a for a in new}
    found = [Change(_at("security", name), "security_scheme.removed", True,
                    "clients authenticating with it are refused", name, None)
             for name in before if name not in after]
    found += [Change(_at("security", name), "security_scheme.added", False, "another way to "
                     "authenticate", None, name) for name in after if name not in before]
    for name in before.keys() & after.keys():
        was, now = before[name], after[name]
        for attr in ("kind", "location", "param_name"):
            if getattr(was, attr) != getattr(now, attr):
                found.append(Change(_at("security", name), "security_scheme.changed", True,
                                    f"credentials are sent differently ({attr})",
                                    getattr(was, attr), getattr(now, attr)))
    return found


def _default_security(old: Requirements, new: Requirements) -> list[Change]:
    return _security("security", old, new, explicit=(old, new))


def _client_level(old: Api, new: Api) -> list[Change]:
    """Facts every generated call relies on: the envelope, the error message, signatures."""
    found = []
    for attr, what in (("envelope", "response envelope"), ("error_message", "error message field"),
                       ("webhook_signature", "webhook signature")):
        before, after = getattr(old, attr), getattr(new, attr)
        if before != after:
            found.append(Change("API", f"{attr}.changed", True, f"the {what} changed; existing "
                                "clients unwrap or verify the old way", _plain(before), _plain(after)))
    return found


def _plain(value: object) -> JsonValue:
    """A JSON-safe rendering of a small IR value."""
    return None if value is None else str(value)


def _webhooks(old: Sequence[Webhook], new: Sequence[Webhook], schemas: SchemaDiff) -> list[Change]:
    before = {(w.name, w.method): w for w in old}
    after = {(w.name, w.method): w for w in new}
    found = [Change(f"webhook {name}", "webhook.removed", True, "handlers for it never fire "
                    "again", name, None) for (name, _) in before.keys() - after.keys()]
    found += [Change(f"webhook {name}", "webhook.added", False, "a new event", None, name)
              for (name, _) in after.keys() - before.keys()]
    for key in before.keys() & after.keys():
        old_payload, new_payload = before[key].payload, after[key].payload
        where = _at(f"webhook {key[0]}", "payload")
        if old_payload is None or new_payload is None:
            if old_payload != new_payload:
                found.append(Change(where, "body.changed", old_payload is not None,
                                    "payload documented" if old_payload is None
                                    else "payload no longer documented"))
            continue
        # A payload reaches the user's server as a response reaches a client.
        found += [r.at(where) for r in schemas.compare(old_payload, new_payload, "response")]
    return sorted(found, key=lambda c: (c.location, c.kind))
