"""Shared helpers for the generator's tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.diagnostics import Diagnostic
from generator.ir import Api
from generator.pipeline import Job, files_of, load
from generator.targets.python.refine import refine
from generator.targets.python.view import Client

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(autouse=True, scope="session")
def isolated_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests never read or fill the user's cache of formatted files and finished jobs."""
    import os

    os.environ["APIGEN_CACHE"] = str(tmp_path_factory.mktemp("apigen-cache"))


def needs_shared(*parts: str) -> Path:
    """The path below ../shared, skipping the test when it is absent (a user's checkout)."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not available")
    return path


def write_spec(folder: Path, spec: dict[str, Any] | str, name: str = "spec.yaml") -> Path:
    """Write ``spec`` (a dict, dumped as YAML, or raw text) and return its path."""
    path = folder / name
    text = spec if isinstance(spec, str) else yaml.safe_dump(spec, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return path


def openapi(paths: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """A minimal OpenAPI 3.1 document with ``paths`` and any other top-level keys."""
    return {"openapi": "3.1.0", "info": {"title": "Test", "version": "1"}, "paths": paths, **extra}


def parse(tmp_path: Path, spec: dict[str, Any] | str, name: str = "spec.yaml") -> Api:
    """The (enriched) IR of an inline spec."""
    return load(write_spec(tmp_path, spec, name), name="test")[0]


def read(tmp_path: Path, spec: dict[str, Any] | str, name: str = "spec.yaml") -> tuple[Api, list[str]]:
    """The IR of an inline spec and its diagnostics as the CLI prints them."""
    api, found = load(write_spec(tmp_path, spec, name), name="test")
    return api, messages(found)


def messages(diagnostics: list[Diagnostic]) -> list[str]:
    """Diagnostics as the CLI prints them (``file#pointer: message [code]``), for substring checks."""
    return [str(d) for d in diagnostics]


def python_view(api: Api, package: str = "test") -> Client:
    """The Python target's view of ``api``: every Python name decided."""
    return refine(api, package=package)[0]


def as_json(api: Api) -> Any:
    """The IR as plain data, for comparisons."""
    from generator.ir import to_json

    return json.loads(to_json(api))


def load_api(path: Path, *, name: str | None = None, package: str | None = None, kind: str | None = None,
             label: str | None = None) -> Api:
    """The enriched IR of the spec at ``path`` (``package`` is the target's, so unused here)."""
    return load(path, name=name, kind=kind, label=label)[0]


def render_sets(api: Api, *sets: str, overrides: Path | None = None, package: str = "test",
                label: str = "spec.yaml") -> dict[str, str]:
    """The files the template sets (or emitters) ``sets`` make of ``api``, formatted."""
    job = Job(Path(label), api.name, package, label=label, template_sets=sets, overrides=overrides)
    return files_of(api, job)[0]
