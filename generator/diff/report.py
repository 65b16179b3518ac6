"""Render lists of :class:`~generator.diff.Change` as text, markdown or JSON.

A report is a sequence of :class:`Section`\\ s: ``apigen diff`` has one (OLD → NEW),
``apigen drift`` one per API, preceded by a summary table. Changes are grouped by the
operation, webhook or API element they belong to, in the order the comparison found them.

Spec text (names, paths, enum values, descriptions) reaches every report, so each medium
has one function that every piece of it passes through: :func:`terminal_text` for a
terminal (no escape sequence or carriage return of a spec can rewrite what is shown),
:func:`markdown_text` and :func:`markdown_code` for markdown (no HTML, link or code span
of a spec reaches a pull-request comment).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from generator.diff.changes import SEP, Change
from generator.escape import terminal_text

FORMATS = ("text", "markdown", "json")

_RED, _GREEN, _BOLD, _DIM, _RESET = "\033[31m", "\033[32m", "\033[1m", "\033[2m", "\033[0m"

# Characters CommonMark and GitHub read as markup inside a line: backslash-escaped.
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_\[\]|~])")


def markdown_text(text: object) -> str:
    """``text`` for markdown prose, a list item or a table cell: controls visible, HTML
    as entities, markup characters (backticks, pipes, emphasis, links) escaped."""
    escaped = _MARKDOWN_PUNCTUATION.sub(r"\\\1", terminal_text(text))
    return escaped.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def markdown_code(text: object) -> str:
    """``text`` as an inline code span: fenced by more backticks than it holds in a row, so
    it cannot close the span early (markup and HTML inside a code span stay literal)."""
    shown = terminal_text(text)
    fence = "`" * (1 + max((len(run) for run in re.findall("`+", shown)), default=0))
    pad = " " if shown.startswith("`") or shown.endswith("`") else ""
    return f"{fence}{pad}{shown}{pad}{fence}"


@dataclass(frozen=True)
class Section:
    """One comparison: a title, its changes, and why it was not checked or failed, if so."""

    title: str
    changes: tuple[Change, ...] = ()
    note: str | None = None
    origin: str | None = None  # where the new side came from, e.g. an upstream URL
    checked: bool = True  # False when no comparison could be made (e.g. no coverage check)
    failed: bool = False  # True when the inputs could not be read or fetched

    @property
    def breaking(self) -> int:
        """How many changes break existing clients."""
        return sum(c.breaking for c in self.changes)

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


def render(sections: Sequence[Section], fmt: str, *, color: bool = False,
           summary: bool = False) -> str:
    """The report in ``fmt``; ``summary`` adds a table of every section first (drift)."""
    if fmt == "json":
        return _json(sections, summary)
    if fmt == "markdown":
        return _markdown(sections, summary)
    return _text(sections, summary, color)


def _grouped(changes: Sequence[Change]) -> dict[str, list[Change]]:
    """Changes by subject, subjects in order of first appearance."""
    groups: dict[str, list[Change]] = {}
    for change in changes:
        groups.setdefault(change.subject, []).append(change)
    return groups


def _place(change: Change) -> str:
    """The location below the subject, or the kind for a change to the subject itself."""
    return change.location[len(change.subject):].removeprefix(SEP)


def _values(change: Change) -> str:
    """``old → new`` for changes that carry values, else nothing."""
    if change.old is None and change.new is None:
        return ""
    return f" ({_short(change.old)} → {_short(change.new)})"


def _short(value: Any) -> str:
    if value is None:
        return "—"
    text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    return text if len(text) <= 80 else text[:77] + "…"


def _heading(section: Section) -> str:
    return f"{section.title} ({section.origin})" if section.origin else section.title


def _counts(section: Section) -> str:
    if section.failed or not section.checked:
        return section.status
    total = len(section.changes)
    return f"{section.breaking} breaking, {total - section.breaking} non-breaking"


# --- text ---------------------------------------------------------------------------------


def _text(sections: Sequence[Section], summary: bool, color: bool) -> str:
    def paint(code: str, text: str) -> str:
        return f"{code}{text}{_RESET}" if color else text

    t = terminal_text
    lines: list[str] = []
    if summary:
        width = max([len(t(s.title)) for s in sections] + [3])
        lines.append(f"{'API':<{width}}  {'status':<12} breaking  non-breaking")
        for s in sections:
            status = paint(_RED if s.status in ("breaking", "error") else _GREEN, f"{s.status:<12}")
            lines.append(f"{t(s.title):<{width}}  {status} {s.breaking:>8}  "
                         f"{len(s.changes) - s.breaking:>12}")
        lines.append("")
    for section in sections:
        lines.append(paint(_BOLD, t(_heading(section))) + f": {_counts(section)}")
        if section.note:
            lines.append(f"  {t(section.note)}")
        for subject, changes in _grouped(section.changes).items():
            lines.append("  " + paint(_BOLD, t(subject)))
            for c in changes:
                mark = paint(_RED, "✗ breaking") if c.breaking else paint(_GREEN, "✓ compatible")
                place = f"{t(_place(c))}: " if _place(c) else ""
                lines.append(f"    {mark}  {place}{t(c.kind)}: {t(c.reason)}"
                             + paint(_DIM, t(_values(c))))
        lines.append("")
    return "\n".join(lines)


# --- markdown -----------------------------------------------------------------------------


def _markdown(sections: Sequence[Section], summary: bool) -> str:
    md = markdown_text
    lines: list[str] = []
    if summary:
        lines += ["| API | status | breaking | non-breaking | note |", "| --- | --- | ---: | ---: | --- |"]
        lines += [f"| {md(s.title)} | {s.status} | {s.breaking} | {len(s.changes) - s.breaking} "
                  f"| {md(s.note or '')} |" for s in sections]
        lines.append("")
    for section in sections:
        lines += [f"### {md(_heading(section))}", "", f"**{_counts(section)}**", ""]
        if section.note:
            lines += [f"> {md(section.note)}", ""]
        for subject, changes in _grouped(section.changes).items():
            lines.append(f"#### {markdown_code(subject)}")
            lines.append("")
            for c in changes:
                mark = "🔴 **breaking**" if c.breaking else "🟢 compatible"
                place = f"{markdown_code(_place(c))} " if _place(c) else ""
                lines.append(f"- {mark} {place}{md(c.kind)}: {md(c.reason)}{md(_values(c))}")
            lines.append("")
    return "\n".join(lines)


# --- json ---------------------------------------------------------------------------------


def _change_data(change: Change) -> dict[str, Any]:
    return {"location": change.location, "subject": change.subject, "kind": change.kind,
            "breaking": change.breaking, "reason": change.reason, "old": change.old,
            "new": change.new}


def _section_data(section: Section) -> dict[str, Any]:
    return {"title": section.title, "origin": section.origin, "status": section.status,
            "note": section.note,
            "summary": {"breaking": section.breaking,
                        "non_breaking": len(section.changes) - section.breaking},
            "changes": [_change_data(c) for c in section.changes]}


def _json(sections: Sequence[Section], summary: bool) -> str:
    data: Any = {"apis": [_section_data(s) for s in sections]} if summary else \
        _section_data(sections[0])
    return json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n"
