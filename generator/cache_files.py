"""Files in apigen's cache folder: private to the user, and none used unless this user's
apigen wrote it.

What the cache holds becomes code: compiled templates are unmarshalled and run, finished
jobs and formatted modules are written into generated packages. So the cache folder
(``$APIGEN_CACHE``, else ``~/.cache/apigen``) is used only when it belongs to the current
user and no one else may write to it (it is created with mode 0700), and every file in it
carries an HMAC-SHA256 of its name and content under a secret of the user's own (a
``key`` file readable by the owner only). A file planted in the folder, damaged, or
moved to another file's name fails the check and is treated as absent.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import hmac
import os
import stat
import threading
from pathlib import Path

_KEY_FILE = "key"
_KEY_BYTES = 32
_MAC_BYTES = hashlib.sha256().digest_size
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)  # absent on Windows, where there are no symlink games


def cache_dir() -> Path:
    """Where the cache lives (``APIGEN_CACHE`` or the user's cache folder), usable or not."""
    base = os.environ.get("APIGEN_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "apigen")
    return Path(base)


def problem() -> str | None:
    """Why the cache folder cannot be used (then nothing is cached), or None when it can."""
    root = cache_dir()
    unusable = _root_problem(str(root))
    if unusable is None and _key(str(root)) is None:
        return f"cache key {root / _KEY_FILE} is not a file that only you can read"
    return unusable


def _root_problem(root: str) -> str | None:
    """Why the cache folder ``root`` (created if need be) is not private to the user, if so."""
    try:
        Path(root).mkdir(mode=0o700, parents=True, exist_ok=True)
        return _unsafe_folder(Path(root))
    except OSError as exc:
        return f"cache folder {root} cannot be created: {exc.strerror or exc}"


def _unsafe_folder(folder: Path) -> str | None:
    """Why ``folder`` (a symlink is followed) is not private to the current user, if it is not."""
    info = os.stat(folder)
    if not stat.S_ISDIR(info.st_mode):
        return f"cache folder {folder} is not a folder"
    uid = getattr(os, "getuid", None)
    if uid is not None and info.st_uid != uid():
        return f"cache folder {folder} belongs to another user (uid {info.st_uid})"
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return f"cache folder {folder} may be written by other users (mode {stat.S_IMODE(info.st_mode):o})"
    return None


def folder(*parts: str) -> Path | None:
    """The cache's sub-folder ``parts`` (created), or None when the cache cannot be used."""
    if problem() is not None:
        return None
    path = cache_dir().joinpath(*parts)
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        return None if _unsafe_folder(path) else path
    except OSError:
        return None


def read(path: Path) -> bytes | None:
    """The content of the cache file ``path`` when this user's apigen wrote it there, else None."""
    key = _key(str(cache_dir()))
    if key is None:
        return None
    try:
        sealed = path.read_bytes()
    except OSError:
        return None
    mac, content = sealed[:_MAC_BYTES], sealed[_MAC_BYTES:]
    return content if hmac.compare_digest(mac, _mac(key, path, content)) else None


def write(path: Path, content: bytes) -> None:
    """Store ``content`` in the cache file ``path``, signed, whole or not at all (a temporary
    file renamed into place); a cache that cannot be written is simply not used."""
    key = _key(str(cache_dir()))
    if key is None:
        return
    tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        _write_private(tmp, _mac(key, path, content) + content)
        tmp.replace(path)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


def _mac(key: bytes, path: Path, content: bytes) -> bytes:
    """The signature of ``content`` stored as ``path``: its name counts, so that a signed
    file copied over another (a job for another spec) fails the check."""
    return hmac.new(key, path.name.encode("utf-8", "surrogateescape") + b"\0" + content, hashlib.sha256).digest()


def _write_private(path: Path, content: bytes) -> None:
    """Create ``path`` readable and writable by its owner only (never through a symlink)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600)
    with os.fdopen(fd, "wb") as stream:
        stream.write(content)


@functools.cache
def _key(root: str) -> bytes | None:
    """The user's secret for the cache at ``root``, made on first use; None when the
    cache is not private or the key file is not the user's alone."""
    if _root_problem(root) is not None:
        return None
    path = Path(root, _KEY_FILE)
    try:
        return _read_key(path)
    except FileNotFoundError:
        pass
    except OSError:
        return None
    fresh = path.with_name(f"{_KEY_FILE}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        _write_private(fresh, os.urandom(_KEY_BYTES))
        try:
            os.link(fresh, path)  # never replaces a key another process made meanwhile
        except FileExistsError:
            pass
        return _read_key(path)
    except OSError:
        return None
    finally:
        fresh.unlink(missing_ok=True)


def _read_key(path: Path) -> bytes | None:
    """The key in ``path`` if it is a regular file of the user's that no one else may read."""
    fd = os.open(path, os.O_RDONLY | _NOFOLLOW)
    with os.fdopen(fd, "rb") as stream:
        info = os.fstat(stream.fileno())
        uid = getattr(os, "getuid", None)
        private = stat.S_ISREG(info.st_mode) and not info.st_mode & 0o077
        if not private or (uid is not None and info.st_uid != uid()):
            return None
        key = stream.read(_KEY_BYTES + 1)
    return key if len(key) == _KEY_BYTES else None
