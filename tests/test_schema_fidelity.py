"""JSON Schema read as it means: the five constructs that lost their types on real specs.

Each test is a small spec shaped like the real one (named in its docstring) that failed
before the parser merged ``allOf``, honoured ``nullable`` on referenced schemas, read
``items`` without ``type`` as constraining arrays only, typed numeric-string enums by their
declared type and distributed ``oneOf`` inside ``allOf``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.ir import AnyValue, Array, Enum, Primitive, Ref, Union
from generator.samples import conforms
from tests.conftest import openapi, python_view, read

NULL = Primitive("null")


def get(schema: dict[str, Any], example: Any = None, path: str = "/thing") -> dict[str, Any]:
    media: dict[str, Any] = {"schema": schema}
    if example is not None:
        media["example"] = example
    return {path: {"get": {"operationId": "getThing",
                           "responses": {"200": {"description": "ok", "content": {"application/json": media}}}}}}


def codes(found: list[str]) -> list[str]:
    return [m.rsplit("[", 1)[-1].rstrip("]") for m in found]


USER = {"type": "object", "required": ["login"], "properties": {"login": {"type": "string"}, "id": {"type": "integer"}}}


def test_all_of_around_a_ref_is_the_reference(tmp_path: Path) -> None:
    """GitHub: ``issue.assignee`` = ``{allOf: [$ref simple-user], nullable: true}`` was Any."""
    issue = {"type": "object", "properties": {
        "assignee": {"allOf": [{"$ref": "#/components/schemas/simple-user"}], "nullable": True},
        "owner": {"allOf": [{"$ref": "#/components/schemas/simple-user"}], "type": "object",
                  "description": "who owns it", "readOnly": True},
    }}
    spec = openapi(get({"allOf": [{"$ref": "#/components/schemas/issue"}]}),
                   components={"schemas": {"simple-user": USER, "issue": issue}})
    api, found = read(tmp_path, spec)
    fields = {f.name: f for f in api.model("Issue").fields}
    assert fields["assignee"].schema == Union((Ref("SimpleUser"), NULL)) and fields["assignee"].nullable
    assert fields["owner"].schema == Ref("SimpleUser")
    assert fields["owner"].description == "who owns it" and fields["owner"].read_only
    assert api.operations[0].success.bodies[0].schema == Ref("Issue")
    assert found == []


def test_all_of_of_inline_objects_is_one_model(tmp_path: Path) -> None:
    """Inline ``allOf`` of inline objects was read as any value (and ``apigen diff`` said
    "object → any" where only a field was added)."""
    schema = {"allOf": [{"type": "object", "properties": {"id": {"type": "string"}}, "required": ["id"]},
                        {"type": "object", "properties": {"name": {"type": "string"}}}]}
    api, found = read(tmp_path, openapi(get(schema)))
    result = api.operations[0].success.bodies[0].schema
    assert isinstance(result, Ref)
    model = api.model(result.name)
    assert [(f.name, f.required) for f in model.fields] == [("id", True), ("name", False)]
    assert found == []


def test_all_of_keeps_a_type_a_later_part_only_describes(tmp_path: Path) -> None:
    schema = {"allOf": [{"$ref": "#/components/schemas/User"},
                        {"properties": {"id": {"description": "the user's number"}}, "required": ["id"]}]}
    api, _ = read(tmp_path, openapi(get(schema), components={"schemas": {"User": USER}}))
    model = api.model(api.operations[0].success.bodies[0].schema.name)
    assert {f.name: (f.schema, f.required) for f in model.fields} == {
        "login": (Primitive("string"), True), "id": (Primitive("integer"), True)}


def test_nullable_on_a_referenced_object_holds_at_every_use(tmp_path: Path) -> None:
    """Plaid: ``Item.error`` → ``$ref Error`` where ``Error`` says ``nullable: true``; the
    client rejected the spec's own example (``"error": null``)."""
    error = {"type": "object", "nullable": True, "required": ["code"], "properties": {"code": {"type": "string"}}}
    item = {"type": "object", "required": ["error"], "properties": {"error": {"$ref": "#/components/schemas/Error"}}}
    spec = openapi(get({"$ref": "#/components/schemas/Item"}, example={"error": None}),
                   components={"schemas": {"Error": error, "Item": item}})
    api, found = read(tmp_path, spec)
    field = api.model("Item").fields[0]
    assert field.schema == Union((Ref("Error"), NULL)) and field.nullable
    assert "example-mismatch" not in codes(found)
    view = python_view(api)
    item_view = next(m for m in view.models if m.class_name == "Item")
    assert item_view.fields[0].annotation == "Optional[Error]"


def test_items_without_type_constrains_arrays_only(tmp_path: Path) -> None:
    """Slack: ``objs_conversation`` = ``{items: {anyOf: [objects]}}`` without ``type`` was
    ``List[Any]``, which rejects every real conversation object."""
    conversation = {"items": {"anyOf": [{"type": "object", "properties": {"id": {"type": "string"}}}]}}
    spec = openapi(get({"$ref": "#/components/schemas/objs_conversation"}, example={"id": "C1"}),
                   components={"schemas": {"objs_conversation": conversation}})
    api, found = read(tmp_path, spec)
    schema = api.model("ObjsConversation").schema
    assert isinstance(schema, Union) and AnyValue() in schema.variants
    assert any(isinstance(v, Array) for v in schema.variants)
    assert conforms(api, Ref("ObjsConversation"), {"id": "C1"})
    assert "items-without-type" in codes(found) and "example-mismatch" not in codes(found)


def test_numeric_strings_under_an_integer_type_are_integers(tmp_path: Path) -> None:
    """Bungie: ``{type: integer, enum: ["0", "2"]}`` became a string enum; the API sends 0 and 2."""
    spec = openapi(get({"type": "object", "properties": {"kind": {"type": "integer", "enum": ["0", "2"]},
                                                         "flag": {"type": "boolean", "enum": ["true"]}}}))
    api, found = read(tmp_path, spec)
    model = api.model(api.operations[0].success.bodies[0].schema.name)
    kinds = {f.name: api.model(f.schema.name).schema for f in model.fields}
    assert kinds == {"kind": Enum("integer", (0, 2)), "flag": Enum("boolean", (True,))}
    assert "enum-type-mismatch" not in codes(found)


def test_one_of_inside_all_of_is_distributed(tmp_path: Path) -> None:
    """Peertube ``POST /videos/imports``: ``allOf: [common, {oneOf: [targetUrl | magnetUri |
    torrentfile]}]`` lost all three fields, one of which is required."""
    common = {"type": "object", "required": ["channelId"], "properties": {"channelId": {"type": "integer"}}}
    choice = {"oneOf": [
        {"properties": {"targetUrl": {"type": "string"}}, "required": ["targetUrl"]},
        {"properties": {"magnetUri": {"type": "string"}}, "required": ["magnetUri"]},
        {"properties": {"torrentfile": {"type": "string", "format": "binary"}}, "required": ["torrentfile"]},
    ]}
    body = {"allOf": [{"$ref": "#/components/schemas/VideoUploadCommon"}, choice]}
    spec = openapi({"/videos/imports": {"post": {
        "operationId": "importVideo",
        "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": body}}},
        "responses": {"204": {"description": "done"}}}}},
        components={"schemas": {"VideoUploadCommon": common}})
    api, found = read(tmp_path, spec)
    schema = api.operations[0].request_body.preferred.schema
    assert isinstance(schema, Union) and len(schema.variants) == 3
    shapes = [{f.name: f.required for f in api.model(v.name).fields} for v in schema.variants]
    assert shapes == [{"channelId": True, "targetUrl": True}, {"channelId": True, "magnetUri": True},
                      {"channelId": True, "torrentfile": True}]
    assert "oneof-in-allof" not in codes(found)


def test_one_of_that_only_requires_is_one_object(tmp_path: Path) -> None:
    """``{properties: {a, b}, oneOf: [{required: [a]}, {required: [b]}]}`` is one object whose
    fields stay optional (it was a ``Dict[str, Any]``)."""
    schema = {"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "integer"}},
              "oneOf": [{"required": ["a"]}, {"required": ["b"]}]}
    api, found = read(tmp_path, openapi(get(schema)))
    model = api.model(api.operations[0].success.bodies[0].schema.name)
    assert [(f.name, f.schema, f.required) for f in model.fields] == [
        ("a", Primitive("string"), False), ("b", Primitive("integer"), False)]
    assert found == []


def test_example_check_reads_every_item(tmp_path: Path) -> None:
    """Webflow 2026-05-26: the check looked at 5 items while pydantic checks all (``nodes[6]``)."""
    schema = {"type": "array", "items": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}}}
    example = [{"id": str(n)} for n in range(6)] + [{"id": 7}]
    _, found = read(tmp_path, openapi(get(schema, example=example)))
    assert "example-mismatch" in codes(found)


def test_not_and_conditionals_are_reported_approximations(tmp_path: Path) -> None:
    schema = {"type": "object", "properties": {
        "name": {"type": "string", "not": {"enum": [""]}},
        "size": {"type": "integer", "if": {"minimum": 10}, "then": {"multipleOf": 10}}}}
    api, found = read(tmp_path, openapi(get(schema)))
    model = api.model(api.operations[0].success.bodies[0].schema.name)
    assert [f.schema for f in model.fields] == [Primitive("string"), Primitive("integer")]
    assert sorted(codes(found)) == ["conditional-schema", "not-schema"]


def test_models_are_named_after_the_resource_the_path_names(tmp_path: Path) -> None:
    """Webflow: ``sites.get()`` returned ``CreateSiteResponse`` and list items were
    ``ListCollectionItemsResponseItem``; Wikimedia's ``granularity`` argument was typed
    ``GetMetrics…GranularitySt3``."""
    site = {"type": "object", "properties": {"id": {"type": "string"}, "name": {"type": "string"}}}
    item = {"type": "object", "properties": {"id": {"type": "string"}, "fieldData": {"type": "object"}}}
    ok = lambda schema: {"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}}  # noqa: E731
    spec = openapi({
        "/sites": {"post": {"operationId": "createSite", "responses": ok(site)},
                   "get": {"operationId": "listSites", "responses": ok(
                       {"type": "object", "properties": {"sites": {"type": "array", "items": site}}})}},
        "/sites/{site_id}": {"get": {"operationId": "getSite", "responses": ok(site)}},
        "/collections/{collection_id}/items": {"post": {"operationId": "createItem", "responses": ok(item)}},
        "/metrics/{project}": {"get": {"operationId": "getMetricsBytesDifferenceAbsoluteAggregate", "parameters": [
            {"name": "granularity", "in": "query", "schema": {"type": "string", "enum": ["daily", "monthly"]}}],
            "responses": {"204": {"description": "none"}}}},
    })
    api, _ = read(tmp_path, spec)
    results = {op.operation_id: op.success.bodies[0].schema for op in api.operations if op.success.bodies}
    assert results["createSite"] == results["getSite"] == Ref("Site")
    assert results["listSites"] == Ref("SiteList") and api.model("SiteList").fields[0].schema == Array(Ref("Site"))
    assert results["createItem"] == Ref("CollectionItem")
    assert api.operations[-1].parameters[0].schema == Ref("Granularity")
    view = python_view(api)
    assert next(m for m in view.models if m.class_name == "Site").docstring is None  # no identifier docstrings


def test_the_registry_renames_models(tmp_path: Path) -> None:
    from generator.targets.python.refine import refine

    site = {"type": "object", "properties": {"id": {"type": "string"}}}
    spec = openapi({"/sites/{id}": {"get": {"operationId": "getSite", "responses": {"200": {
        "description": "ok", "content": {"application/json": {"schema": site}}}}}}})
    api, _ = read(tmp_path, spec)
    view = refine(api, package="test", names={"Site": "Website"})[0]
    assert [m.class_name for m in view.models] == ["Website"]
    assert view.root.groups[0].methods[0].returns == "models.Website"
