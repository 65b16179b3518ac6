"""Operations matched between two APIs (method and path, then operationId) and compared part by part."""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence

from generator.diff.bodies import request_body_changes, response_changes
from generator.diff.changes import Change, at
from generator.diff.parameters import parameter_changes, path_renames
from generator.diff.schemas import SchemaDiff
from generator.diff.security import security_changes
from generator.ir import Api, Operation


def label(op: Operation) -> str:
    """``METHOD /path``: how a report names an operation."""
    return f"{op.method} {op.path}"


def path_key(op: Operation) -> tuple[str, str]:
    """Method and path with placeholder names erased: renaming one changes nothing on the wire."""
    return op.method, re.sub(r"\{[^}]*\}", "{}", op.path)


def match_operations(old: Sequence[Operation], new: Sequence[Operation]
                     ) -> tuple[list[tuple[Operation, Operation]], list[Operation], list[Operation]]:
    """Pairs matched by method and path, then by operationId; then the removed and added."""
    by_key: dict[tuple[str, str], list[Operation]] = {}
    for op in new:
        by_key.setdefault(path_key(op), []).append(op)
    pairs, unmatched = [], []
    for op in old:
        candidates = by_key.get(path_key(op))
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
        target = by_id.pop(op.operation_id, None) if op.operation_id != label(op) else None
        if target is None:
            removed.append(op)
        else:
            pairs.append((op, target))
            moved.add(id(target))
    return pairs, removed, [op for op in rest if id(op) not in moved]


def operation_changes(old: Api, new: Api, schemas: SchemaDiff, today: datetime.date) -> list[Change]:
    """Operations removed, added and changed."""
    pairs, removed, added = match_operations(old.operations, new.operations)
    # The operationId is the value: the label already names method and path.
    found = [_removed(op, today) for op in removed]
    found += [Change(label(op), "endpoint-added", "a new operation", None, op.operation_id)
              for op in added]
    for before, after in pairs:
        found += _operation(before, after, schemas, old, new)
    return found


def _removed(op: Operation, today: datetime.date) -> Change:
    """A removal, judged by what was announced: nothing, a deprecation, a sunset date."""
    if not op.deprecated:
        return Change(label(op), "endpoint-removed", "existing clients call it", op.operation_id, None)
    sunset = _date(op.sunset)
    if sunset is not None and sunset > today:
        return Change(label(op), "endpoint-removed-before-sunset", f"removed before its announced "
                      f"sunset date {op.sunset}", op.operation_id, None)
    return Change(label(op), "endpoint-removed-after-deprecation", "it was deprecated; clients still "
                  "calling it fail", op.operation_id, None)


def _date(text: str | None) -> datetime.date | None:
    """The date an ``x-sunset`` value starts with, if it is one."""
    try:
        return datetime.date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def _operation(old: Operation, new: Operation, schemas: SchemaDiff, old_api: Api,
               new_api: Api) -> list[Change]:
    """Every change of one operation kept (matched) between the two APIs."""
    where = label(old)
    found = _identity(old, new, where) + _lifecycle(old, new, where)
    found += security_changes(where, (old, old_api), (new, new_api))
    found += parameter_changes(old.parameters, new.parameters, where, schemas,
                               renames=path_renames(old.path, new.path, path_key(old) == path_key(new)))
    found += request_body_changes(old.request_body, new.request_body, where, schemas)
    found += response_changes(old.responses, new.responses, where, schemas)
    return found + _pagination(old, new, where)


def _identity(old: Operation, new: Operation, where: str) -> list[Change]:
    """Method, path and operationId."""
    found = []
    if path_key(old) != path_key(new):
        found.append(Change(where, "endpoint-moved", "existing clients call the old method and path",
                            label(old), label(new)))
    elif old.path != new.path:
        found.append(Change(where, "endpoint-path-placeholder-renamed", "only placeholder names "
                            "changed; the wire path is the same", old.path, new.path))
    elif old.operation_id != new.operation_id:
        found.append(Change(where, "endpoint-operation-id-changed", "a regenerated client names the "
                            "method after the new operationId", old.operation_id, new.operation_id))
    return found


def _lifecycle(old: Operation, new: Operation, where: str) -> list[Change]:
    """Deprecation and the announced sunset date."""
    found = []
    if old.deprecated != new.deprecated:
        found.append(Change(where, "endpoint-deprecated" if new.deprecated else "endpoint-reactivated",
                            "deprecated" if new.deprecated else "no longer deprecated",
                            old.deprecated, new.deprecated))
    if old.sunset != new.sunset:
        before, after = _date(old.sunset), _date(new.sunset)
        if before is None:
            found.append(Change(where, "endpoint-sunset-set", "a sunset date is announced", None, new.sunset))
        elif after is not None and after < before:
            found.append(Change(where, "endpoint-sunset-earlier", "the operation goes away sooner",
                                old.sunset, new.sunset))
        else:
            found.append(Change(where, "endpoint-sunset-later", "the operation goes away later, or "
                                "no date is announced", old.sunset, new.sunset))
    return found


def _pagination(old: Operation, new: Operation, where: str) -> list[Change]:
    """How the operation pages, as apigen inferred or was told."""
    before, after = old.pagination, new.pagination
    place = at(where, "pagination")
    if before is None and after is None:
        return []
    if before is None or after is None:
        return [Change(place, "pagination-removed" if after is None else "pagination-added",
                       "auto-pagination no longer possible" if after is None
                       else "now pages automatically", before is not None, after is not None)]
    found = [Change(place, "pagination-changed", f"pages differently ({name})", getattr(before, name),
                    getattr(after, name))
             for name in ("style", "offset_param", "limit_param", "items", "total")
             if getattr(before, name) != getattr(after, name)]
    if before.max_limit != after.max_limit:
        lower = after.max_limit is not None and (before.max_limit is None
                                                 or after.max_limit < before.max_limit)
        found.append(Change(place, "pagination-max-limit-decreased" if lower else
                            "pagination-max-limit-increased", f"maximum page size "
                            f"{'lowered' if lower else 'raised'}", before.max_limit, after.max_limit))
    return found
