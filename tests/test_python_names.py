"""The Python target's naming authority: no name a spec chooses can shadow or collide with
one the runtime, pydantic or the generated code uses."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pydantic

from generator.cli import main
from generator.targets.python import names
from tests.conftest import openapi, write_spec

OK = {"200": {"description": "ok"}}


def generate(tmp_path: Path, spec: dict[str, object]) -> Path:
    out = tmp_path / "out"
    assert main(["generate", str(write_spec(tmp_path, spec, "api.yaml")), "--out", str(out)]) == 0
    return out


def run_python(folder: Path, code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], cwd=folder, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_every_attribute_of_pydantic_models_is_reserved() -> None:
    public = {name for name in dir(pydantic.BaseModel) if not name.startswith("_")}
    assert public <= names.PYDANTIC_ATTRIBUTES, sorted(public - names.PYDANTIC_ATTRIBUTES)


def test_fields_named_like_pydantic_methods_do_not_shadow_them(tmp_path: Path) -> None:
    shadowing = ["model_copy", "model_dump_json", "model_extra", "model_fields_set", "model_post_init",
                 "model_construct", "model_validate_json", "copy", "json"]
    spec = openapi({"/t": {"get": {"operationId": "t", "responses": {"200": {"description": "ok", "content": {
        "application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}}}}},
        servers=[{"url": "https://x.example"}],
        components={"schemas": {"Thing": {"type": "object", "properties": {n: {"type": "string"} for n in shadowing}}}})
    out = generate(tmp_path, spec)
    printed = run_python(out, "from api import models\n"
                              f"t = models.Thing.model_validate({ {n: n.upper() for n in shadowing}!r})\n"
                              "print(t.model_copy().model_dump_json(by_alias=True))\n"
                              "print(sorted(models.Thing.model_fields))")
    dumped, fields = printed.splitlines()
    assert all(f'"{n}":"{n.upper()}"' in dumped for n in shadowing)
    assert fields == str(sorted(f"{n}_" for n in shadowing))


def test_a_server_variable_and_a_credential_with_one_name_get_two_arguments(tmp_path: Path) -> None:
    spec = openapi({"/t": {"get": {"operationId": "t", "responses": OK}}},
                   servers=[{"url": "https://{token}.x.example", "variables": {"token": {"default": "eu"}}}],
                   components={"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
                   security=[{"bearer": []}])
    out = generate(tmp_path, spec)
    printed = run_python(out, "import inspect\nfrom api import Client\n"
                              "print(list(inspect.signature(Client).parameters)[:2])\n"
                              "print(Client(token='secret', token_2='us')._http.settings.base_url)")
    assert printed.splitlines() == ["['token', 'token_2']", "https://us.x.example"]


def test_groups_whose_names_collide_as_classes_are_wired_to_their_own_operations(tmp_path: Path) -> None:
    """Tags ``x1`` and ``x 1`` give attributes ``x1`` and ``x_1`` whose classes would both be
    ``X1Resource``; the second is numbered, so each attribute calls its own operation."""
    spec = openapi({"/one": {"get": {"operationId": "one", "tags": ["x1"], "responses": OK}},
                    "/two": {"get": {"operationId": "two", "tags": ["x 1"], "responses": OK}}},
                   servers=[{"url": "https://x.example"}])
    out = generate(tmp_path, spec)
    printed = run_python(out, "from api import Client\nc = Client()\n"
                              "print(type(c.x1).__name__, hasattr(c.x1, 'one'), type(c.x_1).__name__, hasattr(c.x_1, 'two'))")
    assert printed.split() == ["X1Resource", "True", "X1Resource2", "True"]


def test_many_colliding_names_cost_linear_time() -> None:
    """``Namer.claim`` remembers the last number per name: 20,000 collisions used to take 35 s."""
    namer = names.Namer()
    claimed = [namer.claim("value") for _ in range(20_000)]
    assert len(set(claimed)) == 20_000 and claimed[-1] == "value_20000"
