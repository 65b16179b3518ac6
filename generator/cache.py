"""Remember finished generation jobs, so regenerating unchanged APIs skips all the work.

A job's key covers everything its output depends on except the spec's referenced files:
the spec's bytes, the job's options, the template sets' files and the generator's own
code. The referenced files (known only after parsing) are stored with the result and
checked by hash on every lookup, as ``make`` checks dependencies.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from generator.formatting import FORMATTERS, cache_dir, formatter_identity, store_json
from generator.diagnostics import Diagnostic

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


def _entry_path(key: str) -> Path:
    return cache_dir() / "jobs" / f"{key}.json"


def lookup(key: str) -> Result | None:
    """The result stored under ``key``, if every document it read is unchanged."""
    try:
        data = json.loads(_entry_path(key).read_text(encoding="utf-8"))
        if any(not Path(path).is_file() or _sha_file(Path(path)) != sha for path, sha in data["documents"]):
            return None
        return Result(data["files"], data["operations"], data["models"],
                      [Diagnostic.from_data(d) for d in data["diagnostics"]])
    except (OSError, ValueError, KeyError, TypeError):
        return None  # no entry, or one this version cannot read: generate afresh


def store(key: str, result: Result, documents: tuple[tuple[str, str], ...]) -> None:
    """Remember ``result``; a cache that cannot be written is simply not used."""
    store_json(_entry_path(key), {"documents": documents, "files": result.files,
                                  "operations": result.operations, "models": result.models,
                                  "diagnostics": [d.to_data() for d in result.diagnostics]})
