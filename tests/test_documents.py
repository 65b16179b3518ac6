"""Reading YAML: the fast resolver and builder give what PyYAML's own classes give, the YAML 1.2 way."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from generator.diagnostics import SpecError
from generator.documents import parse_text
from generator.syntax import may_have_anchor as _may_have_anchor
from tests.conftest import needs_shared


class ReferenceLoader(yaml.CSafeLoader):  # type: ignore[misc]
    """PyYAML's safe loader with YAML 1.2 scalars, built the slow, general way."""


ReferenceLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers
            if tag != "tag:yaml.org,2002:timestamp"
            and not (first in "yYnNoO" and tag == "tag:yaml.org,2002:bool")]
    for first, resolvers in yaml.CSafeLoader.yaml_implicit_resolvers.items()
}


def reference(text: str) -> Any:
    return yaml.load(text, Loader=ReferenceLoader)  # noqa: S506 - a safe loader


SAMPLES = {
    "scalars": "a: 1\nb: -2.5e3\nc: .inf\nd: ~\ne:\nf: true\ng: 'true'\nh: 0x1F\ni: 1_000\nj: ''\n",
    "yaml_1_1_only": "on: yes\noff: no\ny: n\nversion: 2020-08-27\nwhen: 2001-12-14t21:59:43.10-05:00\n",
    "merge_one": "base: &b {x: 1, y: 2}\nthing: {<<: *b, y: 3, z: 4}\n",
    "merge_list": "a: &a {x: 1}\nb: &b {x: 2, y: 2}\nc: {<<: [*a, *b], z: 3}\n",
    "explicit_tags": "s: !!str 3\ni: !!int '7'\nf: !!float '1'\n",  # YAML-only types: test_hostile_documents
    "nested": "paths:\n  /a:\n    get:\n      parameters: [{name: x, in: query}, {$ref: '#/p'}]\n",
    "keys": "1: int key\n1.5: float key\ntrue: bool key\nnull: null key\n",
    "empty": "",
    "block_strings": "d: |\n  two\n  lines\nf: >\n  folded\n  text\n",
}


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_values_match_pyyaml(name: str) -> None:
    text = SAMPLES[name]
    assert parse_text(text, "x.yaml") == reference(text)


def test_yaml_1_2_scalars() -> None:
    data = parse_text(SAMPLES["yaml_1_1_only"], "x.yaml")
    assert data == {"on": "yes", "off": "no", "y": "n", "version": "2020-08-27",
                    "when": "2001-12-14t21:59:43.10-05:00"}


def test_merge_keys_keep_own_values_first() -> None:
    assert parse_text(SAMPLES["merge_one"], "x.yaml")["thing"] == {"x": 1, "y": 3, "z": 4}
    assert parse_text(SAMPLES["merge_list"], "x.yaml")["c"] == {"x": 1, "y": 2, "z": 3}


def test_an_alias_is_the_same_value() -> None:
    data = parse_text("a: &s {k: [1]}\nb: *s\nc: &l [x]\nd: *l\n", "x.yaml")
    assert data["a"] is data["b"] and data["c"] is data["d"]


@pytest.mark.parametrize(("text", "problem"), [
    ("? [a, b]\n: value\n", "found unhashable key"),
    ("x: !custom 1\n", "could not determine a constructor"),
    ("a: {<<: 1}\n", "expected a mapping or list of mappings for merging"),
])
def test_what_pyyaml_refuses_is_a_spec_error_with_its_line(text: str, problem: str) -> None:
    with pytest.raises(yaml.YAMLError):
        reference(text)
    with pytest.raises(SpecError) as caught:
        parse_text(text, "x.yaml")
    assert problem in str(caught.value) and "x.yaml:1" in str(caught.value)


def test_a_real_spec_reads_as_pyyaml_reads_it() -> None:
    path = needs_shared("upstream", "webflow", "v2-beta@087d8c2.yml")
    text = path.read_text(encoding="utf-8")
    assert parse_text(text, path.name) == reference(text)


@pytest.mark.parametrize("text", ["&a [1]", "x: &a [1]", "x: [&a 1]", "x: {k: &a 1}", "x: [1,&a 2]",
                                  "x:\n- &a 1", "x: !!seq &a [1]", "x: 1\x85y: &a 2", "\ufeff&a [1]"])
def test_every_place_an_anchor_can_start_is_checked_for_alias_bombs(text: str) -> None:
    # The quick scan decides whether the (slower) alias check runs at all.
    assert _may_have_anchor(text)
    assert any(yaml.compose(text).value), text  # the text does parse


@pytest.mark.parametrize("text", ["url: https://x.example/?a=1&b=2", "said: salt & pepper", "amp: '&'",
                                  "end: a &", "x: [a&b]"])
def test_ampersands_that_cannot_start_an_anchor_skip_the_alias_check(text: str) -> None:
    assert not _may_have_anchor(text)
