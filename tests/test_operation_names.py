"""Operation names a user reads right (generator/enrich/operation_names.py): operations join
their resource's group, no method is named like its group, operationId names lose the group's
noun when the verb alone is free, and names a group holds twice are reported."""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, openapi, python_view, read

from generator.diagnostics import SpecError
from generator.pipeline import Job, build
from generator.registry import load_registry
from generator.targets.python.view import Group

OK = {"200": {"description": "ok"}}


def op(operation_id: str, group: list[str] | None = None, method: str | None = None) -> dict[str, Any]:
    """An operation with an operationId and, optionally, Fern's group and method hints."""
    found: dict[str, Any] = {"operationId": operation_id, "responses": OK}
    if group is not None:
        found["x-fern-sdk-group-name"] = group
    if method is not None:
        found["x-fern-sdk-method-name"] = method
    return found


def calls(group: Group) -> set[str]:
    """Every call the client offers, as a user writes it (``client.collections.fields.delete``)."""
    found = {f"{group.accessor}.{m.name}" for m in group.methods}
    for child in group.groups:
        found |= calls(child)
    return found


# Webflow's hints: the field delete sits in the collection's group, as its sibling's name.
HINTED = openapi({
    "/collections/{collection_id}": {"get": op("get-collection", ["collections"], "get"),
                                     "delete": op("delete-collection")},
    "/collections/{collection_id}/fields": {"post": op("create-field", ["collections", "fields"], "create")},
    "/collections/{collection_id}/fields/{field_id}": {
        "patch": op("update-field", ["collections", "fields"], "update"),
        "delete": op("delete-field", ["collections"], "delete")},
    "/app_subscriptions": {"get": op("app_subscriptions", ["app-subscriptions"], "app-subscriptions")},
})


def test_an_operation_joins_its_resources_group_and_the_collection_keeps_delete(tmp_path: Path) -> None:
    api, found = read(tmp_path, HINTED)
    offered = calls(python_view(api).root)
    assert {"client.collections.delete", "client.collections.get", "client.collections.fields.delete",
            "client.collections.fields.update", "client.collections.fields.create"} <= offered
    assert "client.collections.delete_collection" not in offered and "client.collections.delete_2" not in offered
    regrouped = [m for m in found if m.endswith("[operation-regrouped]")]
    assert len(regrouped) == 1 and "~1collections~1{collection_id}~1fields~1{field_id}/delete" in regrouped[0]


def test_a_method_named_like_its_group_is_named_by_its_verb(tmp_path: Path) -> None:
    api, found = read(tmp_path, HINTED)
    assert "client.app_subscriptions.list" in calls(python_view(api).root)
    assert any("named like its group 'app-subscriptions'" in m and m.endswith("[operation-renamed]") for m in found)
    # One thing (a singular path, an item) is got; a plural path or a listing that pages is listed.
    spec = openapi({"/health": {"get": op("health")}, "/status/{id}": {"get": op("status", ["status"])},
                    "/log": {"get": {**op("log"), "responses": {"200": {"description": "ok", "content": {
                        "application/json": {"schema": {"type": "array", "items": {"type": "string"}}}}}},
                                     "parameters": [
                        {"name": "offset", "in": "query", "schema": {"type": "integer"}},
                        {"name": "limit", "in": "query", "schema": {"type": "integer"}}]}}})
    api, _ = read(tmp_path, spec)
    assert {"client.health.get", "client.status.get", "client.log.list"} <= calls(python_view(api).root)


def test_names_chosen_for_an_sdk_are_kept(tmp_path: Path) -> None:
    spec = openapi({"/items": {"get": op("list-all-items", ["items"], "list-items"),
                               "post": op("create-item", ["items"])}})
    api, _ = read(tmp_path, spec)
    # Fern's list_items is kept, so the group's other verb-and-noun name is kept too: they read alike.
    assert calls(python_view(api).root) == {"client.items.list_items", "client.items.create_item"}


def test_operation_ids_lose_the_noun_where_the_group_reads_by_verbs_and_no_name_would_repeat(
        tmp_path: Path) -> None:
    spec = openapi({"/sites": {"get": op("list-sites", ["sites"], "list"), "post": op("create-site", ["sites"])},
                    "/sites/{id}": {"get": op("get-site", ["sites"]), "delete": op("delete", ["sites"])},
                    "/sites/{id}/purge": {"delete": op("delete-sites", ["sites"])}})
    api, _ = read(tmp_path, spec)
    offered = calls(python_view(api).root)
    assert {"client.sites.list", "client.sites.create_site", "client.sites.delete",
            "client.sites.delete_sites"} <= offered  # delete_sites would repeat delete: none is shortened
    spec["paths"].pop("/sites/{id}/purge")
    spec["paths"]["/sites/{id}"].pop("delete")
    api, _ = read(tmp_path, spec)
    assert calls(python_view(api).root) == {"client.sites.list", "client.sites.create", "client.sites.get"}
    spec["paths"]["/sites"]["get"] = op("list-sites", ["sites"])  # no method named by a verb alone
    api, _ = read(tmp_path, spec)
    assert calls(python_view(api).root) == {"client.sites.list_sites", "client.sites.create_site",
                                            "client.sites.get_site"}


def test_a_name_a_group_holds_twice_is_reported(tmp_path: Path) -> None:
    spec = openapi({"/a": {"get": op("fetch", ["things"])}, "/b": {"get": op("fetch", ["things"])}})
    api, found = read(tmp_path, spec)
    assert calls(python_view(api).root) == {"client.things.fetch", "client.things.fetch_2"}
    collisions = [m for m in found if m.endswith("[operation-name-collision]")]
    assert len(collisions) == 1 and "GET /b and GET /a are both named 'fetch'" in collisions[0]


def test_the_webflow_client_deletes_collections_and_fields_by_their_own_names() -> None:
    tree = ast.parse((ROOT / "generated/webflow/webflow/resources/collections.py").read_text(encoding="utf-8"))
    methods = {n.name for c in tree.body if isinstance(c, ast.ClassDef) and c.name == "CollectionsResource"
               for n in c.body if isinstance(n, ast.FunctionDef)}
    assert {"delete", "get", "list", "create"} <= methods and "delete_collection" not in methods
    fields = ast.parse((ROOT / "generated/webflow/webflow/resources/collections_fields.py").read_text(encoding="utf-8"))
    assert "delete" in {n.name for c in fields.body if isinstance(c, ast.ClassDef)
                        for n in c.body if isinstance(n, ast.FunctionDef)}


def test_the_registry_places_an_operation_and_names_what_it_cannot_find(tmp_path: Path) -> None:
    spec = openapi({"/sites/{id}/purge": {"post": op("purge-site-cache", ["sites"])}})
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "s.yaml").write_text(json.dumps(spec), encoding="utf-8")
    registry = tmp_path / "specs" / "apis.yaml"
    registry.write_text("apis:\n  s:\n    spec: specs/s.yaml\n    operations:\n"
                        "      purge-site-cache: sites.cache.purge\n      no-such-id: sites.nothing\n", encoding="utf-8")
    entry = load_registry(registry)["s"]
    result = build(Job(tmp_path / entry.spec, entry.name, entry.package, operations=entry.operations))
    assert "def purge(" in result.files["s/resources/sites_cache.py"]
    assert any(d.code == "unknown-operation" and "'no-such-id'" in d.message for d in result.diagnostics)


@pytest.mark.parametrize("value", ["sites..purge", "sites.purge()", "", "1sites.purge", "[sites]"])
def test_a_bad_place_in_the_registry_is_refused(tmp_path: Path, value: str) -> None:
    registry = tmp_path / "specs" / "apis.yaml"
    registry.parent.mkdir()
    registry.write_text(f"apis:\n  s:\n    spec: specs/s.yaml\n    operations: {{purge: {json.dumps(value)}}}\n",
                        encoding="utf-8")
    with pytest.raises(SpecError) as raised:
        load_registry(registry)
    assert "apis.yaml" in str(raised.value) and "/apis/s" in str(raised.value) and "'operations'" in str(raised.value)
