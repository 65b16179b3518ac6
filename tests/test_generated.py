"""The committed clients in generated/: fresh, complete, passing their own tests and mypy."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.registry import load_registry
from generator.write import stale_files
from generator.pipeline import Job, build
from generator.targets.python.refine import refine
from tests.conftest import ROOT, load_api

REGISTRY = load_registry(ROOT / "specs" / "apis.yaml")
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=cwd, capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_generated_output_is_fresh(name: str) -> None:
    entry = REGISTRY[name]
    job = Job(ROOT / entry.spec, entry.name, entry.package, entry.kind, entry.label, entry.template_sets,
              distribution=entry.distribution, names=entry.names, webhook_signature=entry.webhook_signature,
              operations=entry.operations)
    out = ROOT / "generated" / entry.package
    assert stale_files(out, build(job).files) == [], "run `apigen generate`"


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_generated_package_passes_its_own_tests(name: str) -> None:
    package = ROOT / "generated" / REGISTRY[name].package
    result = _run(["pytest", "-q", "-p", "no:cacheprovider"], package)
    assert result.returncode in (0, 5), result.stdout[-3000:] + result.stderr[-2000:]


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_generated_package_passes_mypy_strict(name: str) -> None:
    """The whole package, its tests included, as a user runs mypy in it."""
    entry = REGISTRY[name]
    result = _run(["mypy", "--strict", "--no-incremental", "."], ROOT / "generated" / entry.package)
    assert result.returncode == 0, result.stdout[-3000:]


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_generated_package_is_black_formatted(name: str) -> None:
    """ruff formats the output in black's style; black itself, run in the package with no
    options (its pyproject.toml holds the width), must find nothing to change."""
    package = ROOT / "generated" / REGISTRY[name].package
    result = _run(["black", "--check", "--quiet", "."], package)
    assert result.returncode == 0, result.stderr[-3000:]


@pytest.mark.parametrize("name", sorted(n for n, e in REGISTRY.items() if e.kind == "openapi"))
def test_every_operation_of_the_spec_is_generated(name: str) -> None:
    entry = REGISTRY[name]
    spec = yaml.load((ROOT / entry.spec).read_text(), Loader=yaml.CSafeLoader)
    documented = {(m.upper(), p) for p, item in spec["paths"].items() for m in item if m in METHODS}
    api = load_api(ROOT / entry.spec, name=entry.name, package=entry.package, kind=entry.kind,
                   label=entry.label)
    assert {(op.method, op.path) for op in api.operations} == documented
    client_source = "".join(p.read_text() for p in (ROOT / "generated" / entry.package).rglob("*.py"))
    client, _ = refine(api, package=entry.package)
    assert len(client.methods) == len(api.operations)
    for method in client.methods:
        assert f"def {method.name}(" in client_source


def test_webflow_has_all_82_operations() -> None:
    entry = REGISTRY["webflow"]
    api = load_api(ROOT / entry.spec, name=entry.name, package=entry.package, kind=entry.kind,
                   label=entry.label)
    assert len(api.operations) == 82
    assert len(api.webhooks) == 15
