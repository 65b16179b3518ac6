"""The oracle's comparison of one operation kept between two documents."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from tests.diff_oracle.documents import IGNORED_HEADERS, ORDER, _key, _label, at

if TYPE_CHECKING:
    from tests.diff_oracle.documents import Oracle

Op = tuple[str, str, dict[str, Any], list[Any]]


def compare_operation(oracle: Oracle, old: Op, new: Op) -> None:
    where = _label(old[1], old[0])
    if _key(old[1], old[0]) != _key(new[1], new[0]):
        oracle.add(where, "endpoint-moved")
    elif old[0] != new[0]:
        oracle.add(where, "endpoint-path-placeholder-renamed")
    elif (old[2].get("operationId") or f"{old[1]} {old[0]}") != (new[2].get("operationId") or f"{new[1]} {new[0]}"):
        oracle.add(where, "endpoint-operation-id-changed")
    _lifecycle(oracle, where, old[2], new[2])
    from tests.diff_oracle.elements import requirement_changes, requirements

    if "security" in old[2] or "security" in new[2]:
        requirement_changes(oracle, where, requirements(oracle, 0, old[2]), requirements(oracle, 1, new[2]))
    _parameters(oracle, where, old, new)
    _request(oracle, where, old[2].get("requestBody"), new[2].get("requestBody"))
    _responses(oracle, where, old[2].get("responses") or {}, new[2].get("responses") or {})


def _lifecycle(oracle: Oracle, where: str, old: dict[str, Any], new: dict[str, Any]) -> None:
    if (old.get("deprecated") is True) != (new.get("deprecated") is True):
        oracle.add(where, "endpoint-deprecated" if new.get("deprecated") is True else "endpoint-reactivated")
    before, after = old.get("x-sunset"), new.get("x-sunset")
    if before != after:
        if before is None:
            oracle.add(where, "endpoint-sunset-set")
        elif after is not None and str(after)[:10] < str(before)[:10]:
            oracle.add(where, "endpoint-sunset-earlier")
        else:
            oracle.add(where, "endpoint-sunset-later")


# --- parameters ---------------------------------------------------------------------------


def _credential_slots(oracle: Oracle, side: int, op: dict[str, Any]) -> set[tuple[str, str]]:
    """Where the credentials of the schemes an operation accepts go: never parameters."""
    doc = oracle.docs[side]
    schemes = (doc.get("components") or {}).get("securitySchemes") or {}
    security = op["security"] if "security" in op else doc.get("security") or []
    slots = set()
    for requirement in security or []:
        for name in requirement or {}:
            scheme, _ = oracle.readers[side].deref(schemes.get(name))
            if isinstance(scheme, dict) and scheme.get("type") == "apiKey":
                where = scheme.get("in")
                slots.add((where, str(scheme.get("name")).lower() if where == "header" else str(scheme.get("name"))))
    return slots


def _params(oracle: Oracle, side: int, op: Op) -> dict[tuple[str, str], dict[str, Any]]:
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    for raw in list(op[3]) + list(op[2].get("parameters") or []):
        raw, _ = oracle.readers[side].deref(raw)
        if isinstance(raw, dict) and isinstance(raw.get("name"), str):
            where = str(raw.get("in"))
            merged[(where, raw["name"].lower() if where == "header" else raw["name"])] = raw
    slots = _credential_slots(oracle, side, op[2])
    return {(where, raw["name"]): raw for (where, low), raw in merged.items()
            if where in ("path", "query", "header", "cookie") and (where, low) not in slots
            and not (where == "header" and low in IGNORED_HEADERS)}


def _schema_of(param: dict[str, Any]) -> Any:
    if param.get("schema") is None and isinstance(param.get("content"), dict) and param["content"]:
        media = next(iter(param["content"].values()))
        return media.get("schema") if isinstance(media, dict) else None
    return param.get("schema")


def _parameters(oracle: Oracle, where: str, old: Op, new: Op) -> None:
    renames = {}
    if _key(old[1], old[0]) == _key(new[1], new[0]):
        pattern = re.compile(r"\{([^}]*)\}")
        renames = dict(zip(pattern.findall(old[0]), pattern.findall(new[0]), strict=True))
    before = {(w, renames.get(n, n) if w == "path" else n): p for (w, n), p in _params(oracle, 0, old).items()}
    after = _params(oracle, 1, new)
    moved = {n for _, n in before.keys() - after.keys()} & {n for _, n in after.keys() - before.keys()}
    for key, param in after.items():
        place = at(where, f"{key[0]} parameter {key[1]}")
        required = key[0] == "path" or param.get("required") is True
        if key in before:
            _parameter(oracle, place, before[key], param)
        elif key[1] not in moved:
            oracle.add(place, "request-parameter-added-required" if required else "request-parameter-added-optional")
    for key, param in before.items():
        if key not in after:
            place = at(where, f"{key[0]} parameter {param['name']}")
            oracle.add(place, "request-parameter-moved" if key[1] in moved else
                       "request-parameter-removed-after-deprecation" if param.get("deprecated") is True
                       else "request-parameter-removed")


def _parameter(oracle: Oracle, place: str, old: dict[str, Any], new: dict[str, Any]) -> None:
    def required(p: dict[str, Any]) -> bool:
        return p.get("in") == "path" or p.get("required") is True

    if required(old) != required(new):
        oracle.add(place, "request-parameter-became-required" if required(new) else "request-parameter-became-optional")
    if (old.get("deprecated") is True) != (new.get("deprecated") is True):
        oracle.add(place, "request-parameter-deprecated" if new.get("deprecated") is True
                   else "request-parameter-reactivated")
    defaults = [(s.get("default") if isinstance(s, dict) else None) for s in (_schema_of(old), _schema_of(new))]
    if defaults[0] != defaults[1]:
        oracle.add(place, "request-parameter-default-value-changed")
    oracle.schema(place, _schema_of(old), _schema_of(new), "request", parameter=True)


# --- bodies -------------------------------------------------------------------------------


def _encoding(media: str) -> str:
    media = media.split(";")[0].strip().lower()
    if media == "application/json" or media.endswith("+json") or media == "*/*":
        return "json"
    if media == "application/x-www-form-urlencoded":
        return "form"
    return "multipart" if media.startswith("multipart/") else "text" if media.startswith("text/") else "binary"


def bodies(content: Any) -> list[tuple[str, Any]]:
    """(media type, schema) pairs, preferred first (JSON, form, multipart, text, binary)."""
    pairs = [(str(k), (v or {}).get("schema") if isinstance(v, dict) or v is None else None)
             for k, v in (content or {}).items()]
    return sorted(pairs, key=lambda p: ORDER.index(_encoding(p[0])))


def _body_place(where: str, media: str, request: bool) -> str:
    name = "body" if media == "application/json" else f"body ({media})"
    return at(where, f"request {name}") if request else at(where, name)


def _request(oracle: Oracle, where: str, old: Any, new: Any) -> None:
    old, _ = oracle.readers[0].deref(old)
    new, _ = oracle.readers[1].deref(new)
    old_bodies = bodies(old.get("content")) if isinstance(old, dict) else []
    new_bodies = bodies(new.get("content")) if isinstance(new, dict) else []
    place = at(where, "request body")
    if not old_bodies and not new_bodies:
        return
    if not old_bodies or not new_bodies:
        required = isinstance(new, dict) and new.get("required") is True
        oracle.add(place, "request-body-removed" if not new_bodies else
                   "request-body-added-required" if required else "request-body-added-optional")
        return
    if (old.get("required") is True) != (new.get("required") is True):
        oracle.add(place, "request-body-became-required" if new.get("required") is True
                   else "request-body-became-optional")
    media(oracle, where, old_bodies, new_bodies, "request")


def media(oracle: Oracle, where: str, old: list[tuple[str, Any]], new: list[tuple[str, Any]], way: str) -> list[str]:
    """Media types and schemas; returns the rules found (for error bodies)."""
    start = len(oracle.found)
    prefix = "request-body" if way == "request" else "response"
    after = dict(new)
    for index, (kind, schema) in enumerate(old):
        place = _body_place(where, kind, way == "request")
        if kind not in after:
            oracle.add(place, f"{prefix}-media-type-removed" if index == 0 else f"{prefix}-alternate-media-type-removed")
        else:
            oracle.schema(place, schema, after[kind], way)
    for kind, _ in new:
        if kind not in dict(old):
            oracle.add(_body_place(where, kind, way == "request"), f"{prefix}-media-type-added")
    return [rule for _, rule in oracle.found[start:]]


def _responses(oracle: Oracle, where: str, old: dict[str, Any], new: dict[str, Any]) -> None:
    before = {str(k).upper(): oracle.readers[0].deref(v)[0] for k, v in old.items()}
    after = {str(k).upper(): oracle.readers[1].deref(v)[0] for k, v in new.items()}
    before = {k: v for k, v in before.items() if isinstance(v, dict)}
    after = {k: v for k, v in after.items() if isinstance(v, dict)}
    first = next((s for s in before if s.startswith("2")), None)
    second = next((s for s in after if s.startswith("2")), None)
    if first and second and first != second and first not in after and second not in before:
        oracle.add(at(where, f"response {first}"), "response-success-status-changed")
        _response(oracle, where, second, before.pop(first), after.pop(second))
    for status, response in before.items():
        if status not in after:
            oracle.add(at(where, f"response {status}"), "response-success-status-removed"
                       if status.startswith("2") else "response-non-success-status-removed")
        else:
            _response(oracle, where, status, response, after[status])
    for status in after:
        if status not in before:
            oracle.add(at(where, f"response {status}"), "response-success-status-added"
                       if status.startswith("2") else "response-non-success-status-added")


def _response(oracle: Oracle, where: str, status: str, old: dict[str, Any], new: dict[str, Any]) -> None:
    place = at(where, f"response {status}")
    old_bodies, new_bodies = bodies(old.get("content")), bodies(new.get("content"))
    start = len(oracle.found)
    if not old_bodies and not new_bodies:
        return
    if not old_bodies or not new_bodies:
        oracle.add(at(place, "body"), "response-body-removed" if not new_bodies else "response-body-added")
    else:
        media(oracle, place, old_bodies, new_bodies, "response")
    if not status.startswith("2") and len(oracle.found) > start:
        del oracle.found[start:]  # an error body reaches clients untyped: one summary change
        oracle.add(place, "response-error-body-changed")
