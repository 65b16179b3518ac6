"""A project's own reading of the catalogue: levels changed per rule, changes accepted.

Both come from YAML, in a file of their own (``--rules FILE``, ``--ignore FILE``) or in the
registry's top-level ``drift:`` section (``drift: {rules: ..., ignore: ...}``)::

    rules:                                   # rule id -> breaking | warning | info | none
      request-parameter-removed: warning
      response-optional-property-removed: none
    ignore:                                  # accepted changes: rule id and place
      - rule: response-property-type-changed
        location: "GET /sites/{site_id} › response 200 › body › id"
        api: webflow                         # optional: only for this registered API
      - rule: endpoint-removed
        location: "GET /sites/{site_id}/users*"   # * and ? match any text

A level of ``none`` drops the rule's changes; an accepted change is left out of the report
and counted in its note. Unknown rule ids and levels are errors, with file and line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

from generator.diagnostics import SpecError
from generator.diff.changes import Change
from generator.diff.rules import LEVELS, RULES
from generator.documents import Document, load_document


@dataclass(frozen=True)
class Accepted:
    """One accepted change: a rule, a location pattern, and optionally the API it is for."""

    rule: str
    location: str
    api: str | None = None

    def covers(self, change: Change, api: str | None) -> bool:
        """Whether ``change`` (of the API named ``api``) is this accepted one."""
        return (self.rule == change.rule and fnmatchcase(change.location, self.location)
                and (self.api is None or self.api == api))


@dataclass(frozen=True)
class Policy:
    """Levels by rule id (``none`` drops a rule) and the accepted changes."""

    levels: dict[str, str] = field(default_factory=dict)
    accepted: tuple[Accepted, ...] = ()

    def merged(self, other: Policy) -> Policy:
        """This policy with ``other``'s levels and accepted changes added (``other`` wins)."""
        return Policy({**self.levels, **other.levels}, self.accepted + other.accepted)

    def apply(self, changes: Sequence[Change], api: str | None = None) -> tuple[list[Change], int]:
        """The changes kept, at their project levels, and how many were accepted or dropped."""
        kept = []
        for change in changes:
            level = self.levels.get(change.rule, change.level)
            if level == "none" or any(a.covers(change, api) for a in self.accepted):
                continue
            kept.append(change if level == change.level else replace(change, level=level))
        return kept, len(changes) - len(kept)


def load_policy(rules: Path | None = None, ignore: Path | None = None) -> Policy:
    """The policy of a ``--rules`` file and an ``--ignore`` file (either may be absent)."""
    policy = Policy()
    if rules is not None:
        document = load_document(rules)
        data = document.data.get("rules", document.data) if isinstance(document.data, dict) else None
        policy = policy.merged(Policy(levels=_levels(data, document, "/rules" if data is not
                                                     document.data else "")))
    if ignore is not None:
        document = load_document(ignore)
        data = document.data.get("ignore") if isinstance(document.data, dict) else document.data
        pointer = "/ignore" if isinstance(document.data, dict) else ""
        policy = policy.merged(Policy(accepted=_accepted(data, document, pointer)))
    return policy


def registry_policy(registry: Path) -> Policy:
    """The ``drift:`` section of the registry at ``registry`` (an empty policy without one)."""
    document = load_document(registry)
    section = document.data.get("drift") if isinstance(document.data, dict) else None
    if section is None:
        return Policy()
    if not isinstance(section, dict):
        raise SpecError(document.location("/drift"), "'drift' must be a mapping with 'rules' and 'ignore'")
    levels = _levels(section.get("rules", {}), document, "/drift/rules")
    return Policy(levels, _accepted(section.get("ignore", []), document, "/drift/ignore"))


def _levels(data: Any, document: Document, pointer: str) -> dict[str, str]:
    """Rule levels read from a mapping, each id and level checked."""
    if not isinstance(data, dict):
        raise SpecError(document.location(pointer), "rules must map rule ids to levels")
    levels = {}
    for rule, level in data.items():
        where = document.location(f"{pointer}/{rule}")
        if rule not in RULES:
            raise SpecError(where, f"no rule {rule!r} in the catalogue (docs/drift.md)")
        if level not in (*LEVELS, "none"):
            raise SpecError(where, f"level must be one of {', '.join(LEVELS)} or none, not {level!r}")
        levels[str(rule)] = str(level)
    return levels


def _accepted(data: Any, document: Document, pointer: str) -> tuple[Accepted, ...]:
    """Accepted changes read from a list, each rule id checked."""
    if not isinstance(data, list):
        raise SpecError(document.location(pointer), "ignore must be a list of {rule, location}")
    found = []
    for index, item in enumerate(data):
        where = document.location(f"{pointer}/{index}")
        if not isinstance(item, dict) or not isinstance(item.get("location"), str):
            raise SpecError(where, "each accepted change needs a rule and a location")
        if item.get("rule") not in RULES:
            raise SpecError(where, f"no rule {item.get('rule')!r} in the catalogue (docs/drift.md)")
        api = item.get("api")
        found.append(Accepted(str(item["rule"]), item["location"], str(api) if api is not None else None))
    return tuple(found)
