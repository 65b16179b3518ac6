"""``apigen diff``: one test per kind of change on tiny inline specs, the three output
formats and exit codes, and the real Webflow versions in ../shared (skipped when absent)."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from tests.conftest import load_api

from generator.cli import main
from generator.diff import Change, diff_apis, should_fail

SHARED = Path(__file__).resolve().parents[2] / "shared"
WEBFLOW = SHARED / "upstream" / "webflow"
VERSIONS = ("v2-beta@087d8c2.yml", "v2-beta@2024-09-12_00a3ed1.yml", "v2-beta@2026-05-26_e91cb4e.yml")

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


def one(found: list[Change], kind: str) -> Change:
    """The only change of ``kind``."""
    matching = [c for c in found if c.kind == kind]
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
    removed, added = one(found, "operation.removed"), one(found, "operation.added")
    assert (removed.location, removed.breaking) == ("GET /a", True)
    assert (added.location, added.breaking) == ("GET /b", False)


def test_operation_moved_is_matched_by_operation_id(tmp_path: Path) -> None:
    old = "paths:\n  /forms/{id}: {get: {operationId: get-form, responses: {'200': {description: ok}}}}\n"
    new = "paths:\n  /v2/forms/{id}: {put: {operationId: get-form, responses: {'200': {description: ok}}}}\n"
    moved = one(changes(tmp_path, old, new), "operation.moved")
    assert moved.breaking and moved.new == "PUT /v2/forms/{id}"


def test_renamed_path_placeholder_is_not_breaking(tmp_path: Path) -> None:
    old = "paths:\n  /s/{site_id}: {get: {responses: {'200': {description: ok}}}}\n"
    new = "paths:\n  /s/{siteId}: {get: {responses: {'200': {description: ok}}}}\n"
    found = changes(tmp_path, old, new)
    assert [(c.kind, c.breaking) for c in found] == [("path.renamed", False)]


def test_deprecation_is_reported_but_not_breaking(tmp_path: Path) -> None:
    old = "paths:\n  /a: {get: {responses: {'200': {description: ok}}}}\n"
    new = "paths:\n  /a: {get: {deprecated: true, responses: {'200': {description: ok}}}}\n"
    change = one(changes(tmp_path, old, new), "deprecated.changed")
    assert (change.breaking, change.new) == (False, True)


# --- parameters -------------------------------------------------------------------------


def test_parameter_added_required_is_breaking_optional_is_not(tmp_path: Path) -> None:
    old = site("id: {type: string}")
    new = site("id: {type: string}", params="[{name: a, in: query, required: true, schema: "
               "{type: string}}, {name: b, in: query, schema: {type: string}}]")
    found = {c.location: c for c in changes(tmp_path, old, new)}
    assert found["GET /sites/{site_id} › query parameter a"].breaking
    assert not found["GET /sites/{site_id} › query parameter b"].breaking


def test_parameter_removed_moved_and_newly_required(tmp_path: Path) -> None:
    old = site("id: {type: string}", params="[{name: a, in: query, schema: {type: string}}, "
               "{name: b, in: query, schema: {type: string}}, {name: c, in: query, schema: {type: string}}]")
    new = site("id: {type: string}", params="[{name: a, in: header, schema: {type: string}}, "
               "{name: c, in: query, required: true, schema: {type: string}}]")
    found = changes(tmp_path, old, new)
    assert one(found, "parameter.moved").new == "header"
    assert one(found, "parameter.removed").location == "GET /sites/{site_id} › query parameter b"
    required = one(found, "required.changed")
    assert required.breaking and required.location.endswith("query parameter c")
    assert all(c.breaking for c in found)


def test_parameter_type_enum_and_default(tmp_path: Path) -> None:
    old = site("id: {type: string}", params="[{name: n, in: query, schema: {type: integer, "
               "default: 10}}, {name: s, in: query, schema: {type: string, enum: [a, b]}}]")
    new = site("id: {type: string}", params="[{name: n, in: query, schema: {type: number, "
               "default: 20}}, {name: s, in: query, schema: {type: string, enum: [b, c]}}]")
    found = changes(tmp_path, old, new)
    widened = one(found, "type.changed")
    assert (widened.old, widened.new, widened.breaking) == ("integer", "number", False)
    assert one(found, "default.changed").new == 20
    assert one(found, "enum.removed").breaking  # a value clients may send is refused
    assert not one(found, "enum.added").breaking


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
    found = [c for c in changes(tmp_path, listing(100), listing(50)) if c.kind == "limit.changed"]
    assert {c.location for c in found} == {"GET /items › query parameter limit", "GET /items › pagination"}
    assert all(c.breaking and (c.old, c.new) == (100, 50) for c in found)


# --- bodies -----------------------------------------------------------------------------


def test_response_field_removed_is_breaking_added_is_not(tmp_path: Path) -> None:
    found = changes(tmp_path, site("id: {type: string}, old: {type: string}"),
                    site("id: {type: string}, fresh: {type: string}"))
    removed, added = one(found, "field.removed"), one(found, "field.added")
    assert removed.location == "GET /sites/{site_id} › response 200 › body › old"
    assert removed.breaking and removed.old == "string"
    assert not added.breaking


def test_nested_field_path_through_refs(tmp_path: Path) -> None:
    old = site("id: {type: string}, locales: {$ref: '#/components/schemas/Locales'}",
               models="""\
    Locales:
      type: object
      properties: {primary: {type: object, properties: {id: {type: string}}}}
""")
    new = old.replace("id: {type: string}}}}", "id: {type: integer}}}}")
    change = one(changes(tmp_path, old, new), "type.changed")
    assert change.location == "GET /sites/{site_id} › response 200 › body › locales.primary.id"
    assert change.breaking and (change.old, change.new) == ("string", "integer")


def test_response_field_optional_or_nullable_is_breaking(tmp_path: Path) -> None:
    found = changes(tmp_path, site("id: {type: string}, n: {type: string}", "[id, n]"),
                    site("id: {type: string}, n: {type: [string, 'null']}", "[n]"))
    assert one(found, "required.changed").breaking
    nullable = one(found, "nullable.changed")
    assert nullable.breaking and nullable.location.endswith("body › n")


def test_request_fields_required_and_optional(tmp_path: Path) -> None:
    old = site("id: {type: string}")
    new = site("id: {type: string}", request="name: {type: string}, tag: {type: string}, "
               "code: {type: string}", request_required="[name, code]")
    found = {c.location.rsplit(" › ", 1)[-1]: c for c in changes(tmp_path, old, new)}
    assert found["code"].kind == "field.added" and found["code"].breaking
    assert found["tag"].kind == "field.added" and not found["tag"].breaking
    assert found["name"].kind == "required.changed" and found["name"].breaking


def test_enum_values_response_versus_request(tmp_path: Path) -> None:
    old = site("kind: {type: string, enum: [a, b]}", "[]", request="kind: {type: string, enum: [a, b]}")
    new = site("kind: {type: string, enum: [b, c]}", "[]", request="kind: {type: string, enum: [b, c]}")
    found = changes(tmp_path, old, new)
    by_place = {(c.kind, "request" in c.location): c.breaking for c in found}
    assert by_place == {("enum.added", False): False, ("enum.removed", False): False,
                        ("enum.added", True): False, ("enum.removed", True): True}


def test_cyclic_models_terminate_and_report_once(tmp_path: Path) -> None:
    old = site("id: {type: string}, parent: {$ref: '#/components/schemas/Site'}")
    new = site("id: {type: integer}, parent: {$ref: '#/components/schemas/Site'}")
    change = one(changes(tmp_path, old, new), "type.changed")
    assert change.location.endswith("body › id")


def test_renamed_model_produces_no_noise(tmp_path: Path) -> None:
    old = site("id: {type: string}")
    new = old.replace("Site", "Website")
    assert changes(tmp_path, old, new) == []


def test_union_variant_added_to_response_is_breaking(tmp_path: Path) -> None:
    old = site("v: {oneOf: [{type: string}, {type: integer}]}", "[]")
    new = site("v: {oneOf: [{type: string}, {type: integer}, {type: boolean}]}", "[]")
    change = one(changes(tmp_path, old, new), "variant.added")
    assert change.breaking and change.new == "boolean"


def test_content_type_and_error_response(tmp_path: Path) -> None:
    old = site("id: {type: string}")
    new = old.replace("content:\n          application/json:\n            schema:\n              "
                      "type: object", "content:\n          application/x-www-form-urlencoded:\n"
                      "            schema:\n              type: object")
    new = new.replace('"200": {description: ok}', '"200": {description: ok}\n        "404": '
                      '{description: gone, content: {application/json: {schema: {type: object}}}}')
    found = changes(tmp_path, old, new)
    assert one(found, "content_type.removed").breaking
    assert not one(found, "content_type.added").breaking
    assert not one(found, "response.added").breaking


# --- API level --------------------------------------------------------------------------


def test_servers_security_and_webhooks(tmp_path: Path) -> None:
    hook = """\
webhooks:
  order_created:
    post:
      requestBody:
        content:
          application/json:
            schema: {type: object, properties: {id: {type: string}, total: {type: number}}}
      responses: {"200": {description: ok}}
"""
    new_base = BASE.replace("api.example.com", "api2.example.com").replace(
        "bearer: {type: http, scheme: bearer}", "key: {type: apiKey, in: header, name: X-Key}"
    ).replace("[{bearer: []}]", "[{key: []}]")
    old = spec(tmp_path, "old.yaml", "paths: {}\n" + hook)
    new = spec(tmp_path, "new.yaml", "paths: {}\n" + hook.replace(", total: {type: number}", ""),
               new_base)
    found = diff_apis(load_api(old), load_api(new))
    assert one(found, "server.default_changed").breaking
    assert one(found, "security_scheme.removed").breaking
    assert not one(found, "security_scheme.added").breaking
    assert one(found, "security.changed").breaking
    removed = one(found, "field.removed")
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
    assert one(found, "operation.added").location == "GET /orders"
    assert one(found, "operation.moved").new == "DELETE /orders/{id}/cancel"
    assert one(found, "type.changed").location == "GET /orders/{id} › response 200 › body › id"
    assert not one(found, "enum.added").breaking


# --- command line -----------------------------------------------------------------------


def test_fail_on() -> None:
    compatible = Change("GET /a", "operation.added", False, "new")
    breaking = Change("GET /b", "operation.removed", True, "gone")
    assert should_fail([compatible, breaking], "breaking") and not should_fail([compatible], "breaking")
    assert should_fail([compatible], "any") and not should_fail([breaking], "none")


def test_cli_formats_and_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = spec(tmp_path, "old.yaml", site("id: {type: string}, gone: {type: string}"))
    new = spec(tmp_path, "new.yaml", site("id: {type: string}"))
    assert main(["diff", str(old), str(new), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["summary"] == {"breaking": 1, "non_breaking": 0}
    assert data["changes"][0]["location"] == "GET /sites/{site_id} › response 200 › body › gone"
    assert main(["diff", str(old), str(new), "--format", "markdown", "--fail-on", "none"]) == 0
    markdown = capsys.readouterr().out
    assert "#### `GET /sites/{site_id}`" in markdown and "**breaking**" in markdown
    assert main(["diff", str(new), str(old)]) == 0  # a response field added breaks nothing
    text = capsys.readouterr().out
    assert "field.added" in text and "\033[" not in text  # no colour off a terminal
    assert main(["diff", str(new), str(old), "--fail-on", "any"]) == 1


def test_cli_bad_input_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("hello: world\n", encoding="utf-8")
    assert main(["diff", str(bad), str(bad)]) == 2
    assert "neither an OpenAPI document" in capsys.readouterr().err


# --- the real Webflow versions ----------------------------------------------------------


@pytest.fixture(scope="module")
def webflow() -> list[list[Change]]:
    """The diffs 087d8c2 → 2024-09-12 and 2024-09-12 → 2026-05-26."""
    if not WEBFLOW.is_dir():
        pytest.skip("../shared/upstream/webflow is absent")
    apis = [load_api(WEBFLOW / name) for name in VERSIONS]
    return [diff_apis(apis[0], apis[1]), diff_apis(apis[1], apis[2])]


def ops(found: list[Change], kind: str) -> set[str]:
    return {c.location for c in found if c.kind == kind}


def test_webflow_first_step_adds_twelve_operations(webflow: list[list[Change]]) -> None:
    first = webflow[0]
    assert ops(first, "operation.removed") == set() and ops(first, "operation.moved") == set()
    added = ops(first, "operation.added")
    assert len(added) == 12  # 82 → 94
    assert {"GET /sites/{site_id}/plan", "POST /sites/{site_id}/redirects",
            "GET /sites/{site_id}/components/{component_id}/dom"} <= added


def test_webflow_first_step_field_changes(webflow: list[list[Change]]) -> None:
    found = {(c.location, c.kind): c for c in webflow[0]}
    # The field type "Boolean" was renamed "Switch": refusing a value clients send breaks them.
    removed = found[("POST /collections/{collection_id}/fields › request body › type", "enum.removed")]
    assert removed.old == ["Boolean"] and removed.breaking
    listed = found[("GET /collections/{collection_id} › response 200 › body › fields[].type",
                    "enum.added")]
    assert listed.new == ["Switch"] and not listed.breaking
    # PUT /pages/{page_id}: query parameter locale became locale_id.
    assert found[("PUT /pages/{page_id} › query parameter locale", "parameter.removed")].breaking
    assert not found[("PUT /pages/{page_id} › query parameter locale_id", "parameter.added")].breaking
    # Form submissions moved from "submissions" to "formSubmissions".
    assert found[("GET /forms/{form_id}/submissions › response 200 › body › submissions",
                  "field.removed")].breaking


def test_webflow_second_step_operations(webflow: list[list[Change]]) -> None:
    second = webflow[1]
    assert ops(second, "operation.removed") == {
        "GET /sites/{site_id}/users", "GET /sites/{site_id}/users/{user_id}",
        "DELETE /sites/{site_id}/users/{user_id}", "PATCH /sites/{site_id}/users/{user_id}",
        "POST /sites/{site_id}/users/invite", "GET /sites/{site_id}/accessgroups"}
    assert len(ops(second, "operation.added")) == 26  # 94 - 6 removed + 26 added = 114
    moved = one(second, "operation.moved")
    assert (moved.old, moved.new) == ("GET /forms/{form_id}/submissions",
                                      "GET /sites/{site_id}/forms/{form_id}/submissions")
    assert ops(second, "path.renamed") == {"GET /collections/{collection_id}/items/{item_id}/inventory",
                                           "PATCH /collections/{collection_id}/items/{item_id}/inventory"}
    assert {c.location for c in second if c.kind == "webhook.removed"} == {
        "webhook user_account_added", "webhook user_account_updated", "webhook user_account_deleted"}


def test_webflow_second_step_field_changes(webflow: list[list[Change]]) -> None:
    found = {(c.location, c.kind): c for c in webflow[1]}
    alt = found[("GET /assets/{asset_id} › response 200 › body › altText", "nullable.changed")]
    assert alt.breaking and (alt.old, alt.new) == (False, True)
    assert found[("GET /sites/{site_id}/pages › response 200 › body › pages[].isMembersOnly",
                  "field.removed")].breaking
    trigger = found[("POST /sites/{site_id}/webhooks › request body › triggerType", "enum.removed")]
    assert trigger.breaking and set(trigger.old) == {"user_account_added", "user_account_updated",
                                                     "user_account_deleted"}
    locale = found[("POST /pages/{page_id}/dom › query parameter localeId", "parameter.added")]
    assert locale.breaking  # a new required parameter
