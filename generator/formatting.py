"""Format generated Python with ruff or black, caching results by content hash.

A template set names its formatter in ``set.yaml``. ``ruff`` (ruff's formatter, set to
black's style) is the default of the Python set: it formats a whole package in one process
a few hundred times faster than black, which otherwise dominates generation time. ``black``
stays available to any set. The templates avoid the few constructs where the two
disagree, and the tests check that black leaves every generated file unchanged.

A formatter's output depends only on its input, its version and its options, so a cache
keyed by those makes an unchanged regeneration nearly free.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import tempfile
import threading
from collections.abc import Callable
from functools import cache
from pathlib import Path

from generator import cache_files
from generator.diagnostics import Location, SpecError

LINE_LENGTH = 100
_BLACK_PARALLEL_THRESHOLD = 400_000  # characters of Python; below this, process start-up costs more
# ruff reports a file it cannot parse as "error: Failed to parse 12.py:3:5: message".
_RUFF_PARSE_ERROR = re.compile(r"Failed to parse (?:.*[/\\])?(\d+)\.py:(\d+):\d+: (.*)")


@cache
def formatter_identity(formatter: str) -> str:
    """The formatter's build and options: everything its output depends on."""
    return f"{formatter}-{_BUILDS[formatter]()}-py311-{LINE_LENGTH}"


def _ruff_build() -> str:
    """ruff's binary by size and modification time: installing another ruff replaces it.

    (importlib.metadata would give the version, but importing it costs more than the
    whole of an unchanged regeneration's other work.)
    """
    try:
        stats = os.stat(_ruff_binary())
    except (SpecError, OSError):
        return "missing"  # reported when a set actually uses it
    return f"{stats.st_size}-{stats.st_mtime_ns}"


def _black_build() -> str:
    """black's version, from the one-line module black ships for that purpose."""
    try:
        from _black_version import version  # type: ignore[import-untyped]
    except ImportError:
        return "missing"  # reported when a set actually uses it
    return str(version)


def format_files(files: dict[str, str], formatter: str, cache_name: str | None = None,
                 prune_imports: bool = False) -> dict[str, str]:
    """Every ``.py`` file of ``files`` formatted by ``formatter``; other files unchanged.

    With ``prune_imports``, imports a module does not use are removed first (ruff's F401
    fix), except in ``__init__.py``, whose imports are what the package exports. Templates
    may then import everything a module could need, rather than compute what it does.

    With ``cache_name`` (an output folder and template set), the formatted files are kept
    together under that name, so the next call with it formats only the files whose text
    changed. One file per output, not one per module: on some disks creating a file costs
    as much as formatting it. Generated code that does not parse raises SpecError naming
    the file and line.
    """
    keys = {name: _key(text) for name, text in files.items() if name.endswith(".py")}
    if cache_name is not None and prune_imports:
        cache_name += f"\0pruned {_PRUNE_RULES}"  # a pack holds one kind of output
    pack = _pack_path(formatter, cache_name) if cache_name is not None else None
    remembered = _read_pack(pack) if pack is not None else {}
    result = dict(files)
    pending = {name: files[name] for name, key in keys.items() if key not in remembered}
    result.update({name: remembered[key] for name, key in keys.items() if key in remembered})
    if pending and prune_imports:
        pending = pending | _prune_imports({n: t for n, t in pending.items() if not n.endswith("__init__.py")})
    result.update(FORMATTERS[formatter](pending) if pending else {})
    if pack is not None and (pending or remembered.keys() != set(keys.values())):
        store_json(pack, {key: result[name] for name, key in keys.items()})
    return result


def _key(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _pack_path(formatter: str, cache_name: str) -> Path | None:
    """Where the formatted files of ``cache_name`` are kept; None when nothing can be cached."""
    folder = cache_files.folder("formatted", formatter_identity(formatter))
    return folder / f"{_key(cache_name)}.json" if folder is not None else None


def _read_pack(path: Path) -> dict[str, str]:
    """Formatted texts by the sha256 of their input; empty when there is no usable pack.

    The pack is signed (:mod:`generator.cache_files`), so it holds only what this user's
    apigen formatted: a planted one cannot swap the formatted text of some input for code
    of its own.
    """
    content = cache_files.read(path)
    try:
        data = json.loads(content) if content is not None else None
    except ValueError:
        return {}
    if not isinstance(data, dict) or not all(isinstance(text, str) for text in data.values()):
        return {}
    return data


def store_json(path: Path, data: object) -> None:
    """Write ``data`` to the cache file ``path`` as signed JSON; a cache that cannot be
    written is simply not used."""
    cache_files.write(path, json.dumps(data).encode("utf-8"))


def _not_python(name: str, line: int | None, problem: str) -> SpecError:
    return SpecError(Location(name, line), f"generated code is not valid Python ({problem}); "
                     "this is a bug in the template set")


def _ruff_all(pending: dict[str, str]) -> dict[str, str]:
    """Every file formatted by one ruff process in black's style."""
    return _run_ruff(pending, ["format", f"--line-length={LINE_LENGTH}"])


# Unused imports (F401), then import order (I001): see _prune_imports.
_PRUNE_RULES = "F401,I001"


def _prune_imports(pending: dict[str, str]) -> dict[str, str]:
    """Every file without the imports it does not use, its imports then sorted as isort's
    black profile does (one ``ruff check --fix-only`` process): removing an import can leave
    blank lines that ruff's formatter keeps and black's does not; sorting settles them."""
    return _run_ruff(pending, ["check", "--fix-only", f"--select={_PRUNE_RULES}", "--quiet"]) if pending else {}


def _run_ruff(pending: dict[str, str], command: list[str]) -> dict[str, str]:
    """Every file after one ``ruff COMMAND`` over numbered copies in a scratch folder.

    Numbered names keep ruff's default exclusions (``build/``, ``dist/``…) from skipping a
    package that happens to be called so, and map its messages back to our names.
    """
    names = sorted(pending)
    size = sum(len(text) for text in pending.values())
    with tempfile.TemporaryDirectory(prefix="apigen-ruff-", dir=_scratch_parent(size)) as scratch:
        paths = [Path(scratch, f"{index}.py") for index in range(len(names))]
        for path, name in zip(paths, names):
            path.write_text(pending[name], encoding="utf-8")
        done = subprocess.run(
            [_ruff_binary(), command[0], "--isolated", "--no-cache", "--target-version=py311", *command[1:],
             *map(str, paths)],
            capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise _ruff_failure(done.stderr, names)
        return {name: path.read_text(encoding="utf-8") for path, name in zip(paths, names)}


def _scratch_parent(size: int) -> str | None:
    """A memory-backed folder for ``size`` characters of scratch files, when there is one.

    On disk, deleting the files ruff has rewritten can cost more than formatting them
    (1.5 ms a file on ext4 mounted with ``discard``); in memory it is free. None means the
    usual temporary folder.
    """
    shm = "/dev/shm"
    try:
        stats = os.statvfs(shm)
    except OSError:
        return None
    room = stats.f_bavail * stats.f_frsize
    return shm if os.access(shm, os.W_OK) and room > 8 * size else None


def _ruff_failure(stderr: str, names: list[str]) -> SpecError:
    match = _RUFF_PARSE_ERROR.search(stderr)
    if match:
        return _not_python(names[int(match.group(1))], int(match.group(2)), match.group(3))
    return SpecError(Location("ruff"), f"ruff format failed: {stderr.strip() or 'no message'}")


def _ruff_binary() -> str:
    """The ruff wheel's own binary, whatever PATH says."""
    # find_ruff_bin reads sysconfig, whose lazy set-up is not thread-safe (corpus checks
    # generate in threads): the first lookup happens under a lock, later ones are cached.
    with _RUFF_LOOKUP:
        return _find_ruff()


_RUFF_LOOKUP = threading.Lock()


@cache
def _find_ruff() -> str:
    try:
        from ruff.__main__ import find_ruff_bin  # type: ignore[import-untyped]

        return os.fsdecode(find_ruff_bin())
    except (ImportError, FileNotFoundError):
        raise SpecError(Location("ruff"), "the ruff formatter is not installed (pip install ruff)") from None


def _black_all(pending: dict[str, str]) -> dict[str, str]:
    items = sorted(pending.items())
    if sum(len(t) for _, t in items) < _BLACK_PARALLEL_THRESHOLD or (os.cpu_count() or 1) < 2:
        return {name: black_format(name, text) for name, text in items}
    from concurrent.futures import ProcessPoolExecutor  # only black's large jobs need it

    with ProcessPoolExecutor(max_workers=os.cpu_count()) as pool:
        return dict(zip([n for n, _ in items], pool.map(_black_pair, items, chunksize=4)))


def black_format(name: str, text: str) -> str:
    """``text`` formatted by black with the project's options."""
    try:  # imported on demand: black takes a third of a second and most runs use ruff
        from black import format_str
        from black.mode import Mode, TargetVersion
        from black.parsing import InvalidInput
    except ImportError:
        raise SpecError(Location("black"), "the black formatter is not installed (pip install black)") from None

    mode = Mode(target_versions={TargetVersion.PY311}, line_length=LINE_LENGTH)
    try:
        return format_str(text, mode=mode)
    except InvalidInput as exc:
        parts = str(exc).split(":")
        line = int(parts[1]) if len(parts) > 2 and parts[1].strip().isdigit() else None
        raise _not_python(name, line, str(exc)) from None


def _black_pair(item: tuple[str, str]) -> str:
    return black_format(*item)


# The formatters a template set may name in its manifest.
FORMATTERS: dict[str, Callable[[dict[str, str]], dict[str, str]]] = {"black": _black_all, "ruff": _ruff_all}
_BUILDS: dict[str, Callable[[], str]] = {"black": _black_build, "ruff": _ruff_build}
