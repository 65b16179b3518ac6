"""The doc-spec parser: one test per format feature on tiny inline specs, error reporting,
and the real specs under specs/."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest


from generator.diagnostics import SpecError
from generator.ir import (
    AnyValue, Api, Array, AuthScheme, Enum, Envelope, Map, Primitive, Ref, Schema,
    Source, Union, WebhookSignature,
)
from generator.documents import load_document
from generator.parsers import docspec
from tests.conftest import python_view

ROOT = Path(__file__).resolve().parents[1]
SPECS = ROOT / "specs"
SEEDS = ROOT.parent / "shared" / "seeds"

HEADER = """\
api: demo
title: Demo API
version: "1.0"
"""


def write(tmp_path: Path, body: str, header: str = HEADER) -> Path:
    """A doc spec file made of the common header and ``body``."""
    path = tmp_path / "demo.yaml"
    path.write_text(header + textwrap.dedent(body), encoding="utf-8")
    return path


def parse(tmp_path: Path, body: str, header: str = HEADER) -> Api:
    return docspec.parse(load_document(write(tmp_path, body, header)), name="demo")[0]


def parse_error(tmp_path: Path, body: str, header: str = HEADER) -> SpecError:
    with pytest.raises(SpecError) as caught:
        parse(tmp_path, body, header)
    return caught.value


def field_schema(api: Api, model: str, field: str) -> Schema:
    return next(f.schema for f in api.model(model).fields if f.name == field)


def refs(schema: Schema | None) -> list[str]:
    """Every model name ``schema`` refers to, directly or inside lists, maps and unions."""
    if isinstance(schema, Ref):
        return [schema.name]
    if isinstance(schema, Array):
        return refs(schema.items)
    if isinstance(schema, Map):
        return refs(schema.values)
    if isinstance(schema, Union):
        return [name for variant in schema.variants for name in refs(variant)]
    return []


def all_refs(api: Api) -> list[str]:
    """Every reference anywhere in the API."""
    schemas: list[Schema | None] = []
    for model in api.models:
        schemas += [f.schema for f in model.fields] + [model.schema, model.additional]
    for op in api.operations:
        schemas += [p.schema for p in op.parameters]
        schemas += [b.schema for r in op.responses for b in r.bodies]
        schemas += [b.schema for b in op.request_body.bodies] if op.request_body else []
        schemas += [op.pagination.item_schema] if op.pagination else []
    schemas += [w.payload for w in api.webhooks]
    return [name for schema in schemas for name in refs(schema)]


# --- format features ------------------------------------------------------------------------


def test_types_primitives_formats_lists_maps_and_refs(tmp_path: Path) -> None:
    api = parse(tmp_path, """
        models:
          Contact:
            source: seed.txt:3
            description: A person.
            fields:
              id: integer
              email: {type: string, format: email, required: true, description: Where to write.}
              tags: [string]
              scores: {map: number}
              extra: object
              anything: any
              friend: Contact
              friends: {items: Contact, min_items: 1, max_items: 5}
              age: {type: integer, minimum: 0, maximum: 150, default: 18}
              nick: {type: string, nullable: true}
    """)
    contact = api.model("Contact")
    assert contact.description == "A person." and contact.is_object
    by_name = {f.name: f for f in contact.fields}
    assert by_name["id"].schema == Primitive("integer")
    email = by_name["email"]
    assert email.schema == Primitive("string", "email")
    assert email.required and email.description == "Where to write."
    assert by_name["tags"].schema == Array(Primitive("string"))
    assert by_name["scores"].schema == Map(Primitive("number"))
    assert by_name["extra"].schema == Map(AnyValue())
    assert by_name["anything"].schema == AnyValue()
    assert by_name["friend"].schema == Ref("Contact")
    assert by_name["friends"].schema == Array(Ref("Contact"), 1, 5)
    assert by_name["age"].schema == Primitive("integer", minimum=0, maximum=150)
    assert by_name["age"].default == 18
    assert by_name["nick"].nullable
    assert by_name["nick"].schema == Union((Primitive("string"), Primitive("null")))


def test_model_names_are_pascal_and_distinct_and_fields_snake(tmp_path: Path) -> None:
    api = parse(tmp_path, """
        models:
          order item: {source: s.txt:1, fields: {createdOn: integer, created_on: integer}}
          OrderItem: {source: s.txt:2, fields: {x: order item}}
    """)
    assert [m.name for m in api.models] == ["OrderItem", "OrderItem2"]
    assert api.models[0].spec_name == "order item"
    assert [f.name for f in python_view(api).model("OrderItem").fields] == ["created_on", "created_on_2"]
    assert api.models[1].fields[0].schema == Ref("OrderItem")


def test_enum_models_and_inline_enums(tmp_path: Path) -> None:
    api = parse(tmp_path, """
        models:
          Status: {source: s.txt:1, enum: [pending, done]}
          Level: {source: s.txt:2, enum: [1, 2, 3]}
          Order:
            source: s.txt:3
            fields:
              status: Status
              discount: {enum: [fixed, percent, null]}
              other_discount: {enum: [fixed, percent]}
    """)
    assert api.model("Status").schema == Enum("string", ("pending", "done"))
    assert api.model("Level").schema == Enum("integer", (1, 2, 3))
    assert field_schema(api, "Order", "status") == Ref("Status")
    # An inline enum becomes a model named after its field; null in the values means nullable.
    assert field_schema(api, "Order", "discount") == Union((Ref("OrderDiscount"), Primitive("null")))
    assert api.model("OrderDiscount").schema == Enum("string", ("fixed", "percent"))
    assert field_schema(api, "Order", "other_discount") == Ref("OrderDiscount")  # shared


def test_alias_and_open_object_models(tmp_path: Path) -> None:
    api = parse(tmp_path, """
        models:
          Tags: {source: s.txt:1, type: [string]}
          Bag: {source: s.txt:2, fields: {}, additional: any}
    """)
    assert api.model("Tags").schema == Array(Primitive("string"))
    assert api.model("Bag").is_object and api.model("Bag").additional == AnyValue()


def test_operations_groups_paths_and_parameters(tmp_path: Path) -> None:
    api = parse(tmp_path, """
        operations:
          contacts.get:
            GET: /contacts/{id}/{slug}
            source: seed.txt:10
            summary: Retrieve a contact
            description: One contact.
            path: {id: {type: integer, description: The id.}}
            query: {expand: {type: boolean, default: false}, q: {required: true}}
            headers: {X-Trace: string}
          member_groups.members.add:
            POST: /member-groups/{id}/members
            source: seed.txt:11
    """)
    get, add = api.operations
    assert (get.method, get.path, get.group, get.name) == ("GET", "/contacts/{id}/{slug}",
                                                           ("contacts",), "get")
    assert get.operation_id == "contacts.get"
    assert get.summary == "Retrieve a contact" and get.description == "One contact."
    params = {p.name: p for p in get.parameters}
    assert params["id"].schema == Primitive("integer") and params["id"].required
    assert params["slug"].schema == Primitive("string") and params["slug"].location == "path"
    assert params["expand"].location == "query" and params["expand"].default is False
    assert params["q"].required and params["q"].schema == Primitive("string")
    assert params["X-Trace"].location == "header"
    assert add.group == ("member_groups", "members") and add.name == "add"
    client = python_view(api)
    assert client.root.class_name == "Client"
    assert [g.path for g in client.groups] == [(), ("contacts",), ("member_groups",),
                                               ("member_groups", "members")]
    assert [arg for p, arg in client.groups[1].methods[0].parameters if p.name == "X-Trace"] == ["x_trace"]
    assert get.success is not None and get.success.status == "200" and get.success.bodies == ()


def test_returns_and_status(tmp_path: Path) -> None:
    api = parse(tmp_path, """
        models:
          Thing: {source: s.txt:1, fields: {id: integer}}
        operations:
          things.create: {POST: /things, source: s.txt:2, returns: Thing, status: 201}
          things.all: {GET: /things/all, source: s.txt:3, returns: [Thing]}
    """)
    create, all_ = api.operations
    assert create.success is not None and create.success.status == "201"
    body = create.success.bodies[0]
    assert (body.content_type, body.encoding, body.schema) == ("application/json", "json",
                                                               Ref("Thing"))
    assert all_.success is not None and all_.success.bodies[0].schema == Array(Ref("Thing"))
    assert all_.pagination is None


@pytest.mark.parametrize(("content_type", "media_type"), [
    ("json", "application/json"),
    ("form", "application/x-www-form-urlencoded"),
    ("multipart", "multipart/form-data"),
])
def test_body_fields_model_name_and_content_types(tmp_path: Path, content_type: str,
                                                  media_type: str) -> None:
    api = parse(tmp_path, f"""
        models:
          Thing: {{source: s.txt:1, fields: {{id: integer}}}}
        operations:
          things.create:
            POST: /things
            source: s.txt:2
            content_type: {content_type}
            body: {{name: {{type: string, required: true}}, file: string}}
          things.replace: {{PUT: /things, source: s.txt:3, body: Thing}}
    """)
    create, replace = api.operations
    assert create.request_body is not None and replace.request_body is not None
    body = create.request_body.preferred
    assert (body.content_type, body.encoding) == (media_type, content_type)
    assert body.schema == Ref("ThingsCreateRequest")
    request = api.model("ThingsCreateRequest")
    assert [(f.name, f.required) for f in request.fields] == [("name", True), ("file", False)]
    assert request.source is not None and request.source.line == 2
    assert replace.request_body.preferred.schema == Ref("Thing")
    assert replace.request_body.preferred.encoding == "json"


PAGINATION = """\
pagination:
  style: offset
  offset: {name: skip, default: 0, description: Items to skip.}
  limit: {name: limit, default: 30}
  items: items
  total: totalCount
  max_limit: 50
"""


def test_pagination(tmp_path: Path) -> None:
    api = parse(tmp_path, """
        models:
          Contact: {source: s.txt:1, fields: {id: integer}}
        operations:
          contacts.list:
            GET: /contacts
            source: s.txt:2
            query: {since: integer}
            paginated: true
            returns: Contact
          groups.list: {GET: /groups, source: s.txt:3, returns: [Contact]}
    """, HEADER + PAGINATION)
    contacts, groups = api.operations
    pagination = contacts.pagination
    assert pagination is not None
    assert (pagination.style, pagination.offset_param, pagination.limit_param) == (
        "offset", "skip", "limit")
    assert (pagination.items, pagination.total, pagination.max_limit) == ("items", "totalCount", 50)
    assert pagination.item_schema == Ref("Contact")
    params = {p.name: p for p in contacts.parameters}
    assert list(params) == ["since", "skip", "limit"]
    assert params["skip"].schema == Primitive("integer", minimum=0)
    assert params["skip"].default == 0 and params["skip"].description == "Items to skip."
    assert params["limit"].schema == Primitive("integer", minimum=1, maximum=50)
    assert params["limit"].default == 30
    assert contacts.success is not None and contacts.success.bodies[0].schema == Ref("ContactPage")
    page = api.model("ContactPage")
    assert [(f.name, f.schema, f.required) for f in page.fields] == [
        ("items", Array(Ref("Contact")), True),
        ("totalCount", Primitive("integer"), False),
        ("limit", Primitive("integer"), False),
        ("skip", Primitive("integer"), False),
    ]
    assert groups.pagination is None  # a bare list stays a bare list


def test_pagination_without_envelope_returns_a_bare_list(tmp_path: Path) -> None:
    api = parse(tmp_path, """
        pagination: {style: offset, offset: start, limit: range, items: null}
        models:
          Contact: {source: s.txt:1, fields: {id: integer}}
        operations:
          contacts.list: {GET: /contacts, source: s.txt:2, paginated: true, returns: Contact}
    """)
    op = api.operations[0]
    assert op.pagination is not None and op.pagination.items is None
    assert op.success is not None and op.success.bodies[0].schema == Array(Ref("Contact"))
    assert [p.name for p in op.parameters] == ["start", "range"]


def test_api_level_settings(tmp_path: Path) -> None:
    api = parse(tmp_path, """
        description: Does things.
        servers:
          - url: "https://{subdomain}.example.com/{version}"
            description: Production
            variables: {version: {default: v1, enum: [v1, v2]}}
        auth:
          bearer: {type: bearer}
          app: {type: api_key, header: Api-Appid}
        headers:
          User-Agent: {required: true, description: Who you are.}
        errors: {message: message}
        envelope: {data: data, code: code}
    """)
    assert api.description == "Does things."
    server = api.servers[0]
    assert server.description == "Production"
    assert [(v.name, v.default, v.enum) for v in server.variables] == [
        ("subdomain", None, ()), ("version", "v1", ("v1", "v2"))]
    bearer, app = api.auth
    assert (bearer.name, bearer.kind, bearer.param_name) == ("bearer", "bearer", "Authorization")
    assert (app.kind, app.location, app.param_name) == ("api_key", "header", "Api-Appid")
    client = python_view(api)
    assert [c.argument for c in client.credentials] == ["token", "api_appid"]
    assert api.security == (("bearer", "app"),)  # schemes a doc spec lists are sent together
    (agent,) = api.headers
    assert (agent.name, agent.location, agent.required) == ("User-Agent", "header", True)
    assert [a.name for _, a in client.header_arguments] == ["user_agent"]
    assert api.error_message == "message"
    assert api.envelope == Envelope(data="data", code="code")


def test_webhooks_and_signature(tmp_path: Path) -> None:
    api = parse(tmp_path, """
        webhook_signature: {header: X-Webhook-Signature, algorithm: sha512}
        models:
          Order: {source: s.txt:1, fields: {id: integer}}
        webhooks:
          order_created:
            source: s.txt:9
            summary: New order
            description: Fired when an order is placed.
            payload: Order
    """)
    (hook,) = api.webhooks
    assert (hook.name, hook.method, hook.payload) == ("order_created", "POST", Ref("Order"))
    assert hook.summary == "New order" and hook.description == "Fired when an order is placed."
    assert hook.source == Source("s.txt", 9)
    assert api.webhook_signature == WebhookSignature("X-Webhook-Signature", "sha512", "hex")


def test_inferred_notes_and_sources(tmp_path: Path) -> None:
    api = parse(tmp_path, """
        models:
          Note:
            source: 000_seed.txt:1795
            confidence: inferred
            note: Fields guessed from prose.
            fields: {time: integer}
          Plain: {source: 001_seed.txt:5, note: Table and example disagree., fields: {a: string}}
        operations:
          orders.update:
            PUT: /orders/{id}
            source: 000_seed.txt:1235
            confidence: inferred
            note: Only one document has it.
          orders.get: {GET: "/orders/{id}", source: 000_seed.txt:1179}
    """)
    update, get = api.operations
    assert update.notes == ("Inferred: Only one document has it.",)
    assert update.source == Source("000_seed.txt", 1235)
    assert get.notes == ()
    assert api.model("Note").notes == ("Inferred: Fields guessed from prose.",)
    assert api.model("Note").source == Source("000_seed.txt", 1795)
    assert api.model("Plain").notes == ("Table and example disagree.",)


def test_one_of_values_and_notes_on_fields(tmp_path: Path) -> None:
    api = parse(tmp_path, """\
        models:
          Event:
            source: doc.txt:1
            fields:
              end: {one_of: [integer, string], nullable: true, description: The end., confidence: inferred, note: Sent as "" when unset.}
              kind: {type: Kind, ignore: {field-type: The table is wrong.}}
          Kind:
            source: doc.txt:9
            description: What happened.
            enum: [a, b]
            values: {a: The first., b: The second.}
        """)
    event = api.model("Event")
    end = next(f for f in event.fields if f.name == "end")
    assert end.schema == Union((Primitive("integer"), Primitive("string"), Primitive("null")))
    assert end.description == "The end. Inferred: Sent as \"\" when unset."
    assert api.model("Kind").description == "What happened.\n\n- a: The first.\n- b: The second."
    error = parse_error(tmp_path, """\
        models:
          Event: {source: doc.txt:1, fields: {end: {one_of: [integer]}}}
        """)
    assert "/models/Event/fields/end/one_of" in str(error)


def test_webhook_delivery_headers(tmp_path: Path) -> None:
    api = parse(tmp_path, """\
        models:
          Order: {source: doc.txt:1, fields: {id: integer}}
        webhooks:
          order_created:
            source: doc.txt:5
            payload: Order
            headers: &delivery
              X-Hook-Id: {required: true, description: The delivery's id.}
          order_updated: {source: doc.txt:9, payload: Order, headers: *delivery}
        """)
    assert [[(h.name, h.location, h.required) for h in w.headers] for w in api.webhooks] == [
        [("X-Hook-Id", "header", True)]] * 2


EXAMPLES_SPEC = """\
    examples: demo.examples.json
    models:
      Thing: {source: doc.txt:1, fields: {id: integer}}
    operations:
      things.get: {GET: /thing, source: doc.txt:3, returns: Thing, ignore: {example-shape: The doc shows text.}}
    """


def test_examples_file(tmp_path: Path) -> None:
    (tmp_path / "demo.examples.json").write_text(json.dumps({"examples": [
        {"entry": "/operations/things.get", "source": "doc.txt:4", "value": {"id": "one"}},
        {"entry": "/models/Thing", "source": "doc.txt:2", "value": {"id": 1}},
        {"entry": "/operations/gone.get", "source": "doc.txt:8", "value": {}}]}), encoding="utf-8")
    path = write(tmp_path, EXAMPLES_SPEC)
    api, found = docspec.parse(load_document(path), name="demo")
    assert [(e.of, e.name, e.value, e.source, e.note) for e in api.examples] == [
        ("operation", "things.get", {"id": "one"}, Source("doc.txt", 4), "The doc shows text."),
        ("model", "Thing", {"id": 1}, Source("doc.txt", 2), None)]
    assert [d.code for d in found] == ["stale-example"]  # gone.get is not in the spec any more
    assert [Path(p).name for p, _ in api.documents] == ["demo.yaml", "demo.examples.json"]


def test_examples_file_missing_or_malformed(tmp_path: Path) -> None:
    assert "no such file: demo.examples.json" in str(parse_error(tmp_path, EXAMPLES_SPEC))
    (tmp_path / "demo.examples.json").write_text('{"examples": [{"entry": "/models/Thing"}]}', encoding="utf-8")
    assert "needs 'entry', 'source' and 'value'" in str(parse_error(tmp_path, EXAMPLES_SPEC))
    error = parse_error(tmp_path, EXAMPLES_SPEC.replace("demo.examples.json", "../elsewhere.json"))
    assert "a .json file in the spec's folder" in str(error)


def test_models_only_spec_has_an_empty_client(tmp_path: Path) -> None:
    for operations in ("", "operations:\n", "operations: {}\n"):
        api = parse(tmp_path, operations + "models:\n  A: {source: s.txt:1, fields: {}}\n")
        client = python_view(api)
        assert api.operations == () and client.root.methods == [] and client.root.groups == []
        assert [m.name for m in api.models] == ["A"]


def test_document_provenance_and_name_mismatch_warning(tmp_path: Path) -> None:
    path = write(tmp_path, "")
    document = load_document(path)
    api, found = docspec.parse(document, name="other")
    assert api.name == "other"
    assert api.source_file == str(path) and api.source_sha256 == document.sha256
    warnings = [str(d) for d in found]
    assert len(warnings) == 1 and "'demo'" in warnings[0] and ":1#/api" in warnings[0]
    assert found[0].code == "api-name-mismatch"


def test_looks_like_docspec() -> None:
    assert docspec.looks_like_docspec({"api": "x", "title": "X"})
    assert not docspec.looks_like_docspec({"openapi": "3.1.0", "info": {}})
    assert not docspec.looks_like_docspec({"api": "x", "swagger": "2.0"})
    assert not docspec.looks_like_docspec(["api"])


# --- errors ---------------------------------------------------------------------------------


def test_unknown_key_names_file_line_key_and_suggests(tmp_path: Path) -> None:
    error = parse_error(tmp_path, """
        operations:
          contacts.list:
            GET: /contacts
            source: s.txt:2
            qurey: {since: integer}
    """)
    assert str(error).startswith(f"{tmp_path / 'demo.yaml'}:9#/operations/contacts.list/qurey: ")
    assert "unknown key 'qurey' (did you mean 'query'?)" in error.message
    assert error.location.line == 9


def test_wrong_type_is_reported(tmp_path: Path) -> None:
    error = parse_error(tmp_path, """
        models:
          A:
            source: s.txt:1
            fields:
              b: 5
    """)
    assert error.location.pointer == "/models/A/fields/b" and error.location.line == 9
    assert "got 5" in error.message


def test_unquoted_version_is_a_wrong_type(tmp_path: Path) -> None:
    error = parse_error(tmp_path, "", header="api: demo\ntitle: Demo\nversion: 1.0\n")
    assert str(error) == (f"{tmp_path / 'demo.yaml'}:3#/version: must be a string; quote "
                          "numbers such as \"1.0\", got 1.0")


def test_missing_required_key(tmp_path: Path) -> None:
    error = parse_error(tmp_path, """
        operations:
          contacts.list: {GET: /contacts}
    """)
    assert error.location.pointer == "/operations/contacts.list" and error.location.line == 6
    assert "missing required key 'source'" in error.message


def test_missing_method_and_inferred_without_note(tmp_path: Path) -> None:
    error = parse_error(tmp_path, """
        operations:
          contacts.list: {source: s.txt:1, confidence: inferred}
    """)
    assert "missing required key 'note'" in error.message
    assert "needs exactly one method key" in error.message


def test_all_schema_errors_are_reported_at_once(tmp_path: Path) -> None:
    error = parse_error(tmp_path, """
        models:
          A: {source: nowhere, fields: {x: {tpye: string}}}
        operations:
          a.b: {GET: a, source: s.txt:1, content_type: xml}
          a..c: {GET: /c, source: s.txt:1}
    """)
    text = str(error)
    lines = text.splitlines()
    assert lines[1] == "and 5 more problems:"  # the typo also leaves x without a type
    for expected in ("#/models/A/source: must be 'seed-file:line'",
                     "#/models/A/fields/x/tpye: unknown key 'tpye' (did you mean 'type'?)",
                     "#/operations/a.b/GET: must be a path starting with '/'",
                     "#/operations/a.b/content_type: must be one of 'json'",
                     "#/operations/a..c: 'a..c' is not an operation name"):
        assert expected in text
    assert all(re.search(r"demo\.yaml:\d+#/", line) for line in lines if "#/" in line)


def test_unknown_model_reference(tmp_path: Path) -> None:
    error = parse_error(tmp_path, """
        models:
          Contact: {source: s.txt:1, fields: {id: integer}}
        operations:
          contacts.get:
            GET: /contacts/{id}
            source: s.txt:2
            returns: Contakt
    """)
    assert str(error) == (f"{tmp_path / 'demo.yaml'}:11#/operations/contacts.get/returns: "
                          "unknown model 'Contakt' (did you mean 'Contact'?)")


def test_path_parameter_not_in_path(tmp_path: Path) -> None:
    error = parse_error(tmp_path, """
        operations:
          contacts.get: {GET: "/contacts/{id}", source: s.txt:2, path: {key: integer}}
    """)
    assert error.location.pointer == "/operations/contacts.get/path/key"
    assert "path parameter 'key' does not appear in '/contacts/{id}'" in error.message


def test_format_on_a_model_reference(tmp_path: Path) -> None:
    error = parse_error(tmp_path, """
        models:
          A: {source: s.txt:1, fields: {b: {type: A, format: email}}}
    """)
    assert error.location.pointer == "/models/A/fields/b" and "'format' applies only" in error.message


def test_paginated_without_pagination_settings(tmp_path: Path) -> None:
    error = parse_error(tmp_path, """
        operations:
          a.list: {GET: /a, source: s.txt:1, paginated: true, returns: string}
    """)
    assert error.location.pointer == "/operations/a.list/paginated"
    assert "top-level 'pagination'" in error.message


def test_malformed_yaml(tmp_path: Path) -> None:
    path = write(tmp_path, "models: {A: [\n")
    with pytest.raises(SpecError) as caught:
        load_document(path)
    assert caught.value.location.file == str(path) and caught.value.location.line is not None
    assert "malformed YAML" in caught.value.message


def test_not_a_mapping(tmp_path: Path) -> None:
    path = tmp_path / "list.yaml"
    path.write_text("- api\n", encoding="utf-8")
    with pytest.raises(SpecError) as caught:
        docspec.parse(load_document(path), name="x")[0]
    assert "expected object" in caught.value.message


# --- the real specs -------------------------------------------------------------------------


def load_spec(name: str) -> Api:
    return docspec.parse(load_document(SPECS / f"{name}.yaml"), name=name)[0]


@pytest.fixture(scope="module")
def bree() -> Api:
    return load_spec("bree")


@pytest.fixture(scope="module")
def webflow_v1() -> Api:
    return load_spec("webflow_v1")


def test_bree_shape(bree: Api) -> None:
    assert len(bree.operations) == 37 and len(bree.webhooks) == 7
    assert [g.attribute for g in python_view(bree).root.groups] == [
        "contacts", "members", "member_groups", "products", "orders", "form_submissions",
        "bookings", "subscriber_lists", "webhooks"]
    assert bree.auth[0] == AuthScheme(name="bearer", kind="bearer", description=bree.auth[0].description)
    assert [h.name for h in bree.headers if h.required] == ["User-Agent"]
    assert bree.servers[0].url == "https://{subdomain}.madewithbree.io/api/site"
    assert [v.name for v in bree.servers[0].variables] == ["subdomain"]
    assert bree.error_message == "message"
    assert bree.webhook_signature == WebhookSignature("X-Webhook-Signature", "sha512", "hex")
    paginated = {op.operation_id for op in bree.operations if op.pagination}
    assert paginated == {"contacts.list", "members.list", "products.list", "orders.list",
                         "form_submissions.list", "bookings.list"}
    for op in bree.operations:
        if op.pagination:
            assert op.pagination.max_limit == 50 and op.pagination.total == "totalCount"
    bare = {op.operation_id for op in bree.operations if op.success and op.success.bodies
            and isinstance(op.success.bodies[0].schema, Array)}
    assert bare == {"member_groups.list", "products.categories.list", "subscriber_lists.list",
                    "webhooks.list"}


def test_bree_order_status_enums(bree: Api) -> None:
    assert bree.model("OrderStatus").schema == Enum(
        "string", ("pending", "shipped", "completed", "canceled", "archived"))
    assert bree.model("OrderStatusInput").schema == Enum(
        "string", ("PENDING", "SHIPPED", "COMPLETED", "CANCELED", "ARCHIVED"))
    update = next(op for op in bree.operations if op.operation_id == "orders.update")
    assert update.request_body is not None
    body = bree.model(refs(update.request_body.preferred.schema)[0])
    assert next(f for f in body.fields if f.name == "status").schema == Ref("OrderStatusInput")


def test_webflow_v1_is_models_only(webflow_v1: Api) -> None:
    assert webflow_v1.operations == () and python_view(webflow_v1).root.groups == []
    assert len(webflow_v1.models) >= 40


@pytest.mark.parametrize("name", ["bree", "webflow_v1"])
def test_every_operation_and_model_has_a_source(name: str) -> None:
    api = load_spec(name)
    sources = [(m.name, m.source) for m in api.models]
    sources += [(w.name, w.source) for w in api.webhooks]
    sources += [(op.operation_id, op.source) for op in api.operations]
    for name_, source in sources:
        assert source is not None and source.line, name_
    for op in api.operations:
        assert op.source is not None and re.fullmatch(r"\d{3}_[0-9a-f]{16}\.txt", op.source.file)


@pytest.mark.parametrize("name", ["bree", "webflow_v1"])
def test_every_ref_resolves(name: str) -> None:
    api = load_spec(name)
    names = {m.name for m in api.models}
    assert set(all_refs(api)) <= names
    assert len(names) == len(api.models)


def test_every_inferred_entry_says_why(bree: Api) -> None:
    inferred = [op for op in bree.operations if any(n.startswith("Inferred: ") for n in op.notes)]
    assert len(inferred) >= 8
    assert all(len(note) > 30 for op in inferred for note in op.notes)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is absent")
def test_bree_sources_point_at_the_operation_in_the_seed(bree: Api) -> None:
    """Each operation's source line names its summary (a ReDoc heading) or its path."""
    seeds: dict[str, list[str]] = {}
    for op in bree.operations:
        assert op.source is not None and op.source.line is not None
        lines = seeds.setdefault(op.source.file, (SEEDS / op.source.file).read_text(
            encoding="utf-8").splitlines())
        line = lines[op.source.line - 1]
        assert (op.summary and op.summary in line) or op.path in line, (op.operation_id, line)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is absent")
def test_bree_webhook_sources_point_at_their_heading(bree: Api) -> None:
    lines = (SEEDS / "000_d5c2b50b9fd6fdec.txt").read_text(encoding="utf-8").splitlines()
    for hook in bree.webhooks:
        assert hook.source is not None and hook.source.line is not None and hook.summary
        assert lines[hook.source.line - 1].startswith(hook.summary), hook.name


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is absent")
def test_webflow_v1_sources_point_at_the_model_or_its_example(webflow_v1: Api) -> None:
    """A model the document lists points at its heading; one only an example shows points
    at the example's key holding it."""
    lines = [line.strip() for line in
             (SEEDS / "003_f0e6004c337ee7a2.txt").read_text(encoding="utf-8").splitlines()]
    for model in webflow_v1.models:
        assert model.source is not None and model.source.line is not None
        line = lines[model.source.line - 1]
        if model.spec_name in lines:
            assert line == model.spec_name, model.name
        else:
            assert re.fullmatch(r'"[\w-]+": [\[{]|\w+string.*', line), (model.name, line)


def test_the_documented_example_parses(tmp_path: Path) -> None:
    text = (ROOT / "docs" / "docspec.md").read_text(encoding="utf-8")
    example = text.split("## A complete example", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    api = parse(tmp_path, example, header="")
    assert [op.operation_id for op in api.operations] == [
        "orders.list", "orders.get", "orders.notes.add", "orders.replace"]  # as the document lists them
    assert {m.name for m in api.models} >= {"Order", "OrderDiscount", "OrderPage",
                                            "OrdersNotesAddRequest"}


def test_keys_yaml_reads_as_booleans_or_numbers(tmp_path: Path) -> None:
    error = parse_error(tmp_path, """
        models:
          A:
            source: s.txt:1
            fields: {true: boolean, 200: string}
    """)
    assert error.location.pointer == "/models/A/fields" and error.location.line == 8
    assert "key True is not text; quote it" in str(error) and "key 200 is not text" in str(error)
