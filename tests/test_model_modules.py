"""Fast import: the ``models`` package is split by the groups that use each model
(generator/targets/python/model_modules.py), and models and resources load on first use;
type checkers still see every name."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from generator.targets.python.error_fields import error_fields
from generator.targets.python.model_modules import model_modules
from tests.conftest import ROOT, openapi, parse, python_view

GOLDEN = ROOT / "tests" / "golden" / "features"
OK = {"description": "ok"}


def body(ref: str) -> dict[str, object]:
    return {"200": {**OK, "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}}}


def test_models_go_to_the_module_of_the_groups_that_reach_them(tmp_path: Path) -> None:
    obj = {"type": "object", "properties": {"x": {"type": "string"}}}
    spec = openapi({
        "/a": {"get": {"operationId": "getA", "tags": ["alpha"], "responses": body("A")}},
        "/b": {"get": {"operationId": "getB", "tags": ["beta"], "responses": body("B")}},
    }, components={"schemas": {
        "A": {"type": "object", "properties": {"shared": {"$ref": "#/components/schemas/Shared"}}},
        "B": {"type": "object", "properties": {"shared": {"$ref": "#/components/schemas/Shared"},
                                               "list": {"$ref": "#/components/schemas/Names"}}},
        "Shared": {"type": "object", "properties": {"deep": {"$ref": "#/components/schemas/Deep"}}},
        "Deep": obj, "Names": {"type": "array", "items": {"type": "string"}}, "Unused": obj}})
    api = parse(tmp_path, spec)
    client = python_view(api)
    modules = {m.module: [model.class_name for model in m.models] for m in client.model_modules}
    assert modules == {"_alpha": ["A"], "_beta": ["B", "Names"], "_shared": ["Deep", "Shared"], "_other": ["Unused"]}
    imports = {m.module: m.imports for m in client.model_modules}
    assert imports["_alpha"] == (("_shared", ("Shared",)),) and imports["_shared"] == ()
    assert model_modules(api, client.groups, client.models) == client.model_modules


def test_module_names_never_collide(tmp_path: Path) -> None:
    spec = openapi({"/m": {"get": {"operationId": "getM", "tags": ["model"], "responses": body("M")}},
                    "/i": {"get": {"operationId": "getI", "tags": ["_init__"], "responses": body("I")}}},
                   components={"schemas": {"M": {"type": "object"}, "I": {"type": "object"}}})
    names = [m.module for m in python_view(parse(tmp_path, spec)).model_modules]
    assert "_model" not in names and "__init__" not in names and len(set(names)) == len(names)


def run_python(code: str, folder: Path = GOLDEN) -> str:
    done = subprocess.run([sys.executable, "-c", code], cwd=folder, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_importing_and_making_a_client_loads_no_model_and_no_resource() -> None:
    loaded = json.loads(run_python(
        "import json, sys, features; features.Client(token='t'); features.AsyncClient(token='t');"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('features'))))"))
    assert "features.models" in loaded  # the index only
    assert not [m for m in loaded if m.startswith(("features.models.", "features.resources."))], loaded
    assert "pydantic.main" not in run_python("import sys, features; features.Client(token='t'); print(sorted(sys.modules))")


def test_a_model_loads_its_module_and_is_then_a_plain_attribute() -> None:
    out = run_python(
        "import sys, features\n"
        "from features import models\n"
        "thing = models.Thing(name='n')\n"
        "print(sorted(m for m in sys.modules if m.startswith('features.models.')))\n"
        "print('Thing' in vars(models), 'Message' in vars(models), 'Thing' in dir(models))\n"
        "try:\n    models.Nothing\nexcept AttributeError as error:\n    print(error)\n")
    assert out.splitlines() == ["['features.models._model', 'features.models._things']", "True False True",
                                "module 'features.models' has no attribute 'Nothing'"]


def test_a_call_loads_the_resource_and_the_models_it_needs() -> None:
    out = run_python(
        "import sys, httpx, features\n"
        "http = httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(200, json=[1, 2])))\n"
        "client = features.Client(token='t', http_client=http)\n"
        "print(list(client.numbers.list_numbers_all(page_size=5)))\n"
        "print(sorted(m for m in sys.modules if m.startswith(('features.models.', 'features.resources.'))))\n")
    assert out.splitlines() == ["[1, 2]", "['features.resources.numbers']"]


def test_model_modules_import_only_modules_of_more_groups() -> None:
    """No cycle: each module of the models package imports only the models shared more widely."""
    folder = GOLDEN / "features" / "models"
    for module in folder.glob("_*.py"):
        text = module.read_text(encoding="utf-8")
        imported = [line.split()[1].lstrip(".") for line in text.splitlines() if line.startswith("from ._")]
        assert all(name in ("_model", "_shared") or name.startswith("_shared") for name in imported), (module, imported)


def test_documented_error_fields(tmp_path: Path) -> None:
    error = {"type": "object", "properties": {"error": {"type": "object", "properties": {
        "message": {"type": "string"}, "type": {"type": "string"}, "code": {"type": ["string", "null"]},
        "param": {"type": "string"}}}}}
    spec = openapi({"/a": {"get": {"operationId": "a", "responses": {
        **body("A"), "4XX": {**OK, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
        "default": {**OK, "content": {"text/plain": {"schema": {"type": "string"}}}}}}}},
        components={"schemas": {"A": {"type": "object"}, "Error": error}})
    assert error_fields(parse(tmp_path, spec)) == "ErrorFields(message='error.message', code='error.code')"
    webflow = {"type": "object", "properties": {"code": {"type": "string"}, "message": {"type": "string"},
                                                "details": {"type": "array", "items": {"type": "object"}}}}
    spec["components"]["schemas"]["Error"] = webflow
    assert error_fields(parse(tmp_path, spec)) == "ErrorFields(message='message', code='code', details='details')"
    spec["x-apigen-error-message"] = "reason"
    assert "message='reason'" in error_fields(parse(tmp_path, spec))
    assert error_fields(parse(tmp_path, openapi({}))) == "ErrorFields()"
