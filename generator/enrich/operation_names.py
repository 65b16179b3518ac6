"""Operation names a user reads right: each operation in the group its resource's other
operations use, no method named like its own group, the group's noun left out of a method
name taken from an operationId when the group's other methods are bare verbs, and a warning for names a group still holds twice.

Specs name operations for other generators too (Fern's ``x-fern-sdk-*``, operationIds made
for flat clients), and their hints collide: Webflow's spec puts ``DELETE
/collections/{id}/fields/{field_id}`` in group ``collections`` as ``delete`` while the field's
other operations are in ``collections.fields``, so the collection's own delete had to become
``delete_collection``. The names are neutral words; each target cases them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import replace

from generator.diagnostics import Diagnostic, Diagnostics
from generator.ir import Api, Operation
from generator.words import singular_noun, words

# Verbs a method name may keep alone once the group names the noun (collections.delete).
_VERBS = frozenset({"get", "list", "create", "update", "delete", "retrieve", "replace", "patch", "remove",
                    "add", "publish", "search", "upsert"})


def settle(api: Api) -> tuple[Api, list[Diagnostic]]:
    """``api`` with its operations regrouped and renamed as the module says, and a diagnostic
    for each operation moved or renamed and each name a group holds twice."""
    found = Diagnostics(api.source_file)
    operations = _regrouped(api.operations, found)
    operations = [_unstuttered(op, found) for op in operations]
    operations = _shortened(operations)
    _report_collisions(operations, found)
    return replace(api, operations=tuple(operations)), found.found


def place(api: Api, chosen: dict[str, str]) -> tuple[Api, list[Diagnostic]]:
    """``api`` with each operation ``chosen`` names by operationId at its dotted place
    (``collections.fields.delete``: groups, then the method), and a warning for each
    operationId the API does not have."""
    operations = []
    for op in api.operations:
        where = chosen.get(op.operation_id)
        if where is not None:
            *group, name = where.split(".")
            op = replace(op, group=tuple(group), name=name, placed=True)
        operations.append(op)
    found = Diagnostics(api.source_file)
    for operation_id in sorted(set(chosen) - {op.operation_id for op in api.operations}):
        found.add("unknown-operation", None, f"the registry's operations: names {operation_id!r}, which no "
                  "operation of the API has; it is ignored")
    return replace(api, operations=tuple(operations)), found.found


def _key(parts: tuple[str, ...] | str) -> tuple[str, ...]:
    """Words joined per part, so ``app-subscriptions`` and ``app_subscriptions`` are one group."""
    return tuple(" ".join(words(p)) for p in ((parts,) if isinstance(parts, str) else parts))


def _resource(path: str) -> tuple[str, ...]:
    """The resource a path acts on: its segments with placeholders blanked and a trailing
    placeholder dropped (``/collections/{id}/fields/{field_id}`` -> collections, {}, fields)."""
    segments = tuple("{}" if s.startswith("{") else s for s in path.split("/") if s)
    return segments[:-1] if segments and segments[-1] == "{}" else segments


def _regrouped(operations: tuple[Operation, ...], found: Diagnostics) -> list[Operation]:
    """Each operation in the deepest group the other operations on its resource share, when
    its own group is an outer one of that group."""
    groups: dict[tuple[str, ...], Counter[tuple[str, ...]]] = defaultdict(Counter)
    for op in operations:
        groups[_resource(op.path)][op.group] += 1
    settled = []
    for op in operations:
        if op.placed:
            settled.append(op)
            continue
        mine = _key(op.group)
        deeper = [(n, g) for g, n in groups[_resource(op.path)].items()
                  if len(g) > len(op.group) and _key(g)[: len(mine)] == mine]
        if deeper:
            group = max(deeper)[1]
            found.add("operation-regrouped", op.pointer,
                      f"{op.method} {op.path} is named in group {'.'.join(op.group) or '(client)'}, but its "
                      f"resource's other operations are in {'.'.join(group)}; it joins them (x-apigen-group "
                      "or the registry's operations: place it)")
            op = replace(op, group=group)
        settled.append(op)
    return settled


def _verb(op: Operation) -> str:
    """What the operation does to its resource, from its HTTP method and path."""
    if op.method.upper() == "GET":
        # /cards and anything that pages lists; /health, /me and /cards/{id} get one thing.
        last = [s for s in op.path.split("/") if s][-1:] or [""]
        plural = not last[0].startswith("{") and singular_noun(last[0]) != last[0]
        return "list" if plural or op.pagination is not None else "get"
    return {"POST": "create", "PUT": "update", "PATCH": "update", "DELETE": "delete"}.get(op.method.upper(),
                                                                                          op.method.lower())


def _unstuttered(op: Operation, found: Diagnostics) -> Operation:
    """An operation named exactly like its group (``app_subscriptions.app_subscriptions``)
    named by its verb instead."""
    if op.placed or not op.group or _key(op.name) != _key(op.group[-1]):
        return op
    verb = _verb(op)
    found.add("operation-renamed", op.pointer,
              f"{op.method} {op.path} is named like its group {op.group[-1]!r}; it is named {verb!r} instead")
    return replace(op, name=verb)


def _shortened(operations: list[Operation]) -> list[Operation]:
    """``delete collection`` in group ``collections`` named ``delete`` where the group's other
    methods are named by verbs alone, so that a group's methods read alike (:func:`_shortens`)."""
    by_group: dict[tuple[str, ...], list[Operation]] = defaultdict(list)
    for op in operations:
        by_group[_key(op.group)].append(op)
    short = {key for key, ops in by_group.items() if _shortens(ops)}
    return [replace(op, name=verb) if _key(op.group) in short and (verb := _verb_of(op)) is not None else op
            for op in operations]


def _shortens(ops: list[Operation]) -> bool:
    """Whether a group's verb-and-noun names should all become their verbs: the group already
    names some methods by a verb alone (``list``, ``get``), each such name is the operationId
    (a name chosen for an SDK, such as Fern's, is kept as chosen), and no two operations of
    the group would then share a name."""
    said = [_verb_of(op) for op in ops]
    if not any(said) or not any(len(words(op.name)) == 1 and words(op.name)[0] in _VERBS for op in ops):
        return False
    if any(v is not None and op.name != op.operation_id for op, v in zip(ops, said, strict=True)):
        return False
    after = [v if v is not None else " ".join(words(op.name)) for op, v in zip(ops, said, strict=True)]
    return len(set(after)) == len(after)


def _verb_of(op: Operation) -> str | None:
    """The verb of a name that says a verb and its group's noun (plural or singular), unless
    the document placed the operation itself."""
    if op.placed or not op.group:
        return None
    said = words(op.name)
    noun = words(op.group[-1])
    if len(said) < 2 or said[0] not in _VERBS or not noun:
        return None
    singular = (*noun[:-1], singular_noun(noun[-1]))
    return said[0] if said[1:] in (noun, singular) else None


def _report_collisions(operations: list[Operation], found: Diagnostics) -> None:
    """A warning per operation whose group already holds its name (targets then number it)."""
    seen: dict[tuple[tuple[str, ...], str], Operation] = {}
    for op in operations:
        key = (_key(op.group), " ".join(words(op.name)))
        first = seen.setdefault(key, op)
        if first is not op:
            found.add("operation-name-collision", op.pointer,
                      f"{op.method} {op.path} and {first.method} {first.path} are both named {op.name!r} in "
                      f"group {'.'.join(op.group) or '(client)'}; the second gets a number "
                      "(x-fern-sdk-method-name or the operationId renames it)")
