"""The examples file of a doc spec (``examples: shop.examples.json``): the prose's JSON
examples of each operation's response, each model and each webhook's payload, as read, so
the generated package's tests can parse every one of them without the prose at hand.

``apigen lint-docs SPEC DOC --write-examples`` writes the examples of DOC into the file and
keeps those of other documents; without the option, lint-docs reports a file that no longer
holds what DOC shows (``examples-stale``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from generator.diagnostics import SpecError, pointer_join
from generator.documents import Document
from generator.parsers import docspec_examples
from generator.prose import match
from generator.prose.facts import Example, Prose
from generator.prose.findings import Finding
from generator.prose.spec import SpecView

ABOUT = ("The JSON examples of the prose documents, keyed by the spec entry they belong to. "
         "Written by `apigen lint-docs SPEC DOC --write-examples`; do not edit.")


def collect(view: SpecView, prose: Prose, document: str) -> list[dict[str, Any]]:
    """Every parsed example ``document`` shows for an entry of the spec, in document order."""
    found: list[tuple[str, Example]] = []
    for key, entry, op in view.operations():
        block = match.operation(entry, prose, document)
        if block is not None and view.success(op) is not None:  # what returns nothing parses nothing
            found += [(pointer_join("/operations", key), e) for e in block.examples
                      if _kept(e) and view.unwrap(e.value)[1]]
    for key, entry, _ in view.models():
        tab = match.table(key, entry, prose, document)
        if tab is not None:
            found += [(pointer_join("/models", key), e) for e in tab.examples if _kept(e)]
    for key, entry in (view.data.get("webhooks") or {}).items():
        hook = match.hook(key, entry, prose, document)
        if hook is not None:
            found += [(pointer_join("/webhooks", key), e) for e in hook.examples if _kept(e)]
    found.sort(key=lambda item: item[1].line)
    return [{"entry": entry, "source": f"{document}:{e.line}", "value": e.value} for entry, e in found]


def _kept(example: Example) -> bool:
    """A JSON response, object or payload example (not a request, not an error response)."""
    return (example.kind != "request" and example.parsed
            and (example.status is None or 200 <= example.status < 300))


def current(view: SpecView) -> list[dict[str, Any]]:
    """What the spec's examples file holds now (nothing when the spec names none)."""
    path = docspec_examples.sidecar(view.document)
    if path is None or not path.is_file():
        return []
    data = json.loads(path.read_text(encoding="utf-8"))
    return list(data.get("examples") or []) if isinstance(data, dict) else []


def stale(view: SpecView, prose: Prose, document: str) -> list[Finding]:
    """A finding when the examples file does not hold exactly what ``document`` shows."""
    if docspec_examples.sidecar(view.document) is None:
        return []
    mine = [item for item in current(view) if str(item.get("source", "")).rpartition(":")[0] == document]
    wanted = collect(view, prose, document)
    if mine == wanted:
        return []
    return [Finding("examples-stale", "examples", f"the examples file holds {len(mine)} examples of {document}; "
                    f"the document shows {len(wanted)} (rewrite it with --write-examples)", None, "/examples",
                    "/examples")]


def start(spec: Document) -> None:
    """Create the examples file the spec names, empty, when it does not exist yet."""
    path = docspec_examples.sidecar(spec)
    if path is not None and not path.exists():
        path.write_text('{"examples": []}\n', encoding="utf-8")


def write(view: SpecView, prose: Prose, document: str) -> Path:
    """Replace the examples of ``document`` in the spec's examples file; return its path."""
    path = docspec_examples.sidecar(view.document)
    if path is None:
        raise SpecError(view.document.location("/api"), "the spec names no examples file: add "
                        f"'examples: {view.document.path.stem}.examples.json'")
    others = [item for item in current(view) if str(item.get("source", "")).rpartition(":")[0] != document]
    items = sorted(others + collect(view, prose, document), key=_order)
    lines = ",\n".join("    " + json.dumps(item, ensure_ascii=False, separators=(", ", ": ")) for item in items)
    path.write_text(f'{{\n  "about": {json.dumps(ABOUT)},\n  "examples": [\n{lines}\n  ]\n}}\n', encoding="utf-8")
    return path


def _order(item: dict[str, Any]) -> tuple[str, int]:
    file, _, line = str(item.get("source", "")).rpartition(":")
    return file, int(line) if line.isdigit() else 0
