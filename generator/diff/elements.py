"""API-level elements compared: servers, client settings, webhooks."""

from __future__ import annotations

from collections.abc import Sequence

from generator.diff.changes import Change, at
from generator.diff.schemas import SchemaDiff
from generator.ir import Api, JsonValue, Server, Webhook


def server_changes(old: Sequence[Server], new: Sequence[Server]) -> list[Change]:
    """The default base URL, other URLs, and the variables of URLs kept."""
    found = []
    if old and new and old[0].url != new[0].url:
        found.append(Change("servers", "server-default-changed", "existing clients use the old "
                            "default base URL", old[0].url, new[0].url))
    before, after = {s.url: s for s in old}, {s.url: s for s in new}
    found += [Change("servers", "server-removed", "clients configured with it need another base URL",
                     url, None) for url in before if url not in after]
    found += [Change("servers", "server-added", "another base URL", None, url)
              for url in after if url not in before]
    for url in before.keys() & after.keys():
        found += _server_variables(before[url], after[url])
    return sorted(found, key=lambda c: (c.rule, str(c.old), str(c.new)))


def _server_variables(old: Server, new: Server) -> list[Change]:
    """The variables of a server URL both APIs list."""
    where = at("servers", old.url)
    before = {v.name: v for v in old.variables}
    after = {v.name: v for v in new.variables}
    found = []
    for name, var in after.items():
        if name not in before:
            found.append(Change(at(where, name), "server-variable-added-without-default"
                                if var.default is None else "server-variable-added",
                                "a new setting without a default" if var.default is None
                                else "a new setting with a default", None, var.default))
    for name, var in before.items():
        if name not in after:
            found.append(Change(at(where, name), "server-variable-removed", "clients that set it fail",
                                name, None))
            continue
        gone = [e for e in var.enum if after[name].enum and e not in after[name].enum]
        if gone:
            found.append(Change(at(where, name), "server-variable-enum-value-removed", "values "
                                "existing clients may use are no longer allowed", gone, None))
        if var.default != after[name].default:
            found.append(Change(at(where, name), "server-variable-default-changed", "the value used "
                                "when it is not set changed", var.default, after[name].default))
    return found


def client_changes(old: Api, new: Api) -> list[Change]:
    """Facts every generated call relies on: the envelope, the error message, signatures."""
    found = []
    for attr, rule, what in (("envelope", "client-envelope-changed", "response envelope"),
                             ("error_message", "client-error-message-changed", "error message field"),
                             ("webhook_signature", "client-webhook-signature-changed", "webhook signature")):
        before, after = getattr(old, attr), getattr(new, attr)
        if before != after:
            found.append(Change("API", rule, f"the {what} changed; existing clients unwrap or "
                                "verify the old way", _plain(before), _plain(after)))
    return found


def _plain(value: object) -> JsonValue:
    """A JSON-safe rendering of a small IR value."""
    return None if value is None else str(value)


def webhook_changes(old: Sequence[Webhook], new: Sequence[Webhook], schemas: SchemaDiff) -> list[Change]:
    """Events added and removed; payloads compared like responses (they reach the user's
    server as a response reaches a client)."""
    before = {(w.name, w.method): w for w in old}
    after = {(w.name, w.method): w for w in new}
    found = [Change(f"webhook {name}", "webhook-removed", "handlers for it never fire again", name, None)
             for (name, _) in before.keys() - after.keys()]
    found += [Change(f"webhook {name}", "webhook-added", "a new event", None, name)
              for (name, _) in after.keys() - before.keys()]
    for key in before.keys() & after.keys():
        old_payload, new_payload = before[key].payload, after[key].payload
        where = at(f"webhook {key[0]}", "payload")
        if old_payload is None or new_payload is None:
            if old_payload != new_payload:
                found.append(Change(where, "webhook-payload-added" if old_payload is None else
                                    "webhook-payload-removed", "payload documented" if old_payload
                                    is None else "payload no longer documented"))
            continue
        found += [r.at(where, "response") for r in schemas.compare(old_payload, new_payload, "response")]
    return sorted(found, key=lambda c: (c.location, c.rule))
