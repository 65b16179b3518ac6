"""Fresh virtual environments, for the tests that install what they check as a user would."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest


def new_venv(folder: Path) -> Path:
    """A new virtual environment with pip at ``folder``; returns its interpreter.

    Skips the test when this Python cannot make one: ``venv`` or ``ensurepip`` is missing
    (Debian ships them apart, as python3-venv). Any other failure fails the test.
    """
    missing = [name for name in ("venv", "ensurepip") if importlib.util.find_spec(name) is None]
    if missing:
        pytest.skip(f"this Python has no {' or '.join(missing)}, so no virtual environment can be made")
    made = subprocess.run([sys.executable, "-m", "venv", str(folder)], capture_output=True, text=True,
                          timeout=300)
    if made.returncode != 0 and "ensurepip" in made.stdout + made.stderr:
        pytest.skip(f"venv cannot install pip here: {(made.stdout + made.stderr).strip()[-300:]}")
    assert made.returncode == 0, made.stdout + made.stderr
    return folder / ("Scripts" if os.name == "nt" else "bin") / ("python.exe" if os.name == "nt" else "python")


def run(args: list[str | Path], cwd: Path | None = None, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    """Run a command, capturing its output, with no virtual environment of the caller's
    leaking into it (``VIRTUAL_ENV`` would point tools at the wrong interpreter)."""
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME")}
    return subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=timeout,
                          env=env)


def pip_install(python: Path, *args: str | Path) -> None:
    """``pip install ARGS`` into the environment of ``python``; fails the test on error."""
    done = run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *args], timeout=600)
    assert done.returncode == 0, (done.stdout + done.stderr)[-3000:]
