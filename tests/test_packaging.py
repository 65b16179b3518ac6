"""Generated packages are ready to publish: names that cannot clash with an official SDK,
metadata from the spec's info, dependency ranges, a README that says how to install them."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
import yaml

from generator.cli import main
from tests.conftest import load_api, openapi, render_sets, write_spec

INFO = {"title": "Pets", "version": "2", "license": {"name": "Apache-2.0", "url": "https://apache.org/licenses/LICENSE-2.0"},
        "contact": {"url": "https://pets.example/support"}, "termsOfService": "https://pets.example/terms"}
SPEC = {**openapi({"/p": {"get": {"operationId": "p", "responses": {"200": {"description": "ok"}}}}},
                  servers=[{"url": "https://pets.example"}]),
        "info": INFO, "externalDocs": {"url": "https://pets.example/docs"}}


def project(out: Path) -> dict[str, object]:
    data = tomllib.loads((out / "pyproject.toml").read_text(encoding="utf-8"))
    return dict(data["project"])


def test_metadata_comes_from_the_specs_info(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["generate", str(write_spec(tmp_path, SPEC, "pets.yaml")), "--out", str(out)]) == 0
    meta = project(out)
    assert meta["name"] == "pets-client"  # the import name stays `pets`; no clash with an official `pets`
    assert meta["license"] == {"text": "Apache-2.0"}
    assert meta["urls"] == {"Homepage": "https://pets.example/support", "Documentation": "https://pets.example/docs",
                            "Terms of service": "https://pets.example/terms",
                            "License": "https://apache.org/licenses/LICENSE-2.0"}
    assert meta["dependencies"] == ["httpx>=0.25,<1", "pydantic>=2.5,<3"]
    assert "Typing :: Typed" in meta["classifiers"]  # type: ignore[operator]
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert "pip install .    # in this folder" in readme and "pip install pets-client" in readme
    assert "docs/README.md" not in readme  # no markdown set, no reference to link


def test_package_and_distribution_can_be_chosen(tmp_path: Path) -> None:
    spec = write_spec(tmp_path, SPEC, "wikimedia.org__main__1.0.0.yaml")
    out = tmp_path / "out"
    assert main(["generate", str(spec), "--out", str(out), "--package", "wikimedia",
                 "--distribution", "acme-wikimedia", "--template-set", "python", "--template-set", "markdown"]) == 0
    assert project(out)["name"] == "acme-wikimedia"
    assert (out / "wikimedia" / "__init__.py").is_file()
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert "from wikimedia import Client" in readme and "[API reference](docs/README.md)" in readme


@pytest.mark.parametrize(("flag", "value"), [("--package", "not a name"), ("--package", "json"),
                                             ("--distribution", "bad-"), ("--distribution", "a b")])
def test_bad_names_are_refused(flag: str, value: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = write_spec(tmp_path, SPEC, "pets.yaml")
    assert main(["generate", str(spec), "--out", str(tmp_path / "out"), flag, value]) == 2
    assert flag in capsys.readouterr().err and not (tmp_path / "out").exists()


def test_the_registry_names_the_distribution(tmp_path: Path) -> None:
    write_spec(tmp_path, SPEC, "pets.yaml")
    (tmp_path / "specs").mkdir()
    registry = tmp_path / "specs" / "apis.yaml"
    registry.write_text(yaml.safe_dump({"apis": {"pets": {"spec": "pets.yaml", "distribution": "pets-sdk"}}}))
    out = tmp_path / "out"
    assert main(["generate", "pets", "--registry", str(registry), "--out", str(out)]) == 0
    assert project(out)["name"] == "pets-sdk"


def test_license_and_links_survive_the_openapi_round_trip(tmp_path: Path) -> None:
    api = load_api(write_spec(tmp_path, SPEC, "pets.yaml"))
    emitted = tmp_path / "emitted.yaml"
    emitted.write_text(render_sets(api, "openapi")["openapi.yaml"], encoding="utf-8")
    back = load_api(emitted)
    assert (back.license, back.links) == (api.license, api.links)
