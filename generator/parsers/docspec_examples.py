"""The prose's examples a doc spec names (``examples: shop.examples.json``), as IR examples.

``apigen lint-docs SPEC DOC --write-examples`` writes the file: every JSON example the
document shows for an operation's response, a model or a webhook's payload, keyed by the
spec entry it belongs to, with the line it was read from. The spec keeps the explanations:
an entry's ``ignore: {example-shape: reason}`` (or a top-level ``ignore:`` item for
``example-shape``) becomes each of its examples' note, and the generated tests expect such an
example to fail to parse, for that reason, when it does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.diagnostics import Diagnostics, Location, SpecError, pointer_join
from generator.documents import Document, load_document
from generator.ir import Example, Source

RULE = "example-shape"
KINDS = {"operations": "operation", "models": "model", "webhooks": "webhook"}


def sidecar(document: Document) -> Path | None:
    """The examples file the spec names, if it names one."""
    name = document.data.get("examples")
    return None if name is None else document.path.parent / str(name)


def load(document: Document, models: dict[str, str], diagnostics: Diagnostics) -> tuple[tuple[Example, ...], Document | None]:
    """The examples of the file the spec names (``models`` maps spec model keys to IR names)
    and the file's document; nothing when the spec names none. A malformed file raises
    :class:`SpecError`; an example of an entry the spec no longer has is skipped, with a
    ``stale-example`` diagnostic."""
    path = sidecar(document)
    if path is None:
        return (), None
    if not path.is_file():
        raise SpecError(document.location("/examples"), f"no such file: {path.name} (write it with "
                        "apigen lint-docs SPEC DOC --write-examples)")
    data = load_document(path)
    items = data.data.get("examples") if isinstance(data.data, dict) else None
    if not isinstance(items, list):
        raise SpecError(Location(data.name), "an examples file is {\"examples\": [...]}")
    found = (_example(document, data, index, item, models, diagnostics) for index, item in enumerate(items))
    return tuple(example for example in found if example is not None), data


def _example(document: Document, data: Document, index: int, item: Any, models: dict[str, str],
             diagnostics: Diagnostics) -> Example | None:
    where = data.location(pointer_join("/examples", index))
    if not isinstance(item, dict) or not {"entry", "source", "value"} <= item.keys():
        raise SpecError(where, "each example needs 'entry', 'source' and 'value'")
    section, _, key = str(item["entry"]).removeprefix("/").partition("/")
    entries = document.data.get(section) if section in KINDS else None
    if not isinstance(entries, dict) or key not in entries:
        diagnostics.add("stale-example", "/examples", f"{data.name}: the spec has no entry {item['entry']!r} "
                        "for its example; it is skipped (rewrite the file with apigen lint-docs --write-examples)",
                        document.line_of("/examples"))
        return None
    file, _, line = str(item["source"]).rpartition(":")
    name = models[key] if section == "models" else key
    return Example(KINDS[section], name, item["value"], Source(file, int(line) if line.isdigit() else None),
                   note=explanation(document.data, entries[key], file))


def explanation(data: dict[str, Any], entry: Any, document: str) -> str | None:
    """The spec's reason for an entry's examples not fitting its type: the entry's
    ``ignore: {example-shape: ...}``, else a top-level ``ignore:`` item for the rule."""
    ignore = entry.get("ignore") if isinstance(entry, dict) else None
    if isinstance(ignore, dict) and RULE in ignore:
        return str(ignore[RULE])
    for item in data.get("ignore") or []:
        if item.get("rule") == RULE and item.get("document") in (None, document):
            return str(item["reason"])
    return None
