"""A change found inside a schema, before it is placed under an operation."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from generator.diff.changes import Change, Direction, at
from generator.diff.rules import SCOPES, scoped
from generator.ir import JsonValue


# A path naming no property: the value itself, its items, map values or a variant of it.
_OWN_VALUE = re.compile(r"(?:\[\]|\{\}|<[^>]*>)*")


@dataclass(frozen=True)
class Rel:
    """A change relative to the schema being compared: ``path`` is a field path, ``stem``
    the rule without its scope (``type-changed``), since one schema sits in many places."""

    path: str
    stem: str
    reason: str
    old: JsonValue = None
    new: JsonValue = None

    @property
    def key(self) -> tuple[str, str, str, str]:
        """What makes two changes the same (old and new may be lists, which do not hash)."""
        return self.path, self.stem, repr(self.old), repr(self.new)

    def under(self, prefix: str) -> Rel:
        """The same change seen from a schema ``prefix`` levels up."""
        return replace(self, path=join(prefix, self.path))

    def at(self, location: str, direction: Direction, parameter: bool = False) -> Change:
        """The change placed under ``location``; the scope of its rule follows from the
        direction, and from whether it is in a parameter's own value (``parameter``: not in
        a property of an object the parameter holds)."""
        if parameter and _OWN_VALUE.fullmatch(self.path):
            scope = SCOPES["P"]
        else:
            scope = SCOPES["Q"] if direction == "request" else SCOPES["R"]
        return Change(at(location, self.path), scoped(scope, self.stem), self.reason, self.old,
                      self.new)


def join(prefix: str, path: str) -> str:
    """Field paths read ``a.b[].c``: dots between names, nothing before ``[]``, ``{}`` or a
    variant's ``<label>``."""
    if not prefix or not path:
        return prefix or path
    return prefix + path if path[0] in "[{<" else f"{prefix}.{path}"
