"""Changes between two APIs: what one is, and the vocabulary the comparison shares."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from generator.ir import (
    JsonValue, Primitive,
)

SEP = " › "  # between the parts of a location: operation › place › field path
FAIL_ON = ("breaking", "any", "none")

Direction = Literal["request", "response"]
NULL = Primitive("null")
WIDER = {("integer", "number")}  # (narrow, wide) primitive pairs: every narrow value is wide

# Security requirements as the IR holds them: alternatives, each schemes used together.
Requirements = tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Change:
    """One user-visible difference: where, what kind, whether it breaks clients, and why."""

    location: str  # e.g. "GET /sites/{site_id} › response 200 › body › locales.primary.id"
    kind: str  # e.g. "field.removed", "operation.added"
    breaking: bool
    reason: str
    old: JsonValue = None
    new: JsonValue = None

    @property
    def subject(self) -> str:
        """The operation, webhook or API-level element the change belongs to."""
        return self.location.split(SEP, 1)[0]



def should_fail(changes: Sequence[Change], fail_on: str) -> bool:
    """True when ``changes`` trigger ``--fail-on`` (breaking, any or none)."""
    if fail_on == "any":
        return bool(changes)
    if fail_on == "breaking":
        return any(c.breaking for c in changes)
    return False


def at(*parts: str) -> str:
    return SEP.join(p for p in parts if p)


def sends(direction: Direction, tighter: bool) -> bool:
    """Whether a contract change breaks clients: tighter breaks senders, looser receivers."""
    return tighter if direction == "request" else not tighter


