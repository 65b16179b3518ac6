"""Malformed shapes and pathological nesting reach the parser and the Python target: each
gives exit 0 with a diagnostic or exit 2 with a message, in bounded time and memory, and
what is written compiles."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
import yaml

from generator.cli import main
from tests.conftest import openapi, write_spec
from tests.test_hostile_specs import generate_bounded

OK = {"200": {"description": "ok"}}


@pytest.mark.parametrize(("where", "value"), [("tags", 7), ("servers", 7), ("variable_enum", 7),
                                              ("security", 7), ("parameters", 7)])
def test_values_of_the_wrong_kind_are_reported_not_tracebacks(where: str, value: object, tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    op: dict[str, object] = {"operationId": "x", "responses": OK}
    spec = openapi({"/x": {"get": op}}, servers=[{"url": "https://x.example"}])
    if where == "tags":
        op["tags"] = value
    elif where == "servers":
        spec["servers"] = value
    elif where == "variable_enum":
        spec["servers"] = [{"url": "https://{v}.example", "variables": {"v": {"default": "a", "enum": value}}}]
    elif where == "security":
        op["security"] = value
    else:
        op["parameters"] = value
    code = main(["generate", str(write_spec(tmp_path, spec)), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 0 and "Traceback" not in err, err
    assert "warning:" in err and "#/" in err, err


def _nested_one_of(depth: int) -> dict[str, object]:
    schema: dict[str, object] = {"type": "string"}
    for level in range(depth):
        schema = {"oneOf": [schema, {"type": "object", "properties": {f"p{level}": {"type": "integer"}}}]}
    return schema


def test_deeply_nested_one_of_costs_linear_memory(tmp_path: Path) -> None:
    """Each variant's name hint repeated its parent's: 24 levels took 1.1 GB."""
    spec = openapi({"/x": {"get": {"operationId": "x", "responses": {"200": {"description": "ok", "content": {
        "application/json": {"schema": _nested_one_of(40)}}}}}}}, servers=[{"url": "https://x.example"}])
    path = tmp_path / "deep.json"
    path.write_text(json.dumps(spec))
    result = generate_bounded(path, tmp_path / "out", timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    assert int(result.stderr.split("peak-rss-kb")[-1].split()[0]) < 400_000


def test_arrays_nested_past_pythons_parser_limit_still_compile(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """205 nested inline arrays gave a ``models.py`` Python cannot parse (too many brackets)."""
    schema: dict[str, object] = {"type": "string"}
    for _ in range(205):
        schema = {"type": "array", "items": schema}
    spec = openapi({}, components={"schemas": {"Deep": {"type": "object", "properties": {"a": schema}}}})
    path = tmp_path / "deep.json"
    path.write_text(json.dumps(spec))
    assert main(["generate", str(path), "--out", str(tmp_path / "out")]) == 0
    assert "[type-too-deep]" in capsys.readouterr().err
    for module in (tmp_path / "out").rglob("*.py"):
        ast.parse(module.read_text(encoding="utf-8"))


def test_the_openapi_document_holds_keys_longer_than_yamls_plain_key_limit(tmp_path: Path) -> None:
    long = "k" * 2000
    spec = openapi({"/x": {"get": {"operationId": "x", "responses": {"200": {"description": "ok", "content": {
        "application/json": {"schema": {"$ref": "#/components/schemas/M"}}}}}}}},
        components={"schemas": {"M": {"type": "object", "properties": {long: {"type": "string"}}}}})
    out = tmp_path / "out"
    assert main(["generate", str(write_spec(tmp_path, spec)), "--out", str(out), "--template-set", "openapi"]) == 0
    document = yaml.safe_load((out / "openapi.yaml").read_text(encoding="utf-8"))
    assert long in document["components"]["schemas"]["M"]["properties"]
