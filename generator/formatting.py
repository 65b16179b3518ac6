"""Format generated Python with black, caching results by content hash.

Black dominates generation time on large outputs, and its output depends only on its
input, its version and its mode, so a cache keyed by those makes an unchanged
regeneration nearly free. Large batches are formatted in worker processes.
"""

from __future__ import annotations

import hashlib
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import black

from generator.diagnostics import Location, SpecError

MODE = black.Mode(target_versions={black.TargetVersion.PY311}, line_length=100)
_PARALLEL_THRESHOLD = 400_000  # characters of Python; below this, process start-up costs more


def cache_dir() -> Path:
    """Where formatted files are cached (``APIGEN_CACHE`` or the user's cache folder)."""
    base = os.environ.get("APIGEN_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "apigen")
    return Path(base) / f"black-{black.__version__}"


def _key(text: str) -> str:
    return hashlib.sha256(f"{MODE}\0{text}".encode()).hexdigest()


def format_python(name: str, text: str) -> str:
    """``text`` formatted by black; invalid Python raises SpecError naming file and line."""
    try:
        return black.format_str(text, mode=MODE)
    except black.InvalidInput as exc:
        line = _line_of(str(exc))
        raise SpecError(Location(name, line), f"generated code is not valid Python ({exc}); "
                        "this is a bug in the template set") from None


def _line_of(message: str) -> int | None:
    parts = message.split(":")
    return int(parts[1]) if len(parts) > 2 and parts[1].strip().isdigit() else None


def _format_pair(item: tuple[str, str]) -> str:
    return format_python(*item)


def format_files(files: dict[str, str], use_cache: bool = True) -> dict[str, str]:
    """Every ``.py`` file of ``files`` formatted; other files unchanged."""
    folder = cache_dir()
    result = dict(files)
    pending: dict[str, str] = {}
    for name, text in files.items():
        if not name.endswith(".py"):
            continue
        cached = folder / _key(text)
        if use_cache and cached.is_file():
            result[name] = cached.read_text(encoding="utf-8")
        else:
            pending[name] = text
    formatted = _format_all(pending)
    result.update(formatted)
    if use_cache:
        _store(folder, {pending[name]: text for name, text in formatted.items()})
    return result


def _format_all(pending: dict[str, str]) -> dict[str, str]:
    items = sorted(pending.items())
    if sum(len(t) for _, t in items) < _PARALLEL_THRESHOLD or (os.cpu_count() or 1) < 2:
        return {name: format_python(name, text) for name, text in items}
    with ProcessPoolExecutor(max_workers=os.cpu_count()) as pool:
        return dict(zip([n for n, _ in items], pool.map(_format_pair, items, chunksize=4)))


def _store(folder: Path, formatted: dict[str, str]) -> None:
    """Remember formatted texts; a cache that cannot be written is simply not used."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for source, text in formatted.items():
            path = folder / _key(source)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(path)
    except OSError:
        pass
