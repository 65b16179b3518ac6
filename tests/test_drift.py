"""``apigen drift``: registered APIs against upstream files, doc specs through the coverage
check, an unreachable upstream, and the summary table in every format."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from generator.cli import main
from generator.commands import drift
from generator.commands.drift import check_entry
from generator.registry import load_registry

ROOT = Path(__file__).resolve().parents[1]

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
envelope: {data: data, code: code}
operations:
  notes.list:
    GET: /notes
    source: prose.txt:3
    query: {tag: {type: string, description: Only notes with this tag.}}
    returns: [Note]
models:
  Note:
    source: prose.txt:3
    fields: {id: integer, text: string}
"""

# The doc spec's prose: one Slate block, as a reduced page reads.
PROSE = """\
Request Endpoint

GET https://api.example.test/1/notes

Request Parameters

Request parameters should be appended to the URL as a query string.

Parameter Type Description
tag string Only notes with this tag.
"""


def project(tmp_path: Path, upstream: str, pinned: str = PINNED) -> Path:
    """A project with two APIs (OpenAPI ``shop`` with ``upstream``, doc-spec ``notes``);
    returns its registry."""
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "shop.yaml").write_text(pinned, encoding="utf-8")
    (tmp_path / "specs" / "notes.yaml").write_text(DOCSPEC, encoding="utf-8")
    (tmp_path / "prose.txt").write_text(PROSE, encoding="utf-8")
    registry = tmp_path / "specs" / "apis.yaml"
    registry.write_text(textwrap.dedent(f"""\
        apis:
          shop: {{spec: specs/shop.yaml, kind: openapi, upstream: "{upstream}"}}
          notes: {{spec: specs/notes.yaml, kind: docspec, upstream: prose.txt}}
          plain: {{spec: specs/shop.yaml, kind: openapi}}
        """), encoding="utf-8")
    return registry


def upstream_file(tmp_path: Path, text: str) -> None:
    (tmp_path / "upstream").mkdir()
    (tmp_path / "upstream" / "shop.yaml").write_text(text, encoding="utf-8")


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


def test_doc_spec_drift_reports_gaps_and_prose_findings(tmp_path: Path) -> None:
    registry = project(tmp_path, "upstream/shop.yaml")
    (tmp_path / "prose.txt").write_text(PROSE + "limit integer How many notes.\n\nRequest Endpoint\n\n"
                                        "DELETE https://api.example.test/1/notes/{id}\n", encoding="utf-8")
    section = check_entry(load_registry(registry)["notes"], tmp_path)
    assert section.status == "changed"
    found = {(c.location, c.rule, c.breaking, c.reason) for c in section.changes}
    assert ("DELETE /notes/{id}", "coverage-missing", False, "prose.txt:15 documents it; the spec lacks it") in found
    assert ("notes.list", "prose-param-missing", False,
            "prose.txt:11: the prose documents query parameter 'limit' (integer); the spec lacks it") in found


# --- doc specs against their live pages (local HTML fixtures: no network in tests) -----------

PAGE = """<!DOCTYPE html>
<html><head><title>Notes API</title><script>window.x = "<h2>not text</h2>";</script></head>
<body><nav><ul><li>Introduction</li><li>Notes</li></ul></nav>
<div class="content">
<h2 id="list-notes">List notes</h2>
<pre class="highlight shell"><code>curl -X GET 'https://api.example.test/1/notes?tag=red' \\
    --header 'Api-Key: Key5678'</code></pre>
<blockquote><p>Example Response:</p></blockquote>
<pre class="highlight json"><code>{
  "code": 0,
  "data": [{"id": 1, "text": "Buy milk &amp; eggs"}]
}</code></pre>
<p>Lists every note.</p>
<h3 id="request-endpoint">Request Endpoint</h3>
<p><code>GET https://api.example.test/1/notes</code></p>
<h3 id="request-parameters">Request Parameters</h3>
<p>Request parameters should be appended to the URL as a query string.</p>
<table><thead><tr><th>Parameter</th><th>Type</th><th>Description</th></tr></thead>
<tbody><tr><td><code>tag</code></td><td>string</td><td>Only notes with this tag.</td></tr>
{extra}</tbody></table>
</div></body></html>
"""


def page_project(tmp_path: Path, upstream: str, extra: str = "") -> Path:
    """A project whose doc spec's upstream is a page; the page file is written too."""
    registry = project(tmp_path, "upstream/shop.yaml")
    (tmp_path / "notes.html").write_text(PAGE.replace("{extra}", extra), encoding="utf-8")
    text = registry.read_text(encoding="utf-8").replace("upstream: prose.txt",
                                                        f"upstream: {upstream}, document: prose.txt")
    registry.write_text(text, encoding="utf-8")
    return registry


def test_html_page_is_reduced_and_checked(tmp_path: Path) -> None:
    registry = page_project(tmp_path, "notes.html")
    section = check_entry(load_registry(registry)["notes"], tmp_path)
    # The page's block sits on other lines than the seed's, which drift does not hold against
    # the spec: it finds entries by path and title.
    assert section.changes == () and section.status == "unchanged"


def test_fetched_page_with_a_new_parameter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    extra = "<tr><td><code>limit</code></td><td>integer</td><td>How many notes. <b>Required.</b></td></tr>"
    registry = page_project(tmp_path, "https://docs.example.test/notes", extra)
    page = (tmp_path / "notes.html").read_bytes()
    fetched: list[str] = []
    monkeypatch.setattr(drift, "fetch", lambda url, timeout: fetched.append(url) or page)
    section = check_entry(load_registry(registry)["notes"], tmp_path)
    assert fetched == ["https://docs.example.test/notes"]
    by_rule = {c.rule: c for c in section.changes}
    assert "prose-param-missing" in by_rule and "'limit' (integer)" in by_rule["prose-param-missing"].reason
    assert section.origin == "https://docs.example.test/notes"


def test_a_response_the_spec_cannot_parse_is_breaking(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    registry = page_project(tmp_path, "https://docs.example.test/notes")
    page = (tmp_path / "notes.html").read_text(encoding="utf-8").replace('"id": 1', '"id": "one"')
    monkeypatch.setattr(drift, "fetch", lambda url, timeout: page.encode())
    section = check_entry(load_registry(registry)["notes"], tmp_path)
    shape = [c for c in section.changes if c.rule == "prose-example-shape"]
    assert shape and shape[0].breaking and section.status == "breaking"


def test_offline_doc_spec_drift_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    registry = page_project(tmp_path, "http://127.0.0.1:9/notes")  # refused at once: offline
    assert main(["drift", "notes", "--registry", str(registry), "--timeout", "5"]) == 2
    err = capsys.readouterr().err
    assert "cannot fetch http://127.0.0.1:9/notes" in err and "checked online only" in err
    assert "Traceback" not in err


def test_registered_doc_specs_name_their_public_pages() -> None:
    """The CI recipe (`apigen drift`) needs no ../shared: each doc spec's upstream is its
    documentation page, read as a seed its sources cite."""
    registry = load_registry(ROOT / "specs" / "apis.yaml")
    for entry in registry.values():
        if entry.kind != "docspec":
            continue
        assert entry.upstream is not None and entry.upstream.startswith("https://"), entry.name
        assert "shared" not in entry.upstream
        assert entry.document is not None
        assert f"{entry.document}:" in (ROOT / entry.spec).read_text(encoding="utf-8"), entry.name
