"""Parameters compared by location and name (path placeholders by position)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from generator.diff.changes import Change, at
from generator.diff.schemas import SchemaDiff
from generator.ir import Parameter

_PLACEHOLDER = re.compile(r"\{([^}]*)\}")


def path_renames(old_path: str, new_path: str, same_wire_path: bool) -> dict[str, str]:
    """Old placeholder name -> new name, by position, for paths equal but for those names."""
    if not same_wire_path:
        return {}
    return dict(zip(_PLACEHOLDER.findall(old_path), _PLACEHOLDER.findall(new_path), strict=True))


def parameter_changes(old: Sequence[Parameter], new: Sequence[Parameter], where: str,
                      schemas: SchemaDiff, renames: dict[str, str] | None = None,
                      label: str = "") -> list[Change]:
    """Parameters by location and name; ``renames`` maps old path placeholders to new names;
    ``label`` names them in locations (``client header``) instead of their location."""
    renames = renames or {}
    before = {(p.location, renames.get(p.name, p.name) if p.location == "path" else p.name): p
              for p in old}
    after = {(p.location, p.name): p for p in new}
    moved = {name for (_, name) in before.keys() - after.keys()} & \
            {name for (_, name) in after.keys() - before.keys()}
    found: list[Change] = []
    for key, param in after.items():
        place = at(where, _name(param, label))
        if key in before:
            found += _parameter(before[key], param, place, schemas)
        elif key[1] not in moved:
            found.append(Change(place, "request-parameter-added-required" if param.required else
                                "request-parameter-added-optional", "a new required parameter "
                                "existing clients do not send" if param.required else
                                "a new optional parameter", None, param.required))
    for key, param in before.items():
        if key not in after:
            found.append(_gone(param, key[1] in moved, new, at(where, _name(param, label))))
    return found


def _gone(param: Parameter, moved: bool, new: Sequence[Parameter], place: str) -> Change:
    """A parameter no longer where clients send it: moved elsewhere, or removed."""
    if moved:
        now = next(p for p in new if p.name == param.name)
        return Change(place, "request-parameter-moved", f"now sent in the {now.location}",
                      param.location, now.location)
    if param.deprecated:
        return Change(place, "request-parameter-removed-after-deprecation", "it was deprecated; "
                      "values existing clients send are ignored or rejected", param.name, None)
    return Change(place, "request-parameter-removed", "the server no longer documents it: values "
                  "existing clients send are ignored or rejected", param.name, None)


def _name(param: Parameter, label: str) -> str:
    """How a location names a parameter: ``query parameter limit``."""
    return f"{label or param.location + ' parameter'} {param.name}"


def _parameter(old: Parameter, new: Parameter, where: str, schemas: SchemaDiff) -> list[Change]:
    """Changes of a parameter kept: requiredness, deprecation, default, schema."""
    found = []
    if old.required != new.required:
        found.append(Change(where, "request-parameter-became-required" if new.required else
                            "request-parameter-became-optional", "now required; existing clients "
                            "may omit it" if new.required else "no longer required",
                            old.required, new.required))
    if old.deprecated != new.deprecated:
        found.append(Change(where, "request-parameter-deprecated" if new.deprecated else
                            "request-parameter-reactivated", "deprecated" if new.deprecated
                            else "no longer deprecated", old.deprecated, new.deprecated))
    if old.default != new.default:
        found.append(Change(where, "request-parameter-default-value-changed", "the value used when "
                            "it is omitted changed", old.default, new.default))
    return found + [r.at(where, "request", parameter=True)
                    for r in schemas.compare(old.schema, new.schema, "request")]
