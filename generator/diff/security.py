"""Security compared: the schemes an API defines, and what each operation accepts.

An operation accepts alternatives (each a set of schemes sent together) and, for OAuth
schemes, asks for scopes. Requirements are compared as the operation sees them (its own, or
the API default), but a change of the default alone is reported once, at ``security``, not
on every operation that inherits it.
"""

from __future__ import annotations

from collections.abc import Sequence

from generator.diff.changes import Change, Requirements, at
from generator.ir import Api, AuthScheme, Operation, Scopes


def scheme_changes(old: Sequence[AuthScheme], new: Sequence[AuthScheme]) -> list[Change]:
    """Schemes added, removed, sent differently, and the scopes OAuth flows define."""
    before, after = {a.name: a for a in old}, {a.name: a for a in new}
    found = [Change(at("security", name), "security-scheme-removed", "clients authenticating with "
                    "it are refused", name, None) for name in before if name not in after]
    found += [Change(at("security", name), "security-scheme-added", "another way to authenticate",
                     None, name) for name in after if name not in before]
    for name in before.keys() & after.keys():
        was, now = before[name], after[name]
        for attr in ("kind", "location", "param_name"):
            if getattr(was, attr) != getattr(now, attr):
                found.append(Change(at("security", name), "security-scheme-changed",
                                    f"credentials are sent differently ({attr})",
                                    getattr(was, attr), getattr(now, attr)))
        gone, added = sorted(set(was.scopes) - set(now.scopes)), sorted(set(now.scopes) - set(was.scopes))
        if gone:
            found.append(Change(at("security", name), "security-scheme-scope-removed", "apps can no "
                                "longer ask for these scopes", gone, None))
        if added:
            found.append(Change(at("security", name), "security-scheme-scope-added", "apps may ask for "
                                "more scopes", None, added))
    return sorted(found, key=lambda c: (c.location, c.rule))


def default_security_changes(old: Api, new: Api) -> list[Change]:
    """The API-wide default requirements and scopes, reported once."""
    return _requirements("security", (old.security, old.scopes), (new.security, new.scopes))


def security_changes(where: str, old: tuple[Operation, Api], new: tuple[Operation, Api]) -> list[Change]:
    """An operation's accepted requirements and scopes; nothing when both inherit the default."""
    (before, old_api), (after, new_api) = old, new
    if before.security is None and after.security is None:
        return []  # a change of the default is reported once, at "security"
    return _requirements(where, _effective(before, old_api), _effective(after, new_api))


def _effective(op: Operation, api: Api) -> tuple[Requirements, Scopes]:
    """What an operation accepts: its own requirements, or the API default."""
    if op.security is None:
        return api.security, api.scopes
    return op.security, op.scopes


def _label(requirement: frozenset[str]) -> str:
    """A requirement as text: ``A + B``."""
    return " + ".join(sorted(requirement)) or "no authentication"


def _requirements(where: str, old: tuple[Requirements, Scopes],
                  new: tuple[Requirements, Scopes]) -> list[Change]:
    """Alternatives required, dropped or added, then the scopes asked for."""
    before, after = {frozenset(r) for r in old[0]}, {frozenset(r) for r in new[0]}
    found = []
    if before != after:
        listed = (sorted(_label(r) for r in before), sorted(_label(r) for r in after))
        if (not before or frozenset() in before) and frozenset() not in after and after:
            found.append(Change(where, "security-required", "now requires authentication", *listed))
        else:
            dropped = sorted(_label(r) for r in before - after)
            # A client configured for a dropped alternative stops working; a new one is extra.
            if dropped and after:
                found.append(Change(where, "security-requirement-removed", f"no longer accepts "
                                    f"{', '.join(dropped)}", *listed))
            if after - before:
                found.append(Change(where, "security-requirement-added", "accepts more schemes", *listed))
    return found + _scopes(where, dict(old[1]), dict(new[1]), {n for r in after for n in r})


def _scopes(where: str, old: dict[str, tuple[str, ...]], new: dict[str, tuple[str, ...]],
            accepted: set[str]) -> list[Change]:
    """Scopes asked for, scheme by scheme, for schemes still accepted."""
    found = []
    for name in sorted(accepted):
        before, after = set(old.get(name, ())), set(new.get(name, ()))
        place = at(where, f"scopes of {name}")
        if after - before:
            found.append(Change(place, "security-scope-added", "tokens must grant more scopes; "
                                "existing tokens may lack them", sorted(before), sorted(after)))
        if before - after:
            found.append(Change(place, "security-scope-removed", "fewer scopes needed",
                                sorted(before), sorted(after)))
    return found
