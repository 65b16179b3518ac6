"""The handlers of ``apigen diff`` and ``apigen drift``: compare, print a report, pick an exit code.

Both print the report on stdout and return 1 when ``--fail-on`` is triggered (breaking
changes by default); bad input and unreachable upstreams return 2, with messages on stderr.
A project's policy (levels per rule, accepted changes) comes from ``--rules`` and
``--ignore`` files and, for ``drift``, from the registry's ``drift:`` section.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import replace
from pathlib import Path

from generator.commands.drift import DEFAULT_TIMEOUT, check_entries, select
from generator.diff import FAIL_ON, diff_apis, should_fail
from generator.diff.policy import Policy, load_policy, registry_policy
from generator.diff.report import FORMATS, Section, render
from generator.escape import terminal_text
from generator.pipeline import load
from generator.registry import load_registry

EXIT_OK, EXIT_CHANGED, EXIT_BAD_INPUT = 0, 1, 2
ONLY = {"breaking": ("breaking",), "warning": ("breaking", "warning")}


def add_report_options(parser: argparse.ArgumentParser) -> None:
    """Format, failure threshold, filtering and policy options, shared by both commands."""
    parser.add_argument("--format", choices=FORMATS, default="text",
                        help="text for a terminal, markdown for a pull request, json for tools, "
                        "githubactions for workflow annotations, junit for CI test reports")
    parser.add_argument("--fail-on", choices=FAIL_ON, default="breaking",
                        help="exit 1 on breaking changes (default), on warnings too, on any change, or never")
    parser.add_argument("--only", choices=tuple(ONLY),
                        help="report only breaking changes (or breaking changes and warnings)")
    parser.add_argument("--rules", type=Path, metavar="FILE",
                        help="YAML mapping rule ids to levels (breaking, warning, info, none)")
    parser.add_argument("--ignore", type=Path, metavar="FILE",
                        help="YAML list of accepted changes ({rule, location}), left out of the report")
    parser.add_argument("--json-out", type=Path, metavar="FILE",
                        help="also write the full JSON report to FILE (a CI artifact)")


def run_diff(args: argparse.Namespace) -> int:
    """``apigen diff OLD NEW``: every change a client user could notice, classified."""
    policy = load_policy(args.rules, args.ignore)
    (old, _), (new, _) = load(args.old), load(args.new)
    changes, accepted = policy.apply(diff_apis(old, new))
    first, second = short_names(args.old, args.new)
    section = Section(f"{first} → {second}", tuple(changes), accepted=accepted)
    _write(args, [section], summary=False)
    return EXIT_CHANGED if should_fail(changes, args.fail_on) else EXIT_OK


def run_drift(args: argparse.Namespace) -> int:
    """``apigen drift [API...]``: each registered API against its upstream source."""
    registry = load_registry(args.registry)
    policy = registry_policy(args.registry).merged(load_policy(args.rules, args.ignore))
    root = args.registry.resolve().parent.parent
    sections = check_entries(select(registry, args.apis, args.registry), root, args.timeout)
    if not sections:
        print("no registered API has an 'upstream:' source", file=sys.stderr)
        return EXIT_OK
    sections = [_with_policy(s, policy) for s in sections]
    _write(args, sections, summary=True)
    for section in sections:
        if section.failed:
            print(terminal_text(f"error: {section.title}: {section.note}"), file=sys.stderr)
    if any(s.failed for s in sections):
        return EXIT_BAD_INPUT
    changes = [c for s in sections for c in s.changes]
    return EXIT_CHANGED if should_fail(changes, args.fail_on) else EXIT_OK


def _with_policy(section: Section, policy: Policy) -> Section:
    """A drift section with the policy applied to its API."""
    changes, accepted = policy.apply(section.changes, api=section.title)
    return replace(section, changes=tuple(changes), accepted=accepted)


def _write(args: argparse.Namespace, sections: list[Section], summary: bool) -> None:
    """The report on stdout (filtered by ``--only``), and the full JSON in ``--json-out``."""
    if args.json_out is not None:
        args.json_out.write_text(render(sections, "json", summary=summary), encoding="utf-8")
    if args.only:
        sections = [_only(s, ONLY[args.only]) for s in sections]
    full = str(args.json_out) if args.json_out is not None else None
    sys.stdout.write(render(sections, args.format, color=_color(args.format), summary=summary,
                            fail_on=args.fail_on, full_report=full))


def _only(section: Section, levels: tuple[str, ...]) -> Section:
    """``section`` with the changes at ``levels`` only, and a note of how many were left out."""
    kept = tuple(c for c in section.changes if c.level in levels)
    if len(kept) == len(section.changes):
        return section
    left = f"{len(section.changes) - len(kept)} changes below {levels[-1]} not shown (--only)"
    note = f"{section.note}; {left}" if section.note else left
    return replace(section, changes=kept, note=note)


def short_names(old: Path, new: Path) -> tuple[str, str]:
    """How a report names two documents: relative to the working folder when inside it,
    else by as many trailing parts as tell them apart (never an absolute path)."""
    here = Path.cwd().resolve()
    paths = [p.resolve() for p in (old, new)]
    if all(p.is_relative_to(here) for p in paths):
        return paths[0].relative_to(here).as_posix(), paths[1].relative_to(here).as_posix()
    depth = 1
    while (depth < max(len(p.parts) for p in paths)
           and Path(*paths[0].parts[-depth:]) == Path(*paths[1].parts[-depth:])):
        depth += 1
    first, second = (Path(*p.parts[-depth:]).as_posix() for p in paths)
    return first, second


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
