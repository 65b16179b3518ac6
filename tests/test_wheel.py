"""A built wheel can generate: templates, set files, the runtime and the docspec schema ship in it.

apigen reads files beside its modules at run time (``generator/targets/*/templates``, the
runtime it copies into each client, ``generator/parsers/*.json``); a wheel that leaves one
out installs fine and fails on the first ``apigen generate``. This test builds the wheel,
installs it with its declared dependencies into a fresh environment, generates a client
there (outside the repository) and runs that client's own tests.

It needs the package index (PyPI or a mirror pip is configured with) for the build backend
and the dependencies; pip's cache makes a second run take about half a minute.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.venvs import new_venv, pip_install, run

# Each kind of data file apigen reads, as a path inside the wheel.
REQUIRED_DATA = (
    "generator/parsers/docspec.schema.json",
    "generator/targets/python/templates/python/set.yaml",
    "generator/targets/python/templates/python/package/pyproject.toml.jinja",
    "generator/targets/python/templates/python/tests/test_group.py.jinja",
    "generator/targets/python/templates/markdown/set.yaml",
    "generator/targets/python/runtime/_base.py",
    "generator/targets/python/runtime/errors.py",
)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """apigen's wheel, built from a copy of the project so the checkout gets no build files."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    shutil.copytree(ROOT / "generator", source / "generator",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    built = subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(work / "dist"), str(source)],
                           capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, (built.stdout + built.stderr)[-3000:]
    (found,) = (work / "dist").glob("apigen-*.whl")
    return found


def source_data_files() -> list[str]:
    """Every file below generator/ that is not a module, as a path inside the wheel."""
    return sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "generator").rglob("*")
                  if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts)


def test_the_wheel_holds_every_template_and_runtime_file(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert set(REQUIRED_DATA) <= names, sorted(set(REQUIRED_DATA) - names)
    missing = [name for name in source_data_files() if name not in names]
    assert not missing, f"not in the wheel: {missing}"
    assert not [name for name in names if name.startswith("tests/")], "the wheel holds apigen's tests"


def test_an_installed_wheel_generates_a_client_whose_tests_pass(wheel: Path, tmp_path: Path) -> None:
    python = new_venv(tmp_path / "venv")
    pip_install(python, wheel)  # with the dependencies it declares, and nothing else
    work = tmp_path / "work"  # outside the repository: nothing of the checkout is importable
    work.mkdir()
    imported = run([python, "-c", "import generator; print(generator.__file__)"], cwd=work)
    assert str(tmp_path / "venv") in imported.stdout, imported.stdout + imported.stderr

    # A doc spec (read through the shipped JSON schema) rendered by both built-in template sets.
    spec = shutil.copy2(ROOT / "specs" / "bree.yaml", work / "bree.yaml")
    shutil.copy2(ROOT / "specs" / "bree.examples.json", work)  # the prose's examples, which its tests parse
    generated = run([python.parent / "apigen", "generate", spec, "--out", "out", "--template-set", "python",
                     "--template-set", "markdown"], cwd=work)
    assert generated.returncode == 0, generated.stdout + generated.stderr
    out = work / "out"
    assert (out / "bree" / "_base.py").is_file() and (out / "docs" / "README.md").is_file()

    pip_install(python, "httpx", "pydantic", "pytest")
    tested = run([python, "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=out)
    assert tested.returncode == 0, (tested.stdout + tested.stderr)[-3000:]
    assert " passed" in tested.stdout
