"""The oracle's walk of two OpenAPI documents: operations, parameters, bodies, responses,
security, servers and webhooks, with each finding placed (``GET /a › response 200 › body ›
x.y``) and named by its rule id. It covers the wire contract; the rules of generated clients
(pagination, envelopes) are apigen's own and tested elsewhere."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

import yaml

from tests.diff_oracle.compare import Comparer, Finding
from tests.diff_oracle.schemas import Reader

SEP = " › "
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
IGNORED_HEADERS = {"accept", "content-type", "authorization"}
ORDER = ("json", "form", "multipart", "text", "binary")
# The levels docs/drift.md gives the rules this oracle reports; anything else is info.
BREAKING = {
    "endpoint-removed", "endpoint-removed-before-sunset", "endpoint-moved", "request-parameter-added-required",
    "request-parameter-removed", "request-parameter-moved", "request-parameter-became-required",
    "request-body-added-required", "request-body-removed", "request-body-became-required",
    "request-body-media-type-removed", "response-success-status-removed", "response-body-removed",
    "response-media-type-removed", "security-scheme-removed", "security-scheme-changed", "security-required",
    "security-requirement-removed", "security-scope-added", "server-default-changed",
    "server-variable-added-without-default", "server-variable-removed", "server-variable-enum-value-removed",
    "webhook-removed", "webhook-payload-removed",
}
# Stems breaking by scope: P request parameter, Q request property, R response property.
BREAKING_STEMS = {
    "P": {"type-changed", "type-narrowed", "became-not-nullable", "enum-value-removed", "became-enum",
          "format-added", "format-changed", "variant-removed", "max-length-decreased", "min-length-increased",
          "max-decreased", "min-increased", "exclusive-max-decreased", "exclusive-min-increased",
          "max-items-decreased", "min-items-increased", "pattern-added", "pattern-changed",
          "multiple-of-added", "multiple-of-changed", "unique-items-added"},
    "Q": {"added-required", "removed", "became-required", "became-read-only", "additional-properties-closed",
          "discriminator-changed", "discriminator-mapping-value-removed"},
    "R": {"removed-required", "became-optional", "became-write-only-required", "type-changed", "type-widened",
          "became-nullable", "format-removed", "format-changed", "variant-added", "discriminator-changed"},
}
BREAKING_STEMS["Q"] |= BREAKING_STEMS["P"]
WARNING = {"endpoint-removed-after-deprecation", "endpoint-operation-id-changed", "endpoint-sunset-earlier",
           "request-parameter-removed-after-deprecation", "security-scheme-scope-removed",
           "request-parameter-default-value-changed", "request-property-default-value-changed",
           "response-property-removed-optional", "response-property-became-write-only-optional"}
SCOPES = {"P": "request-parameter", "Q": "request-property", "R": "response-property"}


def level(rule: str) -> str:
    """The documented level of ``rule``."""
    for letter, scope in SCOPES.items():
        if rule.startswith(scope + "-") and rule[len(scope) + 1:] in BREAKING_STEMS[letter]:
            return "breaking"
    return "breaking" if rule in BREAKING else "warning" if rule in WARNING else "info"


def read(path: Path) -> dict[str, Any]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with path.open(encoding="utf-8") as handle:
        data = yaml.load(handle, Loader=loader)
    return data if isinstance(data, dict) else {}


def at(*parts: str) -> str:
    return SEP.join(p for p in parts if p)


def _label(method: str, path: str) -> str:
    return f"{method.upper()} {path}"


def _key(method: str, path: str) -> tuple[str, str]:
    return method.upper(), re.sub(r"\{[^}]*\}", "{}", path)


class Oracle:
    """Every change between two documents as ``(location, rule)`` with its level."""

    def __init__(self, old: dict[str, Any], new: dict[str, Any], today: datetime.date | None = None) -> None:
        self.docs = (old, new)
        self.readers = (Reader(old), Reader(new))
        self.comparer = Comparer()
        self.today = today or datetime.date.today()
        self.found: list[tuple[str, str]] = []

    def run(self) -> list[tuple[str, str]]:
        from tests.diff_oracle.elements import elements

        elements(self)
        self._operations()
        return self.found

    def add(self, location: str, rule: str) -> None:
        self.found.append((location, rule))

    def schema(self, where: str, old: Any, new: Any, way: str, parameter: bool = False) -> None:
        """Both raw schemas read and compared; findings placed under ``where``."""
        findings = self.comparer.compare(self.readers[0].read(old), self.readers[1].read(new), way)
        self.place(where, findings, way, parameter)

    def place(self, where: str, findings: list[Finding], way: str, parameter: bool = False) -> None:
        for path, stem, _ in findings:
            own = not re.sub(r"\[\]|\{\}|<[^>]*>", "", path)  # no property named in the path
            letter = "P" if parameter and own else "Q" if way == "request" else "R"
            self.add(at(where, path), f"{SCOPES[letter]}-{stem}")

    # --- operations ---------------------------------------------------------------------

    def operations(self, side: int) -> list[tuple[str, str, dict[str, Any], list[Any]]]:
        found = []
        for path, item in (self.docs[side].get("paths") or {}).items():
            item, _ = self.readers[side].deref(item)
            if not str(path).startswith("/") or not isinstance(item, dict):
                continue
            for method in METHODS:
                if isinstance(item.get(method), dict):
                    found.append((str(path), method, item[method], item.get("parameters") or []))
        return found

    def _operations(self) -> None:
        old, new = self.operations(0), self.operations(1)
        free = list(new)
        pairs, gone = [], []
        for op in old:
            match = next((n for n in free if _key(n[1], n[0]) == _key(op[1], op[0])), None)
            if match is None:
                gone.append(op)
            else:
                free.remove(match)
                pairs.append((op, match))
        for op in gone:
            op_id = op[2].get("operationId")
            match = next((n for n in free if op_id and n[2].get("operationId") == op_id), None)
            if match is None:
                self._removed(op)
            else:
                free.remove(match)
                pairs.append((op, match))
        for op in free:
            self.add(_label(op[1], op[0]), "endpoint-added")
        from tests.diff_oracle.operation import compare_operation

        for before, after in pairs:
            compare_operation(self, before, after)

    def _removed(self, op: tuple[str, str, dict[str, Any], list[Any]]) -> None:
        where, raw = _label(op[1], op[0]), op[2]
        if raw.get("deprecated") is not True:
            self.add(where, "endpoint-removed")
            return
        sunset = str(raw.get("x-sunset") or "")[:10]
        try:
            later = bool(sunset) and datetime.date.fromisoformat(sunset) > self.today
        except ValueError:
            later = False
        self.add(where, "endpoint-removed-before-sunset" if later else "endpoint-removed-after-deprecation")


def changes(old: Path, new: Path, today: datetime.date | None = None) -> list[tuple[str, str]]:
    """Every ``(location, rule)`` the oracle finds from ``old`` to ``new``."""
    return Oracle(read(old), read(new), today).run()
