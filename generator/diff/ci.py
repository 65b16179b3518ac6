"""Reports for CI systems: GitHub workflow annotations and JUnit XML.

``--format githubactions`` prints one workflow command per change (``::error`` for breaking,
``::warning``, ``::notice``), which GitHub shows on the pull request; ``--format junit``
writes a test report (one test case per change, failing at the ``--fail-on`` level) that
most CI systems display. Spec text is escaped for each: workflow-command data and properties
(``%``, line breaks, ``:`` and ``,``), XML text and attributes.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

from generator.diff.changes import Change
from generator.diff.report import Section, heading, ordered, values
from generator.escape import terminal_text

_COMMANDS = {"breaking": "error", "warning": "warning", "info": "notice"}
_FAILING = {"breaking": ("breaking",), "warning": ("breaking", "warning"),
            "any": ("breaking", "warning", "info"), "none": ()}


def _data(text: object) -> str:
    """Text for a workflow command's message (after ``::``)."""
    return terminal_text(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: object) -> str:
    """Text for a workflow command's property value (``title=…``)."""
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def workflow_commands(sections: Sequence[Section]) -> str:
    """One workflow command per change; a section that failed is an error of its own."""
    lines = []
    for section in sections:
        if section.failed:
            lines.append(f"::error title={_property(section.title)}::{_data(section.note or 'error')}")
            continue
        for change in ordered(section.changes):
            title = f"{section.title}: {change.rule}"
            lines.append(f"::{_COMMANDS[change.level]} title={_property(title)}::"
                         f"{_data(change.location)}: {_data(change.reason)}{_data(values(change))}")
    return "\n".join(lines) + ("\n" if lines else "")


def junit(sections: Sequence[Section], fail_on: str) -> str:
    """A JUnit report: a suite per section, a test case per change, failing at ``fail_on``."""
    failing = _FAILING[fail_on]
    out = ['<?xml version="1.0" encoding="UTF-8"?>', "<testsuites>"]
    for section in sections:
        failures = sum(c.level in failing for c in section.changes)
        name = quoteattr(terminal_text(f"apigen drift: {heading(section)}"))
        if section.failed:
            out += [f"  <testsuite name={name} tests=\"1\" failures=\"0\" errors=\"1\">",
                    f"    <testcase classname=\"apigen\" name={quoteattr(terminal_text(section.title))}>",
                    f"      <error message={quoteattr(terminal_text(section.note or 'error'))}/>",
                    "    </testcase>", "  </testsuite>"]
            continue
        out.append(f"  <testsuite name={name} tests=\"{len(section.changes)}\" "
                   f"failures=\"{failures}\" errors=\"0\">")
        out += [line for change in ordered(section.changes) for line in _case(change, failing)]
        out.append("  </testsuite>")
    return "\n".join(out + ["</testsuites>"]) + "\n"


def _case(change: Change, failing: tuple[str, ...]) -> list[str]:
    """One JUnit test case: failing when the change is at a failing level."""
    classname = quoteattr(terminal_text(change.subject))
    name = quoteattr(terminal_text(f"{change.rule} at {change.location}"))
    message = terminal_text(f"{change.level}: {change.reason}{values(change)}")
    if change.level in failing:
        return [f"    <testcase classname={classname} name={name}>",
                f"      <failure type={quoteattr(change.level)} message={quoteattr(message)}/>",
                "    </testcase>"]
    return [f"    <testcase classname={classname} name={name}>",
            f"      <system-out>{escape(message)}</system-out>", "    </testcase>"]
