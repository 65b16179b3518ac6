"""Reports of ``apigen diff`` and ``drift`` for CI: markdown that fits a pull-request comment,
GitHub workflow annotations, JUnit XML, ``--only``, ``--json-out``, and a project's policy
(``--rules``, ``--ignore``, the registry's ``drift:`` section)."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from tests.test_diff import site, spec

from generator.cli import main
from generator.commands.compare import short_names
from generator.diff import Change
from generator.diff.markdown import LIMIT
from generator.diff.report import Section, render

HOSTILE = "GET /a<script>`|*\n::error::forged%0A"


def pair(tmp_path: Path) -> tuple[Path, Path]:
    """Two specs: a required response field removed (breaking), an optional one removed
    (warning), a request field added (info)."""
    old = spec(tmp_path, "old.yaml", site("id: {type: string}, a: {type: string}, b: {type: string}", "[id, a]"))
    new = spec(tmp_path, "new.yaml", site("id: {type: string}", "[id]", request="name: {type: string}, n: {type: string}"))
    return old, new


def test_markdown_is_cut_to_fit_breaking_first() -> None:
    changes = [Change(f"GET /op{i}", "endpoint-added", "a new operation " + "x" * 60) for i in range(3000)]
    changes += [Change(f"GET /gone{i}", "endpoint-removed", "existing clients call it") for i in range(40)]
    text = render([Section("old.yaml → new.yaml", tuple(changes))], "markdown", full_report="drift.json")
    assert len(text) < LIMIT
    assert text.index("| category |") < text.index("Breaking changes (40)") < text.index("Other changes (3000)")
    assert "more changes not shown** (0 breaking)" in text and "`drift.json`" in text
    assert "<details>" in text and "Notation:" in text


def test_markdown_escapes_spec_text() -> None:
    text = render([Section("t", (Change(HOSTILE, "endpoint-added", "new <b>bold</b>"),))], "markdown")
    assert "<script>" not in text and "<b>" not in text
    assert "&lt;script&gt;" in text  # in the <summary> element, HTML-escaped


def test_github_annotations_cannot_be_forged() -> None:
    changes = (Change(HOSTILE, "endpoint-removed", "gone"), Change("GET /b", "endpoint-operation-id-changed", "x"),
               Change("GET /c", "endpoint-added", "new"))
    lines = render([Section("a → b", changes)], "githubactions").splitlines()
    assert [line.split(" ", 1)[0] for line in lines] == ["::error", "::warning", "::notice"]
    # the line break shows as \n (no second command), the spec's own %0A cannot decode to one
    assert len(lines) == 3 and "\\n::error" in lines[0] and "%250A" in lines[0]
    assert lines[1].startswith("::warning title=a → b%3A endpoint-operation-id-changed::GET /b: x")


def test_junit_fails_at_the_fail_on_level() -> None:
    changes = (Change(HOSTILE, "endpoint-removed", "gone"), Change("GET /b", "endpoint-operation-id-changed", "x"))
    sections = [Section("a → b", changes), Section("down", note="cannot fetch https://x", failed=True)]
    root = ElementTree.fromstring(render(sections, "junit", fail_on="breaking"))
    suites = root.findall("testsuite")
    assert [s.get("failures") for s in suites] == ["1", "0"] and suites[1].get("errors") == "1"
    assert root.find(".//failure") is not None and root.find(".//error") is not None
    warned = ElementTree.fromstring(render(sections, "junit", fail_on="warning"))
    assert warned.find("testsuite").get("failures") == "2"  # type: ignore[union-attr]


def test_only_breaking_and_json_out(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = pair(tmp_path)
    out = tmp_path / "full.json"
    assert main(["diff", str(old), str(new), "--only", "breaking", "--json-out", str(out)]) == 1
    text = capsys.readouterr().out
    assert "response-property-removed-required" in text and "removed-optional" not in text
    full = json.loads(out.read_text(encoding="utf-8"))
    assert full["summary"] == {"breaking": 1, "warning": 1, "info": 1, "non_breaking": 2, "accepted": 0}


def test_rules_file_changes_levels(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = pair(tmp_path)
    rules = tmp_path / "rules.yaml"
    rules.write_text("rules:\n  response-property-removed-required: info\n"
                     "  response-property-removed-optional: none\n", encoding="utf-8")
    assert main(["diff", str(old), str(new), "--rules", str(rules), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["summary"]["breaking"] == 0 and data["summary"]["accepted"] == 1
    rules.write_text("rules:\n  no-such-rule: info\n", encoding="utf-8")
    assert main(["diff", str(old), str(new), "--rules", str(rules)]) == 2
    assert "rules.yaml:2" in capsys.readouterr().err


def test_ignore_file_accepts_changes_by_rule_and_place(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = pair(tmp_path)
    ignore = tmp_path / "ignore.yaml"
    ignore.write_text("- rule: response-property-removed-required\n"
                      "  location: 'GET /sites/* › response 200 › body › a'\n", encoding="utf-8")
    assert main(["diff", str(old), str(new), "--ignore", str(ignore)]) == 0
    assert "(1 accepted by policy)" in capsys.readouterr().out


def test_drift_reads_the_registry_policy(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = pair(tmp_path)
    registry = tmp_path / "specs" / "apis.yaml"
    registry.parent.mkdir()
    registry.write_text(f"apis:\n  shop: {{spec: {old}, upstream: {new}}}\n"
                        "drift:\n  rules: {response-property-removed-required: warning}\n", encoding="utf-8")
    assert main(["drift", "--registry", str(registry)]) == 0
    assert main(["drift", "--registry", str(registry), "--fail-on", "warning"]) == 1
    assert "shop" in capsys.readouterr().out


def test_drift_summary_says_why_an_api_was_not_checked() -> None:
    sections = [Section("down", note="cannot fetch https://x.example/a.yaml: HTTP 404", failed=True),
                Section("notes", note="models only: no endpoints to check", checked=False)]
    text = render(sections, "text", summary=True)
    assert "error: cannot fetch https://x.example/a.yaml: HTTP 404" in text.splitlines()[1]
    assert "models only" in text.splitlines()[2] and " 0 " not in text.splitlines()[1]
    markdown = render(sections, "markdown", summary=True)
    assert "| down | error | — | — | — | error: cannot fetch" in markdown


def test_report_names_documents_without_absolute_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "v1").mkdir()
    (tmp_path / "v2").mkdir()
    monkeypatch.chdir(tmp_path)
    assert short_names(Path("v1/api.yaml"), tmp_path / "v2" / "api.yaml") == ("v1/api.yaml", "v2/api.yaml")
    monkeypatch.chdir(tmp_path / "v1")
    assert short_names(tmp_path / "v1" / "api.yaml", tmp_path / "v2" / "api.yaml") == ("v1/api.yaml", "v2/api.yaml")
    assert not any(os.path.isabs(n) for n in short_names(Path("/x/a.yaml"), Path("/y/b.yaml")))
