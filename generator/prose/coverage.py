"""Endpoint coverage: every endpoint a prose document names has an operation, and every
operation's ``source:`` line still shows its endpoint.

An endpoint counts as covered when an operation has its method and path, or, for ReDoc
headings (and for Slate blocks whose path the spec corrected with ``confidence: inferred``),
when an operation's ``source:`` points at it. A spec may list endpoints it leaves out on
purpose under ``ignored:``, each with a reason; they are reported but are not gaps.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.prose.facts import Endpoint
from generator.prose.match import NEAR, shape, source_line

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")


@dataclass(frozen=True)
class Stale:
    """An operation (or webhook) whose ``source:`` line no longer shows its endpoint."""

    key: str
    source: str
    reason: str


@dataclass
class Report:
    """What :func:`compare` found; ``ok`` when there is no gap."""

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
        """True when nothing is missing and no source is stale."""
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


def _entries(data: dict[str, Any]) -> list[tuple[str, dict[str, Any], bool]]:
    """(key, entry, is webhook) for every operation and webhook of a doc spec."""
    ops = [(key, spec, False) for key, spec in (data.get("operations") or {}).items()]
    hooks = [(key, spec, True) for key, spec in (data.get("webhooks") or {}).items()]
    return ops + hooks


def _method_path(spec: dict[str, Any]) -> tuple[str | None, str | None]:
    method = next((m for m in METHODS if m in spec), None)
    return method, spec.get(method) if method else None


def _ignored(data: dict[str, Any], document: str) -> dict[str, str]:
    """``ignored:`` entries of the spec that apply to ``document``: endpoint text -> reason."""
    chosen = {}
    for item in data.get("ignored") or []:
        doc = item.get("document")
        if doc is None or doc == document:
            chosen[" ".join(str(item["endpoint"]).split())] = str(item["reason"])
    return chosen


def compare(data: dict[str, Any], endpoints: list[Endpoint], fmt: str, *, spec: str,
            document: str, events: list[Endpoint] | None = None, sources: bool = True) -> Report:
    """The coverage report of the doc spec ``data`` against ``endpoints`` of ``document``.

    ``events`` are webhook events of a page that shows them apart from its endpoints (a Slate
    page's Webhook Events): a webhook's source may point at one. Whether each has a webhook
    is a prose check of its own (``webhook-missing``). Without ``sources`` the ``source:``
    lines are not checked (a live page's lines are not the seed's).
    """
    report = Report(spec, document, fmt, endpoints=list(endpoints))
    entries = _entries(data)
    ignored = _ignored(data, document)
    by_route = {(m, shape(p)) for _, e, hook in entries if not hook
                for m, p in [_method_path(e)] if m and p}
    titles = {str(e.get("summary", "")).casefold(): key for key, e, _ in entries if e.get("summary")}
    titled_routes = {(_method_path(e)[0], str(e.get("summary", "")).casefold()) for _, e, hook in entries if not hook}
    sourced: dict[int, list[tuple[str, dict[str, Any]]]] = {}  # line -> entries sourced there
    for key, entry, _ in entries:
        line = source_line(entry, document)
        if line is not None:
            sourced.setdefault(line, []).append((key, entry))

    def near(endpoint: Endpoint) -> list[tuple[str, dict[str, Any]]]:
        """The entries whose source lies within NEAR lines of ``endpoint``."""
        return [item for line in range(endpoint.line - NEAR, endpoint.line + NEAR + 1)
                for item in sourced.get(line, [])]

    for endpoint in endpoints:
        label = str(endpoint) if endpoint.path is not None else str(endpoint.title)
        if label in ignored or str(endpoint) in ignored:
            report.ignored.append((endpoint, ignored.get(label) or ignored[str(endpoint)]))
            continue
        if endpoint.path is not None and (endpoint.method, shape(endpoint.path)) in by_route:
            continue
        found = _by_source(endpoint, near(endpoint))
        if found is not None:
            report.by_source.append((endpoint, found))
        elif not _titled(endpoint, titled_routes, titles):
            report.missing.append(endpoint)

    report.stale = _stale(entries, endpoints + (events or []), document) if sources else []
    return report


def _titled(endpoint: Endpoint, titled_routes: set[tuple[str | None, str]], titles: dict[str, str]) -> bool:
    """True when an entry's summary is the endpoint's heading (of its method, for a path):
    a path the spec corrected, found on a page whose lines are not the seed's, or a ReDoc
    operation."""
    if not endpoint.title:
        return False
    if endpoint.path is not None:
        return (endpoint.method, endpoint.title.casefold()) in titled_routes
    return endpoint.title.casefold() in titles


def _by_source(endpoint: Endpoint, near: list[tuple[str, dict[str, Any]]]) -> str | None:
    """The entry whose source points at ``endpoint``: of its method with a path the spec
    infers (Slate), or of its kind, operation or webhook (ReDoc)."""
    if endpoint.path is not None:
        corrected = [key for key, entry in near
                     if _method_path(entry)[0] == endpoint.method and entry.get("confidence") == "inferred"]
        return corrected[0] if corrected else None
    kind = [key for key, entry in near if ("payload" in entry) == endpoint.webhook]
    return kind[0] if kind else None


def _stale(entries: list[tuple[str, dict[str, Any], bool]], endpoints: list[Endpoint],
           document: str) -> list[Stale]:
    """Entries sourced in ``document`` whose source line does not show their endpoint."""
    at: dict[int, list[Endpoint]] = {}
    for endpoint in endpoints:
        at.setdefault(endpoint.line, []).append(endpoint)
    stale = []
    for key, entry, hook in entries:
        line = source_line(entry, document)
        if line is None:
            continue
        nearby = [e for n in range(line - NEAR, line + NEAR + 1) for e in at.get(n, [])]
        found = _stale_reason(entry, hook, line, nearby)
        if found is not None:
            stale.append(Stale(key, str(entry["source"]), found))
    return stale


def _stale_reason(entry: dict[str, Any], hook: bool, line: int, nearby: list[Endpoint]) -> str | None:
    """Why ``entry`` (sourced at ``line``) does not show near its source, or None when it does."""
    method, path = _method_path(entry)
    if not nearby:
        return f"no endpoint within {NEAR} lines of line {line}"
    if any(e.path is None for e in nearby):  # ReDoc: a heading of the right kind
        if not any(e.webhook == hook for e in nearby if e.path is None):
            shown, wanted = ("operation", "webhook") if hook else ("webhook", "operation")
            return f"line {line} shows a {shown}, not a {wanted}"
        return None
    if hook:
        return None  # webhooks have no method and path to compare
    paths = [e for e in nearby if e.path is not None]
    if any(e.method == method and shape(str(e.path)) == shape(str(path)) for e in paths):
        return None
    if entry.get("confidence") == "inferred" and any(e.method == method for e in paths):
        return None  # a path the spec corrected, with its reason in the note
    return f"line {line} shows {', '.join(str(e) for e in paths)}, not {method} {path}"
