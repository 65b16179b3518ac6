"""Object references (Webflow's v1 reference): a heading per model, ``Properties``, a
``Field Type Description`` table (or ``Value Description`` for enums) and an ``Example``.

The text of such a page runs each row's cells together (``rateLimitintegerThe default rate
limit``): a row is split where a known type word follows a field name and a capital letter
(or the row's end) follows the type; an enum row where the first word's last lower-case
letter meets an upper-case one (``ImageRefUnique id`` -> ``ImageRef``).
"""

from __future__ import annotations

import re

from generator.prose import jsontext
from generator.prose.facts import Example, Prose, Row, Table, Value
from generator.prose.rows import split_row

_HEADERS = re.compile(r"^\s*(Field\s*Type\s*Description|Value\s*Description)\s*$")
_NAME = re.compile(r"^[A-Za-z_$][A-Za-z0-9_\-$]*$")
TYPES = ("string", "integer", "number", "boolean", "object", "array", "date", "null")


def read(text: str) -> Prose:
    """Every model the reference describes."""
    lines = text.splitlines()
    headings = [index - 2 for index, line in enumerate(lines)
                if line.strip() == "Properties" and index >= 2 and not lines[index - 1].strip()]
    names = frozenset(lines[index].strip() for index in headings)
    prose = Prose("objects")
    for number, start in enumerate(headings):
        end = headings[number + 1] if number + 1 < len(headings) else len(lines)
        prose.tables.append(_table(lines, start, end, names))
    return prose


def _table(lines: list[str], start: int, end: int, names: frozenset[str]) -> Table:
    table = Table(lines[start].strip(), start + 1)
    index = start + 1
    while index < end:
        header = _HEADERS.match(lines[index])
        if header:
            spaced = " " in header.group(1)  # a page reduced with its cells apart
            index = _rows(lines, index + 1, end, table, names, header.group(1).startswith("Value"), spaced)
            continue
        if lines[index].strip() == "Example":
            at = jsontext.next_json(lines, index + 1, min(end, index + 4))
            if at is not None:
                sample, value, error = jsontext.read_at(lines, at)
                table.examples.append(Example(at + 1, "object", sample, value, error))
        index += 1
    return table


def _rows(lines: list[str], start: int, end: int, table: Table, names: frozenset[str], values: bool,
          spaced: bool) -> int:
    index = start
    while index < end and lines[index].strip():
        text = lines[index].strip()
        if values:
            value, description = text.partition(" ")[::2] if spaced else split_value(text)
            table.values.append(Value(value, description, index + 1))
        else:
            row = split_row(text, index + 1, names) if spaced else split_field(text, index + 1, names)
            if row is not None:
                table.rows.append(row)
        index += 1
    return index


def split_field(text: str, line: int, models: frozenset[str]) -> Row | None:
    """``rateLimitintegerThe default...`` as the row (rateLimit, integer, The default...):
    where a type word follows a name and a capital (or nothing) follows the type; failing
    that, where a type word first follows a name (a description may start in lower case)."""
    kinds = sorted({*TYPES, *models}, key=len, reverse=True)
    for strict in (True, False):
        for at in range(1, len(text)):
            if not _NAME.match(text[:at]):
                break
            rest = text[at:]
            for written in (w for kind in kinds for w in (kind, f"[{kind}]")):
                after = rest[len(written):]
                if rest.startswith(written) and (not strict or not after or not after[0].islower()):
                    return Row(text[:at], written, line, description=after.strip())
    return None


def split_value(text: str) -> tuple[str, str]:
    """``ImageRefUnique id for images`` as (ImageRef, Unique id for images)."""
    first, _, rest = text.partition(" ")
    cut = max((i for i in range(1, len(first)) if first[i - 1].islower() and first[i].isupper()),
              default=len(first))
    return first[:cut], f"{first[cut:]} {rest}".strip()
