"""``apigen diff`` on tiny inline specs: operations, parameters, bodies at any depth through
``$ref``s and cycles, composed schemas (merged ``allOf``, unions variant by variant), the
examples of issue 21, doc specs, and the command line. Every rule of the catalogue is
also triggered by tests/test_diff_rules.py; the real Webflow versions are in
tests/test_diff_webflow.py."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from tests.conftest import load_api

from generator.cli import main
from generator.diff import Change, diff_apis, should_fail

BASE = """\
openapi: 3.1.0
info: {title: Demo, version: "1"}
servers: [{url: "https://api.example.com"}]
security: [{bearer: []}]
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer}
"""  # a body may go on with "  schemas:" (inside components) or start a top-level key


def spec(tmp_path: Path, name: str, body: str, base: str = BASE) -> Path:
    """An OpenAPI file made of the common header and ``body``."""
    path = tmp_path / name
    path.write_text(base + textwrap.dedent(body), encoding="utf-8")
    return path


def changes(tmp_path: Path, old: str, new: str, base: str = BASE) -> list[Change]:
    return diff_apis(load_api(spec(tmp_path, "old.yaml", old, base)),
                     load_api(spec(tmp_path, "new.yaml", new, base)))


def one(found: list[Change], rule: str) -> Change:
    """The only change of ``rule``."""
    matching = [c for c in found if c.rule == rule]
    assert len(matching) == 1, found
    return matching[0]


def site(props: str, required: str = "[id]", params: str = "[]",
         request: str = "name: {type: string}", request_required: str = "[]",
         models: str = "") -> str:
    """Model Site with ``props`` (and ``models``), read by GET and written by POST /sites/{site_id}."""
    return f"""\
  schemas:
    Site:
      type: object
      required: {required}
      properties: {{{props}}}
{models}paths:
  /sites/{{site_id}}:
    get:
      operationId: get-site
      parameters: {params}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {{$ref: "#/components/schemas/Site"}}
    post:
      operationId: update-site
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: {request_required}
              properties: {{{request}}}
      responses:
        "200": {{description: ok}}
"""


# --- operations -------------------------------------------------------------------------


def test_identical_documents_have_no_changes(tmp_path: Path) -> None:
    body = site("id: {type: string}")
    assert changes(tmp_path, body, body) == []


def test_operation_added_and_removed(tmp_path: Path) -> None:
    old = "paths:\n  /a: {get: {operationId: a, responses: {'200': {description: ok}}}}\n"
    new = "paths:\n  /b: {get: {operationId: b, responses: {'200': {description: ok}}}}\n"
    found = changes(tmp_path, old, new)
    removed, added = one(found, "endpoint-removed"), one(found, "endpoint-added")
    assert (removed.location, removed.breaking) == ("GET /a", True)
    assert (added.location, added.breaking) == ("GET /b", False)


def test_operation_moved_is_matched_by_operation_id(tmp_path: Path) -> None:
    old = "paths:\n  /forms/{id}: {get: {operationId: get-form, responses: {'200': {description: ok}}}}\n"
    new = "paths:\n  /v2/forms/{id}: {put: {operationId: get-form, responses: {'200': {description: ok}}}}\n"
    moved = one(changes(tmp_path, old, new), "endpoint-moved")
    assert moved.breaking and moved.new == "PUT /v2/forms/{id}"


def test_renamed_path_placeholder_is_not_breaking(tmp_path: Path) -> None:
    old = "paths:\n  /s/{site_id}: {get: {responses: {'200': {description: ok}}}}\n"
    new = "paths:\n  /s/{siteId}: {get: {responses: {'200': {description: ok}}}}\n"
    found = changes(tmp_path, old, new)
    assert [(c.rule, c.breaking) for c in found] == [("endpoint-path-placeholder-renamed", False)]


def test_deprecation_is_reported_but_not_breaking(tmp_path: Path) -> None:
    old = "paths:\n  /a: {get: {responses: {'200': {description: ok}}}}\n"
    new = "paths:\n  /a: {get: {deprecated: true, responses: {'200': {description: ok}}}}\n"
    change = one(changes(tmp_path, old, new), "endpoint-deprecated")
    assert (change.breaking, change.new) == (False, True)


# --- parameters -------------------------------------------------------------------------


def test_parameter_added_required_is_breaking_optional_is_not(tmp_path: Path) -> None:
    old = site("id: {type: string}")
    new = site("id: {type: string}", params="[{name: a, in: query, required: true, schema: "
               "{type: string}}, {name: b, in: query, schema: {type: string}}]")
    found = {c.location: c for c in changes(tmp_path, old, new)}
    assert found["GET /sites/{site_id} › query parameter a"].rule == "request-parameter-added-required"
    assert not found["GET /sites/{site_id} › query parameter b"].breaking


def test_parameter_removed_moved_and_newly_required(tmp_path: Path) -> None:
    old = site("id: {type: string}", params="[{name: a, in: query, schema: {type: string}}, "
               "{name: b, in: query, schema: {type: string}}, {name: c, in: query, schema: {type: string}}]")
    new = site("id: {type: string}", params="[{name: a, in: header, schema: {type: string}}, "
               "{name: c, in: query, required: true, schema: {type: string}}]")
    found = changes(tmp_path, old, new)
    assert one(found, "request-parameter-moved").new == "header"
    assert one(found, "request-parameter-removed").location == "GET /sites/{site_id} › query parameter b"
    assert one(found, "request-parameter-became-required").location.endswith("query parameter c")
    assert all(c.breaking for c in found)


def test_parameter_type_enum_and_default(tmp_path: Path) -> None:
    old = site("id: {type: string}", params="[{name: n, in: query, schema: {type: integer, "
               "default: 10}}, {name: s, in: query, schema: {type: string, enum: [a, b]}}]")
    new = site("id: {type: string}", params="[{name: n, in: query, schema: {type: number, "
               "default: 20}}, {name: s, in: query, schema: {type: string, enum: [b, c]}}]")
    found = changes(tmp_path, old, new)
    widened = one(found, "request-parameter-type-widened")
    assert (widened.old, widened.new, widened.level) == ("integer", "number", "info")
    assert one(found, "request-parameter-default-value-changed").level == "warning"
    assert one(found, "request-parameter-enum-value-removed").breaking  # a value clients may send is refused
    assert not one(found, "request-parameter-enum-value-added").breaking


def test_pagination_limit_lowered_is_breaking(tmp_path: Path) -> None:
    def listing(maximum: int) -> str:
        return f"""\
paths:
  /items:
    get:
      parameters:
        - {{name: offset, in: query, schema: {{type: integer}}}}
        - {{name: limit, in: query, schema: {{type: integer, maximum: {maximum}}}}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties: {{items: {{type: array, items: {{type: string}}}}, total: {{type: integer}}}}
"""
    found = changes(tmp_path, listing(100), listing(50))
    assert one(found, "request-parameter-max-decreased").location == "GET /items › query parameter limit"
    assert one(found, "pagination-max-limit-decreased").location == "GET /items › pagination"
    assert all(c.breaking and (c.old, c.new) == (100, 50) for c in found)


# --- bodies -----------------------------------------------------------------------------


def test_response_property_removed_required_breaks_optional_warns(tmp_path: Path) -> None:
    found = changes(tmp_path, site("id: {type: string}, old: {type: string}"), site("fresh: {type: string}"))
    gone = one(found, "response-property-removed-required")
    assert gone.location == "GET /sites/{site_id} › response 200 › body › id" and gone.breaking
    assert one(found, "response-property-removed-optional").level == "warning"
    assert one(found, "response-property-added").level == "info"


def test_nested_field_path_through_refs(tmp_path: Path) -> None:
    old = site("id: {type: string}, locales: {$ref: '#/components/schemas/Locales'}",
               models="""\
    Locales:
      type: object
      properties: {primary: {type: object, properties: {id: {type: string}}}}
""")
    new = old.replace("id: {type: string}}}}", "id: {type: integer}}}}")
    change = one(changes(tmp_path, old, new), "response-property-type-changed")
    assert change.location == "GET /sites/{site_id} › response 200 › body › locales.primary.id"
    assert change.breaking and (change.old, change.new) == ("string", "integer")


def test_response_field_optional_or_nullable_is_breaking(tmp_path: Path) -> None:
    found = changes(tmp_path, site("id: {type: string}, n: {type: string}", "[id, n]"),
                    site("id: {type: string}, n: {type: [string, 'null']}", "[n]"))
    assert one(found, "response-property-became-optional").breaking
    assert one(found, "response-property-became-nullable").location.endswith("body › n")


def test_request_fields_required_and_optional(tmp_path: Path) -> None:
    old = site("id: {type: string}")
    new = site("id: {type: string}", request="name: {type: string}, tag: {type: string}, "
               "code: {type: string}", request_required="[name, code]")
    found = {c.location.rsplit(" › ", 1)[-1]: c for c in changes(tmp_path, old, new)}
    assert found["code"].rule == "request-property-added-required" and found["code"].breaking
    assert found["tag"].rule == "request-property-added-optional" and not found["tag"].breaking
    assert found["name"].rule == "request-property-became-required" and found["name"].breaking


def test_enum_values_response_versus_request(tmp_path: Path) -> None:
    old = site("kind: {type: string, enum: [a, b]}", "[]", request="kind: {type: string, enum: [a, b]}")
    new = site("kind: {type: string, enum: [b, c]}", "[]", request="kind: {type: string, enum: [b, c]}")
    assert {c.rule: c.breaking for c in changes(tmp_path, old, new)} == {
        "response-property-enum-value-added": False, "response-property-enum-value-removed": False,
        "request-property-enum-value-added": False, "request-property-enum-value-removed": True}


def test_nullable_enums_and_map_values_are_compared(tmp_path: Path) -> None:
    old = site("kind: {type: string, enum: [a, b], nullable: true}, byName: {type: object, "
               "additionalProperties: {type: object, properties: {a: {type: string}, b: {type: string}}}}", "[]")
    new = old.replace("enum: [a, b]", "enum: [a]").replace(", b: {type: string}}}}", "}}}")
    assert {(c.location.rsplit(" › ", 1)[-1], c.rule) for c in changes(tmp_path, old, new)} == {
        ("kind", "response-property-enum-value-removed"), ("byName{}.b", "response-property-removed-optional")}


def test_cyclic_models_terminate_and_report_once(tmp_path: Path) -> None:
    old = site("id: {type: string}, parent: {$ref: '#/components/schemas/Site'}")
    new = site("id: {type: integer}, parent: {$ref: '#/components/schemas/Site'}")
    change = one(changes(tmp_path, old, new), "response-property-type-changed")
    assert change.location.endswith("body › id")


def test_renamed_model_produces_no_noise(tmp_path: Path) -> None:
    old = site("id: {type: string}")
    new = old.replace("Site", "Website")
    assert changes(tmp_path, old, new) == []


def test_content_type_and_error_response(tmp_path: Path) -> None:
    old = site("id: {type: string}")
    new = old.replace("content:\n          application/json:\n            schema:\n              "
                      "type: object", "content:\n          application/x-www-form-urlencoded:\n"
                      "            schema:\n              type: object")
    new = new.replace('"200": {description: ok}', '"200": {description: ok}\n        "404": '
                      '{description: gone, content: {application/json: {schema: {type: object}}}}')
    found = changes(tmp_path, old, new)
    assert one(found, "request-body-media-type-removed").breaking
    assert not one(found, "request-body-media-type-added").breaking
    assert not one(found, "response-non-success-status-added").breaking


# --- composed schemas -------------------------------------------------------------------


def test_all_of_of_components_is_compared_merged(tmp_path: Path) -> None:
    base = """\
    User: {type: object, required: [id], properties: {id: {type: string}, email: {type: string}}}
    Resolved:
      allOf:
        - $ref: '#/components/schemas/User'
        - {type: object, properties: {siteId: {type: string}}}
"""
    old = site("user: {$ref: '#/components/schemas/User'}", "[]", models=base)
    new = site("user: {$ref: '#/components/schemas/Resolved'}", "[]", models=base)
    found = changes(tmp_path, old, new)
    assert [(c.location, c.rule) for c in found] == [
        ("GET /sites/{site_id} › response 200 › body › user.siteId", "response-property-added")]


def test_a_variant_that_gains_a_field_is_reported_as_that(tmp_path: Path) -> None:
    variants = """\
    Text: {type: object, required: [type], properties: {type: {type: string, enum: [text]}, text: {type: string}}}
    Image: {type: object, required: [type], properties: {type: {type: string, enum: [image]}, src: {type: string}}}
"""
    union = "node: {oneOf: [{$ref: '#/components/schemas/Text'}, {$ref: '#/components/schemas/Image'}]}"
    old = site(union, "[]", models=variants)
    new = old.replace("src: {type: string}}", "src: {type: string}, alt: {type: string}}")
    found = changes(tmp_path, old, new)
    assert [(c.location, c.rule) for c in found] == [
        ("GET /sites/{site_id} › response 200 › body › node<image>.alt", "response-property-added")]


def test_an_object_that_became_a_union_is_compared_with_each_variant(tmp_path: Path) -> None:
    old = site("node: {type: object, properties: {type: {type: string, enum: [text, image]}, "
               "text: {type: string}, src: {type: string}}}", "[]")
    new = site("node: {oneOf: [{type: object, properties: {type: {type: string, enum: [text]}, "
               "text: {type: string}, bindings: {type: object}}}, {type: object, properties: "
               "{type: {type: string, enum: [image]}, src: {type: string}, bindings: {type: object}}}]}", "[]")
    found = {(c.location.rsplit(" › ", 1)[-1], c.rule) for c in changes(tmp_path, old, new)}
    # bindings is new in both variants: said once; text and src moved to one variant each: not gone
    assert found == {("node.bindings", "response-property-added"),
                     ("node<text>.type", "response-property-enum-value-removed"),
                     ("node<image>.type", "response-property-enum-value-removed")}


def test_a_request_object_that_lists_its_properties_stays_compatible(tmp_path: Path) -> None:
    old = site("id: {type: string}", request="meta: {type: object}")
    new = site("id: {type: string}", request="meta: {type: object, properties: {a: {type: string}}}")
    assert [(c.rule, c.level) for c in changes(tmp_path, old, new)] == [("request-property-added-optional", "info")]
    required = site("id: {type: string}", request="meta: {type: object, required: [a], properties: "
                    "{a: {type: string}}}")
    assert one(changes(tmp_path, old, required), "request-property-added-required").breaking


def test_request_extras_dropped_loosen_closed_tighten(tmp_path: Path) -> None:
    def body(extras: str) -> str:
        return ("paths:\n  /a:\n    post:\n      requestBody:\n        content:\n"
                "          application/json:\n            schema: {type: object, properties: "
                f"{{name: {{type: string}}}}{extras}}}\n      responses: {{'200': {{description: ok}}}}\n")

    typed, open_, closed = body(", additionalProperties: {type: string}"), body(""), body(", additionalProperties: false")
    loosened = changes(tmp_path, typed, open_)  # extras of any type are allowed again
    assert [(c.location, c.rule, c.level) for c in loosened] == [
        ("POST /a › request body › {}", "request-property-type-widened", "info")]
    assert one(changes(tmp_path, open_, closed), "request-property-additional-properties-closed").breaking


def test_scopes_and_constraints_are_compared(tmp_path: Path) -> None:
    oauth = BASE.replace("bearer: {type: http, scheme: bearer}", "oauth: {type: oauth2, flows: {implicit: "
                         "{authorizationUrl: 'https://x.example/a', scopes: {users:read: '', users:write: ''}}}}")
    oauth = oauth.replace("[{bearer: []}]", "[{oauth: [users:read]}]")
    old = site("id: {type: string}", request="name: {type: string, maxLength: 100}")
    new = site("id: {type: string}", request="name: {type: string, maxLength: 10, pattern: '^[a-z]+$'}")
    found = changes(tmp_path, old, new.replace("update-site", "update-site\n      security: "
                                                "[{oauth: [users:write]}]"), oauth)
    assert {c.rule: c.breaking for c in found} == {
        "security-scope-added": True, "security-scope-removed": False,
        "request-property-max-length-decreased": True, "request-property-pattern-added": True}
    assert one(found, "security-scope-added").new == ["users:write"]


# --- API level --------------------------------------------------------------------------


def test_servers_security_and_webhooks(tmp_path: Path) -> None:
    hook = """\
webhooks:
  order_created:
    post:
      requestBody:
        content:
          application/json:
            schema: {type: object, required: [total], properties: {id: {type: string}, total: {type: number}}}
      responses: {"200": {description: ok}}
"""
    new_base = BASE.replace("api.example.com", "api2.example.com").replace(
        "bearer: {type: http, scheme: bearer}", "key: {type: apiKey, in: header, name: X-Key}"
    ).replace("[{bearer: []}]", "[{key: []}]")
    old = spec(tmp_path, "old.yaml", "paths: {}\n" + hook)
    new = spec(tmp_path, "new.yaml", "paths: {}\n" + hook.replace(", total: {type: number}", ""),
               new_base)
    found = diff_apis(load_api(old), load_api(new))
    assert one(found, "server-default-changed").breaking
    assert one(found, "security-scheme-removed").breaking
    assert not one(found, "security-scheme-added").breaking
    assert one(found, "security-requirement-removed").breaking
    removed = one(found, "response-property-removed-required")
    assert removed.location == "webhook order_created › payload › total" and removed.breaking


def test_docspec_pair(tmp_path: Path) -> None:
    header = 'api: shop\ntitle: Shop\nversion: "1"\n'
    old = header + textwrap.dedent("""\
        models:
          Order:
            source: seed.txt:1
            fields: {id: integer, status: {enum: [open, closed]}}
        operations:
          orders.get:
            GET: /orders/{id}
            source: seed.txt:2
            returns: Order
          orders.delete:
            DELETE: /orders/{id}
            source: seed.txt:3
        """)
    new = old.replace("{id: integer, status: {enum: [open, closed]}}",
                      "{id: string, status: {enum: [open, closed, held]}}")
    new = new.replace("    DELETE: /orders/{id}", "    DELETE: /orders/{id}/cancel")
    new = new.replace("  orders.get:", "  orders.list:\n    GET: /orders\n    source: seed.txt:4\n"
                      "    returns: [Order]\n  orders.get:")
    (tmp_path / "old.yaml").write_text(old, encoding="utf-8")
    (tmp_path / "new.yaml").write_text(new, encoding="utf-8")
    found = diff_apis(load_api(tmp_path / "old.yaml"), load_api(tmp_path / "new.yaml"))
    assert one(found, "endpoint-added").location == "GET /orders"
    assert one(found, "endpoint-moved").new == "DELETE /orders/{id}/cancel"
    assert one(found, "response-property-type-changed").location == "GET /orders/{id} › response 200 › body › id"
    assert not one(found, "response-property-enum-value-added").breaking


# --- command line -----------------------------------------------------------------------


def test_fail_on() -> None:
    compatible = Change("GET /a", "endpoint-added", "new")
    warning = Change("GET /a", "endpoint-operation-id-changed", "renamed")
    breaking = Change("GET /b", "endpoint-removed", "gone")
    assert should_fail([compatible, breaking], "breaking") and not should_fail([compatible, warning], "breaking")
    assert should_fail([warning], "warning") and not should_fail([compatible], "warning")
    assert should_fail([compatible], "any") and not should_fail([breaking], "none")
    with pytest.raises(ValueError, match="no rule"):
        Change("GET /a", "operation.added", "an id that is not in the catalogue")


def test_cli_formats_and_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = spec(tmp_path, "old.yaml", site("id: {type: string}, gone: {type: string}", "[id, gone]"))
    new = spec(tmp_path, "new.yaml", site("id: {type: string}", "[id]"))
    assert main(["diff", str(old), str(new), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["summary"]["breaking"] == 1 and data["summary"]["non_breaking"] == 0
    assert data["changes"][0]["location"] == "GET /sites/{site_id} › response 200 › body › gone"
    assert data["changes"][0]["rule"] == "response-property-removed-required"
    assert data["rules"]["response-property-removed-required"]["level"] == "breaking"
    assert main(["diff", str(old), str(new), "--format", "markdown", "--fail-on", "none"]) == 0
    markdown = capsys.readouterr().out
    assert "GET /sites/{site_id}: 1 breaking" in markdown and str(tmp_path) not in markdown
    assert main(["diff", str(new), str(old)]) == 0  # a response field added breaks nothing
    text = capsys.readouterr().out
    assert "response-property-added" in text and "\033[" not in text  # no colour off a terminal
    assert main(["diff", str(new), str(old), "--fail-on", "any"]) == 1


def test_cli_bad_input_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("hello: world\n", encoding="utf-8")
    assert main(["diff", str(bad), str(bad)]) == 2
    assert "neither an OpenAPI document" in capsys.readouterr().err
