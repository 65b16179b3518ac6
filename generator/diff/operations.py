"""Operations matched between two APIs (method and path, then operationId) and compared part by part."""

from __future__ import annotations

import re
from collections.abc import Sequence

from generator.ir import (
    Api, Body, Operation,
    Parameter, RequestBody, Response,
)
from generator.diff.changes import SEP, Change, Direction, Requirements, at
from generator.diff.schemas import SchemaDiff

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


def operation_changes(old: Api, new: Api, schemas: SchemaDiff) -> list[Change]:
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
    found += security_changes(where, _effective(old.security, defaults[0]),
                       _effective(new.security, defaults[1]), explicit=(old.security, new.security))
    found += parameter_changes(old.parameters, new.parameters, where, schemas,
                         renames=_path_renames(old, new))
    found += _request_body(old.request_body, new.request_body, where, schemas)
    found += _responses(old.responses, new.responses, where, schemas)
    return found + _pagination(old, new, where)


def _effective(security: Requirements | None, default: Requirements) -> Requirements:
    return default if security is None else security


def _requirement_label(requirement: frozenset[str]) -> str:
    return " + ".join(sorted(requirement)) or "no authentication"


def security_changes(where: str, old: Requirements, new: Requirements,
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


def parameter_changes(old: Sequence[Parameter], new: Sequence[Parameter], where: str,
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
            found += _parameter(before[key], param, at(where, _param_label(param, label)), schemas)
        elif key[1] not in moved:
            found.append(Change(at(where, _param_label(param, label)), "parameter.added",
                                param.required, "a new required parameter existing clients do not "
                                "send" if param.required else "a new optional parameter",
                                None, param.required))
    for key, param in before.items():
        if key in after:
            continue
        if key[1] in moved:
            now = next(p for p in new if p.name == key[1])
            found.append(Change(at(where, _param_label(param, label)), "parameter.moved", True,
                                f"now sent in the {now.location}", param.location, now.location))
        else:
            found.append(Change(at(where, _param_label(param, label)), "parameter.removed", True,
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
    return at(place, label) if place != "request" else f"request {label}"


def _request_body(old: RequestBody | None, new: RequestBody | None, where: str,
                  schemas: SchemaDiff) -> list[Change]:
    if old is None and new is None:
        return []
    if old is None or new is None:
        present = new is not None
        breaking = not present or bool(new and new.required)
        reason = ("a new required body existing clients do not send" if breaking else
                  "a new optional body") if present else "the operation no longer takes a body"
        return [Change(at(where, "request body"), "body.added" if present else "body.removed",
                       breaking, reason)]
    found = []
    if old.required != new.required:
        found.append(Change(at(where, "request body"), "required.changed", new.required,
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
            found.append(Change(at(where, _body_label(body, place)), "content_type.removed",
                                breaking, "existing clients use this media type" if breaking
                                else "another media type remains", content_type, None))
        else:
            found += [r.at(at(where, _body_label(body, place)))
                      for r in schemas.compare(body.schema, after[content_type].schema, direction)]
    found += [Change(at(where, _body_label(body, place)), "content_type.added", False,
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
        found.append(Change(at(where, f"response {primary[0].status}"), "status.changed", False,
                            "clients accept any 2XX status", primary[0].status, primary[1].status))
        found += _response(primary[0], primary[1], where, schemas)
        before.pop(primary[0].status)
        after.pop(primary[1].status)
    for status, response in before.items():
        if status not in after:
            breaking = response.is_success
            found.append(Change(at(where, f"response {status}"), "response.removed", breaking,
                                "existing clients read this response" if breaking
                                else "errors are raised by status family either way", status, None))
        else:
            found += _response(response, after[status], where, schemas)
    found += [Change(at(where, f"response {status}"), "response.added", False,
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
    prefix = at(where, place) + SEP
    details = [f"{c.location.removeprefix(prefix)}: {c.kind}" for c in found]
    return [Change(at(where, place), "error_body.changed", False, "error bodies reach clients "
                   "as untyped JSON", None, details)]


def _response_bodies(old: Response, new: Response, where: str, place: str,
                     schemas: SchemaDiff) -> list[Change]:
    if not old.bodies and not new.bodies:
        return []
    if not old.bodies or not new.bodies:
        gone = not new.bodies
        return [Change(at(where, place, "body"), "body.removed" if gone else "body.added",
                       gone, "existing clients read it" if gone else "data is now returned")]
    return _bodies(old.bodies, new.bodies, where, place, schemas, "response")


def _pagination(old: Operation, new: Operation, where: str) -> list[Change]:
    before, after = old.pagination, new.pagination
    if before is None and after is None:
        return []
    if before is None or after is None:
        return [Change(at(where, "pagination"), "pagination.changed", before is not None,
                       "auto-pagination no longer possible" if after is None
                       else "now pages automatically", before is not None, after is not None)]
    found = []
    for name in ("style", "offset_param", "limit_param", "items", "total"):
        if getattr(before, name) != getattr(after, name):
            found.append(Change(at(where, "pagination"), "pagination.changed", True,
                                f"pages differently ({name})", getattr(before, name),
                                getattr(after, name)))
    if before.max_limit != after.max_limit:
        tighter = after.max_limit is not None and (before.max_limit is None
                                                   or after.max_limit < before.max_limit)
        found.append(Change(at(where, "pagination"), "limit.changed", tighter,
                            f"maximum page size {'lowered' if tighter else 'raised'}",
                            before.max_limit, after.max_limit))
    return found


