"""The markdown report: sized for a pull-request comment.

First a table of every section (drift) or of one section's changes by category and level,
then the changes, breaking first, each subject folded in a ``<details>`` block. The whole
report stays under :data:`LIMIT` characters (GitHub refuses comments over 65,536): when the
changes do not fit, the last ones are left out and counted, with a pointer to the full JSON.

No spec text reaches the markdown unescaped: :func:`markdown_text` for prose and table
cells, :func:`markdown_code` for code spans, :func:`html_text` inside HTML tags.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from generator.diff.changes import Change
from generator.diff.report import LEGEND, Section, counts, grouped, heading, place, values
from generator.diff.rules import CATEGORIES, LEVELS
from generator.escape import terminal_text

LIMIT = 65_000
_RESERVE = 600  # room kept for the truncation note and the legend
_MARKS = {"breaking": "🔴", "warning": "🟡", "info": "🟢"}
_TITLES = {"breaking": "Breaking changes", "warning": "Warnings", "info": "Other changes"}

# Characters CommonMark and GitHub read as markup inside a line: backslash-escaped.
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_\[\]|~])")
# Inside an HTML element: what could still start a code span, link, emphasis or cell border
# where a renderer reads markdown there (an underscore inside a word starts nothing).
_HTML_MARKUP = re.compile(r"[\\`*\[\]|~]")


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


def html_text(text: object) -> str:
    """``text`` inside an HTML element (``<summary>``): HTML escaped, and markdown's markup
    characters as character references too, for renderers that read markdown there."""
    escaped = html.escape(terminal_text(text), quote=True)
    return _HTML_MARKUP.sub(lambda m: f"&#{ord(m[0])};", escaped)


class _Budget:
    """Lines added while they fit under :data:`LIMIT`; what did not fit is counted."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.size = 0
        self.left_out: list[Change] = []

    def fits(self, block: Sequence[str]) -> bool:
        """Whether ``block`` fits in what is left, the reserve kept."""
        return self.size + sum(len(line) + 1 for line in block) <= LIMIT - _RESERVE

    def add(self, block: Sequence[str]) -> None:
        """Add ``block`` (it must fit)."""
        self.lines += block
        self.size += sum(len(line) + 1 for line in block)


def markdown(sections: Sequence[Section], summary: bool, full_report: str | None) -> str:
    """The report: summary tables, then each section's changes while they fit."""
    budget = _Budget()
    if summary:
        budget.add(_drift_table(sections))
    for section in sections:
        budget.add([f"### {markdown_text(heading(section))}", "", f"**{markdown_text(counts(section))}**", ""])
        if section.note and not section.failed:
            budget.add([f"> {markdown_text(section.note)}", ""])
        if section.changes:
            budget.add(_category_table(section.changes))
        for level in LEVELS:
            _level(budget, [c for c in section.changes if c.level == level], level)
    if budget.left_out:
        budget.lines += _truncation(budget.left_out, full_report)
    if any(s.changes for s in sections):
        budget.lines += ["", f"Notation: {LEGEND}."]
    return "\n".join(budget.lines) + "\n"


def _drift_table(sections: Sequence[Section]) -> list[str]:
    """One row per API; an API that could not be checked says why, not ``0 0``."""
    rows = ["| API | status | breaking | warning | info | note |", "| --- | --- | ---: | ---: | ---: | --- |"]
    for s in sections:
        if s.failed or not s.checked:
            problem = f"error: {s.note}" if s.failed else (s.note or "not checked")
            rows.append(f"| {markdown_text(s.title)} | {s.status} | — | — | — | {markdown_text(problem)} |")
        else:
            rows.append(f"| {markdown_text(s.title)} | {s.status} | {s.breaking} | {s.count('warning')} "
                        f"| {s.count('info')} | {markdown_text(s.note or '')} |")
    return rows + [""]


def _category_table(changes: Sequence[Change]) -> list[str]:
    """Changes by category (rows) and level (columns)."""
    rows = ["| category | 🔴 breaking | 🟡 warning | 🟢 info |", "| --- | ---: | ---: | ---: |"]
    for category in CATEGORIES:
        found = [c for c in changes if c.category == category]
        if found:
            cells = " | ".join(str(sum(c.level == level for c in found)) for level in LEVELS)
            rows.append(f"| {category} | {cells} |")
    return rows + [""]


def _level(budget: _Budget, changes: list[Change], level: str) -> None:
    """One level's changes, a folded block per subject, while they fit."""
    if not changes:
        return
    if budget.left_out or not budget.fits([""] * 3):
        budget.left_out += changes
        return
    budget.add([f"#### {_MARKS[level]} {_TITLES[level]} ({len(changes)})", ""])
    for subject, items in grouped(changes).items():
        block = _details(subject, items, level)
        if budget.left_out or not budget.fits(block):
            budget.left_out += items
            continue
        budget.add(block)


def _details(subject: str, changes: list[Change], level: str) -> list[str]:
    """A subject's changes as a folded ``<details>`` block."""
    rules = sorted({c.rule for c in changes})
    shown = ", ".join(rules[:3]) + (", …" if len(rules) > 3 else "")
    summary = f"{_MARKS[level]} {subject}: {len(changes)} {level} ({shown})"
    lines = ["<details>", f"<summary>{html_text(summary)}</summary>", ""]
    for c in changes:
        where = f"{markdown_code(place(c))} " if place(c) else ""
        lines.append(f"- {where}{markdown_code(c.rule)}: {markdown_text(c.reason)}{markdown_text(values(c))}")
    return lines + ["", "</details>", ""]


def _truncation(left_out: list[Change], full_report: str | None) -> list[str]:
    """The note that replaces the changes that did not fit."""
    breaking = sum(c.breaking for c in left_out)
    where = (f"the full report is {markdown_code(full_report)}" if full_report else
             "run with `--format json` (or `--json-out FILE` beside this format) for the full report")
    return ["", f"> **{len(left_out)} more changes not shown** ({breaking} breaking) to keep this "
            f"comment under GitHub's size limit; {where}.", ""]
