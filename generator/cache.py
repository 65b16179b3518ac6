"""Remember finished generation jobs, so regenerating unchanged APIs skips all the work.

A job's key covers everything its output depends on except the spec's referenced files:
the spec's bytes, the job's options, the template sets' files and the generator's own
code. The referenced files (known only after parsing) are stored with the result and
checked by hash on every lookup, as ``make`` checks dependencies.

An entry is written into a package, so it is used only when this user's apigen signed it
(:mod:`generator.cache_files`) and its file names pass the same check as fresh ones
(:func:`~generator.render.safe_relative`); any other entry is discarded and the job
generated afresh.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from generator import cache_files
from generator.diagnostics import Diagnostic, SpecError
from generator.formatting import FORMATTERS, formatter_identity, store_json
from generator.render import safe_relative

_GENERATOR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Result:
    """A finished job: its files and what the user was told about it."""

    files: dict[str, str]
    operations: int
    models: int
    diagnostics: list[Diagnostic]


def _sha_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _tree_digest(folder: Path) -> str:
    """A digest of every file below ``folder`` (names and contents)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@cache
def _toolkit_digest() -> str:
    """The generator's code and built-in templates (they live inside it) and the formatters:
    a change to any invalidates the cache."""
    parts = [_tree_digest(_GENERATOR), *map(formatter_identity, FORMATTERS)]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def job_key(spec: Path, options: dict[str, object], overrides: Path | None) -> str:
    """The key of a job generating ``spec`` with ``options`` (name, package, sets, label…)."""
    parts = [_toolkit_digest(), _sha_file(spec), json.dumps(options, sort_keys=True, default=str)]
    if overrides is not None and overrides.is_dir():
        parts.append(_tree_digest(overrides))
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _entry_path(key: str) -> Path | None:
    folder = cache_files.folder("jobs")
    return folder / f"{key}.json" if folder is not None else None


def lookup(key: str) -> Result | None:
    """The result stored under ``key``, if every document it read is unchanged."""
    path = _entry_path(key)
    content = cache_files.read(path) if path is not None else None
    if content is None:
        return None
    try:
        data = json.loads(content)
        if any(not Path(path).is_file() or _sha_file(Path(path)) != sha for path, sha in data["documents"]):
            return None
        result = Result(data["files"], data["operations"], data["models"],
                        [Diagnostic.from_data(d) for d in data["diagnostics"]])
    except (OSError, ValueError, KeyError, TypeError):
        return None  # an entry this version cannot read: generate afresh
    return result if _well_formed(result) else None


def _well_formed(result: Result) -> bool:
    """Whether ``result`` has the shape a job gives, every file inside the output folder."""
    if not (isinstance(result.files, dict) and isinstance(result.diagnostics, list)
            and all(isinstance(text, str) for text in result.files.values())
            and type(result.operations) is int and type(result.models) is int):
        return False
    try:
        return all(isinstance(name, str) and safe_relative(name, "cache") == name for name in result.files)
    except SpecError:
        return False


def store(key: str, result: Result, documents: tuple[tuple[str, str], ...]) -> None:
    """Remember ``result``; a cache that cannot be written is simply not used."""
    path = _entry_path(key)
    if path is None:
        return
    store_json(path, {"documents": documents, "files": result.files, "operations": result.operations,
                      "models": result.models, "diagnostics": [d.to_data() for d in result.diagnostics]})
