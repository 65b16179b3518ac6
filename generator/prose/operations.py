"""The prose checks of one operation: its parameter rows, its response examples and its
request samples against what the spec's operation sends and returns."""

from __future__ import annotations

import re
from typing import Any

from generator import ir
from generator.diagnostics import pointer_join
from generator.prose import kinds
from generator.targets.python import lax
from generator.prose.facts import Example, Operation, Row
from generator.prose.findings import Checked, Finding
from generator.prose.spec import Slot, SpecView

_CURSOR = re.compile(r"\bid\b.*\bafter\b|\bafter\b.*\bid\b", re.IGNORECASE)


def check(view: SpecView, key: str, op: ir.Operation, block: Operation, out: Checked) -> None:
    """Every finding of operation ``key`` against its prose ``block``."""
    entry = pointer_join("/operations", key)
    slots, open_body = view.slots(key)
    by_name = {slot.name: slot for slot in slots}
    rows = [row for row in block.rows if row.name]
    for row in rows:
        slot = by_name.get(row.name)
        if slot is None:
            if not (open_body and row.location in ("body", None)):
                out.findings.append(Finding("param-missing", key, f"the prose documents {row.location or 'a'} "
                                            f"parameter {row.name!r} ({row.type}); the spec lacks it",
                                            row.line, entry, entry, row.name))
            continue
        out.counts.parameters += 1
        out.findings += _compare(view, key, entry, row, slot, out.format)
    if block.has_table:
        out.findings += _undocumented(key, entry, slots, rows, block.examples, block.lists_body)
    out.findings += _cursor(view, key, entry, op, rows)
    for example in block.examples:
        if example.kind == "request":
            out.findings += _request(view, key, entry, example, by_name, open_body)
        else:
            response(view, key, entry, view.success(op), example, out)


def _compare(view: SpecView, key: str, entry: str, row: Row, slot: Slot, fmt: str) -> list[Finding]:
    """Where, of what type and whether required: the prose's row against the spec's slot."""
    found = []
    if row.location is not None and row.location != slot.location:
        found.append(Finding("param-location", key, f"{row.name!r}: the prose sends it in the {row.location}, "
                             f"the spec in the {slot.location}", row.line, entry, slot.pointer, row.name))
    written = kinds.prose_kinds(row.type, fmt, view.named_kinds)
    typed = kinds.spec_kinds(view.api, slot.schema)
    if not kinds.agree(written, typed):
        found.append(Finding("param-type", key, f"{row.name!r}: the prose says {row.type} "
                             f"({kinds.describe(written)}), the spec {kinds.describe(typed)}",
                             row.line, entry, slot.pointer, row.name))
    if row.required is not None and row.required != slot.required and slot.location != "path":
        said = "required" if row.required else "optional"
        found.append(Finding("param-required", key, f"{row.name!r}: the prose says {said}, the spec "
                             f"{'required' if slot.required else 'optional'}", row.line, entry,
                             slot.pointer, row.name))
    return found


def _undocumented(key: str, entry: str, slots: list[Slot], rows: list[Row],
                  examples: list[Example], lists_body: bool) -> list[Finding]:
    """Spec parameters neither the block's table nor its request samples show."""
    shown = {row.name for row in rows}
    for example in examples:
        if example.kind == "request" and isinstance(example.value, dict):
            for part in ("query", "body"):
                data = example.value.get(part)
                shown |= {str(name).removesuffix("[]") for name in data} if isinstance(data, dict) else set()
    return [Finding("param-undocumented", key, f"the spec's {slot.location} parameter {slot.name!r} is not in "
                    "the prose's table or samples", None, entry, slot.pointer, slot.name)
            for slot in slots if slot.name not in shown and (lists_body or slot.location != "body")]


def _cursor(view: SpecView, key: str, entry: str, op: ir.Operation, rows: list[Row]) -> list[Finding]:
    """An offset-paged operation whose prose calls the position an id to start after."""
    paging = op.pagination
    if paging is None:
        return []
    return [Finding("paging-cursor", key, f"{row.name!r} pages by offset in the spec, but the prose says: "
                    f"{row.description!r}", row.line, entry, "/pagination", row.name)
            for row in rows if row.name == paging.offset_param and _CURSOR.search(row.description)]


def response(view: SpecView, key: str, entry: str, schema: ir.Schema | None, example: Example,
             out: Checked) -> None:
    """A response (or payload) example parsed into ``schema``: a finding when it does not."""
    if example.status is not None and not 200 <= example.status < 300:
        return
    if not example.parsed:
        out.findings.append(Finding("example-unreadable", key, f"{example.kind} example: {example.error}",
                                    example.line, entry, entry))
        out.counts.unreadable += 1
        return
    # Only responses carry the API's envelope: objects and webhook payloads are bare.
    value, enveloped = view.unwrap(example.value) if example.kind == "response" else (example.value, True)
    if not enveloped or schema is None:
        return  # an error sample (no envelope), or an operation that returns no body
    prefix = f"$.{view.api.envelope.data}" if view.api.envelope is not None and example.kind == "response" else "$"
    problems = lax.problems(view.api, schema, value, prefix)
    if not problems:
        out.counts.passed += 1
        return
    out.findings.append(Finding("example-shape", key, f"the {example.kind} example does not parse into "
                                f"{_type_name(view, schema)}: {'; '.join(problems)}", example.line, entry,
                                entry, f"example@{example.line}"))


def _request(view: SpecView, key: str, entry: str, example: Example, by_name: dict[str, Slot],
             open_body: bool) -> list[Finding]:
    """What a request sample sends that the client cannot: unknown names, wrong shapes."""
    if not example.parsed:
        return [Finding("example-unreadable", key, f"request sample: {example.error}", example.line,
                        entry, entry)]
    assert isinstance(example.value, dict)  # curl.read and the readers build {query, body}
    found = []
    for name in example.value.get("query") or {}:
        if name not in by_name:
            found.append(Finding("request-example", key, f"the sample sends query parameter {name!r}, which "
                                 "the spec lacks", example.line, entry, entry, name))
    body: Any = example.value.get("body")
    if isinstance(body, dict):
        for name, value in body.items():
            found += _sent(view, key, entry, example, by_name.get(str(name).removesuffix("[]")), str(name),
                           value, open_body)
    return found


def _sent(view: SpecView, key: str, entry: str, example: Example, slot: Slot | None, name: str,
          value: Any, open_body: bool) -> list[Finding]:
    """One body field a sample sends: known to the spec, and of a shape its type takes."""
    if slot is None:
        if open_body:
            return []
        return [Finding("request-example", key, f"the sample sends {name!r}, which the spec's operation "
                        "lacks", example.line, entry, entry, name)]
    if example.content_type != "json":
        return []  # a form's values are text; only names can be checked
    problems = lax.problems(view.api, slot.schema, value, name)
    if not problems:
        return []
    return [Finding("request-example", key, f"the sample sends {name!r} as the spec's type does not take it: "
                    f"{'; '.join(problems)}", example.line, entry, slot.pointer, name)]


def _type_name(view: SpecView, schema: ir.Schema) -> str:
    if isinstance(schema, ir.Ref):
        return schema.name
    if isinstance(schema, ir.Array) and isinstance(schema.items, ir.Ref):
        return f"a list of {schema.items.name}"
    return kinds.describe(kinds.spec_kinds(view.api, schema))
