"""Output ownership: apigen replaces and deletes only the files its manifest says it wrote.

Each refusal is checked to leave the file system byte-identical (contents, links, modes).
"""

from __future__ import annotations

import errno
import json
import os
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator import write
from generator.cli import main
from generator.diagnostics import SpecError
from tests.conftest import ROOT, openapi, write_spec

MANIFEST = ".apigen-manifest.json"


def pets_spec(*tags: str) -> dict[str, Any]:
    """An API with one listing operation per tag (each tag is a resource module)."""
    return openapi({f"/{tag}": {"get": {"operationId": f"list_{tag}", "tags": [tag],
                                        "responses": {"200": {"description": "ok"}}}}
                    for tag in tags}, servers=[{"url": "https://pets.example.com"}])


def generate(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["generate", *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def snapshot(root: Path) -> dict[str, tuple[int, bytes | str | None]]:
    """Everything below ``root`` without following links: path -> (mode, bytes / link target)."""
    found: dict[str, tuple[int, bytes | str | None]] = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder) / name
            mode = path.lstat().st_mode
            content: bytes | str | None = None
            if stat.S_ISLNK(mode):
                content = os.readlink(path)
            elif stat.S_ISREG(mode):
                content = path.read_bytes()
            found[path.relative_to(root).as_posix()] = (mode, content)
    return found


def owned(out: Path) -> set[str]:
    return set(json.loads((out / MANIFEST).read_text())["files"])


@pytest.fixture
def pets(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, Path]:
    """(spec, output folder) after a first generation of a pets and owners API."""
    spec = write_spec(tmp_path, pets_spec("pets", "owners"), "pets.yaml")
    out = tmp_path / "out"
    assert generate(capsys, str(spec), "--out", str(out))[0] == 0
    return spec, out


# --- files apigen did not write --------------------------------------------------------------


def test_user_file_in_output_survives_regeneration(pets: tuple[Path, Path],
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    spec, out = pets
    (out / "NOTES.md").write_text("mine\n")
    (out / ".venv" / "bin").mkdir(parents=True)
    (out / ".venv" / "bin" / "python").write_text("#!/bin/sh\n")
    (out / "pets" / "local.py").write_text("x = 1\n")
    write_spec(spec.parent, pets_spec("pets", "owners", "toys"), "pets.yaml")
    code, _, err = generate(capsys, str(spec), "--out", str(out))
    assert code == 0 and "written" in err
    assert (out / "pets" / "resources" / "toys.py").is_file()
    assert (out / "NOTES.md").read_text() == "mine\n"
    assert (out / ".venv" / "bin" / "python").read_text() == "#!/bin/sh\n"
    assert (out / "pets" / "local.py").read_text() == "x = 1\n"
    assert not {"NOTES.md", ".venv/bin/python", "pets/local.py"} & owned(out)


def test_registered_api_keeps_user_files_in_generated(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "specs").mkdir()
    registry = tmp_path / "specs" / "apis.yaml"
    registry.write_text("apis:\n  pets: {spec: specs/pets.yaml, templates: [python, markdown]}\n")
    write_spec(tmp_path / "specs", pets_spec("pets", "owners"), "pets.yaml")
    assert generate(capsys, "--registry", str(registry))[0] == 0
    out = tmp_path / "generated" / "pets"
    (out / ".venv").mkdir()
    (out / ".venv" / "pyvenv.cfg").write_text("home = /usr\n")
    (out / "NOTES.md").write_text("mine\n")
    write_spec(tmp_path / "specs", pets_spec("pets"), "pets.yaml")
    assert generate(capsys, "pets", "--registry", str(registry))[0] == 0
    assert (out / ".venv" / "pyvenv.cfg").is_file() and (out / "NOTES.md").is_file()
    assert not (out / "pets" / "resources" / "owners.py").exists()
    assert generate(capsys, "--check", "--registry", str(registry))[:2] == (0, "")


def test_removed_operation_module_is_deleted_but_user_file_kept(pets: tuple[Path, Path],
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    spec, out = pets
    (out / "pets" / "resources" / "mine.py").write_text("x = 1\n")
    write_spec(spec.parent, pets_spec("pets"), "pets.yaml")
    assert generate(capsys, str(spec), "--out", str(out))[0] == 0
    assert not (out / "pets" / "resources" / "owners.py").exists()
    assert not (out / "tests" / "test_owners.py").exists()
    assert "pets/resources/owners.py" not in owned(out)
    assert (out / "pets" / "resources" / "mine.py").read_text() == "x = 1\n"


def test_switching_template_sets_removes_owned_files_and_empty_folders_only(
        pets: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    spec, out = pets
    (out / "tests" / "test_mine.py").write_text("def test_x() -> None: ...\n")
    assert generate(capsys, str(spec), "--out", str(out), "--template-set", "openapi")[0] == 0
    assert not (out / "pets").exists()  # every file in it was apigen's: the folder goes too
    assert sorted(p.name for p in (out / "tests").iterdir()) == ["test_mine.py"]
    assert owned(out) == {p.relative_to(out).as_posix() for p in out.rglob("*")
                          if p.is_file() and p.name not in (MANIFEST, "test_mine.py")}


def test_non_empty_unowned_folder_needs_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = write_spec(tmp_path, pets_spec("pets"), "pets.yaml")
    out = tmp_path / "out" / "mywork"
    out.mkdir(parents=True)
    (out / "NOTES.txt").write_text("notes\n")
    (out / "README.md").write_text("my readme\n")
    before = snapshot(tmp_path)
    for extra in ([], ["--check"]):
        code, _, err = generate(capsys, str(spec), "--out", str(out), *extra)
        assert code == 2 and f"error: {out}: is not empty" in err and "--force" in err
        assert snapshot(tmp_path) == before
    code, _, err = generate(capsys, str(spec), "--out", str(out), "--force")
    assert code == 0, err
    assert (out / "NOTES.txt").read_text() == "notes\n"  # never deleted, even with --force
    assert (out / "README.md").read_text().startswith("<!-- Generated by apigen")  # --force overwrote it
    assert "NOTES.txt" not in owned(out) and "README.md" in owned(out)
    assert generate(capsys, str(spec), "--out", str(out))[0] == 0  # owned from now on: no --force


def test_new_generated_file_does_not_overwrite_a_user_file_without_force(
        pets: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    spec, out = pets
    (out / "pets" / "resources" / "toys.py").write_text("# my toys\n")
    write_spec(spec.parent, pets_spec("pets", "owners", "toys"), "pets.yaml")
    before = snapshot(spec.parent)
    code, _, err = generate(capsys, str(spec), "--out", str(out))
    assert code == 2 and f"{out / 'pets' / 'resources' / 'toys.py'}: exists and apigen did not write it" in err
    assert snapshot(spec.parent) == before
    assert generate(capsys, str(spec), "--out", str(out), "--force")[0] == 0
    assert "def list_toys(" in (out / "pets" / "resources" / "toys.py").read_text()


# --- output paths that are not a folder of apigen's own --------------------------------------


def test_out_at_a_git_repository_is_refused_and_repository_kept(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (repo / "app.py").write_text("print('hi')\n")
    spec = write_spec(repo, pets_spec("pets"), "openapi.yaml")
    before = snapshot(tmp_path)
    monkeypatch.chdir(repo)
    code, _, err = generate(capsys, str(spec), "--out", str(repo))
    assert code == 2 and "current folder or one of its ancestors" in err
    monkeypatch.chdir(tmp_path)  # not the working folder: refused as a folder apigen did not write
    code, _, err = generate(capsys, str(spec), "--out", str(repo))
    assert code == 2 and f"error: {repo}: is not empty" in err
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("where", [".", "..", "../..", "cwd"])
def test_out_dot_and_dotdot_are_refused_without_traceback(where: str, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    work = tmp_path / "work" / "sub"
    work.mkdir(parents=True)
    spec = write_spec(work, pets_spec("pets"), "pets.yaml")
    before = snapshot(tmp_path)
    monkeypatch.chdir(work)
    out = str(work) if where == "cwd" else where
    code, _, err = generate(capsys, "pets.yaml", "--out", out)
    assert code == 2 and err.strip() == (f"error: {out}: is the current folder or one of its ancestors; "
                                         "give apigen an output folder of its own")
    assert snapshot(tmp_path) == before and spec.is_file()


def test_out_at_the_root_is_refused() -> None:
    # Checked read-only (--check's path), so that a regression could never write into /.
    with pytest.raises(SpecError, match="current folder or one of its ancestors"):
        write.stale_files(Path("/"), {"x.txt": "x"})


def test_out_dot_through_the_command_exits_2_with_one_line(tmp_path: Path) -> None:
    write_spec(tmp_path, pets_spec("pets"), "pets.yaml")
    before = snapshot(tmp_path)
    done = subprocess.run([sys.executable, "-c", "from generator.cli import run; run()", "generate",
                           "pets.yaml", "--out", "."], cwd=tmp_path, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, check=False)
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert snapshot(tmp_path) == before


def test_out_pointing_at_a_file_is_refused_and_file_kept(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = write_spec(tmp_path, pets_spec("pets"), "pets.yaml")
    target = tmp_path / "existing-file.txt"
    target.write_text("keep me\n")
    before = snapshot(tmp_path)
    for out, message in [(target, f"error: {target}: is a file, not a folder"),
                         (target / "sub", f"error: {target / 'sub'}: {target} is a file, not a folder")]:
        code, _, err = generate(capsys, str(spec), "--out", str(out))
        assert code == 2 and err.strip() == message
        assert snapshot(tmp_path) == before


# --- manifests and links that point elsewhere ------------------------------------------------


@pytest.mark.parametrize("planted", ["../victim.txt", "ABSOLUTE", "a/../../victim.txt", "link/victim.txt",
                                     "not json", '{"format": 2, "files": {}}'])
def test_planted_manifest_cannot_delete_outside(planted: str, pets: tuple[Path, Path],
                                                capsys: pytest.CaptureFixture[str]) -> None:
    spec, out = pets
    outside = spec.parent / "outside"
    outside.mkdir()
    (spec.parent / "victim.txt").write_text("victim\n")
    (outside / "victim.txt").write_text("victim\n")
    (out / "link").symlink_to(outside)
    if planted in ("not json",) or planted.startswith("{"):
        text = planted
    else:
        name = str(spec.parent / "victim.txt") if planted == "ABSOLUTE" else planted
        text = json.dumps({"format": 1, "files": {name: "0" * 64}})
    (out / MANIFEST).write_text(text)
    write_spec(spec.parent, pets_spec("pets"), "pets.yaml")  # owners would be deleted, if trusted
    before = snapshot(spec.parent)
    for extra in ([], ["--force"], ["--check"]):
        code, _, err = generate(capsys, str(spec), "--out", str(out), *extra)
        assert code == 2 and (f"error: {out / MANIFEST}" in err or f"error: {out / 'link'}" in err), err
        assert snapshot(spec.parent) == before


def test_symlink_in_output_is_not_followed(pets: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    spec, out = pets
    outside = spec.parent / "outside"
    outside.mkdir()
    (outside / "pets.py").write_text("outside\n")
    (outside / MANIFEST).write_text(json.dumps({"format": 1, "files": {}}))
    write_spec(spec.parent, pets_spec("pets", "toys"), "pets.yaml")
    replaced = {out / "pets" / "resources" / "pets.py": outside / "pets.py",  # a file it writes
                out / "pets" / "resources": outside,  # a folder on the way
                out / "tests" / "test_owners.py": outside / "pets.py",  # a file it deletes
                out / MANIFEST: outside / MANIFEST}  # its own manifest
    for link, target in replaced.items():
        moved = link.with_name(link.name + ".moved")
        link.rename(moved)
        link.symlink_to(target)
        before = snapshot(spec.parent)
        code, _, err = generate(capsys, str(spec), "--out", str(out))
        assert code == 2 and f"error: {link}: is a symbolic link" in err, err
        assert snapshot(spec.parent) == before
        link.unlink()
        moved.rename(link)
    assert generate(capsys, str(spec), "--out", str(out))[0] == 0


# --- atomicity, modes, unchanged files --------------------------------------------------------


def _fail_on_call(number: int, error: BaseException, real: Callable[..., Any]) -> Callable[..., Any]:
    """``real``, raising ``error`` on its ``number``-th call."""
    calls = []

    def wrapper(*args: Any) -> Any:
        calls.append(args)
        if len(calls) == number:
            raise error
        return real(*args)
    return wrapper


@pytest.mark.parametrize("error", [OSError(errno.ENOSPC, "No space left on device"), KeyboardInterrupt()])
def test_failed_run_leaves_previous_output_whole(error: BaseException, pets: tuple[Path, Path],
                                                 capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    spec, out = pets
    (out / "NOTES.md").write_text("mine\n")
    write_spec(spec.parent, pets_spec("pets", "toys", "food"), "pets.yaml")  # owners gone, two new
    before = snapshot(out)
    monkeypatch.setattr(write, "_write_temporary", _fail_on_call(4, error, write._write_temporary))
    code, _, err = generate(capsys, str(spec), "--out", str(out))
    assert code == 2
    assert ("nothing was changed" in err) if isinstance(error, OSError) else ("interrupted" in err)
    assert snapshot(out) == before  # no temporary, no new folder, nothing renamed or deleted
    monkeypatch.undo()
    assert generate(capsys, str(spec), "--out", str(out))[0] == 0
    assert (out / "pets" / "resources" / "food.py").is_file() and (out / "NOTES.md").is_file()


def test_failure_while_committing_is_repaired_by_the_next_run(pets: tuple[Path, Path],
                                                              capsys: pytest.CaptureFixture[str],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    spec, out = pets
    (out / "NOTES.md").write_text("mine\n")
    write_spec(spec.parent, pets_spec("pets", "toys", "food"), "pets.yaml")
    monkeypatch.setattr(write.os, "replace", _fail_on_call(3, OSError(errno.EIO, "I/O error"), os.replace))
    code, _, err = generate(capsys, str(spec), "--out", str(out))
    monkeypatch.undo()
    assert code == 2 and "stopped part-way" in err
    present = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert present - owned(out) == {MANIFEST, "NOTES.md"}  # every file apigen placed is listed
    assert not [name for name in present if name.endswith(".apigen-tmp")]
    assert generate(capsys, str(spec), "--out", str(out), "--check")[0] == 1
    assert generate(capsys, str(spec), "--out", str(out))[0] == 0
    assert generate(capsys, str(spec), "--out", str(out), "--check")[0] == 0
    assert not (out / "pets" / "resources" / "owners.py").exists() and (out / "NOTES.md").is_file()


@pytest.mark.parametrize("umask", [0o022, 0o027, 0o002])
def test_output_modes_follow_umask(umask: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = write_spec(tmp_path, pets_spec("pets"), "pets.yaml")
    previous = os.umask(umask)
    try:
        assert generate(capsys, str(spec), "--out", str(tmp_path / "new" / "out"))[0] == 0
    finally:
        os.umask(previous)
    for path in [tmp_path / "new", *(tmp_path / "new").rglob("*")]:
        expected = (0o777 if path.is_dir() else 0o666) & ~umask
        assert stat.S_IMODE(path.stat().st_mode) == expected, path


def test_unchanged_files_are_not_rewritten(pets: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    spec, out = pets
    code, _, err = generate(capsys, str(spec), "--out", str(out))
    assert code == 0 and "(unchanged" in err
    models = out / "pets" / "_client.py"
    models.write_text("# edited\n")
    mtimes = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file() and p != models}
    code, _, err = generate(capsys, str(spec), "--out", str(out))
    assert code == 0 and "(written" in err and "# edited" not in models.read_text()
    assert mtimes == {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file() and p != models}


def test_manifest_is_deterministic_and_lists_each_file_with_its_sha256(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = write_spec(tmp_path, pets_spec("pets", "owners"), "pets.yaml")
    for out in ("a", "b"):
        assert generate(capsys, str(spec), "--out", str(tmp_path / out))[0] == 0
    text = (tmp_path / "a" / MANIFEST).read_text()
    assert text == (tmp_path / "b" / MANIFEST).read_text()
    manifest = json.loads(text)
    assert manifest["format"] == 1 and list(manifest["files"]) == sorted(manifest["files"])
    import hashlib

    assert manifest["files"] == {p.relative_to(tmp_path / "a").as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                                 for p in sorted((tmp_path / "a").rglob("*")) if p.is_file() and p.name != MANIFEST}


# --- --check ---------------------------------------------------------------------------------


def test_check_names_owned_stale_files_only_and_shows_diff(pets: tuple[Path, Path],
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    spec, out = pets
    (out / "NOTES.md").write_text("mine\n")
    (out / "pets" / "mine.py").write_text("x = 1\n")
    models = out / "pets" / "_client.py"
    models.write_text("".join(f"edited line {i}\n" for i in range(200)))
    (out / "tests" / "test_pets.py").unlink()
    before = snapshot(out)
    code, stdout, err = generate(capsys, str(spec), "--out", str(out), "--check")
    assert code == 1 and "stale generated files" in err
    names, diffs = stdout.split("\n", 2)[:2], stdout.split("\n", 2)[2]
    assert names == [str(models), str(out / "tests" / "test_pets.py")]  # not NOTES.md nor mine.py
    assert diffs.startswith(f"--- {models} (on disk)\n+++ {models} (generated)\n")
    assert "-edited line 0\n" in diffs and "... " in diffs and " more lines\n" in diffs
    missing = diffs[diffs.index(f"--- {out / 'tests' / 'test_pets.py'} (absent)"):]
    assert missing.splitlines()[1] == f"+++ {out / 'tests' / 'test_pets.py'} (generated)"
    assert len(diffs.split(f"--- {out / 'tests'}")[0].splitlines()) == write.DIFF_LINES + 1  # cut
    assert snapshot(out) == before

    write_spec(spec.parent, pets_spec("pets"), "pets.yaml")  # owners: owned, no longer generated
    code, stdout, _ = generate(capsys, str(spec), "--out", str(out), "--check")
    names = [line for line in stdout.splitlines() if line.startswith(str(out))]
    assert code == 1 and {str(out / "pets" / "resources" / "owners.py"), str(out / MANIFEST)} <= set(names)
    assert not [n for n in names if n.endswith(("NOTES.md", "mine.py"))]
    assert stdout.count("\n+++ ") == write.DIFF_FILES and f"--- {out / MANIFEST}" not in stdout
    assert generate(capsys, str(spec), "--out", str(out))[0] == 0
    assert generate(capsys, str(spec), "--out", str(out), "--check")[:2] == (0, "")


def test_check_of_the_committed_clients_passes(capsys: pytest.CaptureFixture[str]) -> None:
    code, stdout, _ = generate(capsys, "--check", "--registry", str(ROOT / "specs" / "apis.yaml"))
    assert (code, stdout) == (0, "")


def test_check_gives_the_same_answer_from_any_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """Headers name the spec by its registry path, never an absolute path of the machine that
    generated it, so the committed clients are fresh whatever the working folder."""
    monkeypatch.chdir(tmp_path)
    code, stdout, _ = generate(capsys, "--check", "--registry", str(ROOT / "specs" / "apis.yaml"))
    assert (code, stdout) == (0, "")
    assert str(ROOT) not in (ROOT / "generated" / "bree" / "bree" / "_client.py").read_text(encoding="utf-8")
