"""Differences the spec explains: where a finding is acknowledged, and with what reason.

A spec explains a finding, nearest first, with:

- on the parameter or field itself: ``confidence: inferred`` and a ``note`` (any rule), or
  ``ignore: {rule: reason}``;
- on its operation, model or webhook: ``ignore: {rule: reason}``, or ``confidence:
  inferred`` with a ``note`` that names the parameter or field;
- at the top level: an ``ignore:`` item ``{rule, reason}``, optionally only for one
  ``document``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from generator.diagnostics import pointer_join
from generator.prose.findings import RULES, Finding
from generator.prose.spec import SpecView

# What an entry's inferred note can explain by naming the parameter or field: a fact about
# it. What an example shows (a shape, a value) needs an `ignore:` that says why.
NOTED = frozenset({"param-missing", "param-undocumented", "param-type", "param-required", "param-location",
                   "field-missing", "field-undocumented", "field-type"})


def explain(view: SpecView, findings: list[Finding], document: str) -> list[Finding]:
    """``findings`` with the spec's reason set on each one it explains."""
    return [replace(f, reason=reason(view, f, document)) for f in findings]


def reason(view: SpecView, finding: Finding, document: str) -> str | None:
    """Why the spec accepts ``finding``, or None."""
    if finding.subject is not None and finding.pointer != finding.entry:
        found = _own(view.node(finding.pointer), finding.code)
        if found:
            return found
    entry = view.node(finding.entry) if finding.entry else None
    if isinstance(entry, dict):
        ignored = _ignored(entry, finding.code)
        if ignored:
            return ignored
        note = entry.get("note")
        if (finding.code in NOTED and entry.get("confidence") == "inferred" and note and finding.subject
                and _names(str(note), finding.subject)):
            return str(note)
    for item in view.data.get("ignore") or []:
        if item.get("rule") == finding.code and item.get("document") in (None, document):
            return str(item["reason"])
    return None


def _own(node: Any, code: str) -> str | None:
    """The reason a parameter or field gives for itself."""
    if not isinstance(node, dict):
        return None
    ignored = _ignored(node, code)
    if ignored:
        return ignored
    if node.get("confidence") == "inferred" and node.get("note"):
        return str(node["note"])
    return None


def _ignored(node: dict[str, Any], code: str) -> str | None:
    ignore = node.get("ignore")
    return str(ignore[code]) if isinstance(ignore, dict) and code in ignore else None


def _names(note: str, subject: str) -> bool:
    """True when ``note`` names ``subject`` as a word (``tag_id`` in "tag_id, tag_name")."""
    return re.search(rf"(?<![\w-]){re.escape(subject)}(?![\w-])", note) is not None


def unknown_rules(data: Any, pointer: str = "") -> list[tuple[str, str]]:
    """(pointer, code) of every ``ignore:`` in the spec naming a rule lint-docs does not have."""
    found: list[tuple[str, str]] = []
    if isinstance(data, dict):
        for key, value in data.items():
            here = pointer_join(pointer, key)
            if key == "ignore" and isinstance(value, dict):
                found += [(here, str(code)) for code in value if code not in RULES]
            elif key == "ignore" and isinstance(value, list) and pointer == "":
                found += [(pointer_join(here, i), str(item.get("rule"))) for i, item in enumerate(value)
                          if isinstance(item, dict) and item.get("rule") not in RULES]
            else:
                found += unknown_rules(value, here)
    return found
