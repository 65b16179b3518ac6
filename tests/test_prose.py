"""The prose readers (generator/prose) and lint-docs' rules on small documents the tests
write: parameter tables, examples, object tables, webhooks, and how a spec explains a
difference. The registered specs against their seeds are in tests/test_prose_seeds.py."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from generator import cli
from generator.commands.lint_docs import Linted, lint
from generator.prose import html, jsontext, read
from generator.prose.findings import RULES
from generator.prose.objects import split_field, split_value
from generator.prose.rows import required, split_row

# --- reading -----------------------------------------------------------------------------

SLATE = """\
    Introduction

    curl -X GET 'https://api.example.test/1/intro?id=1'

    Retrieve multiple notes

    curl -X GET 'https://api.example.test/1/Notes?tag=red&range=2' \\
        --header 'Api-Key: Key5678'

    Example Response:

    {
      "code": 0,
      "data": [{"id": "1", "tags": ["red"]}]
    }

    Retrieves notes.

    Request Endpoint

    GET https://api.example.test/1/Notes

    Request Parameters

    Request parameters should be appended to the URL as a query string.

    Parameter Type Description
    tag string A tag to filter by. Options are as follows:
    red => red notes
    blue => blue notes
    range integer How many notes. Required.
    ids array[int] Notes to fetch. Required if tag is absent.

    Create a note

    curl -X POST -d 'text=Hi&tags%5B%5D=a&tags%5B%5D=b' 'https://api.example.test/1/Notes'

    Example Response:

    {"code": 0, "data": {"id": "2"}}

    Request Endpoint

    POST https://api.example.test/1/Notes

    Required Headers

    Content-Type: application/x-www-form-urlencoded

    Request Parameters

    Parameters should be sent in the request body as a URL-encoded string.

    Parameter Type Description
    text string The note's text. Required.

    The note object

    {"id": "1", "text": "Hi", "tags": []}

    Note attributes

    Attributes Type Description
    id integer The note's ID.
    text string The note's text.
    data_{field} string Extra data.

    Webhook Events

    Note is created

    Example Payload:

    {"webhook_id": "1", "event": {"type": "note_create"}}

    Event Name

    note_create

    Payload Data

    Attribute Type Description
    webhook_id integer The webhook ID.
    event[type] string The event.
"""


def test_slate_blocks_rows_samples_objects_and_events() -> None:
    prose = read(textwrap.dedent(SLATE))
    listing, create = prose.operations
    assert (listing.endpoint.method, listing.endpoint.path, listing.endpoint.title) == (
        "GET", "/Notes", "Retrieve multiple notes")
    assert [(r.name, r.type, r.location, r.required) for r in listing.rows] == [
        ("tag", "string", "query", False), ("range", "integer", "query", True), ("ids", "array[int]", "query", None)]
    assert "red => red notes blue => blue notes" in listing.rows[0].description  # continuation lines
    # the intro's sample is not the block's: its samples follow the previous block's table
    assert [(e.kind, e.value) for e in listing.examples] == [
        ("request", {"query": {"tag": "red", "range": "2"}, "body": None}),
        ("response", {"code": 0, "data": [{"id": "1", "tags": ["red"]}]})]
    assert create.encoding == "form" and create.rows[0].location == "body"
    assert create.examples[0].value == {"query": {}, "body": {"text": "Hi", "tags[]": ["a", "b"]}}
    (note,) = prose.tables
    assert note.name == "The note object" and [r.name for r in note.rows] == ["id", "text", "data_{field}"]
    assert note.examples[0].kind == "object" and note.examples[0].value["text"] == "Hi"
    (event,) = prose.hooks
    assert event.name == "note_create" and [r.name for r in event.rows] == ["webhook_id", "event[type]"]
    assert event.examples[0].kind == "payload"


REDOC = """\
Notes

List notes

Authorizations:
bearerAuth
query Parameters
tag
required
string <email>
Example: tag=red

A tag.

Responses

Response samples

Content type
application/json
{
  • "items": [
    ],
  • "total": 1,
}

Create a note

Authorizations:
bearerAuth
Request Body schema: application/json
required
text
required
string
object (Author)

The author.

Responses

Request samples

Content type
application/json
{
  • "text": "Hi",
  • "author": {
    }
}
"""


def test_redoc_fields_nested_names_and_bulleted_samples() -> None:
    prose = read(REDOC)
    listing, create = prose.operations
    assert listing.endpoint.title == "List notes"
    assert [(r.name, r.type, r.location, r.required, r.description) for r in listing.rows] == [
        ("tag", "string <email>", "query", True, "A tag.")]
    assert listing.examples[0].value == {"items": [], "total": 1}  # bullets and a trailing comma undone
    # ReDoc hides a nested object's name: the request sample's keys give it
    assert [(r.name, r.type, r.required) for r in create.rows] == [
        ("text", "string", True), ("author", "object (Author)", False)]


BLUEPRINT = """\
Note attributes:

Attribute Type Description
id number Unique identifier
tags array

GET https://example.test/api/notes/1
Responses200404
Headers
Content-Type: application/json
Body
{"id": 1}
Headers
Content-Type: application/json
Body
{"success": false}

Retrieve Note
GET/notes/{id}{?full}

URI Parameters
HideShow
id
number (required) Example: 1

The id.

full
boolean (optional) Example: true

Whether to expand.

Each POST call to your destination URL will include the following headers:

Header Description
X-Hook-Id The id of the fired webhook.
"""


def test_blueprint_parameters_statuses_tables_and_delivery_headers() -> None:
    prose = read(BLUEPRINT)
    (op,) = prose.operations
    assert (op.endpoint.method, op.endpoint.path) == ("GET", "/notes/{id}")
    assert [(r.name, r.location, r.required) for r in op.rows] == [("id", "path", True), ("full", "query", False)]
    assert [(e.status, e.value) for e in op.examples] == [(200, {"id": 1}), (404, {"success": False})]
    assert [(r.name, r.type) for r in prose.tables[0].rows] == [("id", "number"), ("tags", "array")]
    assert [r.name for r in prose.delivery_headers] == ["X-Hook-Id"]


OBJECTS = """\
Note

Properties

FieldTypeDescription
_idstringUnique identifier
rateLimitintegerThe default rate limit
sites[string]The sites
filterobjectfilter for selecting events
authorAuthorThe author

Example

{"_id": "1"}

Author

Properties

ValueDescription
ImageRefUnique id for images
form_submissionSends the form_submission event
"""


def test_object_reference_rows_run_together() -> None:
    prose = read(OBJECTS)
    assert prose.format == "objects"
    note, author = prose.tables
    assert [(r.name, r.type, r.description) for r in note.rows] == [
        ("_id", "string", "Unique identifier"), ("rateLimit", "integer", "The default rate limit"),
        ("sites", "[string]", "The sites"), ("filter", "object", "filter for selecting events"),
        ("author", "Author", "The author")]
    assert note.examples[0].value == {"_id": "1"}
    assert [(v.value, v.description) for v in author.values] == [
        ("ImageRef", "Unique id for images"), ("form_submission", "Sends the form_submission event")]
    assert split_value("ColorCSS Color value") == ("Color", "CSS Color value")
    assert split_field("namestringName given", 1, frozenset()) is not None


def test_rows_and_required_ness() -> None:
    assert split_row("n_lead_source integer/ string The source.", 1) is not None
    assert split_row("Transactional email is NOT marketing email.", 1) is None  # a continuation
    assert split_row("0 => false", 1) is None
    assert required("The ID. Required.") is True and required("The ID.") is False
    assert required("Required if ccnumber not present.") is None
    assert required("Either tag_id or tag_name is required.") is None


def test_json_examples_are_read_leniently_and_only_so() -> None:
    lines = ["{", '  • "a": [', "    ],", '  • "b": 1,', "}", "after"]
    text, value, error = jsontext.read_at(lines, 0)
    assert value == {"a": [], "b": 1} and error is None and "after" not in text
    assert jsontext.parse('{"contact": { ... }}')[1] is not None  # a placeholder stays an error


def test_html_is_reduced_as_the_seeds_were_made() -> None:
    page = """<html><head><style>p {}</style></head><body><ul><li>One</li></ul>
        <h2>Title</h2><p>Some <b>bold</b>
        text.</p><table><tr><th>Parameter</th><th>Type</th></tr><tr><td><code>id</code></td><td>integer</td></tr>
        </table><pre><code>{
  "a": 1
}</code></pre><script>alert("no")</script></body></html>"""
    assert html.reduce(page) == ("• One\n\nTitle\n\nSome bold text.\n\nParameter Type\nid integer\n\n"
                                 "{\n  \"a\": 1\n}\n")
    assert html.looks_like_html(page) and not html.looks_like_html("Title\n\nText.\n")


# --- the rules, on a small spec and a small page -----------------------------------------------

SPEC = """\
api: notes
title: Notes
version: "1"
envelope: {data: data, code: code}
models:
  Note:
    source: doc.txt:{note_line}
    fields:
      id: {type: integer}
      text: string
      tags: [string]
    additional: string
  Unused: {source: doc.txt:1, fields: {x: string}}
operations:
  notes.list:
    GET: /Notes
    source: doc.txt:{list_line}
    summary: Retrieve multiple notes
    query:
      tag: string
      range: {type: integer, required: true}
      ids: [integer]
    returns: [Note]
  notes.create:
    POST: /Notes
    source: doc.txt:{create_line}
    content_type: form
    body: {text: {type: string, required: true}, tags: [string]}
    returns: Note
webhooks:
  note_create: {source: doc.txt:{hook_line}, payload: object}
"""


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if line.strip() == needle)


def project(tmp_path: Path, doc: str = SLATE, spec: str = SPEC, **edits: str) -> tuple[Path, Path]:
    """A spec whose sources point at the small Slate page, with ``edits`` (old=new) applied
    to the spec's text after its lines are filled in."""
    page = textwrap.dedent(doc)
    lines = {"note_line": line_of(page, "The note object"),
             "list_line": line_of(page, "GET https://api.example.test/1/Notes"),
             "create_line": line_of(page, "POST https://api.example.test/1/Notes"),
             "hook_line": line_of(page, "note_create")}
    text = spec
    for key, value in lines.items():
        text = text.replace("{" + key + "}", str(value))
    for old, new in edits.values():
        assert old in text, old
        text = text.replace(old, new)
    (tmp_path / "doc.txt").write_text(page, encoding="utf-8")
    (tmp_path / "notes.yaml").write_text(text, encoding="utf-8")
    return tmp_path / "notes.yaml", tmp_path / "doc.txt"


def codes(linted: Linted, failing: bool = True) -> list[tuple[str, str | None]]:
    return sorted((f.code, f.subject) for f in linted.checked.findings if f.failing or not failing)


def test_the_small_spec_is_clean_but_for_what_it_left_out(tmp_path: Path) -> None:
    linted = lint(*project(tmp_path))
    assert codes(linted) == [("unused-model", None)]
    counts = linted.checked.counts
    assert (counts.parameters, counts.fields, counts.passed, counts.failed) == (4, 3, 4, 0)


@pytest.mark.parametrize(("edit", "expected"), [
    (("      ids: [integer]\n", ""), ("param-missing", "ids")),
    (("      tag: string", "      tag: string\n      limit: integer"), ("param-undocumented", "limit")),
    (("      range: {type: integer,", "      range: {type: string,"), ("param-type", "range")),
    (("      tag: string", "      tag: {type: string, required: true}"), ("param-required", "tag")),
    (("    content_type: form\n    body: {text: {type: string, required: true}, tags: [string]}",
      "    query: {text: {type: string, required: true}, tags: [string]}"), ("param-location", "text")),
    (("    returns: [Note]", "    returns: Note"), ("example-shape", "example@12")),
    (("      text: string\n", "      text: string\n      body: string\n"), ("field-undocumented", "body")),
    (("      text: string\n", ""), ("field-missing", "text")),
    (("      id: {type: integer}", "      id: {type: boolean}"), ("field-type", "id")),
    (("    additional: string\n", ""), ("field-missing", "data_{field}")),
    (("  note_create: {source: doc.txt:", "  renamed: {source: doc.txt:9"), ("webhook-missing", None)),
], ids=["drop a parameter", "add a parameter", "change a type", "require", "move to the query",
        "turn a list into an object", "invent a field", "drop a field", "change a field's type", "close a model",
        "drop a webhook"])
def test_a_mutated_spec_is_caught(tmp_path: Path, edit: tuple[str, str], expected: tuple[str, str | None]) -> None:
    linted = lint(*project(tmp_path, edit=edit))
    assert expected in codes(linted)
    spec, doc = tmp_path / "notes.yaml", tmp_path / "doc.txt"
    assert cli.main(["lint-docs", str(spec), str(doc)]) == 1


@pytest.mark.parametrize(("edit", "expected"), [
    (("range integer How many notes. Required.", "range string How many notes. Required."), ("param-type", "range")),
    (("tag string A tag to filter by.", "label string A label.\n    tag string A tag to filter by."),
     ("param-missing", "label")),
    ('"data": [{"id": "1", "tags": ["red"]}]', '"data": {"id": "1", "tags": ["red"]}'),
    ("'https://api.example.test/1/Notes?tag=red&range=2'", "'https://api.example.test/1/Notes?colour=red'"),
], ids=["a table's type", "a new row", "an example's shape", "a sample's parameter"])
def test_a_mutated_page_is_caught(tmp_path: Path, edit: object, expected: object) -> None:
    old, new = edit if isinstance(edit, tuple) else (edit, expected)
    page = SLATE.replace(old, new)
    assert page != SLATE
    linted = lint(*project(tmp_path, doc=page))
    found = codes(linted)
    if isinstance(edit, tuple):
        assert expected in found
    else:
        assert any(code in ("example-shape", "request-example") for code, _ in found), found


def test_explanations_at_each_level(tmp_path: Path) -> None:
    mutations = {
        "type": ("      range: {type: integer,", "      range: {type: string, confidence: inferred, note: Sent as text.,"),
        "extra": ("      ids: [integer]\n", "      ids: [integer]\n      limit: {type: integer, ignore: {param-undocumented: "
                  "Only the samples of another page show it.}}\n"),
        "shape": ("    returns: [Note]", "    returns: Note\n    ignore: {example-shape: The example is wrong.}"),
        "unused": ('title: Notes', 'title: Notes\nignore: [{rule: unused-model, document: doc.txt, reason: Kept for later.}]'),
    }
    linted = lint(*project(tmp_path, **mutations))
    assert codes(linted) == []
    reasons = {f.code: f.reason for f in linted.checked.findings}
    assert reasons == {"param-type": "Sent as text.", "param-undocumented": "Only the samples of another page show it.",
                       "example-shape": "The example is wrong.", "unused-model": "Kept for later."}
    assert linted.checked.counts.explained == 1 and linted.ok
    # an entry's inferred note explains what it names, and only a fact about it
    named = {"note": ("    returns: [Note]\n  notes.create:", "    returns: [Note]\n    confidence: inferred\n"
                      "    note: range is sent as text.\n  notes.create:"),
             "type": ("      range: {type: integer,", "      range: {type: string,"), **{"unused": mutations["unused"]}}
    assert codes(lint(*project(tmp_path, **named))) == []


def test_report_lines_and_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec, doc = project(tmp_path, type=("      range: {type: integer,", "      range: {type: string,"))
    assert cli.main(["lint-docs", str(spec), str(doc), "--explained"]) == 1
    out = capsys.readouterr().out
    assert "compared: 4 parameters, 3 fields; 4 examples parsed (3 passed, 1 failed" not in out  # the shape holds
    error = next(line for line in out.splitlines() if "[param-type]" in line)
    assert error.startswith(f"error: {spec}:") and f"doc.txt:{line_of(SLATE, 'range integer How many notes. Required.')}" in error
    assert cli.main(["lint-docs", str(spec), str(tmp_path / "absent.txt")]) == 2


def test_examples_file_is_written_and_checked(tmp_path: Path) -> None:
    spec, doc = project(tmp_path, examples=("title: Notes", "title: Notes\nexamples: notes.examples.json"),
                        unused=("title: Notes", "title: Notes\nignore: [{rule: unused-model, reason: Kept.}]"))
    assert cli.main(["lint-docs", str(spec), str(doc), "--write-examples"]) == 0
    written = json.loads((tmp_path / "notes.examples.json").read_text(encoding="utf-8"))["examples"]
    assert [(e["entry"], e["source"].split(":")[0]) for e in written] == [
        ("/operations/notes.list", "doc.txt"), ("/operations/notes.create", "doc.txt"), ("/models/Note", "doc.txt"),
        ("/webhooks/note_create", "doc.txt")]
    doc.write_text(doc.read_text(encoding="utf-8").replace('"tags": ["red"]', '"tags": ["blue"]'), encoding="utf-8")
    assert [f.code for f in lint(spec, doc).checked.findings if f.failing] == ["examples-stale"]


def test_every_rule_is_documented() -> None:
    text = (Path(__file__).resolve().parents[1] / "docs" / "docspec.md").read_text(encoding="utf-8")
    assert [code for code in RULES if f"`{code}`" not in text] == []


def test_an_ignore_naming_no_rule_is_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec, doc = project(tmp_path, typo=("    returns: [Note]", "    returns: [Note]\n    ignore: {param-tpye: Typo.}"))
    assert cli.main(["lint-docs", str(spec), str(doc)]) == 2
    assert "'param-tpye' is not a rule of lint-docs" in capsys.readouterr().err
