"""The oracle's comparison of API-wide elements: servers, security, webhooks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tests.diff_oracle.documents import at
from tests.diff_oracle.operation import bodies

if TYPE_CHECKING:
    from tests.diff_oracle.documents import Oracle

Requirements = tuple[set[frozenset[str]], dict[str, set[str]]]


def elements(oracle: Oracle) -> None:
    _servers(oracle)
    _schemes(oracle)
    old, new = (_read_requirements(d.get("security")) for d in oracle.docs)
    requirement_changes(oracle, "security", old, new)
    _webhooks(oracle)


def _servers(oracle: Oracle) -> None:
    old, new = ([s for s in d.get("servers") or [] if isinstance(s, dict) and isinstance(s.get("url"), str)]
                for d in oracle.docs)
    if old and new and old[0]["url"] != new[0]["url"]:
        oracle.add("servers", "server-default-changed")
    before, after = {s["url"]: s for s in old}, {s["url"]: s for s in new}
    for _gone in before.keys() - after.keys():
        oracle.add("servers", "server-removed")
    for _new in after.keys() - before.keys():
        oracle.add("servers", "server-added")
    for url in before.keys() & after.keys():
        was, now = before[url].get("variables") or {}, after[url].get("variables") or {}
        for name in now.keys() - was.keys():
            oracle.add(at("servers", url, name), "server-variable-added" if now[name].get("default") is not None
                       else "server-variable-added-without-default")
        for name in was.keys() & now.keys():
            gone = set(was[name].get("enum") or []) - set(now[name].get("enum") or [])
            if gone and now[name].get("enum"):
                oracle.add(at("servers", url, name), "server-variable-enum-value-removed")
            if was[name].get("default") != now[name].get("default"):
                oracle.add(at("servers", url, name), "server-variable-default-changed")
        for name in was.keys() - now.keys():
            oracle.add(at("servers", url, name), "server-variable-removed")


def _scheme(raw: Any) -> tuple[str, str, str, frozenset[str]] | None:
    """(kind, location, name, scopes defined) as a client sends the scheme; None if it cannot."""
    if not isinstance(raw, dict):
        return None
    kind, http = raw.get("type"), str(raw.get("scheme", "")).lower()
    if kind == "http" and http == "basic":
        return "basic", "header", "Authorization", frozenset()
    if kind in ("oauth2", "openIdConnect") or (kind == "http" and http == "bearer"):
        scopes = {str(s) for flow in (raw.get("flows") or {}).values() if isinstance(flow, dict)
                  for s in flow.get("scopes") or {}}
        return "bearer", "header", str(raw.get("x-apigen-header", "Authorization")), frozenset(scopes)
    if kind == "apiKey" and raw.get("in") in ("header", "query", "cookie") and raw.get("name"):
        return "api_key", str(raw["in"]), str(raw["name"]), frozenset()
    return None


def _schemes(oracle: Oracle) -> None:
    old, new = ({name: _scheme(oracle.readers[side].deref(raw)[0]) for name, raw in
                 ((d.get("components") or {}).get("securitySchemes") or {}).items()}
                for side, d in enumerate(oracle.docs))
    old = {k: v for k, v in old.items() if v is not None}
    new = {k: v for k, v in new.items() if v is not None}
    for name in old.keys() - new.keys():
        oracle.add(at("security", name), "security-scheme-removed")
    for name in new.keys() - old.keys():
        oracle.add(at("security", name), "security-scheme-added")
    for name in old.keys() & new.keys():
        was, now = old[name], new[name]
        for index in range(3):
            if was[index] != now[index]:
                oracle.add(at("security", name), "security-scheme-changed")
        if was[3] - now[3]:
            oracle.add(at("security", name), "security-scheme-scope-removed")
        if now[3] - was[3]:
            oracle.add(at("security", name), "security-scheme-scope-added")


def _read_requirements(security: Any) -> Requirements:
    alternatives: set[frozenset[str]] = set()
    scopes: dict[str, set[str]] = {}
    for requirement in security if isinstance(security, list) else []:
        if isinstance(requirement, dict):
            alternatives.add(frozenset(str(k) for k in requirement))
            for name, listed in requirement.items():
                scopes.setdefault(str(name), set()).update(str(s) for s in listed or [] if isinstance(s, str))
    return alternatives, scopes


def requirements(oracle: Oracle, side: int, op: dict[str, Any]) -> Requirements:
    """What an operation accepts: its own ``security``, or the document's."""
    return _read_requirements(op["security"] if "security" in op else oracle.docs[side].get("security"))


def requirement_changes(oracle: Oracle, where: str, old: Requirements, new: Requirements) -> None:
    before, after = old[0], new[0]
    if before != after:
        if (not before or frozenset() in before) and frozenset() not in after and after:
            oracle.add(where, "security-required")
        else:
            if before - after and after:
                oracle.add(where, "security-requirement-removed")
            if after - before:
                oracle.add(where, "security-requirement-added")
    for name in sorted({n for r in after for n in r}):
        was, now = old[1].get(name, set()), new[1].get(name, set())
        if now - was:
            oracle.add(at(where, f"scopes of {name}"), "security-scope-added")
        if was - now:
            oracle.add(at(where, f"scopes of {name}"), "security-scope-removed")


def _webhooks(oracle: Oracle) -> None:
    old, new = (_events(oracle, side) for side in (0, 1))
    for key in old.keys() - new.keys():
        oracle.add(f"webhook {key[0]}", "webhook-removed")
    for key in new.keys() - old.keys():
        oracle.add(f"webhook {key[0]}", "webhook-added")
    for key in old.keys() & new.keys():
        where = at(f"webhook {key[0]}", "payload")
        if old[key] is None or new[key] is None:
            if (old[key] is None) != (new[key] is None):
                oracle.add(where, "webhook-payload-added" if old[key] is None else "webhook-payload-removed")
            continue
        oracle.schema(where, old[key], new[key], "response")


def _events(oracle: Oracle, side: int) -> dict[tuple[str, str], Any]:
    found = {}
    for event, item in (oracle.docs[side].get("webhooks") or {}).items():
        item, _ = oracle.readers[side].deref(item)
        for method, op in (item or {}).items():
            if method in ("get", "put", "post", "delete", "options", "head", "patch", "trace") and isinstance(op, dict):
                body, _ = oracle.readers[side].deref(op.get("requestBody"))
                preferred = bodies(body.get("content")) if isinstance(body, dict) else []
                found[(str(event), method)] = preferred[0][1] if preferred else None
    return found
