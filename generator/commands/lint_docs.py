"""Check a doc spec against the prose document it was written from: ``apigen lint-docs SPEC DOC``.

Two checks run on one reading of the document (:mod:`generator.prose`):

- coverage (:mod:`generator.prose.coverage`): every endpoint the document names has an
  operation, and every operation's ``source:`` line still shows its endpoint;
- the prose checks (:mod:`generator.prose.check`): each operation's parameter table against
  its parameters and body fields (name, type, required-ness, location), its response
  examples parsed into the declared type, its request samples against what the client can
  send; object tables against models; webhook events, delivery headers; and rules about the
  spec alone. Each finding has a rule code, the prose line and the spec line; the spec
  explains a difference it accepts (``docs/docspec.md``).

The command exits 0 when there is no gap and every finding is explained, 1 otherwise, 2 for
bad input. Formats, detected from the text: Slate pages (Ontraport), API Blueprint and ReDoc
pages (MadeWithBree), object references (Webflow v1).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from generator.diagnostics import Location, SpecError
from generator.documents import Document, load_document
from generator.escape import terminal_text
from generator.parsers import docspec, docspec_schema
from generator.prose import accept, read, sidecar
from generator.prose.check import check
from generator.prose.coverage import Report, Stale, compare
from generator.prose.facts import Endpoint, Prose
from generator.prose.findings import Checked, Finding
from generator.prose.read import detect_format
from generator.prose.spec import SpecView

__all__ = ["Endpoint", "Linted", "Report", "Stale", "check_coverage", "detect_format", "extract", "lint",
           "lint_text", "run"]


def extract(text: str, fmt: str | None = None) -> list[Endpoint]:
    """Every endpoint ``text`` names, in document order."""
    return read(text, fmt).endpoints


@dataclass
class Linted:
    """Both checks of one spec against one document."""

    coverage: Report
    checked: Checked
    view: SpecView
    prose: Prose

    @property
    def ok(self) -> bool:
        """True when there is no gap and no unexplained finding."""
        return self.coverage.ok and not any(f.failing for f in self.checked.findings)

    def lines(self, explained: bool = False) -> list[str]:
        """The report as text: coverage, counts, findings (explained ones on request)."""
        counts = self.checked.counts
        out = self.coverage.lines()
        out.append(f"compared: {counts.parameters} parameters, {counts.fields} fields; "
                   f"{counts.examples} examples parsed ({counts.passed} passed, {counts.failed} failed, "
                   f"{counts.explained} explained), {counts.unreadable} unreadable")
        findings = self.checked.findings
        out += [self.line(f) for f in findings if f.reason is None]
        tally = Counter(f.code for f in findings if f.reason is not None)
        if tally:
            out.append("explained in the spec: " + ", ".join(f"{n} {code}" for code, n in sorted(tally.items())))
        if explained:
            out += [f"{self.line(f)}\n    explained: {f.reason}" for f in findings if f.reason is not None]
        return out

    def line(self, finding: Finding) -> str:
        """One finding: spec line, prose line, where, message and rule."""
        spec = f"{self.view.name}:{self.view.line(finding.pointer) or self.view.line(finding.entry) or '-'}"
        prose = f"{self.coverage.document}:{finding.prose_line}" if finding.prose_line else self.coverage.document
        label = "info" if finding.severity == "info" else "error"
        return f"{label}: {spec} {prose} {finding.where}: {finding.message} [{finding.code}]"


def _load(spec_path: Path) -> Document:
    document = load_document(spec_path)
    if not docspec.looks_like_docspec(document.data):
        raise SpecError(Location(str(spec_path)), "not a doc spec (it has no 'api' key)")
    docspec_schema.validate(document)
    unknown = accept.unknown_rules(document.data)
    if unknown:
        pointer, code = unknown[0]
        raise SpecError(document.location(pointer), f"ignore: {code!r} is not a rule of lint-docs "
                        f"(docs/docspec.md lists them){f' (and {len(unknown) - 1} more)' if len(unknown) > 1 else ''}")
    return document


def _text(doc_path: Path) -> str:
    try:
        return doc_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SpecError(Location(str(doc_path)), f"cannot read the document: {exc}") from exc


def _format(text: str, where: str) -> str:
    try:
        return detect_format(text)
    except ValueError as exc:
        raise SpecError(Location(where), str(exc)) from exc


def check_coverage(spec_path: Path | str, doc_path: Path | str) -> Report:
    """The coverage report of the doc spec at ``spec_path`` against the document at
    ``doc_path``; :class:`SpecError` for unreadable or invalid input."""
    spec_path, doc_path = Path(spec_path), Path(doc_path)
    document = _load(spec_path)
    text = _text(doc_path)
    return _coverage(document, read(text, _format(text, str(doc_path))), doc_path.name)


def _coverage(spec: Document, prose: Prose, document: str, sources: bool = True) -> Report:
    """The coverage report; a Slate page's webhook events count as places a source may name."""
    events = [Endpoint(hook.line, title=hook.name, webhook=True) for hook in prose.hooks if prose.format != "redoc"]
    return compare(spec.data, prose.endpoints, prose.format, spec=spec.name, document=document, events=events,
                   sources=sources)


def lint(spec_path: Path | str, doc_path: Path | str) -> Linted:
    """Both checks of the doc spec at ``spec_path`` against the document at ``doc_path``."""
    doc_path = Path(doc_path)
    return lint_text(spec_path, _text(doc_path), doc_path.name)


def lint_text(spec_path: Path | str, text: str, document: str, sources: bool = True) -> Linted:
    """Both checks against ``text``, read as the document named ``document`` (the seed file
    name the spec's ``source:`` lines cite). Without ``sources``, ``source:`` lines are not
    checked (a live page's lines are not the seed's) and entries are found by path and title."""
    spec = _load(Path(spec_path))
    prose = read(text, _format(text, document))
    api = docspec.parse(spec, name=str(spec.data["api"]))[0]
    view = SpecView(spec, api)
    coverage = _coverage(spec, prose, document, sources)
    checked = check(view, prose, document)
    if sources:  # the examples file is keyed by the seed's lines
        checked.findings += sidecar.stale(view, prose, document)
    return Linted(coverage, checked, view, prose)


def run(spec: Path, doc: Path, explained: bool = False, write_examples: bool = False) -> int:
    """``apigen lint-docs``: print the report; 0 when clean, 1 otherwise (bad input raises).
    With ``write_examples``, first write the document's examples into the spec's examples file."""
    if write_examples:
        sidecar.start(_load(Path(spec)))  # the spec must read before the file has any example
        linted = lint(spec, doc)
        path = sidecar.write(linted.view, linted.prose, Path(doc).name)
        print(terminal_text(f"wrote the examples of {Path(doc).name} to {path}"))
    linted = lint(spec, doc)
    for line in linted.lines(explained):
        print(terminal_text(line))
    return 0 if linted.ok else 1
