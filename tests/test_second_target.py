"""A second target in a folder of its own (tests/targets/jsonschema): JSON Schema of every
model, read from the neutral IR. Adding it touched no front-end and no other target; the
schemas it writes are valid and accept the samples the Python target's tests send."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from generator.cli import main
from generator.ir import Ref
from generator.samples import sample
from tests.conftest import ROOT, load_api

TARGETS = ROOT / "tests" / "targets"
SPECS = [ROOT / "specs" / "bree.yaml", ROOT / "tests" / "golden" / "features.yaml", ROOT / "specs" / "webflow" / "v2-beta.yaml"]


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.stem)
def test_json_schema_target_writes_valid_schemas_that_accept_samples(spec: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["generate", str(spec), "--out", str(out), "--templates", str(TARGETS),
                 "--template-set", "jsonschema"]) == 0
    api = load_api(spec)
    schemas = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in (out / "schemas").glob("*.json")
               if p.name != "index.json"}
    assert sorted(schemas) == sorted(f"{m.name}.json" for m in api.models)
    assert json.loads((out / "schemas" / "index.json").read_text())["models"] == [m.name for m in api.models]
    registry: Registry = Registry().with_resources(
        (name, Resource.from_contents(schema)) for name, schema in schemas.items())
    for model in api.models:
        schema = schemas[f"{model.name}.json"]
        Draft202012Validator.check_schema(schema)
        Draft202012Validator(schema, registry=registry).validate(sample(api, Ref(model.name)))
    assert not (out / "pyproject.toml").exists()  # nothing of the Python target
