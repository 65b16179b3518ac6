"""Rendered Slate pages (Ontraport): endpoint blocks, their parameter tables and samples,
object tables and webhook events.

A Slate page prints each section's code column before its text, so a block reads: heading,
cURL and PHP samples, ``Example Response:`` and its JSON, the description, then ``Request
Endpoint`` (or ``Request URL``) and ``METHOD https://host/1/path``, the required headers,
``Request Parameters`` with a sentence saying where they go, and the ``Parameter Type
Description`` table. The samples before a block's endpoint line therefore belong to it.
"""

from __future__ import annotations

import re
from dataclasses import replace

from generator.prose import curl, jsontext
from generator.prose.facts import Endpoint, Example, Hook, Operation, Prose, Row, Table
from generator.prose.rows import continued, required, split_row

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
LABEL = re.compile(r"^\s*Request (Endpoint|URL)\s*$")
ENDPOINT = re.compile(rf"^\s*({'|'.join(METHODS)})\s+(?:https?:)?//[^/\s]*(/\S*)\s*$")
_HEADER = re.compile(r"^\s*(Parameter|Attributes?|Element|Field) Type Description\s*$")
_EXAMPLE = re.compile(r"^\s*>?\s*Example (Response|response|Payload)\b")
_CONTENT_TYPE = re.compile(r"^\s*Content-Type:\s*(\S+)\s*$")
_HEADING = re.compile(r"^\s*[A-Z][A-Za-z ,'()/-]{0,60}$")
_LABELS = frozenset({"Required Headers", "Request Parameters", "Request Endpoint", "Request URL", "None",
                     "TRY IT OUT LIVE", "Required", "Example Response", "Constants"})


def endpoint_path(path: str) -> str:
    """The path below the version prefix: ``/1/Contacts`` -> ``/Contacts``."""
    path = path.split("?", 1)[0].rstrip("/") or "/"
    return re.sub(r"^/\d+(?=/|$)", "", path) or "/"


def endpoints(lines: list[str]) -> list[tuple[int, Endpoint]]:
    """(index of the label line, endpoint) for every block, in order."""
    found = []
    for index, line in enumerate(lines):
        if not LABEL.match(line):
            continue
        for offset in range(index + 1, min(index + 4, len(lines))):  # the next non-empty line
            if lines[offset].strip():
                match = ENDPOINT.match(lines[offset])
                if match:
                    found.append((index, Endpoint(offset + 1, match.group(1), endpoint_path(match.group(2)))))
                break
    return found


def read(text: str) -> Prose:
    """Everything a Slate page states."""
    lines = text.splitlines()
    models = _model_names(lines)
    prose = Prose("slate")
    blocks = endpoints(lines)
    previous = 0
    for number, (label, endpoint) in enumerate(blocks):
        end = blocks[number + 1][0] if number + 1 < len(blocks) else len(lines)
        # The block's samples follow the previous block's table (or the page's introduction).
        tables = [i for i in range(previous, label) if _HEADER.match(lines[i])]
        at, title = _title(lines, max([previous, *tables]), label)
        op = Operation(replace(endpoint, title=title))
        _samples(lines, at, label, op)
        _parameters(lines, endpoint.line, end, op, models)
        prose.operations.append(op)
        previous = endpoint.line
    prose.tables = _tables(lines, {op.endpoint.line for op in prose.operations}, models)
    prose.hooks = _hooks(lines, [e.line for _, e in blocks], models)
    return prose


def _title(lines: list[str], start: int, label: int) -> tuple[int, str | None]:
    """A block's heading and where it is: the last title before the endpoint that a code
    sample follows (or, without one, the last title), which the spec's ``summary`` usually
    repeats. The block's samples start there."""
    titles = [i for i in range(start, label) if _HEADING.match(lines[i]) and lines[i].strip() not in _LABELS
              and not lines[i].strip().endswith(".")]
    sampled = [i for i in titles if _next_text(lines, i + 1, label).startswith(("curl ", "<?php", "# "))]
    chosen = sampled or titles
    return (chosen[-1], lines[chosen[-1]].strip()) if chosen else (start, None)


def _next_text(lines: list[str], start: int, stop: int) -> str:
    """The next non-empty line from ``start``, stripped ("" when there is none)."""
    return next((lines[i].strip() for i in range(start, stop) if lines[i].strip()), "")


def _model_names(lines: list[str]) -> frozenset[str]:
    """Headings standing alone on a line (``Offer``, ``Task Followup``), run together, and
    their singulars: a table may name one as a row's type (``TaskFollowup``)."""
    names = {line.strip().replace(" ", "") for line in lines
             if re.fullmatch(r"\s*[A-Z][a-z]+( [A-Z][a-z]+)*\s*", line)}
    return frozenset(names | {name[:-1] for name in names if name.endswith("s")})


def _samples(lines: list[str], start: int, stop: int, op: Operation) -> None:
    """The labelled JSON examples and cURL requests in ``lines[start:stop]``."""
    index = start
    while index < stop:
        line = lines[index]
        if _EXAMPLE.match(line):
            at = jsontext.next_json(lines, index + 1, min(stop, index + 4))
            if at is not None:
                text, value, error = jsontext.read_at(lines, at)
                op.examples.append(Example(at + 1, "response", text, value, error))
                index = at + text.count("\n") + 1
                continue
        elif line.strip().startswith("curl "):
            sample, index = curl.read(lines, index)
            if sample is not None:
                op.examples.append(sample)
            continue
        index += 1


def _parameters(lines: list[str], start: int, stop: int, op: Operation, models: frozenset[str]) -> None:
    """The block's content type, where its parameters go and its first table."""
    location = None
    for index in range(start, stop):
        text = lines[index].strip()
        match = _CONTENT_TYPE.match(text)
        if match and op.encoding is None:
            op.encoding = "form" if "urlencoded" in match.group(1) else "json"
        elif "query string" in text and location is None:
            location = "query"
        elif "request body" in text and location is None:
            location = "body"
        elif text == "None" and lines[index - 2].strip() == "Request Parameters":
            op.has_table = True
            return
        elif _HEADER.match(lines[index]):
            op.has_table = True
            if location is None:  # no sentence: the method decides, as in the page's introduction
                location = "query" if op.endpoint.method in ("GET", "DELETE") else "body"
            op.rows = [_located(row, location) for row in table(lines, index + 1, models)]
            return


def _located(row: Row, location: str) -> Row:
    return Row(row.name, row.type, row.line, location, required(row.description), row.description)


def table(lines: list[str], start: int, models: frozenset[str]) -> list[Row]:
    """The rows from ``lines[start]`` to the next blank line; other lines continue the
    description of the row above them."""
    rows: list[Row] = []
    for index in range(start, len(lines)):
        text = lines[index]
        if not text.strip():
            break
        row = split_row(text, index + 1, models)
        if row is not None:
            rows.append(row)
        elif rows:
            rows[-1] = continued(rows[-1], text)
    return [Row(r.name, r.type, r.line, r.location, required(r.description), r.description) for r in rows]


def heading_above(lines: list[str], index: int, limit: int = 12) -> tuple[int, str] | None:
    """The heading over a table: the nearest line above that stands alone as a title (short,
    capitalised, no closing period), skipping the paragraphs between; None when another
    table comes first."""
    for cursor in range(index - 1, max(-1, index - limit), -1):
        text = lines[cursor].strip()
        if text.endswith("Type Description"):
            return None
        if not text or text.endswith((".", ":", ";", "}", ")", "\\")):
            continue
        if _HEADING.match(lines[cursor]) and (cursor == 0 or not lines[cursor - 1].strip()):
            return cursor, text
    return None


def _tables(lines: list[str], taken: set[int], models: frozenset[str]) -> list[Table]:
    """Object tables: ``The X object`` headings with the JSON example under them, joined by
    the ``X attributes`` table that follows; and every other table that is not an endpoint
    block's or a webhook's own, named by its heading."""
    tables: list[Table] = []
    objects: dict[str, Table] = {}
    for index, line in enumerate(lines):
        text = line.strip()
        if text.startswith("The ") and text.endswith(" object") and len(text) < 60:
            tab = Table(text, index + 1)
            objects[_object_key(text)] = tab
            tables.append(tab)
            example_at = jsontext.next_json(lines, index + 1, index + 4)
            if example_at is not None:
                sample, value, error = jsontext.read_at(lines, example_at)
                tab.examples.append(Example(example_at + 1, "object", sample, value, error))
            continue
        if not _HEADER.match(line) or _belongs_to_block(lines, index, taken):
            continue
        found = heading_above(lines, index)
        last = tables[-1] if tables else None
        if found is None and last is not None and last.name.startswith("The ") and not last.rows:
            last.rows = table(lines, index + 1, models)  # the object's table, under its example
            continue
        if found is None or found[1] == "Payload Data":
            continue
        at, name = found
        owner = objects.get(_object_key(name))
        if owner is not None and not owner.rows:
            owner.rows = table(lines, index + 1, models)
        else:
            tables.append(Table(name, at + 1, table(lines, index + 1, models)))
    return tables


def _object_key(heading: str) -> str:
    """``The calendar event object`` and ``Calendar event attributes`` -> ``calendar event``."""
    words = heading.lower().split()
    words = words[1:] if words[:1] == ["the"] else words
    return " ".join(w for w in words if w not in ("object", "attributes", "attribute"))


def _belongs_to_block(lines: list[str], header: int, taken: set[int]) -> bool:
    """True when the table at ``header`` is the parameter table of an endpoint block: the
    block's endpoint line is above it with only its headers and sentence between."""
    for cursor in range(header - 1, max(-1, header - 16), -1):
        if cursor + 1 in taken:
            return True
        if _HEADER.match(lines[cursor]) or lines[cursor].strip().endswith("Type Description"):
            return False
    return False


def _hooks(lines: list[str], blocks: list[int], models: frozenset[str]) -> list[Hook]:
    """Webhook events: ``Event Name`` and the name, the ``Example Payload`` between it and
    the event or endpoint block before, and the ``Payload Data`` table after it."""
    hooks: list[Hook] = []
    previous = 0
    for index, line in enumerate(lines):
        if line.strip() != "Event Name":
            continue
        at = next((i for i in range(index + 1, min(index + 4, len(lines))) if lines[i].strip()), None)
        if at is None:
            continue
        hook = Hook(lines[at].strip(), at + 1)
        previous = max([previous, *(line for line in blocks if line <= index)])
        probe = Operation(Endpoint(at + 1))
        _samples(lines, previous, index, probe)
        hook.examples = [Example(e.line, "payload", e.text, e.value, e.error) for e in probe.examples
                         if e.kind == "response"]
        for cursor in range(at, min(at + 60, len(lines))):
            if lines[cursor].strip() == "Event Name":
                break
            if _HEADER.match(lines[cursor]):
                hook.rows = table(lines, cursor + 1, models)
                break
        hooks.append(hook)
        previous = at
    return hooks
