"""The ``apigen`` command line: generate, check, inspect and validate API clients.

Exit codes: 0 success, 1 stale output, 2 bad input or usage. Results go to stdout,
messages to stderr; no traceback reaches the user for bad input.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from generator import cache_files, ir
from generator.commands import compare
from generator.diagnostics import CODES, Diagnostic, Location, SpecError
from generator.write import DIFF_FILES, check_package, write_package
from generator.pipeline import Job, Timings, build, default_name, load
from generator.targets.python.names import package as package_name
from generator.registry import DEFAULT_REGISTRY, Entry, load_registry, valid_distribution
from generator.escape import terminal_text
from generator.commands.validate import validate_document

EXIT_OK, EXIT_STALE, EXIT_BAD_INPUT = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except SpecError as exc:
        _say(f"error: {exc}")
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        _say("interrupted")
        return EXIT_BAD_INPUT


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="apigen", description="Generate typed Python API clients "
                                     "from OpenAPI documents and doc specs.")
    sub = parser.add_subparsers(required=True, metavar="COMMAND")

    gen = sub.add_parser("generate", help="generate clients (every registered API by default)")
    gen.add_argument("targets", nargs="*", metavar="API|SPEC",
                     help="registered API names or spec files (default: every registered API)")
    gen.add_argument("--out", type=Path, help="output folder (for a single target)")
    gen.add_argument("--package", metavar="NAME", help="the import name of a spec given by path "
                     "(default: its file name, made an identifier)")
    gen.add_argument("--distribution", metavar="NAME", help="the name to publish under "
                     "(default: the registry's, or <package>-client)")
    gen.add_argument("--check", action="store_true",
                     help="write nothing; exit 1 naming the files that are stale")
    gen.add_argument("--force", action="store_true",
                     help="write into a non-empty folder apigen did not write, overwriting "
                          "same-named files (files apigen did not write are never deleted)")
    gen.add_argument("--templates", type=Path, metavar="DIR",
                     help="folder of template overrides (DIR/<set>/<template>) or new sets")
    gen.add_argument("--template-set", action="append", dest="template_sets", metavar="NAME",
                     help="template set to render (repeatable; default: the registry's, or python)")
    gen.add_argument("--registry", type=Path, default=DEFAULT_REGISTRY)
    gen.add_argument("--ignore", action="append", default=[], metavar="CODE",
                     help="do not report diagnostics with this code (repeatable; docs/diagnostics.md)")
    gen.add_argument("-v", "--verbose", action="store_true", help="print each stage's time")
    gen.set_defaults(run=_generate)

    show = sub.add_parser("ir", help="print a spec's intermediate representation as JSON")
    show.add_argument("spec", type=Path)
    show.set_defaults(run=_ir)

    check = sub.add_parser("validate", help="report a spec's errors and diagnostics")
    check.add_argument("spec", type=Path)
    check.add_argument("--format", choices=("text", "json"), default="text",
                       help="text lines, or a JSON list of {code, severity, file, line, pointer, message}")
    check.add_argument("--allow-remote-refs", action="store_true",
                       help="fetch http(s) $refs for the schema check (by default nothing is "
                       "fetched, and only files in the spec's folder are read)")
    check.set_defaults(run=_validate)

    lint = sub.add_parser("lint-docs", help="check a doc spec against its prose document: endpoints, "
                          "parameters, examples (docs/docspec.md)")
    lint.add_argument("spec", type=Path)
    lint.add_argument("doc", type=Path, help="the document's text (Slate, API Blueprint, ReDoc or an "
                      "object reference)")
    lint.add_argument("--explained", action="store_true",
                      help="also list the differences the spec explains, with its reasons")
    lint.add_argument("--write-examples", action="store_true",
                      help="write the document's JSON examples into the examples file the spec names")
    lint.set_defaults(run=_lint_docs)

    diff = sub.add_parser("diff", help="report changes between two specs, breaking or not")
    diff.add_argument("old", type=Path, metavar="OLD")
    diff.add_argument("new", type=Path, metavar="NEW")
    compare.add_report_options(diff)
    diff.set_defaults(run=compare.run_diff)

    drift = sub.add_parser("drift", help="diff registered APIs against their upstream sources")
    compare.add_drift_options(drift, DEFAULT_REGISTRY)
    drift.set_defaults(run=compare.run_drift)
    return parser


def _lint_docs(args: argparse.Namespace) -> int:
    from generator.commands import lint_docs  # imported on demand: its patterns cost every command's start-up

    return lint_docs.run(args.spec, args.doc, explained=args.explained, write_examples=args.write_examples)


def _say(message: str) -> None:
    """Print a message line on stderr; spec text in it cannot act on the terminal."""
    print(terminal_text(message), file=sys.stderr)


def _jobs(args: argparse.Namespace) -> list[tuple[Entry | None, Path, Path]]:
    """(registry entry or None, spec path, output folder) for each target."""
    registry = load_registry(args.registry) if args.registry.is_file() else {}
    targets = args.targets or sorted(registry)
    if not targets:
        raise SpecError(_location(args.registry), "no APIs registered and no spec given")
    if (args.out or args.package or args.distribution) is not None and len(targets) > 1:
        raise SpecError(_location(args.registry), "--out, --package and --distribution take a single API or spec")
    root = args.registry.resolve().parent.parent if registry else Path.cwd()
    jobs: list[tuple[Entry | None, Path, Path]] = []
    for target in targets:
        if target in registry:
            entry = registry[target]
            if args.template_sets and args.out is None:
                raise SpecError(_location(args.registry), "--template-set with a registered API "
                                "needs --out: the registry decides what generated/<package> holds")
            jobs.append((entry, root / entry.spec, args.out or root / "generated" / entry.package))
        elif Path(target).is_file():
            path = Path(target)
            jobs.append((None, path, args.out or Path("generated") / (args.package or default_name(path))))
        else:
            known = ", ".join(sorted(registry)) or "none"
            raise SpecError(_location(Path(target)), f"not a registered API ({known}) nor a spec file")
    return jobs


def _location(path: Path) -> Location:
    return Location(str(path))


def _job(args: argparse.Namespace, entry: Entry | None, spec: Path) -> Job:
    ignore = tuple(args.ignore)
    if args.distribution is not None and not valid_distribution(args.distribution):
        raise SpecError(Location("--distribution"), f"{args.distribution!r} is not a valid distribution name")
    unknown = sorted(set(ignore) - CODES.keys())
    if unknown:
        raise SpecError(Location("--ignore"), f"unknown diagnostic code {unknown[0]!r} (see docs/diagnostics.md)")
    if entry is not None:
        if args.package is not None:
            raise SpecError(Location("--package"), "a registered API's package is the registry's")
        return Job(spec, entry.name, entry.package, entry.kind, entry.label,
                   tuple(args.template_sets or entry.template_sets), args.templates, entry.ignore + ignore,
                   args.distribution or entry.distribution, entry.names, entry.webhook_signature,
                   entry.operations)
    name = default_name(spec)
    package = args.package or name
    if package_name(package) != package:
        raise SpecError(Location("--package"), f"{package!r} is not a valid, unshadowing Python package name "
                        f"(try {package_name(package)!r})")
    return Job(spec, name, package, None, None, tuple(args.template_sets or ("python",)), args.templates, ignore,
               args.distribution)


def _say_diagnostics(diagnostics: Sequence[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        _say(f"{diagnostic.severity}: {diagnostic}")


def _generate(args: argparse.Namespace) -> int:
    stale: list[str] = []
    diffs: list[str] = []
    failed = False
    timings = Timings()
    unusable = cache_files.problem()
    if unusable is not None:
        _say(f"warning: {unusable}; nothing is cached")
    for entry, spec, out in _jobs(args):
        started = time.perf_counter()
        job = _job(args, entry, spec)
        try:
            result = build(job, timings)
        except SpecError as exc:
            _say(f"error: {exc}")
            failed = True
            continue
        _say_diagnostics(result.diagnostics)
        try:
            if args.check:
                names, shown = check_package(out, result.files, force=args.force)
                stale.extend(names)
                diffs.extend(shown)
                continue
            changed = write_package(out, result.files, force=args.force)
        except SpecError as exc:  # an output folder refused, or a write that failed
            _say(f"error: {exc}")
            failed = True
            continue
        elapsed = time.perf_counter() - started
        _say(f"{job.name}: {result.operations} operations, {result.models} models -> {out} "
             f"({'written' if changed else 'unchanged'}, {elapsed:.2f}s)")
    if args.verbose:
        _say(f"stages: {timings.report() or 'none run (every job came from the cache)'}")
    if stale:
        _say("stale generated files (run `apigen generate`):")
        print("\n".join(map(terminal_text, stale)))
        print("".join(diffs[:DIFF_FILES]), end="")
        return EXIT_STALE
    return EXIT_BAD_INPUT if failed else EXIT_OK


def _ir(args: argparse.Namespace) -> int:
    api, diagnostics = load(args.spec, name=default_name(args.spec))
    _say_diagnostics(diagnostics)
    sys.stdout.write(ir.to_json(api))
    return EXIT_OK


def _validate(args: argparse.Namespace) -> int:
    problems = validate_document(args.spec, allow_remote_refs=args.allow_remote_refs)
    if args.format == "json":
        errors = [{"code": "invalid-document", "severity": "error", "message": text} for text in problems.errors]
        print(json.dumps(errors + [d.to_data() for d in problems.diagnostics], indent=2, ensure_ascii=False))
    else:
        for problem in problems.errors:
            print(terminal_text(f"error: {problem}"))
        for diagnostic in problems.diagnostics:
            print(terminal_text(f"{diagnostic.severity}: {diagnostic}"))
    _say(f"{args.spec}: {len(problems.errors)} error(s), {len(problems.diagnostics)} diagnostic(s)")
    return EXIT_BAD_INPUT if problems.errors else EXIT_OK


def run() -> NoReturn:
    """The ``apigen`` command: :func:`main`, then exit at once with its code.

    Tearing the interpreter down would free a large spec's objects one by one, a tenth of
    a small spec's whole run; every file is written and closed by then, so exit skips it.
    """
    for stream in (sys.stdout, sys.stderr):  # a path given in bytes that are not UTF-8 still prints
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a reader that went away (``apigen ir spec | head``)
        code = code or EXIT_BAD_INPUT
    os._exit(code)


if __name__ == "__main__":
    run()
