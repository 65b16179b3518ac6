"""Write generated files into an output folder that apigen may share with its user.

apigen owns only the files it wrote. Each output folder holds a manifest,
``.apigen-manifest.json``: a format number and every file apigen wrote there (relative
posix path -> sha256), sorted, so the same files give the same bytes. A run replaces and
deletes only files the manifest lists; anything else in the folder (a ``.venv``, notes,
``.git``, tool caches) is never read as apigen's, overwritten or deleted.

Refused before anything is touched (a ``SpecError`` naming the path; the CLI exits 2):

- an output path that is the current folder or one of its ancestors (``.``, ``..``, ``/``),
  a file, or a path through a file;
- a folder that is not empty and has no manifest, or a file apigen would write that exists,
  differs and is not listed, unless ``force``: it lets apigen's files overwrite same-named
  ones and take ownership of them, but still deletes nothing apigen does not own;
- a manifest that is not one, or that lists a path leaving the folder;
- a symbolic link at or on the way to any path apigen would read as its own, write or delete
  inside the folder (the output folder itself may be one: the user named it).

The guarantee. A run first writes every new or changed file to a temporary name beside its
target (creating the folders it needs). A failure up to there (disk full, permissions,
Ctrl-C) removes those temporaries and folders: the output is byte-for-byte as before. Then
it commits with renames and deletions only: a manifest listing old and new files, each
temporary renamed over its target (atomic per file), the owned files no longer generated
deleted, and the final manifest last. So every file is at every moment either its old or
its new content, and every file apigen has placed is listed in the manifest; a failure
during the commit (a rename refused, a kill) can leave old and new files mixed, which
``--check`` reports and the next run repairs. Unchanged files are not rewritten. (A process
killed outright while staging can leave hidden ``*.apigen-tmp`` files; not being listed,
they are never deleted by apigen either.) ``--check`` plans the same way and refuses the same.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from generator.diagnostics import Location, SpecError

MANIFEST = ".apigen-manifest.json"
_FORMAT = 1
_ABOUT = "Files apigen wrote in this folder; it replaces and deletes only these."
DIFF_FILES, DIFF_LINES = 3, 60  # what --check shows of the stale files' differences


@dataclass(frozen=True)
class _Plan:
    """What a run would change in ``folder``, decided without touching anything."""

    folder: Path
    owned: dict[str, str]  # the folder's manifest today: path -> sha256
    listing: dict[str, str]  # the manifest after this run
    before: dict[str, bytes | None]  # today's bytes of every path considered (None: absent)
    changes: dict[str, bytes | None]  # stale paths -> new bytes (None: an owned file to delete)


def _refuse(path: Path | str, message: str) -> SpecError:
    return SpecError(Location(str(path)), message)


def _listing(files: dict[str, bytes]) -> dict[str, str]:
    return {name: hashlib.sha256(data).hexdigest() for name, data in sorted(files.items())}


def _manifest_bytes(listing: dict[str, str]) -> bytes:
    manifest = {"about": _ABOUT, "format": _FORMAT, "files": dict(sorted(listing.items()))}
    return (json.dumps(manifest, indent=1, sort_keys=True) + "\n").encode()


def _inside(name: str) -> bool:
    """Whether ``name`` is a plain relative path that stays inside its folder."""
    pure = PurePosixPath(name)
    return (bool(name) and pure.as_posix() == name and not pure.is_absolute()
            and not any(c in name for c in "\\\0:") and ".." not in pure.parts)


def _read_manifest(folder: Path, data: bytes | None) -> dict[str, str]:
    """The files a manifest says apigen owns; refuses one it cannot trust."""
    if data is None:
        return {}
    where = folder / MANIFEST
    try:
        manifest = json.loads(data)
    except ValueError:
        manifest = None
    files = manifest.get("files") if isinstance(manifest, dict) and manifest.get("format") == _FORMAT else None
    if not isinstance(files, dict) or not all(isinstance(sha, str) for sha in files.values()):
        raise _refuse(where, f"not an apigen manifest (format {_FORMAT}); remove it if apigen did not write it")
    outside = [name for name in files if not _inside(name) or name == MANIFEST]
    if outside:
        raise _refuse(where, f"lists {outside[0]!r}, outside the folder: refusing to trust it "
                      "(remove it if apigen did not write it)")
    return files


def _check_folder(folder: Path) -> None:
    """Refuse an output path that apigen must not write into; nothing is touched."""
    try:
        # Every file system path is inside its root, so this also refuses '/'.
        if Path.cwd().resolve().is_relative_to(folder.resolve()):
            raise _refuse(folder, "is the current folder or one of its ancestors; "
                          "give apigen an output folder of its own")
    except (OSError, RuntimeError) as exc:  # a vanished working folder, a symlink loop
        raise _refuse(folder, f"cannot resolve it ({exc})") from None
    for path in (folder, *folder.parents):
        if os.path.lexists(path):
            if not path.is_dir():
                raise _refuse(folder, "is a file, not a folder" if path == folder
                              else f"{path} is a file, not a folder")
            return


def _current(folder: Path, name: str) -> bytes | None:
    """The bytes of ``folder/name`` (None when absent), never through a symbolic link."""
    path, parts = folder, name.split("/")
    for index, part in enumerate(parts):
        path = path / part
        try:
            mode = path.lstat().st_mode
        except FileNotFoundError:
            return None
        if stat.S_ISLNK(mode):
            raise _refuse(path, "is a symbolic link; apigen never reads, writes or deletes its files "
                          "through one")
        if index < len(parts) - 1 and not stat.S_ISDIR(mode):
            raise _refuse(path, "is a file where apigen needs a folder")
        if index == len(parts) - 1 and not stat.S_ISREG(mode):
            raise _refuse(path, "is not a plain file where apigen writes one")
    return path.read_bytes()


def _plan(folder: Path, files: dict[str, str], force: bool) -> _Plan:
    """Decide what writing ``files`` into ``folder`` changes, refusing anything unsafe."""
    _check_folder(folder)
    if MANIFEST in files or not all(map(_inside, files)):
        raise _refuse(folder, f"refusing to write a file named {MANIFEST} or outside the folder")
    wanted = {name: text.encode() for name, text in files.items()}
    try:
        manifest = _current(folder, MANIFEST)
        owned = _read_manifest(folder, manifest)
        if manifest is None and folder.is_dir() and any(folder.iterdir()) and not force:
            raise _refuse(folder, f"is not empty and has no {MANIFEST}, so apigen did not write it; "
                          "--force adds apigen's files to it (it never deletes files it did not write)")
        before = {name: _current(folder, name) for name in sorted(set(wanted) | set(owned))}
    except OSError as exc:
        raise _refuse(exc.filename or folder, f"cannot read it ({exc.strerror})") from None
    foreign = [name for name, data in wanted.items()
               if name not in owned and before[name] not in (None, data)]
    if foreign and not force:
        more = f" (and {len(foreign) - 1} more)" if len(foreign) > 1 else ""
        raise _refuse(folder / foreign[0], f"exists and apigen did not write it{more}; "
                      "--force lets apigen overwrite it")
    listing = _listing(wanted)
    new_manifest = _manifest_bytes(listing)
    before[MANIFEST] = manifest
    changes: dict[str, bytes | None] = {name: data for name, data in wanted.items() if before[name] != data}
    changes.update({name: None for name in owned if name not in wanted and before[name] is not None})
    if manifest != new_manifest:
        changes[MANIFEST] = new_manifest
    return _Plan(folder, owned, listing, before, dict(sorted(changes.items())))


def stale_files(folder: Path, files: dict[str, str], *, force: bool = False) -> list[str]:
    """Paths apigen would write or delete under ``folder``: those that differ from ``files``,
    are missing, or are owned (in the manifest) but no longer generated. A file apigen does
    not own is never stale."""
    return [str(folder / name) for name in _plan(folder, files, force).changes]


def check_package(folder: Path, files: dict[str, str], *, force: bool = False) -> tuple[list[str], list[str]]:
    """:func:`stale_files`, and unified diffs of the first :data:`DIFF_FILES` of them
    (the manifest last: it differs whenever another file does)."""
    plan = _plan(folder, files, force)
    shown = sorted(plan.changes, key=lambda name: name == MANIFEST)[:DIFF_FILES]
    diffs = [_diff(folder / name, plan.before[name], plan.changes[name]) for name in shown]
    return [str(folder / name) for name in plan.changes], diffs


def _diff(path: Path, old: bytes | None, new: bytes | None) -> str:
    """A unified diff from the file on disk to the generated one, cut at DIFF_LINES lines."""
    lines = list(difflib.unified_diff(_lines(old), _lines(new),
                                      f"{path} ({'on disk' if old is not None else 'absent'})",
                                      f"{path} ({'generated' if new is not None else 'to delete'})"))
    if len(lines) > DIFF_LINES:
        lines = [*lines[:DIFF_LINES], f"... {len(lines) - DIFF_LINES} more lines\n"]
    return "".join(lines)


def _lines(data: bytes | None) -> list[str]:
    text = (data or b"").decode("utf-8", errors="replace")
    return [line if line.endswith("\n") else line + "\n" for line in text.splitlines(keepends=True)]


def write_package(folder: Path, files: dict[str, str], *, force: bool = False) -> bool:
    """Make apigen's files in ``folder`` exactly ``files``; False when they already were.

    See the module docstring for what is refused and what a failure leaves behind.
    """
    plan = _plan(folder, files, force)
    if not plan.changes:
        return False
    temporaries: list[Path] = []
    created: list[Path] = []
    committing = False
    try:
        renames, last = _stage(plan, temporaries, created)
        committing = True
        _commit(plan, renames, last)
    except BaseException as exc:
        for temporary in temporaries:  # those already renamed are gone
            temporary.unlink(missing_ok=True)
        for path in reversed(created):
            _remove_empty(path)
        if not isinstance(exc, OSError):
            raise
        what = (f"stopped part-way; every file apigen wrote is listed in {MANIFEST}, run it again"
                if committing else "nothing was changed")
        raise _refuse(exc.filename or folder, f"cannot write ({exc.strerror}); {what}") from None
    return True


_Step = tuple[Path, Path]  # (temporary, target)


def _stage(plan: _Plan, temporaries: list[Path], created: list[Path]) -> tuple[list[_Step], _Step | None]:
    """Write every new file beside its target: the renames in commit order, and the final
    manifest's rename when it must come after the deletions."""
    manifest = plan.folder / MANIFEST
    renames: list[_Step] = []
    _make_folders(plan.folder, created)
    final = plan.changes.get(MANIFEST)
    if any(name not in plan.owned for name, data in plan.changes.items() if data is not None):
        # Own the files about to appear before they do, so no failure leaves one unlisted.
        interim = _manifest_bytes({**plan.owned, **plan.listing})
        renames.append((_write_temporary(manifest, interim, temporaries), manifest))
        if interim == final:  # nothing to delete: the interim manifest is the final one
            final = None
    for name, data in plan.changes.items():
        if data is not None and name != MANIFEST:
            target = plan.folder / name
            _make_folders(target.parent, created)
            renames.append((_write_temporary(target, data, temporaries), target))
    last = (_write_temporary(manifest, final, temporaries), manifest) if final is not None else None
    return renames, last


def _commit(plan: _Plan, renames: list[_Step], last: _Step | None) -> None:
    """Rename the staged files into place, delete the owned files no longer generated, then
    rename the final manifest."""
    for temporary, target in renames:
        os.replace(temporary, target)
    for name, data in plan.changes.items():
        if data is None:
            (plan.folder / name).unlink()
            for parent in PurePosixPath(name).parents[:-1]:  # the folders it leaves empty
                if not _remove_empty(plan.folder / parent):
                    break
    if last is not None:
        os.replace(*last)


def _write_temporary(target: Path, data: bytes, temporaries: list[Path]) -> Path:
    """``data`` in a new file beside ``target``, with the mode any new file gets (umask)."""
    temporary = target.with_name(f".{target.name[:64]}.{secrets.token_hex(4)}.apigen-tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    temporaries.append(temporary)
    with open(descriptor, "wb") as stream:
        stream.write(data)
    return temporary


def _make_folders(folder: Path, created: list[Path]) -> None:
    """Create ``folder`` and its missing parents (mode from the umask), recording each."""
    missing = []
    while not folder.is_dir():
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        path.mkdir()
        created.append(path)


def _remove_empty(folder: Path) -> bool:
    """Remove ``folder`` if it is empty; whether it was."""
    try:
        folder.rmdir()
    except OSError:
        return False
    return True
