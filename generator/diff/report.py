"""Render lists of :class:`~generator.diff.Change` for terminals, pull requests, CI and tools.

A report is a sequence of :class:`Section`\\ s: ``apigen diff`` has one (OLD → NEW),
``apigen drift`` one per API, preceded by a summary table. Changes are grouped by the
operation, webhook or API element they belong to, most serious level first.

Spec text (names, paths, enum values, descriptions) reaches every report, so each medium
has one function that every piece of it passes through: :func:`terminal_text` for a
terminal (no escape sequence or carriage return of a spec can rewrite what is shown),
:func:`~generator.diff.markdown.markdown_text` and ``markdown_code`` for markdown, and the
escaping of :mod:`generator.diff.ci` for workflow commands and JUnit XML.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from generator.diff.changes import SEP, Change
from generator.diff.rules import LEVELS, RULES
from generator.escape import terminal_text

FORMATS = ("text", "markdown", "json", "githubactions", "junit")
LEGEND = ("`a.b` is a property path; `[]` an array's items; `{}` the other properties of an "
          "object (additionalProperties) or a map's values; `<x>` the variant x of a oneOf/anyOf "
          "(its discriminator value, its name, or its position)")

_RED, _YELLOW, _GREEN, _BOLD, _DIM, _RESET = ("\033[31m", "\033[33m", "\033[32m", "\033[1m",
                                              "\033[2m", "\033[0m")


@dataclass(frozen=True)
class Section:
    """One comparison: a title, its changes, and why it was not checked or failed, if so."""

    title: str
    changes: tuple[Change, ...] = ()
    note: str | None = None
    origin: str | None = None  # where the new side came from, e.g. an upstream URL
    checked: bool = True  # False when no comparison could be made (e.g. no coverage check)
    failed: bool = False  # True when the inputs could not be read or fetched
    accepted: int = 0  # changes left out by the project's policy (--ignore, level none)

    @property
    def breaking(self) -> int:
        """How many changes break existing clients."""
        return sum(c.breaking for c in self.changes)

    def count(self, level: str) -> int:
        """How many changes are at ``level``."""
        return sum(c.level == level for c in self.changes)

    @property
    def status(self) -> str:
        """error, not checked, breaking, changed or unchanged."""
        if self.failed:
            return "error"
        if not self.checked:
            return "not checked"
        if self.changes:
            return "breaking" if self.breaking else "changed"
        return "unchanged"


def render(sections: Sequence[Section], fmt: str, *, color: bool = False, summary: bool = False,
           fail_on: str = "breaking", full_report: str | None = None) -> str:
    """The report in ``fmt``; ``summary`` adds a table of every section first (drift);
    ``full_report`` names where the complete JSON report is, for truncated markdown."""
    if fmt == "json":
        return _json(sections, summary)
    if fmt == "markdown":
        from generator.diff.markdown import markdown  # each format imports only its own module

        return markdown(sections, summary, full_report)
    if fmt in ("githubactions", "junit"):
        from generator.diff import ci

        return ci.workflow_commands(sections) if fmt == "githubactions" else ci.junit(sections, fail_on)
    return _text(sections, summary, color)


def ordered(changes: Sequence[Change]) -> list[Change]:
    """Changes most serious level first, in the comparison's order within a level."""
    return sorted(changes, key=lambda c: LEVELS.index(c.level))


def grouped(changes: Sequence[Change]) -> dict[str, list[Change]]:
    """Changes by subject, subjects in order of first appearance."""
    groups: dict[str, list[Change]] = {}
    for change in changes:
        groups.setdefault(change.subject, []).append(change)
    return groups


def place(change: Change) -> str:
    """The location below the subject, or nothing for a change to the subject itself."""
    return change.location[len(change.subject):].removeprefix(SEP)


def values(change: Change) -> str:
    """`` (old → new)`` for changes that carry values, else nothing."""
    if change.old is None and change.new is None:
        return ""
    return f" ({_short(change.old)} → {_short(change.new)})"


def _short(value: Any) -> str:
    """A value shortened for one line of a report."""
    if value is None:
        return "—"
    text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    return text if len(text) <= 80 else text[:77] + "…"


def heading(section: Section) -> str:
    """The section's title, with where its new side came from."""
    return f"{section.title} ({section.origin})" if section.origin else section.title


def counts(section: Section) -> str:
    """``3 breaking, 1 warning, 12 info``, or the status of a section without changes."""
    if section.failed or not section.checked:
        return f"{section.status}: {section.note}" if section.failed and section.note else section.status
    text = ", ".join(f"{section.count(level)} {level}" for level in LEVELS)
    return text + (f" ({section.accepted} accepted by policy)" if section.accepted else "")


# --- text ---------------------------------------------------------------------------------


def _text(sections: Sequence[Section], summary: bool, color: bool) -> str:
    """The terminal report: summary, then each section grouped by subject."""
    def paint(code: str, text: str) -> str:
        """``text`` in a colour, when colour is on."""
        return f"{code}{text}{_RESET}" if color else text

    t = terminal_text
    marks = {"breaking": paint(_RED, "✗ breaking"), "warning": paint(_YELLOW, "! warning "),
             "info": paint(_GREEN, "✓ info    ")}
    lines: list[str] = _text_summary(sections, paint) if summary else []
    for section in sections:
        lines.append(paint(_BOLD, t(heading(section))) + f": {t(counts(section))}")
        if section.note and not section.failed:
            lines.append(f"  {t(section.note)}")
        for subject, changes in grouped(ordered(section.changes)).items():
            lines.append("  " + paint(_BOLD, t(subject)))
            for c in changes:
                where = f"{t(place(c))}: " if place(c) else ""
                lines.append(f"    {marks[c.level]}  {where}{t(c.rule)}: {t(c.reason)}"
                             + paint(_DIM, t(values(c))))
        lines.append("")
    return "\n".join(lines)


def _text_summary(sections: Sequence[Section], paint: Any) -> list[str]:
    """One line per API: status and counts, or what went wrong instead of zeros."""
    t = terminal_text
    width = max([len(t(s.title)) for s in sections] + [3])
    lines = [f"{'API':<{width}}  {'status':<12} breaking  warning  info"]
    for s in sections:
        status = paint(_RED if s.status in ("breaking", "error") else _GREEN, f"{s.status:<12}")
        if s.failed or not s.checked:
            lines.append(f"{t(s.title):<{width}}  {status} {t(_problem(s))}")
        else:
            lines.append(f"{t(s.title):<{width}}  {status} {s.breaking:>8}  {s.count('warning'):>7}  "
                         f"{s.count('info'):>4}")
    return lines + [""]


def _problem(section: Section) -> str:
    """What a summary shows for a section without counts: the error, or why not checked."""
    if section.failed:
        return f"error: {section.note}" if section.note else "error"
    return section.note or "not checked"


# --- json ---------------------------------------------------------------------------------


def _change_data(change: Change) -> dict[str, Any]:
    """A change as JSON data."""
    return {"location": change.location, "subject": change.subject, "rule": change.rule,
            "level": change.level, "category": change.category, "breaking": change.breaking,
            "reason": change.reason, "old": change.old, "new": change.new}


def _section_data(section: Section) -> dict[str, Any]:
    """A section as JSON data, with the catalogue entries of the rules it uses."""
    used = sorted({c.rule for c in section.changes})
    return {"title": section.title, "origin": section.origin, "status": section.status,
            "note": section.note,
            "summary": {"breaking": section.breaking, "warning": section.count("warning"),
                        "info": section.count("info"),
                        "non_breaking": len(section.changes) - section.breaking,
                        "accepted": section.accepted},
            "changes": [_change_data(c) for c in ordered(section.changes)],
            "rules": {r: {"level": RULES[r].level, "category": RULES[r].category,
                          "description": RULES[r].description} for r in used}}


def _json(sections: Sequence[Section], summary: bool) -> str:
    """The JSON report: one section, or every API under ``apis`` (drift)."""
    data: Any = {"apis": [_section_data(s) for s in sections]} if summary else \
        _section_data(sections[0])
    return json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n"
