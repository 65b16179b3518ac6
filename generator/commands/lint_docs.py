"""Check a doc spec against the prose document it was written from: ``apigen lint-docs SPEC DOC``.

The document names endpoints in one of the formats our sources use; the check lists every
endpoint it names that the spec lacks, and every operation whose ``source:`` line no longer
shows its endpoint (the document moved or changed under the spec). Formats, detected from the
text:

- ``slate``: a rendered Slate page (Ontraport): a ``Request Endpoint`` or ``Request URL`` line,
  then ``METHOD https://host/1/path``. Endpoints are method and path, letter case kept
  (``/Form`` and ``/form`` are different endpoints).
- ``blueprint``: a rendered API Blueprint page: ``METHOD/path{?query}`` lines.
- ``redoc``: a rendered ReDoc page, which shows no paths: each operation is the heading above
  its ``Authorizations:`` line; a heading ending in `` Webhook`` is an outgoing webhook.

An endpoint counts as covered when an operation has its method and path, or, for ReDoc headings
(and for Slate blocks whose path the spec corrected with ``confidence: inferred``), when an
operation's ``source:`` points at it. A spec may list endpoints it leaves out on purpose under
``ignored:``, each with a reason; they are reported but are not gaps.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.diagnostics import Location, SpecError
from generator.documents import load_document
from generator.parsers import docspec, docspec_schema

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
NEAR = 3  # how many lines a source may be off its endpoint and still show it
_SLATE_LABEL = re.compile(r"^\s*Request (Endpoint|URL)\s*$")
_SLATE_LINE = re.compile(rf"^\s*({'|'.join(METHODS)})\s+(?:https?:)?//[^/\s]*(/\S*)\s*$")
_BLUEPRINT_LINE = re.compile(rf"^\s*({'|'.join(METHODS)})\s?(/\S*)\s*$")
_PLACEHOLDER = re.compile(r"\{[^{}?]*\}")


@dataclass(frozen=True)
class Endpoint:
    """An endpoint the document names: ``method`` and ``path`` (``None`` for ReDoc headings,
    which carry a ``title`` instead) and the 1-based line naming it."""

    line: int
    method: str | None = None
    path: str | None = None
    title: str | None = None
    webhook: bool = False

    def __str__(self) -> str:
        if self.path is not None:
            return f"{self.method} {self.path}"
        return f"{'webhook' if self.webhook else 'operation'} {self.title!r}"


@dataclass(frozen=True)
class Stale:
    """An operation (or webhook) whose ``source:`` line no longer shows its endpoint."""

    key: str
    source: str
    reason: str


@dataclass
class Report:
    """What :func:`check_coverage` found; ``ok`` when there is no gap."""

    spec: str
    document: str
    format: str
    endpoints: list[Endpoint] = field(default_factory=list)
    missing: list[Endpoint] = field(default_factory=list)
    stale: list[Stale] = field(default_factory=list)
    ignored: list[tuple[Endpoint, str]] = field(default_factory=list)
    by_source: list[tuple[Endpoint, str]] = field(default_factory=list)  # covered via source only

    @property
    def ok(self) -> bool:
        return not self.missing and not self.stale

    def lines(self) -> list[str]:
        """The report as text lines, gaps first."""
        out = [f"{self.document}: {self.format} format, {len(self.endpoints)} endpoints; "
               f"{self.spec}: {len(self.missing)} missing, {len(self.stale)} stale source(s)"]
        out += [f"missing: {e} ({self.document}:{e.line})" for e in self.missing]
        out += [f"stale: {s.key} (source {s.source}): {s.reason}" for s in self.stale]
        out += [f"ignored: {e} ({self.document}:{e.line}): {reason}" for e, reason in self.ignored]
        out += [f"corrected: {e} ({self.document}:{e.line}) is {key}, whose path the spec infers"
                for e, key in self.by_source if e.path is not None]
        return out


# --- reading documents ---------------------------------------------------------------------


def detect_format(text: str) -> str:
    """``slate``, ``blueprint`` or ``redoc``; :class:`ValueError` when the text is none of them."""
    lines = text.splitlines()
    if any(_SLATE_LABEL.match(line) for line in lines):
        return "slate"
    if any(_BLUEPRINT_LINE.match(line) for line in lines):
        return "blueprint"
    if any(line.strip() == "Authorizations:" for line in lines):
        return "redoc"
    raise ValueError("no endpoints in a known format (Slate 'Request Endpoint' blocks, "
                     "API Blueprint 'METHOD/path' lines or ReDoc 'Authorizations:' operations)")


def extract(text: str, fmt: str | None = None) -> list[Endpoint]:
    """Every endpoint ``text`` names, in document order."""
    fmt = fmt or detect_format(text)
    lines = text.splitlines()
    if fmt == "slate":
        return _slate(lines)
    if fmt == "blueprint":
        return _blueprint(lines)
    if fmt == "redoc":
        return _redoc(lines)
    raise ValueError(f"unknown document format {fmt!r}")


def _slate(lines: list[str]) -> list[Endpoint]:
    found = []
    for index, line in enumerate(lines):
        if not _SLATE_LABEL.match(line):
            continue
        for offset in range(index + 1, min(index + 4, len(lines))):  # the next non-empty line
            if lines[offset].strip():
                match = _SLATE_LINE.match(lines[offset])
                if match:
                    found.append(Endpoint(offset + 1, match.group(1), _slate_path(match.group(2))))
                break
    return found


def _slate_path(path: str) -> str:
    """The path below the version prefix: ``/1/Contacts`` -> ``/Contacts``."""
    path = path.split("?", 1)[0].rstrip("/") or "/"
    return re.sub(r"^/\d+(?=/|$)", "", path) or "/"


def _blueprint(lines: list[str]) -> list[Endpoint]:
    found = []
    for index, line in enumerate(lines):
        match = _BLUEPRINT_LINE.match(line)
        if match:
            path = re.sub(r"\{\?[^}]*\}", "", match.group(2))  # {?limit} is a query template
            found.append(Endpoint(index + 1, match.group(1), path))
    return found


def _redoc(lines: list[str]) -> list[Endpoint]:
    """Each heading above an ``Authorizations:`` line: walk back over the description's
    paragraphs (sentences end with a period) to the first line that is not one."""
    found = []
    for index, line in enumerate(lines):
        if line.strip() != "Authorizations:":
            continue
        cursor = index - 1
        heading = None
        while cursor >= 0:
            text = lines[cursor].strip()
            if text and not text.endswith((".", ":", ")")) or text and cursor == 0:
                heading = cursor
                break
            cursor -= 1
        if heading is not None:
            title = lines[heading].strip()
            webhook = title.endswith(" Webhook")
            found.append(Endpoint(heading + 1, title=title.removesuffix(" Webhook") if webhook else title,
                                  webhook=webhook))
    return found


# --- comparing ------------------------------------------------------------------------------


def _shape(path: str) -> str:
    """A path with its placeholders unnamed, so /contacts/{id} matches /contacts/{contactId}."""
    return _PLACEHOLDER.sub("{}", path)


def _entries(data: dict[str, Any]) -> list[tuple[str, dict[str, Any], bool]]:
    """(key, entry, is webhook) for every operation and webhook of a doc spec."""
    ops = [(key, spec, False) for key, spec in (data.get("operations") or {}).items()]
    hooks = [(key, spec, True) for key, spec in (data.get("webhooks") or {}).items()]
    return ops + hooks


def _method_path(spec: dict[str, Any]) -> tuple[str | None, str | None]:
    method = next((m for m in METHODS if m in spec), None)
    return method, spec.get(method) if method else None


def _source_line(spec: dict[str, Any], document: str) -> int | None:
    """The line an entry's ``source:`` names in ``document``, or None for another document."""
    file, _, line = str(spec.get("source", "")).rpartition(":")
    return int(line) if file == document and line.isdigit() else None


def _ignored(data: dict[str, Any], document: str) -> dict[str, str]:
    """``ignored:`` entries of the spec that apply to ``document``: endpoint text -> reason."""
    chosen = {}
    for item in data.get("ignored") or []:
        doc = item.get("document")
        if doc is None or doc == document:
            chosen[" ".join(str(item["endpoint"]).split())] = str(item["reason"])
    return chosen


def compare(data: dict[str, Any], endpoints: list[Endpoint], fmt: str, *, spec: str,
            document: str) -> Report:
    """The coverage report of the doc spec ``data`` against ``endpoints`` of ``document``."""
    report = Report(spec, document, fmt, endpoints=list(endpoints))
    entries = _entries(data)
    ignored = _ignored(data, document)
    by_route = {(m, _shape(p)) for _, e, hook in entries if not hook
                for m, p in [_method_path(e)] if m and p}
    titles = {str(e.get("summary", "")).casefold(): key for key, e, _ in entries if e.get("summary")}
    sourced: dict[int, list[tuple[str, dict[str, Any]]]] = {}  # line -> entries sourced there
    for key, entry, _ in entries:
        line = _source_line(entry, document)
        if line is not None:
            sourced.setdefault(line, []).append((key, entry))

    def near(endpoint: Endpoint) -> list[tuple[str, dict[str, Any]]]:
        return [item for line in range(endpoint.line - NEAR, endpoint.line + NEAR + 1)
                for item in sourced.get(line, [])]

    for endpoint in endpoints:
        label = str(endpoint) if endpoint.path is not None else str(endpoint.title)
        if label in ignored or str(endpoint) in ignored:
            report.ignored.append((endpoint, ignored.get(label) or ignored[str(endpoint)]))
            continue
        if endpoint.path is not None:
            if (endpoint.method, _shape(endpoint.path)) in by_route:
                continue
            corrected = [key for key, entry in near(endpoint)
                         if _method_path(entry)[0] == endpoint.method
                         and entry.get("confidence") == "inferred"]
            if corrected:
                report.by_source.append((endpoint, corrected[0]))
                continue
        else:
            kind = [key for key, entry in near(endpoint)
                    if ("payload" in entry) == endpoint.webhook]
            if kind:
                report.by_source.append((endpoint, kind[0]))
                continue
            if endpoint.title and endpoint.title.casefold() in titles:
                continue
        report.missing.append(endpoint)

    report.stale = _stale(entries, endpoints, document)
    return report


def _stale(entries: list[tuple[str, dict[str, Any], bool]], endpoints: list[Endpoint],
           document: str) -> list[Stale]:
    """Entries sourced in ``document`` whose source line does not show their endpoint."""
    at: dict[int, list[Endpoint]] = {}
    for endpoint in endpoints:
        at.setdefault(endpoint.line, []).append(endpoint)
    stale = []
    for key, entry, hook in entries:
        line = _source_line(entry, document)
        if line is None:
            continue
        nearby = [e for n in range(line - NEAR, line + NEAR + 1) for e in at.get(n, [])]
        method, path = _method_path(entry)
        source = str(entry["source"])
        if not nearby:
            stale.append(Stale(key, source, "no endpoint within "
                               f"{NEAR} lines of line {line}"))
            continue
        if any(e.path is None for e in nearby):  # ReDoc: a heading of the right kind
            if not any(e.webhook == hook for e in nearby if e.path is None):
                stale.append(Stale(key, source, f"line {line} shows a "
                                   f"{'operation' if hook else 'webhook'}, not a {'webhook' if hook else 'operation'}"))
            continue
        if hook:
            continue  # webhooks have no method and path to compare
        shown = [e for e in nearby if e.path is not None]
        if any(e.method == method and _shape(str(e.path)) == _shape(str(path)) for e in shown):
            continue
        if entry.get("confidence") == "inferred" and any(e.method == method for e in shown):
            continue  # a path the spec corrected, with its reason in the note
        stale.append(Stale(key, source, f"line {line} shows "
                           f"{', '.join(str(e) for e in shown)}, not {method} {path}"))
    return stale


def check_coverage(spec_path: Path | str, doc_path: Path | str) -> Report:
    """Compare the doc spec at ``spec_path`` with the prose document at ``doc_path``.

    Raises :class:`SpecError` for an unreadable or invalid spec, an unreadable document or a
    document in no known format.
    """
    spec_path, doc_path = Path(spec_path), Path(doc_path)
    document = load_document(spec_path)
    if not docspec.looks_like_docspec(document.data):
        raise SpecError(Location(str(spec_path)), "not a doc spec (it has no 'api' key)")
    docspec_schema.validate(document)
    try:
        text = doc_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SpecError(Location(str(doc_path)), f"cannot read the document: {exc}") from exc
    try:
        fmt = detect_format(text)
    except ValueError as exc:
        raise SpecError(Location(str(doc_path)), str(exc)) from exc
    return compare(document.data, extract(text, fmt), fmt, spec=document.name,
                   document=doc_path.name)


def run(spec: Path, doc: Path) -> int:
    """``apigen lint-docs``: print the report; 0 when clean, 1 on a gap (bad input raises)."""
    report = check_coverage(spec, doc)
    for line in report.lines():
        print(line)
    return 0 if report.ok else 1
