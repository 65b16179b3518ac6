"""API-level elements compared: servers, security schemes, client settings, webhooks."""

from __future__ import annotations

from collections.abc import Sequence

from generator.ir import (
    Api, AuthScheme, JsonValue, Server, Webhook,
)
from generator.diff.changes import Change, Requirements, at
from generator.diff.operations import security_changes
from generator.diff.schemas import SchemaDiff

# --- API-level elements -------------------------------------------------------------------


def server_changes(old: Sequence[Server], new: Sequence[Server]) -> list[Change]:
    found = []
    if old and new and old[0].url != new[0].url:
        found.append(Change("servers", "server.default_changed", True, "existing clients use the "
                            "old default base URL", old[0].url, new[0].url))
    before, after = {s.url: s for s in old}, {s.url: s for s in new}
    found += [Change("servers", "server.removed", False, "clients configured with it need another "
                     "base URL", url, None) for url in before if url not in after]
    found += [Change("servers", "server.added", False, "another base URL", None, url)
              for url in after if url not in before]
    for url in before.keys() & after.keys():
        found += _server_variables(before[url], after[url])
    return sorted(found, key=lambda c: (c.kind, str(c.old), str(c.new)))


def _server_variables(old: Server, new: Server) -> list[Change]:
    where = at("servers", old.url)
    before = {v.name: v for v in old.variables}
    after = {v.name: v for v in new.variables}
    found = []
    for name, var in after.items():
        if name not in before:
            found.append(Change(at(where, name), "server_variable.added", var.default is None,
                                "a new setting without a default" if var.default is None
                                else "a new setting with a default", None, var.default))
    for name, var in before.items():
        if name not in after:
            found.append(Change(at(where, name), "server_variable.removed", True,
                                "clients that set it fail", name, None))
            continue
        gone = [e for e in var.enum if after[name].enum and e not in after[name].enum]
        if gone:
            found.append(Change(at(where, name), "enum.removed", True, "values existing clients "
                                "may use are no longer allowed", gone, None))
        if var.default != after[name].default:
            found.append(Change(at(where, name), "default.changed", False, "the value used when "
                                "it is not set changed", var.default, after[name].default))
    return found


def auth_changes(old: Sequence[AuthScheme], new: Sequence[AuthScheme]) -> list[Change]:
    before, after = {a.name: a for a in old}, {a.name: a for a in new}
    found = [Change(at("security", name), "security_scheme.removed", True,
                    "clients authenticating with it are refused", name, None)
             for name in before if name not in after]
    found += [Change(at("security", name), "security_scheme.added", False, "another way to "
                     "authenticate", None, name) for name in after if name not in before]
    for name in before.keys() & after.keys():
        was, now = before[name], after[name]
        for attr in ("kind", "location", "param_name"):
            if getattr(was, attr) != getattr(now, attr):
                found.append(Change(at("security", name), "security_scheme.changed", True,
                                    f"credentials are sent differently ({attr})",
                                    getattr(was, attr), getattr(now, attr)))
    return found


def default_security_changes(old: Requirements, new: Requirements) -> list[Change]:
    return security_changes("security", old, new, explicit=(old, new))


def client_changes(old: Api, new: Api) -> list[Change]:
    """Facts every generated call relies on: the envelope, the error message, signatures."""
    found = []
    for attr, what in (("envelope", "response envelope"), ("error_message", "error message field"),
                       ("webhook_signature", "webhook signature")):
        before, after = getattr(old, attr), getattr(new, attr)
        if before != after:
            found.append(Change("API", f"{attr}.changed", True, f"the {what} changed; existing "
                                "clients unwrap or verify the old way", _plain(before), _plain(after)))
    return found


def _plain(value: object) -> JsonValue:
    """A JSON-safe rendering of a small IR value."""
    return None if value is None else str(value)


def webhook_changes(old: Sequence[Webhook], new: Sequence[Webhook], schemas: SchemaDiff) -> list[Change]:
    before = {(w.name, w.method): w for w in old}
    after = {(w.name, w.method): w for w in new}
    found = [Change(f"webhook {name}", "webhook.removed", True, "handlers for it never fire "
                    "again", name, None) for (name, _) in before.keys() - after.keys()]
    found += [Change(f"webhook {name}", "webhook.added", False, "a new event", None, name)
              for (name, _) in after.keys() - before.keys()]
    for key in before.keys() & after.keys():
        old_payload, new_payload = before[key].payload, after[key].payload
        where = at(f"webhook {key[0]}", "payload")
        if old_payload is None or new_payload is None:
            if old_payload != new_payload:
                found.append(Change(where, "body.changed", old_payload is not None,
                                    "payload documented" if old_payload is None
                                    else "payload no longer documented"))
            continue
        # A payload reaches the user's server as a response reaches a client.
        found += [r.at(where) for r in schemas.compare(old_payload, new_payload, "response")]
    return sorted(found, key=lambda c: (c.location, c.kind))
