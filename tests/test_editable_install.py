"""A generated package installed with ``pip install -e`` is visible to mypy.

setuptools installs an editable project either as a plain path in a ``.pth`` file or as an
import hook; mypy follows only the first. The generated ``pyproject.toml`` asks for the
first, and this test installs a package into a fresh environment as a user would and type
checks a script that uses it.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from tests.conftest import ROOT
from tests.venvs import new_venv, pip_install, run

PACKAGE = "webflow_v1"  # the smallest committed client
USER_SCRIPT = f"""\
import {PACKAGE}
from {PACKAGE} import models

version: str = {PACKAGE}.API_VERSION
kind: models.FieldType = models.FieldType.BOOL
wrong: int = {PACKAGE}.API_VERSION  # a mistake mypy can only see when it reads the package
"""


def test_an_editable_install_is_visible_to_mypy(tmp_path: Path) -> None:
    project = tmp_path / PACKAGE
    shutil.copytree(ROOT / "generated" / PACKAGE, project)  # pip writes egg-info beside it
    python = new_venv(tmp_path / "venv")
    # The build backend comes from the index (build isolation), as it does for a user;
    # the client's own dependencies are not needed to find its types.
    pip_install(python, "--no-deps", "-e", project)

    site = run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip()
    entries = [line for pth in Path(site).glob("*.pth") for line in pth.read_text().splitlines()]
    assert str(project) in entries, f"no static path entry for {project} in {entries}"

    app = tmp_path / "app"
    app.mkdir()
    (app / "app.py").write_text(USER_SCRIPT)
    checked = run([sys.executable, "-m", "mypy", "--strict", "--no-incremental",
                   "--python-executable", python, "app.py"], cwd=app)
    output = checked.stdout + checked.stderr
    assert "import-not-found" not in output, output
    assert 'Incompatible types in assignment (expression has type "str", variable has type "int")' in output
    assert "Found 1 error in 1 file" in output, output
