"""Compare each registered API's pinned spec with its upstream source.

An OpenAPI API's upstream is the published document (an https URL, or a file path relative
to the project root): it is fetched and diffed against the pinned spec, OLD = pinned and
NEW = upstream, so "removed" means the pinned spec has something upstream no longer has.
A doc-spec API's upstream is the prose page; it is checked by
the coverage check (:mod:`generator.commands.lint_docs`); a models-only doc spec names no endpoints
and is reported as not checked.
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
            return _coverage(entry, root)
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


def _coverage(entry: Entry, root: Path) -> Section:
    """The doc spec against its prose page; its report lists what is missing or stale."""
    assert entry.upstream is not None
    spec = load(root / entry.spec, name=entry.name, kind=entry.kind, label=entry.label)[0]
    if not spec.operations:  # a models-only reference (Webflow v1) names no endpoints to cover
        return Section(entry.name, note="models only: no endpoints to check", origin=entry.upstream,
                       checked=False)
    prose = root / entry.upstream
    if not prose.is_file():
        raise FetchError(f"cannot read {prose}: no such file")
    from generator.commands.lint_docs import check_coverage  # its patterns cost every command's start-up

    report = check_coverage(root / entry.spec, prose)
    # A gap needs a spec edit, but it breaks no existing client: clients lack, never misuse.
    changes = [Change(str(e), "coverage-missing", f"{prose.name}:{e.line} documents it; "
                      "the spec lacks it") for e in report.missing]
    changes += [Change(s.key, "coverage-stale", f"source {s.source}: {s.reason}")
                for s in report.stale]
    return Section(entry.name, tuple(changes), origin=entry.upstream)


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
