"""Diagnostics are values: every code is documented, can be switched off, and prints as data."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
import yaml

from generator import diagnostics
from generator.cli import main
from tests.conftest import ROOT, openapi, write_spec

SPEC = openapi({"/x": {"get": {"operationId": "x", "callbacks": {"cb": {}}, "responses": {"200": {
    "description": "ok", "content": {"application/json": {"schema": {"not": {"type": "string"}}}}}}}}})


def codes_in_source() -> set[str]:
    """Every code the generator's code passes to ``Diagnostics.add`` or ``Diagnostic(...)``."""
    found = set()
    for path in (ROOT / "generator").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
                callee = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                if callee in ("add", "Diagnostic") and isinstance(node.args[0].value, str):
                    found.add(node.args[0].value)
    return found


def test_every_code_in_use_is_catalogued_and_every_catalogued_code_is_used() -> None:
    assert codes_in_source() == set(diagnostics.CODES)


def test_the_catalogue_in_docs_is_current() -> None:
    assert (ROOT / "docs" / "diagnostics.md").read_text(encoding="utf-8") == diagnostics.catalogue(), \
        "run `python -m generator.diagnostics`"


def test_ignore_switches_a_code_off(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = write_spec(tmp_path, SPEC)
    assert main(["generate", str(spec), "--out", str(tmp_path / "a")]) == 0
    err = capsys.readouterr().err
    assert "[callbacks-not-generated]" in err and "[not-schema]" in err
    assert main(["generate", str(spec), "--out", str(tmp_path / "b"), "--ignore", "callbacks-not-generated"]) == 0
    err = capsys.readouterr().err
    assert "[callbacks-not-generated]" not in err and "[not-schema]" in err


def test_an_unknown_code_to_ignore_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = write_spec(tmp_path, SPEC)
    assert main(["generate", str(spec), "--out", str(tmp_path / "a"), "--ignore", "no-such-code"]) == 2
    assert "unknown diagnostic code 'no-such-code'" in capsys.readouterr().err


def test_the_registry_switches_codes_off_per_api(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_spec(tmp_path, SPEC, "x.yaml")
    (tmp_path / "specs").mkdir()
    registry = tmp_path / "specs" / "apis.yaml"
    registry.write_text(yaml.safe_dump({"apis": {"x": {"spec": "x.yaml", "ignore": ["not-schema"]}}}))
    assert main(["generate", "x", "--registry", str(registry), "--out", str(tmp_path / "out")]) == 0
    err = capsys.readouterr().err
    assert "[callbacks-not-generated]" in err and "[not-schema]" not in err
    registry.write_text(yaml.safe_dump({"apis": {"x": {"spec": "x.yaml", "ignore": ["nope"]}}}))
    assert main(["generate", "x", "--registry", str(registry), "--out", str(tmp_path / "out")]) == 2


def test_validate_prints_diagnostics_as_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = write_spec(tmp_path, SPEC)
    assert main(["validate", str(spec), "--format", "json"]) == 0
    found = json.loads(capsys.readouterr().out)
    by_code = {d["code"]: d for d in found}
    assert by_code["not-schema"]["severity"] == "warning"
    assert by_code["not-schema"]["pointer"] == "/paths/~1x/get/responses/200/content/application~1json/schema/not"
    assert by_code["not-schema"]["file"] == str(spec)
