"""The handlers of ``apigen diff`` and ``apigen drift``: compare, print a report, pick an exit code.

Both print the report on stdout and return 1 when ``--fail-on`` is triggered (breaking
changes by default); bad input and unreachable upstreams return 2, with messages on stderr.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from generator.registry import load_registry
from generator.diff import FAIL_ON, diff_apis, should_fail
from generator.commands.drift import DEFAULT_TIMEOUT, check_entries, select
from generator.pipeline import load
from generator.diff.report import FORMATS, Section, render
from generator.escape import terminal_text

EXIT_OK, EXIT_CHANGED, EXIT_BAD_INPUT = 0, 1, 2


def add_report_options(parser: argparse.ArgumentParser) -> None:
    """``--format`` and ``--fail-on``, shared by both commands."""
    parser.add_argument("--format", choices=FORMATS, default="text",
                        help="text for a terminal, markdown for a pull request, json for tools")
    parser.add_argument("--fail-on", choices=FAIL_ON, default="breaking",
                        help="exit 1 on breaking changes (default), on any change, or never")


def run_diff(args: argparse.Namespace) -> int:
    """``apigen diff OLD NEW``: every change a client user could notice, classified."""
    (old, _), (new, _) = load(args.old), load(args.new)
    changes = tuple(diff_apis(old, new))
    section = Section(f"{args.old} → {args.new}", changes)
    sys.stdout.write(render([section], args.format, color=_color(args.format)))
    return EXIT_CHANGED if should_fail(changes, args.fail_on) else EXIT_OK


def run_drift(args: argparse.Namespace) -> int:
    """``apigen drift [API...]``: each registered API against its upstream source."""
    registry = load_registry(args.registry)
    root = args.registry.resolve().parent.parent
    sections = check_entries(select(registry, args.apis, args.registry), root, args.timeout)
    if not sections:
        print("no registered API has an 'upstream:' source", file=sys.stderr)
        return EXIT_OK
    sys.stdout.write(render(sections, args.format, color=_color(args.format), summary=True))
    for section in sections:
        if section.failed:
            print(terminal_text(f"error: {section.title}: {section.note}"), file=sys.stderr)
    if any(s.failed for s in sections):
        return EXIT_BAD_INPUT
    changes = [c for s in sections for c in s.changes]
    return EXIT_CHANGED if should_fail(changes, args.fail_on) else EXIT_OK


def add_drift_options(parser: argparse.ArgumentParser, registry: Path) -> None:
    """The API names, registry and timeout of ``apigen drift``."""
    parser.add_argument("apis", nargs="*", metavar="API",
                        help="registered API names (default: every API with an upstream)")
    parser.add_argument("--registry", type=Path, default=registry)
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                        help=f"seconds to wait for each upstream (default {DEFAULT_TIMEOUT:g})")
    add_report_options(parser)


def _color(fmt: str) -> bool:
    """Colour only text on a terminal, and never when NO_COLOR is set (no-color.org)."""
    return fmt == "text" and sys.stdout.isatty() and "NO_COLOR" not in os.environ
