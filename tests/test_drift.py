"""``apigen drift``: registered APIs against upstream files, doc specs through the coverage
check, an unreachable upstream, and the summary table in every format."""

from __future__ import annotations

import json
import textwrap
import types
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.commands import lint_docs
from generator.cli import main
from generator.registry import load_registry
from generator.commands.drift import check_entry

PINNED = """\
openapi: 3.1.0
info: {title: Shop, version: "1"}
paths:
  /orders:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                required: [id, total]
                properties: {id: {type: string}, total: {type: number}}
"""

DOCSPEC = """\
api: notes
title: Notes
version: "1"
operations:
  notes.list:
    GET: /notes
    source: prose.txt:1
"""


def project(tmp_path: Path, upstream: str, pinned: str = PINNED) -> Path:
    """A project with two APIs (OpenAPI ``shop`` with ``upstream``, doc-spec ``notes``);
    returns its registry."""
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "shop.yaml").write_text(pinned, encoding="utf-8")
    (tmp_path / "specs" / "notes.yaml").write_text(DOCSPEC, encoding="utf-8")
    (tmp_path / "prose.txt").write_text("GET /notes lists notes\n", encoding="utf-8")
    registry = tmp_path / "specs" / "apis.yaml"
    registry.write_text(textwrap.dedent(f"""\
        apis:
          shop: {{spec: specs/shop.yaml, kind: openapi, upstream: "{upstream}"}}
          notes: {{spec: specs/notes.yaml, kind: docspec, upstream: prose.txt}}
          plain: {{spec: specs/shop.yaml, kind: openapi}}
        """), encoding="utf-8")
    return registry


@pytest.fixture
def clean_coverage(monkeypatch: pytest.MonkeyPatch) -> None:
    """A coverage check that finds the doc spec complete (its own tests are elsewhere)."""
    monkeypatch.setattr(lint_docs, "check_coverage", lambda spec, prose: types.SimpleNamespace(missing=[], stale=[]))


def upstream_file(tmp_path: Path, text: str) -> None:
    (tmp_path / "upstream").mkdir()
    (tmp_path / "upstream" / "shop.yaml").write_text(text, encoding="utf-8")


@pytest.mark.usefixtures("clean_coverage")
def test_unchanged_upstream_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    upstream_file(tmp_path, PINNED)
    registry = project(tmp_path, "upstream/shop.yaml")
    assert main(["drift", "--registry", str(registry)]) == 0
    out = capsys.readouterr().out
    assert "notes" in out and "unchanged" in out
    assert "plain" not in out  # no upstream, not checked


def test_breaking_drift_fails_with_summary_and_details(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    upstream_file(tmp_path, PINNED.replace(", total: {type: number}", ""))
    registry = project(tmp_path, "upstream/shop.yaml")
    assert main(["drift", "shop", "--registry", str(registry), "--format", "markdown"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("| API | status | breaking | warning | info | note |")
    assert "| shop | breaking | 1 | 0 | 0 |" in out and "### shop (upstream/shop.yaml)" in out
    assert "- `response 200 › body › total` `response-property-removed-required`" in out
    assert main(["drift", "shop", "--registry", str(registry), "--fail-on", "none"]) == 0


@pytest.mark.usefixtures("clean_coverage")
def test_json_lists_every_api(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    upstream_file(tmp_path, PINNED.replace("total: {type: number}", "total: {type: number}, "
                                           "currency: {type: string}"))
    registry = project(tmp_path, "upstream/shop.yaml")
    assert main(["drift", "--registry", str(registry), "--format", "json"]) == 0
    apis = {a["title"]: a for a in json.loads(capsys.readouterr().out)["apis"]}
    assert apis["shop"]["status"] == "changed"
    assert apis["shop"]["changes"][0]["location"] == "GET /orders › response 200 › body › currency"
    assert apis["notes"]["status"] == "unchanged"


def test_unreachable_upstream_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Port 9 on the loopback refuses connections at once: "offline" without a network.
    registry = project(tmp_path, "http://127.0.0.1:9/v1.yaml")
    assert main(["drift", "shop", "--registry", str(registry), "--timeout", "5"]) == 2
    captured = capsys.readouterr()
    assert "cannot fetch http://127.0.0.1:9/v1.yaml" in captured.err
    assert "Traceback" not in captured.err
    summary = captured.out.splitlines()[1]  # the summary says why, not "0 0"
    assert "error: cannot fetch http://127.0.0.1:9/v1.yaml" in summary


def test_missing_upstream_file_and_unknown_api(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    registry = project(tmp_path, "upstream/absent.yaml")
    assert main(["drift", "shop", "--registry", str(registry)]) == 2
    assert "no such file" in capsys.readouterr().err
    assert main(["drift", "nope", "--registry", str(registry)]) == 2
    assert "not a registered API: nope" in capsys.readouterr().err


def test_coverage_check_is_used_when_present(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    registry = project(tmp_path, "upstream/shop.yaml")
    calls: list[tuple[Path, Path]] = []

    def check_coverage(spec: Path, prose: Path) -> types.SimpleNamespace:
        calls.append((spec, prose))
        stale = types.SimpleNamespace(key="GET /notes", source="prose.txt:1", reason="no longer shown")
        return types.SimpleNamespace(missing=[Gap("DELETE /notes/{id}", 7)], stale=[stale])

    monkeypatch.setattr(lint_docs, "check_coverage", check_coverage)
    section = check_entry(load_registry(registry)["notes"], tmp_path)
    assert calls == [(tmp_path / "specs" / "notes.yaml", tmp_path / "prose.txt")]
    assert section.status == "changed"
    gap = section.changes[0]
    assert (gap.location, gap.rule, gap.breaking) == ("DELETE /notes/{id}", "coverage-missing", False)
    assert gap.reason == "prose.txt:7 documents it; the spec lacks it"
    assert section.changes[1].rule == "coverage-stale"


@dataclass(frozen=True)
class Gap:
    """An endpoint the prose names, as generator.commands.lint_docs reports it."""

    endpoint: str
    line: int

    def __str__(self) -> str:
        return self.endpoint
