"""The openapi template set: every doc spec becomes a valid OpenAPI 3.1 document that our
own OpenAPI parser reads back into the IR the doc spec gave (docs/openapi-out.md)."""

from __future__ import annotations

import json
import textwrap
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import load_api, python_view, render_sets
import yaml
from openapi_spec_validator import validate

from generator.registry import load_registry
from generator.ir import Api, Operation, Primitive, Response, to_data
from generator.pipeline import load

ROOT = Path(__file__).resolve().parents[1]
REGISTRY = load_registry(ROOT / "specs" / "apis.yaml")
DOCSPECS = sorted(name for name, entry in REGISTRY.items() if entry.kind == "docspec")

# IR fields that differ between a doc spec and its OpenAPI document by nature, not by loss.
BLANKED = {
    "source": "where an element was read: the doc spec's seed file and line on one side, "
              "a JSON pointer into the emitted document on the other",
    "spec_name": "the name a model had in its document: the doc-spec key (\"order item\") on one "
                 "side, the emitted component name on the other",
    "source_file": "the path of the document read",
    "source_sha256": "the hash of the document read",
    "documents": "the files read (paths and hashes), which differ by construction",
    "examples": "the prose's examples a doc spec's examples file holds, for the generated tests; "
                "the OpenAPI document does not repeat them",
}


def emit(api: Api, label: str = "spec.yaml") -> str:
    """The openapi set's one file for ``api``."""
    files = render_sets(api, "openapi", label=label)
    assert list(files) == ["openapi.yaml"]
    return files["openapi.yaml"]


def read_back(text: str, tmp_path: Path, api: Api) -> tuple[Api, list[str]]:
    """The IR our OpenAPI parser makes of an emitted document, and its diagnostics."""
    path = tmp_path / f"{api.name}.openapi.yaml"
    path.write_text(text, encoding="utf-8")
    back, found = load(path, name=api.name, kind="openapi")
    return back, [str(d) for d in found]


@cache
def registered(name: str) -> tuple[Api, str]:
    """A registered doc spec's IR and its emitted document (rendered once per session)."""
    entry = REGISTRY[name]
    api = load_api(ROOT / entry.spec, name=name, kind="docspec")
    return api, emit(api, entry.label)


# --- comparing IRs ------------------------------------------------------------------------


def _response(response: Response) -> Response:
    """OpenAPI 3.1 requires a response description: the emitter writes "" for the IR's None."""
    return replace(response, description=response.description or None)


def _operation(op: Operation) -> Operation:
    return replace(op, responses=tuple(_response(r) for r in op.responses))


def _expressible(api: Api) -> list[Operation]:
    """OpenAPI has one operation per method and path: a later operation repeating both
    (Ontraport documents POST /transaction/processManual twice) is left out, with a comment."""
    seen: set[tuple[str, str]] = set()
    kept = []
    for op in api.operations:
        if (op.method, op.path) not in seen:
            seen.add((op.method, op.path))
            kept.append(op)
    return kept


def comparable(api: Api, *, from_docspec: bool) -> dict[str, Any]:
    """``api`` as data, with the differences listed in BLANKED and above taken out.

    Order is not compared: the OpenAPI parser sorts models by name (a doc spec lists its
    declared models first), and an OpenAPI document groups operations under their path, so
    operations (and with them the client's groups) come in path order. Models are therefore
    keyed by name, operations by operation id, and groups compared as a sorted list.
    """
    operations = _expressible(api) if from_docspec else list(api.operations)
    data = to_data(replace(api, models=(), operations=()))
    data["models"] = {m.name: to_data(m) for m in api.models}
    data["operations"] = {op.operation_id: to_data(_operation(op)) for op in operations}
    data["groups"] = sorted([list(g.path), g.attribute, g.class_name, g.module, sorted(
        m.name for m in g.methods if m.op in operations)] for g in python_view(api).groups)
    return _blank(data)


def _blank(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: (None if k in BLANKED else _blank(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [_blank(v) for v in value]
    return value


def assert_round_trip(api: Api, text: str, tmp_path: Path) -> Api:
    back, warnings = read_back(text, tmp_path, api)
    assert warnings == []
    expected, got = comparable(api, from_docspec=True), comparable(back, from_docspec=False)
    for key in ("operations", "models"):  # per entry first: a readable failure
        assert sorted(got[key]) == sorted(expected[key]), key
        for name in expected[key]:
            assert got[key][name] == expected[key][name], f"{key}: {name}"
    assert got == expected
    return back


# --- the registered doc specs ---------------------------------------------------------------


@pytest.mark.parametrize("name", DOCSPECS)
def test_registered_docspec_is_valid_openapi(name: str) -> None:
    _, text = registered(name)
    document = yaml.safe_load(text)
    validate(document)
    assert document["openapi"] == "3.1.0"
    assert text.startswith("# Generated by apigen from ")


@pytest.mark.parametrize("name", DOCSPECS)
def test_registered_docspec_round_trips(name: str, tmp_path: Path) -> None:
    api, text = registered(name)
    back = assert_round_trip(api, text, tmp_path)
    assert len(back.operations) == len(_expressible(api))


@pytest.mark.parametrize("name", [n for n in DOCSPECS if "openapi" in REGISTRY[n].template_sets])
def test_committed_document_is_current(name: str) -> None:
    entry = REGISTRY[name]
    committed = ROOT / "generated" / entry.package / "openapi.yaml"
    assert committed.read_text(encoding="utf-8") == registered(name)[1]


def test_bree_document_carries_the_extensions() -> None:
    document = yaml.safe_load(registered("bree")[1])
    contacts = document["paths"]["/contacts"]["get"]
    assert contacts["x-fern-sdk-group-name"] == "contacts"
    assert contacts["x-fern-sdk-method-name"] == "list"
    assert contacts["x-apigen-pagination"] == {
        "style": "offset", "offset": "skip", "limit": "limit", "items": "items",
        "total": "totalCount", "max_limit": 50, "item": {"$ref": "#/components/schemas/Contact"}}
    assert {"$ref": "#/components/parameters/User-Agent"} in contacts["parameters"]
    assert document["x-apigen-webhook-signature"] == {
        "header": "X-Webhook-Signature", "algorithm": "sha512", "encoding": "hex"}
    assert document["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    categories = document["paths"]["/products/categories"]["get"]
    assert categories["x-fern-sdk-group-name"] == ["products", "categories"]


def test_bounds_are_emitted() -> None:
    document = yaml.safe_load(registered("bree")[1])
    limit = next(p for p in document["paths"]["/contacts"]["get"]["parameters"]
                 if p.get("name") == "limit")
    assert limit["schema"] == {"type": "integer", "minimum": 1, "maximum": 50, "default": 30}


# --- tiny inline doc specs --------------------------------------------------------------------

HOSTILE = [
    'quote " and \' and `tick`', "line one\nline two\r\n\ttabbed", "{{ jinja }} {% block %}",
    "key: value # not a comment", "- a list?", "&anchor *alias !tag %directive @at",
    "yes", "null", "~", "0x1F", "1e3", "", " padded ", "unicode é 中文 😀 \u2028 \x85 \ufeff",
    "back\\slash \\n", "[flow, {map: 1}]", "#hash", "---", "...", "<script>alert(1)</script>",
]


def _quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar, for writing the spec itself: JSON escapes,
    plus the characters YAML would read as line breaks (YAML rejects escaped surrogates,
    so non-ASCII stays as it is)."""
    quoted = json.dumps(text, ensure_ascii=False)
    for char in "\u2028\u2029\x85\ufeff":
        quoted = quoted.replace(char, f"\\u{ord(char):04x}")
    return quoted


def hostile_spec(tmp_path: Path) -> Path:
    values = ", ".join(_quoted(v) for v in HOSTILE if v.strip())
    text = textwrap.dedent(f"""\
        api: demo
        title: {_quoted(HOSTILE[0])}
        version: "1.0"
        description: {_quoted(chr(10).join(HOSTILE))}
        servers:
          - url: "https://{{region}}.example.com/{{v}}"
            description: {_quoted(HOSTILE[3])}
            variables:
              region: {{default: eu, enum: [eu, "us: #1"], description: {_quoted(HOSTILE[2])}}}
              v: {{description: {_quoted(HOSTILE[13])}}}
        auth:
          bearer: {{type: bearer, header: X-Token, description: {_quoted(HOSTILE[1])}}}
          app: {{type: api_key, header: "Api: Key"}}
        headers:
          "X-Client: #1": {{required: true, description: {_quoted(HOSTILE[5])}}}
          Accept-Version: {{default: "2", description: {_quoted(HOSTILE[9])}}}
        pagination:
          style: start_range
          offset: {{name: start, default: 0}}
          limit: {{name: range, description: {_quoted(HOSTILE[4])}}}
          items: null
          max_limit: 50
        errors: {{message: "error: #msg"}}
        envelope: {{data: data, code: code}}
        webhook_signature: {{header: X-Sig, algorithm: sha256, encoding: base64}}
        models:
          Thing:
            source: seed.txt:1
            description: {_quoted(HOSTILE[6])}
            confidence: inferred
            note: {_quoted(HOSTILE[13] + HOSTILE[1])}
            fields:
              "odd: #key": {{type: string, required: true, description: {_quoted(HOSTILE[15])}}}
              kind: {{enum: [{values}], description: {_quoted(HOSTILE[16])}}}
              level: {{enum: [1, 2, 3], nullable: true}}
              ratio: {{type: number, minimum: 0.5, maximum: 1.0e+100}}
              tags: {{items: string, min_items: 1, max_items: 3}}
              extra: {{map: Other}}
              other: {{type: Other, nullable: true, read_only: true, default: {{"a": "b: c"}}}}
              any: any
              created: {{type: string, format: date-time, deprecated: true, write_only: true}}
          Other:
            source: seed.txt:2
            fields: {{"": string, "null": {{type: boolean, default: false}}}}
          Label:
            source: seed.txt:3
            enum: [{values}]
          Alias:
            source: seed.txt:4
            type: Other
          Names:
            source: seed.txt:5
            type: [Label]
          Open:
            source: seed.txt:6
            description: {_quoted(HOSTILE[19])}
            fields: {{x: integer}}
            additional: string
        operations:
          ping:
            GET: /ping
            source: seed.txt:10
            summary: {_quoted(HOSTILE[17])}
            returns: any
          things.list:
            GET: "/things/{{thing id}}"
            source: seed.txt:11
            description: {_quoted(HOSTILE[2])}
            confidence: inferred
            note: {_quoted(HOSTILE[3])}
            path: {{thing id: {{type: integer, description: {_quoted(HOSTILE[7])}}}}}
            query:
              "q: #": {{type: string, example: {_quoted(HOSTILE[1])}, default: {_quoted(HOSTILE[6])}}}
              flag: {{type: boolean, deprecated: true}}
            headers: {{X-Trace: {{required: true}}}}
            paginated: true
            returns: Thing
          things.items.create:
            POST: /things
            source: seed.txt:12
            status: 201
            content_type: form
            body: {{name: {{type: string, required: true, description: {_quoted(HOSTILE[18])}}}, kind: Label}}
            returns: Thing
          things.items.upload:
            PUT: /things/upload
            source: seed.txt:13
            content_type: multipart
            body: Open
            deprecated: true
        webhooks:
          "thing.created: #1":
            source: seed.txt:20
            summary: {_quoted(HOSTILE[0])}
            description: {_quoted(HOSTILE[13])}
            payload: Thing
          thing_deleted:
            source: seed.txt:21
            method: PUT
            payload: [Label]
        """)
    path = tmp_path / "demo.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_hostile_strings_round_trip_exactly(tmp_path: Path) -> None:
    api, found = load(hostile_spec(tmp_path), name="demo", kind="docspec")
    assert found == []
    text = emit(api)
    for line in text.splitlines():  # every spec text stays on its line
        assert "\u2028" not in line and "\x85" not in line
    validate(yaml.safe_load(text))
    back = assert_round_trip(api, text, tmp_path)
    # The texts themselves, not only their normalized comparison:
    assert back.title == HOSTILE[0] and back.description == "\n".join(HOSTILE)
    assert back.model("Label").schema.values == tuple(v for v in HOSTILE if v.strip())
    thing = back.model("Thing")
    assert thing.notes == (f"Inferred: {HOSTILE[13]}{HOSTILE[1]}",)
    assert thing.description == HOSTILE[6]
    assert [f.name for f in thing.fields][0] == "odd: #key"
    assert back.headers[0].name == "X-Client: #1" and back.headers[0].required
    assert back.auth[0].param_name == "X-Token"
    assert back.servers[0].variables[1].default is None
    assert back.operations[0].group == ()


def test_emitted_document_is_deterministic(tmp_path: Path) -> None:
    api = load_api(hostile_spec(tmp_path), name="demo", package="demo", kind="docspec")
    assert emit(api) == emit(api)


def test_document_without_extensions_reads_as_before(tmp_path: Path) -> None:
    """The x-apigen reader changes nothing for an ordinary OpenAPI document."""
    path = tmp_path / "plain.yaml"
    path.write_text(textwrap.dedent("""\
        openapi: 3.1.0
        info: {title: Plain, version: "1"}
        servers: [{url: "https://{host}/", variables: {host: {default: api.example.com}}}]
        paths:
          /pets:
            get:
              operationId: listPets
              description: All pets.
              parameters:
                - {name: offset, in: query, schema: {type: integer}}
                - {name: limit, in: query, schema: {type: integer, maximum: 20}}
              responses:
                "200":
                  description: OK
                  content: {application/json: {schema: {type: array, items: {type: string}}}}
        """), encoding="utf-8")
    api = load_api(path, name="plain", package="plain", kind="openapi")
    op = api.operations[0]
    assert op.pagination is not None and op.pagination.max_limit == 20
    assert op.description == "All pets." and op.notes == ()
    assert api.servers[0].variables[0].default == "api.example.com"
    assert api.headers == () and api.envelope is None and api.error_message is None


# --- facts the OpenAPI parser once dropped ----------------------------------------------------

BOUNDED = """\
api: demo
title: Demo
version: "1"
models:
  Box:
    source: seed.txt:1
    fields: {size: {type: integer, minimum: 1, maximum: 9}}
  Empty:
    source: seed.txt:2
    fields: {}
"""


def test_bounds_round_trip(tmp_path: Path) -> None:
    (tmp_path / "demo.yaml").write_text(BOUNDED, encoding="utf-8")
    api = load_api(tmp_path / "demo.yaml", name="demo", package="demo", kind="docspec")
    back, _ = read_back(emit(api), tmp_path, api)
    assert back.model("Box").fields[0].schema == Primitive("integer", minimum=1, maximum=9)


def test_fieldless_object_round_trip(tmp_path: Path) -> None:
    (tmp_path / "demo.yaml").write_text(BOUNDED, encoding="utf-8")
    api = load_api(tmp_path / "demo.yaml", name="demo", package="demo", kind="docspec")
    back, _ = read_back(emit(api), tmp_path, api)
    assert back.model("Empty").is_object
