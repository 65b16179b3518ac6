"""Golden feature tests: one spec with every wire feature (tests/golden/features.yaml) and
its committed output (tests/golden/features/), compared file by file, plus the generated
package's own tests, which check the wire format of every call.

After an intended change to the output, regenerate the golden copy with::

    apigen generate tests/golden/features.yaml --out tests/golden/features \\
        --template-set python --template-set markdown --template-set openapi
"""

from __future__ import annotations

import difflib
import shutil
import subprocess
import sys
from pathlib import Path

from generator.cli import main
from tests.conftest import ROOT

SPEC = ROOT / "tests" / "golden" / "features.yaml"
GOLDEN = ROOT / "tests" / "golden" / "features"
SETS = ("--template-set", "python", "--template-set", "markdown", "--template-set", "openapi")
OPERATION_TEMPLATE = ROOT / "generator" / "targets" / "python" / "templates" / "python" / "_operation.jinja"
SHOWN = 3  # files whose diff a failure prints


def generate(out: Path, *extra: str) -> None:
    """The golden spec's output in ``out`` (with ``extra`` arguments, e.g. ``--templates``)."""
    assert main(["generate", str(SPEC), "--out", str(out), *SETS, *extra]) == 0


def files_of(folder: Path) -> dict[str, str]:
    """Every file apigen wrote below ``folder``, by relative path."""
    return {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*"))
            if p.is_file() and "__pycache__" not in p.parts and ".pytest_cache" not in p.parts}


def differences(expected: dict[str, str], actual: dict[str, str]) -> list[str]:
    """A unified diff of each file that differs (``expected`` is the golden copy)."""
    found = []
    for name in sorted(expected.keys() | actual.keys()):
        if expected.get(name) != actual.get(name):
            found.append("".join(difflib.unified_diff(
                expected.get(name, "").splitlines(keepends=True), actual.get(name, "").splitlines(keepends=True),
                f"golden/{name}", f"generated/{name}")) or f"{name}: missing on one side\n")
    return found


def run_package_tests(folder: Path) -> subprocess.CompletedProcess[str]:
    """The generated package's own tests, run in ``folder``."""
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"], cwd=folder,
                          capture_output=True, text=True, timeout=300)


def test_golden_output_is_what_the_generator_writes(tmp_path: Path) -> None:
    generate(tmp_path / "out")
    found = differences(files_of(GOLDEN), files_of(tmp_path / "out"))
    assert not found, (f"{len(found)} golden file(s) differ (intended? see this module's docstring):\n"
                       + "\n".join(found[:SHOWN]))


def test_golden_package_passes_its_own_tests(tmp_path: Path) -> None:
    copy = tmp_path / "features"
    shutil.copytree(GOLDEN, copy)
    result = run_package_tests(copy)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]


def test_a_wire_format_bug_in_a_template_fails_the_golden_tests(tmp_path: Path) -> None:
    """Flipping ``explode`` for every query parameter once passed every generated test (their
    samples were one-item lists). Two-item samples make the package's own test fail, and the
    golden comparison names the line that changed."""
    override = tmp_path / "mine" / "python" / "_operation.jinja"
    override.parent.mkdir(parents=True)
    template = OPERATION_TEMPLATE.read_text(encoding="utf-8")
    assert "{{ s.explode }}" in template
    override.write_text(template.replace("{{ s.explode }}", "{{ not s.explode }}"), encoding="utf-8")
    generate(tmp_path / "out", "--templates", str(tmp_path / "mine"))
    found = differences(files_of(GOLDEN), files_of(tmp_path / "out"))
    assert any('-                    ("ids", ids, False),' in diff and '+                    ("ids", ids, True),' in diff
               for diff in found), found[:SHOWN]
    result = run_package_tests(tmp_path / "out")
    assert result.returncode != 0 and "test_list_things" in result.stdout, result.stdout[-3000:]
