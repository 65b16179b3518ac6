"""Rendered API Blueprint pages (MadeWithBree's older reference): ``METHOD/path{?query}``
lines, their ``URI Parameters``, the request and response samples, attribute tables and the
headers every webhook delivery carries.

Such a page prints each action's samples before its heading: ``METHOD https://host/path``,
then ``Requests...`` and ``Responses200404`` (the statuses run together), each body after a
``Body`` line; then the action's title, ``METHOD/path{?a}{?b}`` and its parameters, each a
name line and a ``type (required|optional) Example: ...`` line.
"""

from __future__ import annotations

import re

from generator.prose import jsontext
from generator.prose.facts import Endpoint, Example, Operation, Prose, Row, Table
from generator.prose.rows import continued, split_row

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
ENDPOINT = re.compile(rf"^\s*({'|'.join(METHODS)})\s?(/\S*)\s*$")
_SAMPLE = re.compile(rf"^\s*({'|'.join(METHODS)})\s+https?://\S+\s*$")
_PARAMETER_TYPE = re.compile(r"^(?P<type>.+?)\s+\((?P<need>required|optional)\)(\s+Example:.*)?$")
_STATUSES = re.compile(r"^Responses((?:\d{3})+)\s*$")
_ATTRIBUTES = re.compile(r"^\s*(.+) attributes:\s*$")


def read(text: str) -> Prose:
    """Everything an API Blueprint page states."""
    lines = text.splitlines()
    prose = Prose("blueprint")
    found = [(index, ENDPOINT.match(line)) for index, line in enumerate(lines)]
    actions = [(index, match) for index, match in found if match]
    previous = 0
    for number, (index, match) in enumerate(actions):
        end = actions[number + 1][0] if number + 1 < len(actions) else len(lines)
        template = match.group(2)
        endpoint = Endpoint(index + 1, match.group(1), re.sub(r"\{\?[^}]*\}", "", template),
                            title=lines[index - 1].strip() if index else None)
        op = Operation(endpoint, encoding="json", lists_body=False)
        op.examples = _samples(lines, previous, index)
        op.rows, op.has_table = _parameters(lines, index + 1, end, template)
        prose.operations.append(op)
        previous = index + 1
    prose.tables = _tables(lines)
    prose.delivery_headers = _delivery_headers(lines)
    return prose


def _parameters(lines: list[str], start: int, end: int, template: str) -> tuple[list[Row], bool]:
    """The ``URI Parameters`` of an action: a query parameter when the template writes
    ``{?name}``, a path parameter otherwise."""
    query = set(re.findall(r"\{\?([^}]*)\}", template))
    rows = []
    listed = False
    for index in range(start, min(end, len(lines)) - 1):
        if lines[index].strip() == "URI Parameters":
            listed = True
        match = _PARAMETER_TYPE.match(lines[index + 1].strip())
        if not listed or not match or not re.fullmatch(r"[A-Za-z_][\w-]*", lines[index].strip()):
            continue
        name = lines[index].strip()
        description = next((line.strip() for line in lines[index + 2: index + 5] if line.strip()), "")
        rows.append(Row(name, match.group("type"), index + 1, "query" if name in query else "path",
                        match.group("need") == "required", description))
    return rows, listed or "{" not in template


def _samples(lines: list[str], start: int, stop: int) -> list[Example]:
    """The bodies shown between ``start`` and ``stop``: a request's after ``Requests...``,
    responses' after ``Responses200404``, one status per body in order."""
    examples = []
    kind, statuses = "", list[int]()
    index = start
    while index < stop:
        text = lines[index].strip()
        statuses_match = _STATUSES.match(text)
        if text.startswith("Requests"):
            kind, statuses = "request", []
        elif statuses_match:
            found = statuses_match.group(1)
            kind, statuses = "response", [int(found[i:i + 3]) for i in range(0, len(found), 3)]
        elif text == "Body" and kind and index + 1 < stop and jsontext.starts_json(lines[index + 1]):
            sample, value, error = jsontext.read_at(lines, index + 1)
            status = statuses.pop(0) if statuses else None
            if kind == "request":
                value = {"query": {}, "body": value} if error is None else None
            examples.append(Example(index + 2, kind, sample, value, error, status=status,
                                    content_type="json" if kind == "request" else None))
            index += sample.count("\n") + 2
            continue
        index += 1
    return examples


def _tables(lines: list[str]) -> list[Table]:
    """``X attributes:`` tables: ``Attribute Type Description`` and rows to a blank line."""
    tables = []
    for index, line in enumerate(lines):
        match = _ATTRIBUTES.match(line)
        if not match:
            continue
        header = next((i for i in range(index + 1, min(index + 4, len(lines)))
                       if lines[i].strip().startswith("Attribute ")), None)
        if header is None:
            continue
        table = Table(match.group(1).strip(), index + 1)
        for cursor in range(header + 1, len(lines)):
            if not lines[cursor].strip():
                break
            row = split_row(lines[cursor], cursor + 1, frozenset({"Subscription", "Address"}))
            words = lines[cursor].split()
            if row is None and len(words) == 2:
                row = Row(words[0], words[1], cursor + 1)  # a row without a description
            if row is not None:
                table.rows.append(row)
            elif table.rows:
                table.rows[-1] = continued(table.rows[-1], lines[cursor])
        tables.append(table)
    return tables


def _delivery_headers(lines: list[str]) -> list[Row]:
    """The ``Header Description`` table after "... will include the following headers"."""
    for index, line in enumerate(lines):
        if line.strip() == "Header Description" and "headers" in " ".join(lines[max(0, index - 3):index]):
            rows = []
            for cursor in range(index + 1, len(lines)):
                words = lines[cursor].split(maxsplit=1)
                if not words:
                    break
                rows.append(Row(words[0], "string", cursor + 1, "header", True,
                                words[1] if len(words) > 1 else ""))
            return rows
    return []
