"""Every rule of the catalogue, triggered by the adversarial set (tests/diff_cases.py): each
case must report its rules at their catalogue levels, and report exactly what the
independent oracle (tests/oracle, no code shared with generator/) reports for the same files."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from tests.conftest import load_api
from tests.diff_cases import DISCRIMINATOR_CASES, ELEMENT_CASES, PLACES, SCHEMA_CASES, Json, discriminator_docs, doc
from tests.diff_oracle.documents import changes as oracle_changes
from tests.diff_oracle.documents import level as oracle_level

from generator.diff import Change, diff_apis
from generator.diff.rules import RULES, SCOPES

TODAY = datetime.date(2025, 1, 1)  # before the adversarial set's sunset of 2999, after none else
# Doc-spec drift: coverage and the prose checks' findings (tests/test_drift.py, tests/test_lint_docs.py).
COVERED_ELSEWHERE = {rule for rule in RULES if rule == "coverage-missing" or rule.startswith("prose-")}


def compare(tmp_path: Path, old: Json, new: Json) -> tuple[list[Change], set[tuple[str, str]]]:
    """apigen's changes and the oracle's (location, rule) pairs for two documents."""
    paths = []
    for name, document in (("old.json", old), ("new.json", new)):
        paths.append(tmp_path / name)
        paths[-1].write_text(json.dumps(document), encoding="utf-8")
    found = diff_apis(load_api(paths[0]), load_api(paths[1]), today=TODAY)
    return found, set(oracle_changes(paths[0], paths[1], today=TODAY))


def check(found: list[Change], oracle: set[tuple[str, str]], expected: list[tuple[str, str]]) -> None:
    """Each expected change is found at its catalogue level, and apigen agrees with the oracle
    (rules of generated clients aside: the oracle reads the wire contract only)."""
    pairs = {(c.location, c.rule): c for c in found}
    for location, rule in expected:
        assert (location, rule) in pairs, (location, rule, sorted(pairs))
        assert pairs[(location, rule)].level == RULES[rule].level
    ours = {key for key, c in pairs.items() if c.category != "client"}
    assert ours == oracle, {"apigen only": sorted(ours - oracle), "oracle only": sorted(oracle - ours)}
    assert all(oracle_level(rule) == RULES[rule].level for _, rule in oracle)


def _place(letter: str, below: str) -> str:
    """Where a schema case's change is reported: a parameter's value, or under property v."""
    if letter == "P":
        return PLACES["P"] + (" › " + below if below else "")
    return PLACES[letter] + below


@pytest.mark.parametrize("stem", sorted(SCHEMA_CASES))
def test_schema_rule(stem: str, tmp_path: Path) -> None:
    old, new, scopes, below = SCHEMA_CASES[stem]
    found, oracle = compare(tmp_path, doc(**{k.lower(): old for k in scopes}),
                            doc(**{k.lower(): new for k in scopes}))
    check(found, oracle, [(_place(letter, below), f"{SCOPES[letter]}-{stem}") for letter in scopes])


@pytest.mark.parametrize("stem", sorted(DISCRIMINATOR_CASES))
def test_discriminator_rule(stem: str, tmp_path: Path) -> None:
    found, oracle = compare(tmp_path, *discriminator_docs(stem))
    check(found, oracle, [(PLACES["Q"], f"request-property-{stem}"), (PLACES["R"], f"response-property-{stem}")])


@pytest.mark.parametrize("name", sorted(ELEMENT_CASES))
def test_element_rule(name: str, tmp_path: Path) -> None:
    old, new, expected = ELEMENT_CASES[name]
    found, oracle = compare(tmp_path, old, new)
    check(found, oracle, expected)


def test_every_rule_has_a_case() -> None:
    covered = {f"{SCOPES[letter]}-{stem}" for stem, (_, _, scopes, _) in SCHEMA_CASES.items() for letter in scopes}
    covered |= {f"{scope}-{stem}" for stem in DISCRIMINATOR_CASES for scope in ("request-property", "response-property")}
    covered |= {rule for _, _, expected in ELEMENT_CASES.values() for _, rule in expected}
    covered |= set(COVERED_ELSEWHERE)
    assert covered <= set(RULES), sorted(covered - set(RULES))
    assert set(RULES) <= covered, sorted(set(RULES) - covered)


def test_docs_list_every_rule_at_its_level() -> None:
    text = (Path(__file__).resolve().parents[1] / "docs" / "drift.md").read_text(encoding="utf-8")
    missing = [rule.id for rule in RULES.values() if f"| `{rule.id}` | {rule.level} | {rule.category} |" not in text]
    assert not missing, "docs/drift.md is stale: python -m generator.diff.rules prints the table"


def test_identical_documents_have_no_changes(tmp_path: Path) -> None:
    document = doc(p={"type": "string"}, q={"oneOf": [{"type": "string"}, {"type": "integer"}, {"type": "number"}]}, r={"type": "object"})
    assert compare(tmp_path, document, document) == ([], set())
