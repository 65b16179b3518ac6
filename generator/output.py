"""Write generated packages atomically and tell which files are stale."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

# Files that tools create inside a generated package; they are never stale.
_IGNORED_PARTS = {"__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache"}


def _is_ignored(relative: Path) -> bool:
    return any(part in _IGNORED_PARTS or part.endswith(".egg-info") for part in relative.parts)


def existing_files(folder: Path) -> dict[str, str]:
    """The text files under ``folder`` (relative posix path -> text), tool caches excluded."""
    if not folder.is_dir():
        return {}
    found = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if path.is_file() and not _is_ignored(relative):
            found[relative.as_posix()] = path.read_text(encoding="utf-8", errors="replace")
    return found


def stale_files(folder: Path, files: dict[str, str]) -> list[str]:
    """Paths under ``folder`` that differ from ``files``, are missing, or should not exist."""
    current = existing_files(folder)
    names = sorted(set(current) | set(files))
    return [str(folder / n) for n in names if current.get(n) != files.get(n)]


def write_package(folder: Path, files: dict[str, str]) -> bool:
    """Make ``folder`` hold exactly ``files``; return False when it already did.

    The new tree is written beside the old one and swapped in with renames, so a failure
    part-way never leaves half a package behind.
    """
    if not stale_files(folder, files):
        return False
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    try:
        for name, text in files.items():
            target = staging / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        if folder.exists():
            retired = Path(tempfile.mkdtemp(prefix=f".{folder.name}.old.", dir=folder.parent))
            folder.replace(retired / folder.name)
            staging.replace(folder)
            shutil.rmtree(retired, ignore_errors=True)
        else:
            staging.replace(folder)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return True
