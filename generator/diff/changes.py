"""Changes between two APIs: what one is, and the vocabulary the comparison shares."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from generator.diff.rules import LEVELS, RULES
from generator.ir import JsonValue, Primitive

SEP = " › "  # between the parts of a location: operation › place › field path
FAIL_ON = ("breaking", "warning", "any", "none")

Direction = Literal["request", "response"]
NULL = Primitive("null")
WIDER = {("integer", "number")}  # (narrow, wide) primitive pairs: every narrow value is wide

# Security requirements as the IR holds them: alternatives, each schemes used together.
Requirements = tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Change:
    """One user-visible difference: where, which rule, how serious, and why.

    ``level`` is the rule's unless a project overrode it (:mod:`generator.diff.policy`).
    """

    location: str  # e.g. "GET /sites/{site_id} › response 200 › body › locales.primary.id"
    rule: str  # a key of RULES, e.g. "response-property-type-changed"
    reason: str
    old: JsonValue = None
    new: JsonValue = None
    level: str = field(default="")

    def __post_init__(self) -> None:
        if self.rule not in RULES:  # a typo here would hide a change from --rules and --ignore
            raise ValueError(f"no rule {self.rule!r} in the catalogue")
        if not self.level:
            object.__setattr__(self, "level", RULES[self.rule].level)
        elif self.level not in LEVELS:
            raise ValueError(f"unknown level {self.level!r}")

    @property
    def breaking(self) -> bool:
        """Whether the change breaks existing generated clients (at its current level)."""
        return self.level == "breaking"

    @property
    def category(self) -> str:
        """The catalogue's category of the rule (operations, parameters, enums, …)."""
        return RULES[self.rule].category

    @property
    def subject(self) -> str:
        """The operation, webhook or API-level element the change belongs to."""
        return self.location.split(SEP, 1)[0]


def should_fail(changes: Sequence[Change], fail_on: str) -> bool:
    """True when ``changes`` trigger ``--fail-on`` (breaking, warning, any or none)."""
    if fail_on == "any":
        return bool(changes)
    if fail_on == "warning":
        return any(c.level in ("breaking", "warning") for c in changes)
    if fail_on == "breaking":
        return any(c.breaking for c in changes)
    return False


def at(*parts: str) -> str:
    """A location from its non-empty parts."""
    return SEP.join(p for p in parts if p)

