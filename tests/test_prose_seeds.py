"""lint-docs at the level of parameters and examples on the registered doc specs and their
seed documents (skipped without ../shared): each spec is clean, every difference explained;
a spec or a document mutated is caught, and a shape error fails the generated tests."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.cli import main
from generator.commands.lint_docs import Linted, lint, lint_text

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
ONTRAPORT_DOC = SEEDS / "004_5b3dca496ef9c47c.txt"
BREE_CURRENT = SEEDS / "000_d5c2b50b9fd6fdec.txt"
BREE_OLDER = SEEDS / "001_4ef0cb63f420e725.txt"
WEBFLOW_V1_DOC = SEEDS / "003_f0e6004c337ee7a2.txt"

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is absent")

# (spec, document, at least: parameters compared, fields compared, examples parsed)
REGISTERED = [
    ("ontraport", ONTRAPORT_DOC, 1070, 590, 210),
    ("bree", BREE_CURRENT, 130, 110, 44),
    ("bree", BREE_OLDER, 40, 60, 29),
    ("webflow_v1", WEBFLOW_V1_DOC, 0, 220, 42),
]


@pytest.mark.parametrize(("name", "doc", "parameters", "fields", "examples"), REGISTERED,
                         ids=["ontraport-004", "bree-000", "bree-001", "webflow_v1-003"])
def test_registered_specs_are_clean_with_every_difference_explained(
        name: str, doc: Path, parameters: int, fields: int, examples: int) -> None:
    linted = lint(ROOT / "specs" / f"{name}.yaml", doc)
    assert linted.ok, "\n".join(linted.lines())
    counts = linted.checked.counts
    assert counts.parameters >= parameters and counts.fields >= fields and counts.examples >= examples
    assert counts.failed == 0
    for finding in linted.checked.findings:
        assert finding.reason or finding.severity == "info", finding


def copy_spec(tmp_path: Path, name: str, edit: tuple[str, str] | None = None) -> Path:
    """The registered spec ``name`` (and its examples file) in ``tmp_path``, with one text edit."""
    text = (ROOT / "specs" / f"{name}.yaml").read_text(encoding="utf-8")
    if edit is not None:
        assert text.count(edit[0]) == 1, edit[0]
        text = text.replace(*edit)
    shutil.copy(ROOT / "specs" / f"{name}.examples.json", tmp_path)
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def failing(linted: Linted) -> list[tuple[str, str, int | None]]:
    return [(f.code, f.where, f.prose_line) for f in linted.checked.findings if f.failing]


LIST_AS_OBJECT = ("    returns: [CalendarEvent]\n    note: Calendar events page by start_time",
                  "    returns: CalendarEvent\n    note: Calendar events page by start_time")


@pytest.mark.parametrize(("edit", "expected"), [
    (("      guestsearch: {type: string, description: The composite ID of a guest to search for.",
      "      guestsearchx: {type: string, description: The composite ID of a guest to search for."),
     [("param-missing", "calendar_events.list", 3874), ("param-undocumented", "calendar_events.list", None)]),
    (("      id: {type: integer, required: true, description: The calendar template ID. Required.}",
      "      id: {type: string, required: true, description: The calendar template ID. Required.}"),
     [("param-type", "calendar_templates.retrieve", 4578)]),
    (LIST_AS_OBJECT, [("example-shape", "calendar_events.list", 3738)]),
], ids=["drop a parameter", "change a type", "turn a list into an object"])
def test_a_mutated_ontraport_spec_is_caught(tmp_path: Path, edit: tuple[str, str],
                                            expected: list[tuple[str, str, int | None]]) -> None:
    linted = lint(copy_spec(tmp_path, "ontraport", edit), ONTRAPORT_DOC)
    assert sorted(failing(linted), key=str) == sorted(expected, key=str)


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("    id integer The calendar template ID. Required.", "    id string The calendar template ID. Required.",
     ("param-type", "calendar_templates.retrieve")),
    ("    guestsearch string The composite ID of a guest to search for.",
     "    guestsearch string The composite ID of a guest to search for.\n    colour string A colour.",
     ("param-missing", "calendar_events.list")),
    ('          "title": "Haircut",', '          "title": ["Haircut"],', ("example-shape", "calendar_events.list")),
    ("    last_code string The last HTTP response code.", "    last_code boolean The last HTTP response code.",
     None),  # explained on the field: a note covers any rule
], ids=["a table's type", "a new row", "an example's value", "an explained field"])
def test_a_mutated_ontraport_page_is_caught(old: str, new: str, expected: tuple[str, str] | None) -> None:
    text = ONTRAPORT_DOC.read_text(encoding="utf-8")
    assert old in text, old
    linted = lint_text(ROOT / "specs" / "ontraport.yaml", text.replace(old, new, 1), ONTRAPORT_DOC.name)
    found = [(code, where) for code, where, _ in failing(linted) if code != "examples-stale"]
    assert found == ([expected] if expected else [])


def test_mutated_bree_and_webflow_pages_are_caught() -> None:
    text = BREE_CURRENT.read_text(encoding="utf-8")
    text = text.replace("email\nrequired\nstring <email>\nExample: email=john@doe.com",
                        "email\nstring <email>\nExample: email=john@doe.com", 1)
    linted = lint_text(ROOT / "specs" / "bree.yaml", text, BREE_CURRENT.name)
    assert ("param-required", "contacts.search_by_email") in [(c, w) for c, w, _ in failing(linted)]
    text = WEBFLOW_V1_DOC.read_text(encoding="utf-8").replace("rateLimitintegerThe", "rateLimitbooleanThe", 1)
    linted = lint_text(ROOT / "specs" / "webflow_v1.yaml", text, WEBFLOW_V1_DOC.name)
    assert [(c, w) for c, w, _ in failing(linted) if c != "examples-stale"] == [("field-type", "Authorization")]


def test_a_shape_error_fails_the_generated_tests(tmp_path: Path) -> None:
    """calendar_events.list typed as one event: its documented example fails to parse in the
    generated package's own tests, as it would fail on every call."""
    spec = copy_spec(tmp_path, "ontraport", LIST_AS_OBJECT)
    out = tmp_path / "out"
    assert main(["generate", str(spec), "--out", str(out)]) == 0
    env = {**os.environ, "PYTHONPATH": str(out)}
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_examples.py",
                          "-k", "calendar_events and list"], cwd=out, env=env, capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 1, run.stdout[-2000:]
    assert "1 failed" in run.stdout and "validation error" in run.stdout


def test_examples_files_hold_what_the_documents_show() -> None:
    for name, doc, *_ in REGISTERED:
        codes = [f.code for f in lint(ROOT / "specs" / f"{name}.yaml", doc).checked.findings]
        assert "examples-stale" not in codes, (name, doc.name)


def test_sources_of_the_new_webhooks_show_their_events() -> None:
    data = yaml.safe_load((ROOT / "specs" / "ontraport.yaml").read_text(encoding="utf-8"))
    lines = ONTRAPORT_DOC.read_text(encoding="utf-8").splitlines()
    for key, hook in data["webhooks"].items():
        line = int(hook["source"].rsplit(":", 1)[1])
        assert lines[line - 1].strip() == key and lines[line - 3].strip() == "Event Name"
