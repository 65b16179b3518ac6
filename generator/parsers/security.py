"""OpenAPI security: schemes, the requirements operations name, and what each one sends.

A client can only meet a requirement whose schemes fill different slots (headers, query
parameters, cookies); two schemes that both fill ``Authorization`` cannot be sent together,
so the later one is dropped from the requirement and reported once per pair.
"""

from __future__ import annotations

import re
from typing import Any

from generator.diagnostics import Diagnostics, pointer_join
from generator.ir import AuthScheme, OAuthFlow, Scopes

Slot = tuple[str, str]  # (location, name); header names in lower case

# Control characters (HTAB aside): a line break in a header name or value would split the
# request; no HTTP message can carry them, and the runtime refuses to send them.
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")


def has_control(text: str) -> bool:
    """Whether ``text`` (a header or cookie name, a media type) holds a control character."""
    return _CONTROL.search(text) is not None


def scheme(name: str, raw: dict[str, Any], pointer: str, diagnostics: Diagnostics) -> AuthScheme | None:
    """The IR scheme for ``raw``; None (with a diagnostic) for a kind the client cannot send.

    ``x-apigen-header`` names the header a bearer token goes in when it is not ``Authorization``.
    """
    kind = raw.get("type")
    description = raw.get("description") if isinstance(raw.get("description"), str) else None
    http_scheme = str(raw.get("scheme", "")).lower()
    if kind == "http" and http_scheme == "basic":
        return AuthScheme(name, "basic", description=description)
    if kind in ("oauth2", "openIdConnect") or (kind == "http" and http_scheme == "bearer"):
        header = str(raw["x-apigen-header"]) if raw.get("x-apigen-header") is not None else "Authorization"
        if has_control(header):
            _invalid_name(header, pointer, diagnostics)
            return None
        flows = _flows(raw.get("flows"), pointer_join(pointer, "flows"), diagnostics) if kind == "oauth2" else ()
        return AuthScheme(name, "bearer", param_name=header, description=description,
                          scopes=_defined_scopes(raw.get("flows")), flows=flows)
    if kind == "apiKey" and raw.get("in") in ("header", "query", "cookie") and raw.get("name"):
        if raw["in"] != "query" and has_control(str(raw["name"])):
            _invalid_name(str(raw["name"]), pointer, diagnostics)
            return None
        return AuthScheme(name, "api_key", str(raw["in"]), str(raw["name"]), description)
    diagnostics.add("unsupported-security-scheme", pointer,
                    f"security scheme type {kind!r} {raw.get('scheme') or ''} is not supported; skipped")
    return None


# Swagger 2's flow names, as OpenAPI 3 spells them.
_FLOW_NAMES = {"accessCode": "authorizationCode", "application": "clientCredentials"}
# The URLs each flow needs (OpenAPI 3.x "REQUIRED" fields).
_FLOW_URLS = {"authorizationCode": ("authorizationUrl", "tokenUrl"), "implicit": ("authorizationUrl",),
              "clientCredentials": ("tokenUrl",), "password": ("tokenUrl",)}


def _flows(raw: Any, pointer: str, diagnostics: Diagnostics) -> tuple[OAuthFlow, ...]:
    """The OAuth2 flows a client can run; a flow of unknown kind or without the URLs it
    needs is reported and skipped."""
    flows = []
    for name, flow in raw.items() if isinstance(raw, dict) else ():
        kind = _FLOW_NAMES.get(str(name), str(name))
        where = pointer_join(pointer, str(name))
        if kind not in _FLOW_URLS or not isinstance(flow, dict):
            diagnostics.add("unsupported-oauth-flow", where, f"OAuth2 flow {name!r} is not supported; skipped")
            continue
        urls = {key: flow.get(key) for key in ("authorizationUrl", "tokenUrl", "refreshUrl")}
        missing = [key for key in _FLOW_URLS[kind] if not isinstance(urls[key], str) or not urls[key]]
        if missing:
            diagnostics.add("unsupported-oauth-flow", where,
                            f"OAuth2 flow {name!r} has no {' or '.join(missing)}; skipped")
            continue
        scopes: dict[Any, Any] = flow["scopes"] if isinstance(flow.get("scopes"), dict) else {}
        flows.append(OAuthFlow(kind, _text(urls["authorizationUrl"]), _text(urls["tokenUrl"]),
                               _text(urls["refreshUrl"]),
                               tuple((str(s), str(d) if isinstance(d, str) else "") for s, d in scopes.items())))
    return tuple(flows)


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _defined_scopes(flows: Any) -> tuple[str, ...]:
    """Every scope an OAuth2 scheme's flows define, sorted."""
    if not isinstance(flows, dict):
        return ()
    found = {str(scope) for flow in flows.values() if isinstance(flow, dict)
             and isinstance(flow.get("scopes"), dict) for scope in flow["scopes"]}
    return tuple(sorted(found))


def scopes(value: Any) -> Scopes:
    """The scopes a ``security`` list asks for, by scheme; a scheme named in several
    alternatives carries the scopes of all of them (kept for drift checks, not sent)."""
    found: dict[str, set[str]] = {}
    for requirement in value if isinstance(value, list) else ():
        for name, listed in requirement.items() if isinstance(requirement, dict) else ():
            if isinstance(listed, list):
                found.setdefault(str(name), set()).update(str(s) for s in listed if isinstance(s, str))
    return tuple((name, tuple(sorted(names))) for name, names in sorted(found.items()) if names)


def _invalid_name(header: str, pointer: str, diagnostics: Diagnostics) -> None:
    diagnostics.add("invalid-header", pointer,
                    f"the security scheme's header or cookie name {header!r} has control characters; skipped")


def slot(auth: AuthScheme) -> Slot:
    """Where a scheme's credential goes: (location, name), header names case-insensitive."""
    if auth.kind == "api_key" and auth.location != "header":
        return auth.location, auth.param_name
    return "header", auth.param_name.lower()


class Requirements:
    """Reads ``security`` lists against the document's schemes, reporting collisions once."""

    def __init__(self, schemes: tuple[AuthScheme, ...], diagnostics: Diagnostics) -> None:
        self.slots = {s.name: slot(s) for s in schemes}
        self._diagnostics = diagnostics
        self._collisions: set[tuple[str, str]] = set()

    def read(self, value: Any, pointer: str) -> tuple[tuple[str, ...], ...] | None:
        """Security requirements: alternatives, each the schemes used together; None if absent."""
        if value is None:
            return None
        if not isinstance(value, list):
            self._diagnostics.add("malformed-security", pointer, "security must be a list; ignored")
            return None
        requirements = [self._sendable(tuple(str(k) for k in r), pointer_join(pointer, index))
                        for index, r in enumerate(value) if isinstance(r, dict)]
        return tuple(dict.fromkeys(requirements))

    def credential_slots(self, alternatives: tuple[tuple[str, ...], ...]) -> set[Slot]:
        """Every slot a credential of ``alternatives`` fills."""
        return {self.slots[name] for alternative in alternatives for name in alternative
                if name in self.slots}

    def _sendable(self, requirement: tuple[str, ...], pointer: str) -> tuple[str, ...]:
        """``requirement`` without schemes that would overwrite an earlier one's slot
        (basic auth and an API key both in ``Authorization``)."""
        taken: dict[Slot, str] = {}  # slot -> the scheme that fills it
        sendable = []
        for name in requirement:
            place = self.slots.get(name)
            if place is not None and place in taken:
                self._report(taken[place], name, place, pointer)
                continue
            if place is not None:
                taken[place] = name
            sendable.append(name)
        return tuple(sendable)

    def _report(self, first: str, second: str, place: Slot, pointer: str) -> None:
        if (first, second) in self._collisions:  # once: Google's specs pair them everywhere
            return
        self._collisions.add((first, second))
        self._diagnostics.add("credential-slot-collision", pointer,
                              f"schemes {first!r} and {second!r} both set the {place[0]} "
                              f"{place[1]!r}; only {first!r} is sent (here and wherever both are required)")
