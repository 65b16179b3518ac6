"""Compare each registered API's pinned spec with its upstream source.

An OpenAPI API's upstream is the published document (an https URL, or a file path relative
to the project root): it is fetched and diffed against the pinned spec, OLD = pinned and
NEW = upstream, so "removed" means the pinned spec has something upstream no longer has.

A doc-spec API's upstream is its public documentation page: it is fetched, reduced to text
as the seed documents were made (:mod:`generator.prose.html`), read as the document its
``source:`` lines cite (the registry's ``document:``), and checked by ``apigen lint-docs``
(:mod:`generator.commands.lint_docs`): endpoints missing or moved, parameters, examples.
Each gap and each finding the spec does not explain is a change; a response example the
spec's types cannot parse breaks existing clients, the rest need a spec edit but break none.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path, PurePosixPath
from urllib.parse import urlparse

from generator.registry import Entry
from generator.diagnostics import Location, SpecError
from generator.diff import Change, diff_apis
from generator.pipeline import load
from generator.diff.report import Section

DEFAULT_TIMEOUT = 30.0


class FetchError(Exception):
    """An upstream document that could not be read, with a message for the user."""


def check_entries(entries: list[Entry], root: Path, timeout: float = DEFAULT_TIMEOUT) -> list[Section]:
    """One report section per registered API with an ``upstream:``, in the given order."""
    sections = []
    for entry in entries:
        if entry.upstream is None:
            continue
        if sys.stderr.isatty():  # progress on a terminal only; CI logs stay quiet
            print(f"checking {entry.name} against {entry.upstream}…", file=sys.stderr)
        sections.append(check_entry(entry, root, timeout))
    return sections


def check_entry(entry: Entry, root: Path, timeout: float = DEFAULT_TIMEOUT) -> Section:
    """The drift of one API: a diff for OpenAPI, a coverage check for a doc spec."""
    assert entry.upstream is not None  # check_entries skips APIs without an upstream
    title, origin = entry.name, entry.upstream
    try:
        if entry.kind == "docspec":
            return _coverage(entry, root, timeout)
        pinned = load(root / entry.spec, name=entry.name, kind=entry.kind, label=entry.label)[0]
        with tempfile.TemporaryDirectory(prefix="apigen-drift-") as folder:
            upstream = _local_copy(entry.upstream, root, Path(folder), timeout)
            latest = load(upstream, name=entry.name, kind=entry.kind)[0]
    except FetchError as exc:
        return Section(title, note=str(exc), origin=origin, failed=True)
    except SpecError as exc:
        return Section(title, note=f"cannot read: {exc}", origin=origin, failed=True)
    return Section(title, tuple(diff_apis(pinned, latest)), origin=origin)


def fetch(url: str, timeout: float = DEFAULT_TIMEOUT) -> bytes:
    """The bytes at an http(s) ``url``; a FetchError says why not (offline, HTTP status)."""
    # Imported here: urllib.request pulls in http.client and ssl, which every other
    # command (generate above all) would pay for at start-up.
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310
            data: bytes = response.read()
            return data
    except urllib.error.HTTPError as exc:
        raise FetchError(f"cannot fetch {url}: HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise FetchError(f"cannot fetch {url}: {reason} (offline, or blocked by a proxy?)") from None


def _local_copy(source: str, root: Path, folder: Path, timeout: float) -> Path:
    """A file holding the upstream document: a URL is fetched into ``folder``."""
    if urlparse(source).scheme not in ("http", "https"):
        path = root / source
        if not path.is_file():
            raise FetchError(f"cannot read {path}: no such file")
        return path
    # Keep the published file name: the loader and error messages show it.
    path = folder / (PurePosixPath(urlparse(source).path).name or "upstream.yaml")
    path.write_bytes(fetch(source, timeout))
    return path


def _coverage(entry: Entry, root: Path, timeout: float = DEFAULT_TIMEOUT) -> Section:
    """The doc spec against its documentation page: coverage gaps and prose findings."""
    assert entry.upstream is not None
    try:
        text = _page_text(entry.upstream, root, timeout)
    except FetchError as exc:
        raise FetchError(f"{exc}; the page is checked online only: offline, save it and run "
                         f"apigen lint-docs {entry.spec.as_posix()} PAGE") from None
    document = entry.document or PurePosixPath(urlparse(entry.upstream).path).name or "upstream"
    from generator.commands.lint_docs import lint_text  # its patterns cost every command's start-up

    # The page's lines are not the seed's: its entries are found by path and title instead.
    linted = lint_text(root / entry.spec, text, document, sources=False)
    report = linted.coverage
    # A gap needs a spec edit, but it breaks no existing client: clients lack, never misuse.
    changes = [Change(str(e), "coverage-missing", f"{document}:{e.line} documents it; "
                      "the spec lacks it") for e in report.missing]
    changes += [Change(f.where, f"prose-{f.code}", f"{document}:{f.prose_line or '-'}: {f.message}")
                for f in linted.checked.findings if f.failing]
    return Section(entry.name, tuple(changes), origin=entry.upstream)


def _page_text(upstream: str, root: Path, timeout: float) -> str:
    """The text of a doc spec's upstream page: fetched (an http(s) URL) or read (a file
    under the project root), and reduced to text when it is HTML."""
    if urlparse(upstream).scheme in ("http", "https"):
        raw = fetch(upstream, timeout)
    else:
        path = root / upstream
        if not path.is_file():
            raise FetchError(f"cannot read {path}: no such file")
        raw = path.read_bytes()
    text = raw.decode("utf-8", errors="replace")
    from generator.prose import html  # only doc-spec drift needs the HTML reader

    return html.reduce(text) if html.looks_like_html(text) else text


def select(registry: dict[str, Entry], names: list[str], where: Path) -> list[Entry]:
    """The entries named (every one with an upstream when none is), or a SpecError."""
    unknown = [n for n in names if n not in registry]
    if unknown:
        known = ", ".join(sorted(registry)) or "none"
        raise SpecError(Location(str(where)), f"not a registered API: {', '.join(unknown)} "
                        f"(registered: {known})")
    chosen = [registry[n] for n in names] if names else [registry[n] for n in sorted(registry)]
    missing = [e.name for e in chosen if e.upstream is None and names]
    if missing:
        raise SpecError(Location(str(where)), f"no 'upstream:' for {', '.join(missing)}")
    return chosen
