"""The command line: generation, --check, ir, validate, and how bad input is reported."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from pathlib import Path

import pytest

from generator import pipeline
from generator.cli import main
from tests.conftest import openapi, write_spec

PETS = openapi(
    {"/pets/{pet_id}": {"get": {
        "operationId": "getPet", "tags": ["pets"],
        "parameters": [{"name": "pet_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
            "type": "object", "required": ["id"], "properties": {"id": {"type": "integer"},
                                                                 "name": {"type": "string"}}}}}}},
    }}},
    servers=[{"url": "https://pets.example.com"}],
)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_generate_is_deterministic_and_check_detects_staleness(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = write_spec(tmp_path, PETS, "pets.yaml")
    out = tmp_path / "out"
    assert run(capsys, "generate", str(spec), "--out", str(out))[0] == 0
    first = tree(out)
    assert "pets/resources/pets.py" in first and "tests/test_pets.py" in first
    assert run(capsys, "generate", str(spec), "--out", str(out))[0] == 0
    assert tree(out) == first
    assert run(capsys, "generate", str(spec), "--out", str(out), "--check")[0] == 0

    (out / "pets" / "_client.py").write_text("# edited\n")
    (out / "stray.py").write_text("x = 1\n")  # the user's own file: never stale
    code, stdout, _ = run(capsys, "generate", str(spec), "--out", str(out), "--check")
    assert code == 1
    assert "_client.py" in stdout and "stray.py" not in stdout


def test_headers_name_the_spec_and_its_hash(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = write_spec(tmp_path, PETS, "pets.yaml")
    run(capsys, "generate", str(spec), "--out", str(tmp_path / "out"))
    first_line = (tmp_path / "out" / "pets" / "_client.py").read_text().splitlines()[0]
    assert "pets.yaml" in first_line and "sha256" in first_line


def test_ir_is_deterministic_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = write_spec(tmp_path, PETS, "pets.yaml")
    code, first, _ = run(capsys, "ir", str(spec))
    assert code == 0
    assert run(capsys, "ir", str(spec))[1] == first
    operation = json.loads(first)["operations"][0]
    assert (operation["method"], operation["path"]) == ("GET", "/pets/{pet_id}")


def test_malformed_yaml_names_file_and_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = write_spec(tmp_path, "openapi: 3.1.0\ninfo:\n  title: x\n  version: [1\npaths: {}\n", "bad.yaml")
    code, _, err = run(capsys, "generate", str(spec), "--out", str(tmp_path / "out"))
    assert code == 2
    assert "bad.yaml:" in err and "malformed YAML" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_not_an_openapi_document(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = write_spec(tmp_path, {"hello": "world"}, "other.yaml")
    code, _, err = run(capsys, "ir", str(spec))
    assert code == 2 and "other.yaml" in err and "neither an OpenAPI document" in err


def test_unresolvable_ref_warns_with_pointer_and_still_generates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = openapi({"/x": {"get": {"operationId": "x", "responses": {"200": {
        "description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Gone"}}}}}}}},
        servers=[{"url": "https://x.example.com"}])
    spec = write_spec(tmp_path, broken, "broken.yaml")
    code, _, err = run(capsys, "generate", str(spec), "--out", str(tmp_path / "out"))
    assert code == 0
    assert "broken.yaml" in err and "#/paths/~1x/get/responses/200/content/application~1json/schema" in err
    assert (tmp_path / "out" / "broken" / "resources" / "x.py").is_file()


def test_validate_reports_schema_errors_with_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = "openapi: 3.1.0\ninfo:\n  title: x\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: 7\n"
    spec = write_spec(tmp_path, text, "invalid.yaml")
    code, out, _ = run(capsys, "validate", str(spec))
    assert code == 2
    assert "invalid.yaml:2#/info" in out and "'version' is a required property" in out
    assert "invalid.yaml:9#/paths/~1a/get/responses/200/description" in out


def test_unknown_target_and_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "generate", "no-such-api", "--registry", str(tmp_path / "none.yaml"))
    assert code == 2 and "no-such-api" in err
    with pytest.raises(SystemExit) as exit_info:
        main(["frobnicate"])
    assert exit_info.value.code == 2


def models_text(package: Path) -> str:
    """Every module of a generated package's ``models``."""
    return "".join(p.read_text() for p in sorted((package / "models").glob("*.py")))


def test_cache_notices_a_changed_referenced_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_spec(tmp_path, {"Pet": {"type": "object", "properties": {"name": {"type": "string"}}}}, "common.yaml")
    spec = write_spec(tmp_path, openapi({"/pet": {"get": {"operationId": "getPet", "responses": {"200": {
        "description": "ok", "content": {"application/json": {"schema": {"$ref": "common.yaml#/Pet"}}}}}}}},
        servers=[{"url": "https://x.example.com"}]), "api.yaml")
    out = tmp_path / "out"
    assert run(capsys, "generate", str(spec), "--out", str(out))[0] == 0
    assert "nickname" not in models_text(out / "api")
    write_spec(tmp_path, {"Pet": {"type": "object", "properties": {"nickname": {"type": "string"}}}}, "common.yaml")
    assert run(capsys, "generate", str(spec), "--out", str(out), "--check")[0] == 1
    assert run(capsys, "generate", str(spec), "--out", str(out))[0] == 0
    assert "nickname" in models_text(out / "api")


def test_generation_pauses_the_cycle_collector_and_restores_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seen: list[bool] = []
    spec = write_spec(tmp_path, PETS)
    real_load = pipeline.load

    def spying_load(*args: object, **kwargs: object) -> object:
        seen.append(gc.isenabled())
        return real_load(*args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pipeline, "load", spying_load)
        assert main(["generate", str(spec), "--out", str(tmp_path / "out")]) == 0
        assert seen == [False] and gc.isenabled()
        gc.disable()  # a caller that runs without the collector keeps it off
        try:
            assert main(["generate", str(spec), "--out", str(tmp_path / "again")]) == 0
            assert not gc.isenabled()
        finally:
            gc.enable()


def test_a_package_never_shadows_a_module_its_tests_import(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for stem, package in [("profile", "profile_"), ("tests", "tests_"), ("httpx", "httpx_"), ("pets", "pets")]:
        out = tmp_path / "out" / stem
        assert main(["generate", str(write_spec(tmp_path, PETS, f"{stem}.yaml")), "--out", str(out)]) == 0
        assert sorted(p.name for p in out.iterdir() if p.is_dir()) == sorted([package, "tests"])
    # A package called "profile" would be imported by cProfile, which pytest loads.
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
                          cwd=tmp_path / "out" / "profile", capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]


def test_the_command_exits_with_mains_code_after_writing_everything(tmp_path: Path) -> None:
    spec = write_spec(tmp_path, PETS)
    for args, code in [(["generate", str(spec), "--out", str(tmp_path / "out")], 0),
                       (["generate", str(spec), "--out", str(tmp_path / "out"), "--check"], 0),
                       (["generate", str(tmp_path / "missing.yaml")], 2)]:
        done = subprocess.run([sys.executable, "-m", "generator.cli", *args], capture_output=True, text=True,
                              check=False)
        assert done.returncode == code, done.stderr
    assert (tmp_path / "out" / "spec" / "resources" / "pets.py").is_file()
    assert "not a registered API" in done.stderr
