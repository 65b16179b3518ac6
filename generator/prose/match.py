"""Which prose block each spec entry was written from: operations by method and path (or,
for ReDoc, by heading), else by their ``source:`` line; models by source line or name;
webhooks by event name, heading or source line."""

from __future__ import annotations

import re
from typing import Any

from generator.prose.facts import Hook, Operation, Prose, Table
from generator.words import pascal

NEAR = 3  # how many lines a source may be off the line it names
_PLACEHOLDER = re.compile(r"\{[^{}?]*\}")


def shape(path: str) -> str:
    """A path with its placeholders unnamed, so /contacts/{id} matches /contacts/{contactId}."""
    return _PLACEHOLDER.sub("{}", path)


def source_line(entry: dict[str, Any], document: str) -> int | None:
    """The line an entry's ``source:`` names in ``document``, or None for another document."""
    file, _, line = str(entry.get("source", "")).rpartition(":")
    return int(line) if file == document and line.isdigit() else None


def _method_path(entry: dict[str, Any]) -> tuple[str | None, str | None]:
    method = next((m for m in ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS") if m in entry), None)
    return method, entry.get(method) if method else None


def operation(entry: dict[str, Any], prose: Prose, document: str) -> Operation | None:
    """The prose block of a spec operation, if the document has one."""
    method, path = _method_path(entry)
    line = source_line(entry, document)
    blocks = [op for op in prose.operations if not op.endpoint.webhook]
    if path is not None:
        same = [op for op in blocks if op.endpoint.path is not None and op.endpoint.method == method
                and shape(op.endpoint.path) == shape(path)]
        if same:
            return min(same, key=lambda op: abs(op.endpoint.line - (line or op.endpoint.line)))
    titled = [op for op in blocks if op.endpoint.title and op.endpoint.method in (None, method)
              and op.endpoint.title.casefold() == str(entry.get("summary", "")).casefold()]
    if titled:
        return titled[0]
    if line is None:
        return None
    near = [op for op in blocks if abs(op.endpoint.line - line) <= NEAR
            and (op.endpoint.method is None or op.endpoint.method == method)]
    return near[0] if near else None


def model_key(name: str) -> str:
    """A table's heading as a model key: ``The calendar event object`` -> ``CalendarEvent``."""
    words = name.split()
    words = words[1:] if words[:1] == ["The"] else words
    return pascal(" ".join(w for w in words if w.lower() not in ("object", "attributes", "attribute")))


def table(key: str, entry: dict[str, Any], prose: Prose, document: str) -> Table | None:
    """The prose table of a spec model: the one at its source line, else one of its name;
    a model written from another document is checked against that one only."""
    line = source_line(entry, document)
    if line is None and entry.get("source"):
        return None
    if line is not None:
        near = [t for t in prose.tables if abs(t.line - line) <= NEAR]
        if near:
            return near[0]
        if any(abs(op.endpoint.line - line) <= NEAR for op in prose.operations):
            return None  # written from an endpoint block, not a table
    named = [t for t in prose.tables if model_key(t.name) in (key, key + "s") or model_key(t.name) == key[:-1]]
    return named[0] if named else None


def hook(key: str, entry: dict[str, Any], prose: Prose, document: str) -> Hook | None:
    """The prose event of a spec webhook: by event name, heading or source line."""
    line = source_line(entry, document)
    for candidate in prose.hooks:
        if candidate.name == key or candidate.name.casefold() == str(entry.get("summary", "")).casefold():
            return candidate
        if line is not None and abs(candidate.line - line) <= NEAR:
            return candidate
    return None
