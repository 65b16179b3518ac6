"""``apigen diff`` on Webflow's published versions in ../shared/upstream/webflow (skipped when
absent): known changes of each step, agreement with the independent oracle (tests/diff_oracle) on
every ordered pair, and a markdown report that fits a pull-request comment."""

from __future__ import annotations

import json
import random
from functools import cache
from typing import Any
from pathlib import Path

import pytest

import yaml

from tests.conftest import SHARED, load_api
from tests.diff_oracle.documents import changes as oracle_changes
from tests.diff_oracle.documents import level as oracle_level

from generator.diff import Change, diff_apis
from generator.diff.markdown import LIMIT
from generator.diff.report import Section, render

WEBFLOW = SHARED / "upstream" / "webflow"
VERSIONS = ("v2-beta@087d8c2.yml", "v2-beta@2024-09-12_00a3ed1.yml", "v2-beta@2026-05-26_e91cb4e.yml")
PAIRS = [(0, 1), (1, 2), (0, 2), (1, 0), (2, 1), (2, 0)]


@pytest.fixture(scope="module")
def paths() -> list[Path]:
    if not WEBFLOW.is_dir():
        pytest.skip("../shared/upstream/webflow is absent")
    return [WEBFLOW / name for name in VERSIONS]


@cache
def _diff(old: int, new: int) -> list[Change]:
    apis = [load_api(WEBFLOW / name) for name in (VERSIONS[old], VERSIONS[new])]
    return diff_apis(apis[0], apis[1])


def found(old: int, new: int, rule: str) -> set[str]:
    return {c.location for c in _diff(old, new) if c.rule == rule}


@pytest.mark.parametrize("pair", PAIRS, ids=lambda p: f"{VERSIONS[p[0]][8:18]}-to-{VERSIONS[p[1]][8:18]}")
def test_breaking_changes_agree_with_the_oracle(pair: tuple[int, int], paths: list[Path]) -> None:
    """Every breaking change the oracle finds, apigen finds, at the same place and by the same
    rule, and the other way round (the rules of generated clients aside)."""
    ours = {(c.location, c.rule) for c in _diff(*pair) if c.breaking and c.category != "client"}
    theirs = {(loc, rule) for loc, rule in oracle_changes(paths[pair[0]], paths[pair[1]])
              if oracle_level(rule) == "breaking"}
    disagree = ours ^ theirs
    assert not disagree, {"apigen only": sorted(ours - theirs), "oracle only": sorted(theirs - ours)}


@pytest.mark.parametrize("index", range(len(VERSIONS)))
def test_a_version_against_itself_has_no_changes(index: int, paths: list[Path]) -> None:
    assert _diff(index, index) == [] and oracle_changes(paths[index], paths[index]) == []


def _perturb(node: Any, rng: random.Random) -> int:
    """Edits made at random through ``node``: properties dropped, enum values dropped,
    maxLength set; how many."""
    edits = 0
    if isinstance(node, dict):
        props = node.get("properties")
        if isinstance(props, dict) and props and rng.random() < 0.1:
            del props[rng.choice(sorted(props))]
            edits += 1
        if isinstance(node.get("enum"), list) and len(node["enum"]) > 1 and rng.random() < 0.2:
            node["enum"] = node["enum"][:-1]
            edits += 1
        if node.get("type") == "string" and rng.random() < 0.02:
            node["maxLength"] = 64
            edits += 1
        edits += sum(_perturb(value, rng) for value in list(node.values()))
    elif isinstance(node, list):
        edits += sum(_perturb(value, rng) for value in node)
    return edits


def test_an_unseen_version_agrees_with_the_oracle(paths: list[Path], tmp_path: Path) -> None:
    """The largest version against a copy edited at random (hundreds of edits): every
    change, breaking or not, is one the oracle finds, and the other way round."""
    document = yaml.load(paths[2].read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    assert _perturb(document["paths"], random.Random(21)) > 300
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    ours = {(c.location, c.rule) for c in diff_apis(load_api(paths[2]), load_api(edited)) if c.category != "client"}
    theirs = set(oracle_changes(paths[2], edited))
    disagree = ours ^ theirs
    assert not disagree, {"apigen only": sorted(ours - theirs), "oracle only": sorted(theirs - ours)}


def test_first_step_adds_twelve_operations(paths: list[Path]) -> None:
    assert found(0, 1, "endpoint-removed") == set() and found(0, 1, "endpoint-moved") == set()
    added = found(0, 1, "endpoint-added")
    assert len(added) == 12  # 82 → 94
    assert {"GET /sites/{site_id}/plan", "POST /sites/{site_id}/redirects",
            "GET /sites/{site_id}/components/{component_id}/dom"} <= added


def test_first_step_field_changes(paths: list[Path]) -> None:
    changes = {(c.location, c.rule): c for c in _diff(0, 1)}
    # The field type "Boolean" was renamed "Switch": refusing a value clients send breaks them.
    removed = changes[("POST /collections/{collection_id}/fields › request body › type",
                       "request-property-enum-value-removed")]
    assert removed.old == ["Boolean"] and removed.breaking
    listed = changes[("GET /collections/{collection_id} › response 200 › body › fields[].type",
                      "response-property-enum-value-added")]
    assert listed.new == ["Switch"] and not listed.breaking
    assert changes[("PUT /pages/{page_id} › query parameter locale", "request-parameter-removed")].breaking
    assert not changes[("PUT /pages/{page_id} › query parameter locale_id", "request-parameter-added-optional")].breaking
    # Form submissions moved from "submissions" (optional) to "formSubmissions": clients read None.
    moved = changes[("GET /forms/{form_id}/submissions › response 200 › body › submissions",
                     "response-property-removed-optional")]
    assert moved.level == "warning"


def test_second_step_operations(paths: list[Path]) -> None:
    assert found(1, 2, "endpoint-removed") == {
        "GET /sites/{site_id}/users", "GET /sites/{site_id}/users/{user_id}",
        "DELETE /sites/{site_id}/users/{user_id}", "PATCH /sites/{site_id}/users/{user_id}",
        "POST /sites/{site_id}/users/invite", "GET /sites/{site_id}/accessgroups"}
    assert len(found(1, 2, "endpoint-added")) == 26  # 94 - 6 removed + 26 added = 114
    moved = [c for c in _diff(1, 2) if c.rule == "endpoint-moved"]
    assert [(c.old, c.new) for c in moved] == [("GET /forms/{form_id}/submissions",
                                                "GET /sites/{site_id}/forms/{form_id}/submissions")]
    assert found(1, 2, "endpoint-path-placeholder-renamed") == {
        "GET /collections/{collection_id}/items/{item_id}/inventory",
        "PATCH /collections/{collection_id}/items/{item_id}/inventory"}
    assert found(1, 2, "webhook-removed") == {
        "webhook user_account_added", "webhook user_account_updated", "webhook user_account_deleted"}


def test_second_step_field_changes(paths: list[Path]) -> None:
    changes = {(c.location, c.rule): c for c in _diff(1, 2)}
    alt = changes[("GET /assets/{asset_id} › response 200 › body › altText", "response-property-became-nullable")]
    assert alt.breaking and (alt.old, alt.new) == (False, True)
    assert ("GET /sites/{site_id}/pages › response 200 › body › pages[].isMembersOnly",
            "response-property-removed-optional") in changes
    trigger = changes[("POST /sites/{site_id}/webhooks › request body › triggerType",
                       "request-property-enum-value-removed")]
    assert trigger.breaking and set(trigger.old) == {"user_account_added", "user_account_updated",
                                                     "user_account_deleted"}
    locale = changes[("POST /pages/{page_id}/dom › query parameter localeId", "request-parameter-added-required")]
    assert locale.breaking
    scope = changes[("GET /collections/{collection_id}/items/live › scopes of OAuth2", "security-scope-added")]
    assert (scope.old, scope.new) == (["CMS:read"], ["cms:read"])  # scopes are case-sensitive


def test_markdown_of_the_largest_pair_fits_a_comment(paths: list[Path]) -> None:
    section = Section("v2-beta@2024-09-12 → v2-beta@2026-05-26", tuple(_diff(1, 2)))
    text = render([section], "markdown", full_report="drift.json")
    assert len(text) < LIMIT
    assert text.index("Breaking changes") < text.index("Warnings") < text.index("Other changes")
    assert "`drift.json`" in text and "more changes not shown" in text
    assert "(0 breaking)" in text  # every breaking change is shown before anything is cut
