"""The generator's own code passes ``mypy --strict``, as every client it writes must."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_generator_passes_mypy_strict() -> None:
    done = subprocess.run([sys.executable, "-m", "mypy", "generator"], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
