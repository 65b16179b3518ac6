"""Rendered ReDoc pages (MadeWithBree's current reference): operations without paths, their
parameter and body field lists, and request and response samples.

ReDoc shows no paths: each operation is the heading above its ``Authorizations:`` line (a
heading ending in `` Webhook`` is an outgoing webhook). Its fields follow ``path
Parameters``, ``query Parameters``, ``header Parameters`` or ``Request Body schema: ...``
as a name line, an optional ``required`` line and a type line (``integer <int64>``,
``Array of strings``); a nested object shows its type only (``object (Address)``), its name
being a collapsed button, so such fields are named from the request sample, whose keys come
in the same order.
"""

from __future__ import annotations

import re

from generator.prose import jsontext
from generator.prose.facts import Endpoint, Example, Hook, Operation, Prose, Row

_TYPE = re.compile(r"^(string|integer|number|boolean|object|any|null|object \(.+\)|"
                   r"Array of (strings|integers|numbers|booleans|objects|arrays|any)\b.*)(\s.*)?$")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_\-]*$")
_FACT = re.compile(r"^(Enum|Items Enum|Default|Example|Value|Items Value):")
_SECTIONS = {"path Parameters": "path", "query Parameters": "query",
             "header Parameters": "header"}
_SAMPLES = {"Request samples": "request", "Response samples": "response", "Payload": "payload"}


def headings(lines: list[str]) -> list[int]:
    """Each operation's heading: walk back from its ``Authorizations:`` line over the
    description's paragraphs (sentences end with a period) to the first line that is not one."""
    found = []
    for index, line in enumerate(lines):
        if line.strip() != "Authorizations:":
            continue
        for cursor in range(index - 1, -1, -1):
            text = lines[cursor].strip()
            if text and not text.endswith((".", ":", ")")) or text and cursor == 0:
                found.append(cursor)
                break
    return found


def read(text: str) -> Prose:
    """Everything a ReDoc page states."""
    lines = text.splitlines()
    prose = Prose("redoc")
    starts = headings(lines)
    for number, start in enumerate(starts):
        end = starts[number + 1] if number + 1 < len(starts) else len(lines)
        title = lines[start].strip()
        webhook = title.endswith(" Webhook")
        endpoint = Endpoint(start + 1, title=title.removesuffix(" Webhook") if webhook else title,
                            webhook=webhook)
        op = Operation(endpoint, has_table=True, encoding="json")
        op.examples = _samples(lines, start, end)
        op.rows = _name_nested(_fields(lines, start, end), op.examples)
        prose.operations.append(op)
        if webhook:
            # A webhook's "request sample" is the payload it sends.
            prose.hooks.append(Hook(str(endpoint.title), start + 1, op.rows,
                                    [Example(e.line, "payload", e.text, e.value["body"] if e.parsed else None,
                                             e.error) for e in op.examples if e.kind == "request"]))
    return prose


def _fields(lines: list[str], start: int, end: int) -> list[Row]:
    """The rows of every parameter section and of the body schema between ``start`` and ``end``."""
    rows: list[Row] = []
    location: str | None = None
    index = start
    while index < end:
        text = lines[index].strip()
        if text in _SECTIONS or text.startswith("Request Body schema:"):
            location = _SECTIONS.get(text, "body")
            index += 1 + (index + 1 < end and lines[index + 1].strip() == "required")
            continue
        elif text in ("Responses", "Response samples", "Request samples"):
            location = None
        elif location is not None:
            row, index = _field(lines, index, end, location)
            if row is not None:
                rows.append(row)
                continue
        index += 1
    return rows


def _field(lines: list[str], index: int, end: int, location: str) -> tuple[Row | None, int]:
    """The field starting at ``lines[index]`` (or None) and the index after its facts."""
    text = lines[index].strip()
    if _TYPE.match(text) and not _NAME.match(text):  # a nested object: no name shown
        return Row("", text, index + 1, location, False), index + 1
    if not _NAME.match(text):
        return None, index
    cursor = index + 1
    needed = cursor < end and lines[cursor].strip() == "required"
    cursor += needed
    if cursor >= end or not _TYPE.match(lines[cursor].strip()):
        return None, index
    kind = lines[cursor].strip()
    cursor += 1
    while cursor < end and _FACT.match(lines[cursor].strip()):
        cursor += 1
    description, cursor = _description(lines, cursor, end)
    return Row(text, kind, index + 1, location, needed, description), cursor


def _description(lines: list[str], cursor: int, end: int) -> tuple[str, int]:
    """The paragraph after a field's facts (after one blank line), unless a field follows."""
    if cursor + 1 >= end or lines[cursor].strip() or not lines[cursor + 1].strip():
        return "", cursor
    after = cursor + 1
    text = lines[after].strip()
    following = lines[after + 1].strip() if after + 1 < end else ""
    if _TYPE.match(text) or _NAME.match(text) and (following == "required" or _TYPE.match(following)):
        return "", cursor
    if text in _SECTIONS or text.startswith("Request Body schema:") or text == "Responses":
        return "", cursor
    return text, after + 1


def _name_nested(rows: list[Row], examples: list[Example]) -> list[Row]:
    """Rows whose names ReDoc hid, named from the request (or payload) sample's keys."""
    sample = next((e.value["body"] for e in examples if e.kind == "request" and isinstance(e.value, dict)
                   and isinstance(e.value["body"], dict)), None)
    if sample is None:
        return [r for r in rows if r.name]
    named = {r.name for r in rows if r.location == "body"}
    spare = iter(k for k in sample if k not in named)
    return [r if r.name or r.location != "body" else
            Row(next(spare, ""), r.type, r.line, r.location, r.required, r.description)
            for r in rows if r.name or r.location == "body"]


def _samples(lines: list[str], start: int, end: int) -> list[Example]:
    """The request and response samples: the JSON after each ``... samples`` label."""
    examples = []
    kind = None
    index = start
    while index < end:
        text = lines[index].strip()
        if text in _SAMPLES:
            kind = _SAMPLES[text]
        elif kind is not None and jsontext.starts_json(text):
            sample, value, error = jsontext.read_at(lines, index)
            if kind == "request" and error is None:
                value = {"query": {}, "body": value}
            examples.append(Example(index + 1, kind, sample, value, error,
                                    content_type="json" if kind == "request" else None))
            index += sample.count("\n") + 1
            kind = None
            continue
        index += 1
    return [e for e in examples if e.text.strip()]
