"""The OpenAPI parser, one feature at a time, on tiny inline documents."""

from __future__ import annotations

from pathlib import Path

from generator.ir import AnyValue, Array, Enum, Map, Primitive, Ref, Union
from tests.conftest import openapi, parse, python_view, read, write_spec

OK = {"200": {"description": "ok"}}


def json_response(schema: dict, example: object = None) -> dict:
    media: dict = {"schema": schema}
    if example is not None:
        media["example"] = example
    return {"200": {"description": "ok", "content": {"application/json": media}}}


def test_swagger2_is_upgraded(tmp_path: Path) -> None:
    spec = {
        "swagger": "2.0",
        "info": {"title": "Pets", "version": "1"},
        "host": "pets.example.com",
        "basePath": "/v1",
        "schemes": ["https"],
        "securityDefinitions": {"key": {"type": "apiKey", "in": "header", "name": "X-Key"}},
        "paths": {
            "/pets": {
                "post": {
                    "operationId": "addPet",
                    "parameters": [{"in": "body", "name": "pet", "required": True,
                                    "schema": {"$ref": "#/definitions/Pet"}}],
                    "responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/Pet"}}},
                },
                "put": {
                    "operationId": "uploadPhoto",
                    "consumes": ["multipart/form-data"],
                    "parameters": [{"in": "formData", "name": "file", "type": "file", "required": True},
                                   {"in": "formData", "name": "note", "type": "string"}],
                    "responses": {"204": {"description": "done"}},
                },
            }
        },
        "definitions": {"Pet": {"type": "object", "required": ["name"],
                                "properties": {"name": {"type": "string"}, "tag": {"type": "string"}}}},
    }
    api = parse(tmp_path, spec)
    assert api.servers[0].url == "https://pets.example.com/v1"
    assert api.auth[0].kind == "api_key" and api.auth[0].param_name == "X-Key"
    add, upload = (next(op for op in api.operations if op.operation_id == name) for name in ("addPet", "uploadPhoto"))
    assert add.request_body.preferred.schema == Ref("Pet")
    assert add.success.bodies[0].schema == Ref("Pet")
    assert upload.request_body.preferred.encoding == "multipart"
    file_field = api.model(upload.request_body.preferred.schema.name).fields[0]
    assert file_field.name == "file" and file_field.schema == Primitive("string", "binary")
    assert [f.name for f in api.model("Pet").fields] == ["name", "tag"]


def test_nullable_and_type_lists(tmp_path: Path) -> None:
    schema = {"type": "object", "properties": {
        "a": {"type": ["string", "null"]},
        "b": {"type": "integer", "nullable": True},
        "c": {"type": ["string", "integer"]},
    }}
    api = parse(tmp_path, openapi({"/x": {"get": {"operationId": "getX", "responses": json_response(schema)}}}))
    fields = {f.name: f for f in api.model("GetXResponse").fields}
    assert fields["a"].schema == Union((Primitive("string"), Primitive("null"))) and fields["a"].nullable
    assert fields["b"].nullable
    assert fields["c"].schema == Union((Primitive("string"), Primitive("integer")))


def test_all_of_merges_fields_through_refs(tmp_path: Path) -> None:
    components = {"schemas": {
        "Base": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}},
        "Dog": {"allOf": [{"$ref": "#/components/schemas/Base"},
                          {"type": "object", "properties": {"bark": {"type": "boolean"}}}]},
    }}
    api = parse(tmp_path, openapi({}, components=components))
    dog = api.model("Dog")
    assert [(f.name, f.required) for f in dog.fields] == [("id", True), ("bark", False)]


def test_one_of_with_discriminator(tmp_path: Path) -> None:
    components = {"schemas": {
        "Cat": {"type": "object", "properties": {"kind": {"type": "string"}}},
        "Dog": {"type": "object", "properties": {"kind": {"type": "string"}}},
        "Pet": {"oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}],
                "discriminator": {"propertyName": "kind", "mapping": {"cat": "#/components/schemas/Cat",
                                                                      "dog": "Dog"}}},
    }}
    api = parse(tmp_path, openapi({}, components=components))
    pet = api.model("Pet").schema
    assert pet == Union((Ref("Cat"), Ref("Dog")), "kind", (("cat", "Cat"), ("dog", "Dog")))


def test_enums_maps_and_arrays(tmp_path: Path) -> None:
    components = {"schemas": {
        "Status": {"type": "string", "enum": ["on", "off"]},
        "Labels": {"type": "object", "additionalProperties": {"type": "string"}},
        "Things": {"type": "array", "items": {"type": "integer"}, "maxItems": 3},
        "Free": {"type": "object"},
    }}
    api = parse(tmp_path, openapi({}, components=components))
    assert api.model("Status").schema == Enum("string", ("on", "off"))
    assert api.model("Labels").schema == Map(Primitive("string"))
    assert api.model("Things").schema == Array(Primitive("integer"), None, 3)
    assert api.model("Free").schema == Map(AnyValue())


def test_enum_values_that_contradict_their_type_are_read_as_strings(tmp_path: Path) -> None:
    components = {"schemas": {
        "Kind": {"type": "integer", "enum": ["Undefined0", "Full-Time"]},
        "Level": {"type": "integer", "enum": [1, 2]},
    }}
    api, warnings = read(tmp_path, openapi({}, components=components))
    assert api.model("Kind").schema == Enum("string", ("Undefined0", "Full-Time"))
    assert api.model("Level").schema == Enum("integer", (1, 2))
    assert [w for w in warnings if "/components/schemas/Kind/enum" in w and "read as strings" in w]


def test_relative_file_refs_and_cycles(tmp_path: Path) -> None:
    write_spec(tmp_path, {"Node": {"type": "object", "properties": {
        "children": {"type": "array", "items": {"$ref": "#/Node"}}}}}, "common.yaml")
    spec = openapi({"/tree": {"get": {"operationId": "tree",
                                      "responses": json_response({"$ref": "common.yaml#/Node"})}}})
    api = parse(tmp_path, spec)
    node = api.model("Node")
    assert node.fields[0].schema == Array(Ref("Node"))


def test_unresolvable_ref_is_a_warning_with_its_pointer(tmp_path: Path) -> None:
    spec = openapi({"/x": {"get": {"operationId": "x", "responses": json_response({"$ref": "#/nope/Thing"})}}})
    api, warnings = read(tmp_path, spec)
    assert len(api.operations) == 1
    assert any("#/paths/~1x/get/responses/200/content/application~1json/schema" in w and "nope" in w
               for w in warnings)


def test_file_refs_cannot_leave_the_spec_folder(tmp_path: Path) -> None:
    inner = tmp_path / "inner"
    inner.mkdir()
    write_spec(tmp_path, {"Secret": {"type": "string"}}, "outside.yaml")
    spec = openapi({"/x": {"get": {"operationId": "x", "responses": json_response({"$ref": "../outside.yaml#/Secret"})}}})
    api, warnings = read(inner, spec)
    assert any("leaves the spec's folder" in w for w in warnings)


def test_parameters_bodies_and_responses(tmp_path: Path) -> None:
    spec = openapi({"/items/{item_id}": {
        "parameters": [{"name": "item_id", "in": "path", "required": True, "schema": {"type": "string"}}],
        "post": {
            "operationId": "updateItem",
            "parameters": [
                {"name": "tags", "in": "query", "style": "form", "explode": False,
                 "schema": {"type": "array", "items": {"type": "string"}}},
                {"name": "X-Trace", "in": "header", "schema": {"type": "string"}},
                {"name": "session", "in": "cookie", "schema": {"type": "string"}},
                {"name": "Accept", "in": "header", "schema": {"type": "string"}},
            ],
            "requestBody": {"required": True, "content": {
                "application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": {"a": {"type": "string"}}}},
                "application/json": {"schema": {"type": "object", "properties": {"a": {"type": "string"}}}},
            }},
            "responses": {"201": {"description": "made"}, "4XX": {"description": "bad"}, "default": {"description": "?"}},
        },
    }})
    op = parse(tmp_path, spec).operations[0]
    assert [(p.name, p.location) for p in op.parameters] == [
        ("item_id", "path"), ("tags", "query"), ("X-Trace", "header"), ("session", "cookie")]
    assert op.parameters[1].explode is False
    assert [b.encoding for b in op.request_body.bodies] == ["json", "form"]
    assert [r.status for r in op.responses] == ["201", "4XX", "DEFAULT"]


def test_security_schemes(tmp_path: Path) -> None:
    schemes = {
        "bearer": {"type": "http", "scheme": "bearer"},
        "basic": {"type": "http", "scheme": "basic"},
        "query": {"type": "apiKey", "in": "query", "name": "api_key"},
        "oauth": {"type": "oauth2", "flows": {}},
        "mutual": {"type": "mutualTLS"},
    }
    api, warnings = read(tmp_path, openapi({}, components={"securitySchemes": schemes}, security=[{"bearer": []}]))
    assert [(a.name, a.kind, a.location) for a in api.auth] == [
        ("bearer", "bearer", "header"), ("basic", "basic", "header"),
        ("query", "api_key", "query"), ("oauth", "bearer", "header")]
    assert api.security == (("bearer",),)
    assert any("mutualTLS" in w for w in warnings)


def test_schemes_sharing_a_header_are_not_sent_together(tmp_path: Path) -> None:
    schemes = {"basic": {"type": "http", "scheme": "basic"},
               "token": {"type": "apiKey", "in": "header", "name": "authorization"},
               "key": {"type": "apiKey", "in": "header", "name": "X-Key"}}
    api, warnings = read(tmp_path, openapi({}, components={"securitySchemes": schemes},
                                  security=[{"basic": [], "token": [], "key": []}, {"token": []}]))
    assert api.security == (("basic", "key"), ("token",))
    assert any("/security/0" in w and "'basic' and 'token' both set the header 'authorization'" in w
               for w in warnings)


def test_percent_encoded_refs_resolve(tmp_path: Path) -> None:
    body = {"content": {"application/json": {"schema": {"type": "object", "properties": {"jwt": {"type": "string"}}}}}}
    ref = "#/paths/~1a~1%7Bid%7D/post/requestBody/content/application~1json/schema"
    spec = openapi({
        "/a/{id}": {"post": {"operationId": "first", "requestBody": body, "responses": {"204": {"description": "ok"}},
                             "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}]}},
        "/b": {"post": {"operationId": "second", "responses": {"204": {"description": "ok"}},
                        "requestBody": {"content": {"application/json": {"schema": {"$ref": ref}}}}}},
    })
    api, warnings = read(tmp_path, spec)
    assert not [w for w in warnings if "unresolvable" in w]
    first, second = api.operations
    assert second.request_body.bodies[0].schema == first.request_body.bodies[0].schema


def test_servers_and_webhooks(tmp_path: Path) -> None:
    spec = openapi({}, servers=[{"url": "https://{region}.example.com", "variables": {
        "region": {"default": "eu", "enum": ["eu", "us"]}}}], webhooks={
        "thing.created": {"post": {"requestBody": {"content": {"application/json": {"schema": {
            "type": "object", "properties": {"id": {"type": "string"}}}}}}}}})
    api = parse(tmp_path, spec)
    assert api.servers[0].variables[0].default == "eu"
    hook = api.webhooks[0]
    assert (hook.name, hook.method) == ("thing.created", "POST")
    assert isinstance(hook.payload, Ref)


def test_inline_models_get_stable_names_shared_by_shape(tmp_path: Path) -> None:
    site = {"type": "object", "properties": {"id": {"type": "string"}}}
    spec = openapi({
        "/sites": {"get": {"operationId": "list-sites", "responses": json_response(
            {"type": "object", "properties": {"sites": {"type": "array", "items": site}}})}},
        "/sites/{id}": {"get": {"operationId": "get-site", "parameters": [
            {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
            "responses": json_response(site)}},
    })
    api = parse(tmp_path, spec)
    assert sorted(m.name for m in api.models) == ["Site", "SiteList"]  # named after the resource the path names
    assert api.operations[1].success.bodies[0].schema == Ref("Site")


def test_model_names_differing_only_in_case_stay_distinct(tmp_path: Path) -> None:
    components = {"schemas": {"user": {"type": "string"}, "User": {"type": "integer"}}}
    names = sorted(m.name for m in parse(tmp_path, openapi({}, components=components)).models)
    assert len({n.lower() for n in names}) == 2


def test_groups_and_method_names(tmp_path: Path) -> None:
    spec = openapi({
        "/a": {"get": {"x-fern-sdk-group-name": ["collections", "items"], "x-fern-sdk-method-name": "list-items",
                       "responses": OK}},
        "/b": {"get": {"tags": ["Products & SKUs"], "operationId": "getB", "responses": OK}},
        "/c/{id}": {"delete": {"responses": OK}},
    })
    api = parse(tmp_path, spec)
    assert [(op.group, op.name) for op in api.operations] == [
        (("collections", "items"), "list-items"), (("Products & SKUs",), "getB"), (("c",), "delete /c/{id}")]
    methods = [(m.accessor, m.name) for m in python_view(api).methods]
    assert sorted(methods) == [("client.c", "delete_c_id"), ("client.collections.items", "list_items"),
                               ("client.products_skus", "get_b")]


def test_duplicate_method_names_are_numbered(tmp_path: Path) -> None:
    spec = openapi({"/a": {"get": {"operationId": "list", "tags": ["t"], "responses": OK}},
                    "/b": {"get": {"operationId": "list", "tags": ["t"], "responses": OK}}})
    api, warnings = read(tmp_path, spec)
    assert [m.name for m in python_view(api).methods] == ["list", "list_2"]
    assert any("duplicate operationId" in w for w in warnings)


def test_pagination_is_detected(tmp_path: Path) -> None:
    page = {"type": "object", "properties": {
        "items": {"type": "array", "items": {"type": "string"}},
        "pagination": {"type": "object", "properties": {"total": {"type": "integer"}}}}}
    spec = openapi({"/things": {"get": {"operationId": "list", "parameters": [
        {"name": "offset", "in": "query", "schema": {"type": "integer"}},
        {"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 100}}],
        "responses": json_response(page)}}})
    api = parse(tmp_path, spec)
    pagination = api.operations[0].pagination
    assert (pagination.offset_param, pagination.limit_param, pagination.items, pagination.total,
            pagination.max_limit) == ("offset", "limit", "items", "pagination.total", 100)
    assert python_view(api).methods[0].pager.name == "list_all"


def test_unsupported_constructs_become_warnings(tmp_path: Path) -> None:
    components = {"schemas": {"NotString": {"not": {"type": "string"}}}}
    spec = openapi({"/x": {"get": {"operationId": "x", "responses": OK, "callbacks": {"cb": {}}}}},
                   components=components)
    api, warnings = read(tmp_path, spec)
    assert any("/components/schemas/NotString/not" in w for w in warnings)
    assert any("callbacks" in w for w in warnings)
    assert api.model("NotString").schema == AnyValue()


def test_parameters_that_are_the_credential_of_the_operations_scheme_are_left_to_the_client(tmp_path: Path) -> None:
    def param(name: str, where: str) -> dict:
        return {"name": name, "in": where, "schema": {"type": "string"}}

    ok = {"200": {"description": "ok"}}
    schemes = {"key": {"type": "apiKey", "in": "query", "name": "key"},
               "header_key": {"type": "apiKey", "in": "header", "name": "X-Api-Key"}}
    api, warnings = read(tmp_path, openapi({
        "/cards": {"get": {"operationId": "listCards", "responses": ok, "parameters": [
            param("key", "query"), param("x-api-key", "header"), param("fields", "query")]}},
        "/public": {"get": {"operationId": "listPublic", "security": [], "responses": ok,
                            "parameters": [param("key", "query")]}},
        "/other": {"get": {"operationId": "listOther", "security": [{"header_key": []}], "responses": ok,
                           "parameters": [param("key", "query"), param("X-API-KEY", "header")]}},
    }, components={"securitySchemes": schemes}, security=[{"key": [], "header_key": []}]))
    names = {op.operation_id: [(p.location, p.name) for p in op.parameters] for op in api.operations}
    assert names == {"listCards": [("query", "fields")], "listPublic": [("query", "key")],
                     "listOther": [("query", "key")]}
    notes = [w for w in warnings if "security scheme sends" in w]
    assert len(notes) == 2 and "2 operation(s) declare the header 'x-api-key'" in notes[0]
    assert "1 operation(s) declare the query 'key'" in notes[1]


def test_a_collision_between_two_schemes_is_reported_once(tmp_path: Path) -> None:
    """Google's specs require their implicit and code OAuth schemes together on every operation."""
    schemes = {"Oauth2": {"type": "oauth2", "flows": {}}, "Oauth2c": {"type": "oauth2", "flows": {}}}
    both = [{"Oauth2": ["a"], "Oauth2c": ["a"]}, {"Oauth2": ["b"], "Oauth2c": ["b"]}]
    ok = {"200": {"description": "ok"}}
    api, warnings = read(tmp_path, openapi({f"/r{i}": {"get": {"operationId": f"r{i}", "security": both, "responses": ok}}
                                   for i in range(3)}, components={"securitySchemes": schemes}))
    assert all(op.security == (("Oauth2",),) for op in api.operations)
    collisions = [w for w in warnings if "both set the header" in w]
    assert len(collisions) == 1 and "/paths/~1r0/get/security/0" in collisions[0]


def test_an_operation_parameter_replaces_a_shared_one_and_header_names_ignore_case(tmp_path: Path) -> None:
    """AWS specs share ``X-Amz-Content-Sha256`` on the path and redeclare ``x-amz-content-sha256``
    on the operation: one header, as the operation declares it, not two sending it twice."""
    header = {"in": "header", "schema": {"type": "string"}}
    api = parse(tmp_path, openapi({"/p": {
        "parameters": [{"name": "X-Amz-Content-Sha256", **header}, {"name": "Q", "in": "query"},
                       {"name": "X-Amz-Date", **header}],
        "post": {"operationId": "p", "responses": {"200": {"description": "ok"}},
                 "parameters": [{"name": "x-amz-content-sha256", "required": True, **header},
                                {"name": "q", "in": "query"}]}}}))
    params = [(p.name, p.location, p.required) for p in api.operations[0].parameters]
    assert params == [("x-amz-content-sha256", "header", True), ("Q", "query", False),
                      ("X-Amz-Date", "header", False), ("q", "query", False)]
