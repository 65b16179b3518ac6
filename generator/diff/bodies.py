"""Request bodies and responses compared: presence, media types, statuses, then schemas.

Error responses (4XX, 5XX, default) reach generated clients as untyped JSON inside the raised
error, so the changes inside one are summarised as a single ``response-error-body-changed``.
"""

from __future__ import annotations

from collections.abc import Sequence

from generator.diff.changes import SEP, Change, Direction, at
from generator.diff.schemas import SchemaDiff
from generator.ir import Body, RequestBody, Response


def _body_label(body: Body, place: str) -> str:
    """``request body`` or ``response 200 › body``, naming the media type unless it is JSON."""
    name = "body" if body.content_type == "application/json" else f"body ({body.content_type})"
    return at(place, name) if place != "request" else f"request {name}"


def request_body_changes(old: RequestBody | None, new: RequestBody | None, where: str,
                         schemas: SchemaDiff) -> list[Change]:
    """Presence, requiredness, media types and schema of the request body."""
    place = at(where, "request body")
    if old is None and new is None:
        return []
    if old is None or new is None:
        if old is not None:
            return [Change(place, "request-body-removed", "the operation no longer takes a body")]
        assert new is not None
        return [Change(place, "request-body-added-required" if new.required else
                       "request-body-added-optional", "a new required body existing clients do not "
                       "send" if new.required else "a new optional body")]
    found = []
    if old.required != new.required:
        found.append(Change(place, "request-body-became-required" if new.required else
                            "request-body-became-optional", "now required" if new.required
                            else "no longer required", old.required, new.required))
    return found + _bodies(old.bodies, new.bodies, where, "request", schemas, "request")


def _bodies(old: Sequence[Body], new: Sequence[Body], where: str, place: str,
            schemas: SchemaDiff, direction: Direction) -> list[Change]:
    """Media types and their schemas; the first (preferred) one is what clients send or read."""
    before = {b.content_type: b for b in old}
    after = {b.content_type: b for b in new}
    preferred = old[0].content_type if old else None
    prefix = "request-body" if direction == "request" else "response"
    found = []
    for content_type, body in before.items():
        located = at(where, _body_label(body, place))
        if content_type not in after:
            main = content_type == preferred
            found.append(Change(located, f"{prefix}-media-type-removed" if main else
                                f"{prefix}-alternate-media-type-removed", "existing clients use this "
                                "media type" if main else "another media type remains", content_type, None))
        else:
            found += [r.at(located, direction)
                      for r in schemas.compare(body.schema, after[content_type].schema, direction)]
    found += [Change(at(where, _body_label(body, place)), f"{prefix}-media-type-added",
                     "another media type", None, content_type)
              for content_type, body in after.items() if content_type not in before]
    return found


def response_changes(old: Sequence[Response], new: Sequence[Response], where: str,
                     schemas: SchemaDiff) -> list[Change]:
    """Statuses added, removed or changed, then each response kept."""
    before = {r.status: r for r in old}
    after = {r.status: r for r in new}
    found: list[Change] = []
    primary = _primary_pair(old, new)
    if primary is not None:  # e.g. 200 became 201: clients accept any 2XX and read its body
        found.append(Change(at(where, f"response {primary[0].status}"), "response-success-status-changed",
                            "clients accept any 2XX status", primary[0].status, primary[1].status))
        found += _response(primary[0], primary[1], where, schemas)
        before.pop(primary[0].status)
        after.pop(primary[1].status)
    for status, response in before.items():
        if status not in after:
            found.append(Change(at(where, f"response {status}"), "response-success-status-removed"
                                if response.is_success else "response-non-success-status-removed",
                                "existing clients read this response" if response.is_success
                                else "errors are raised by status family either way", status, None))
        else:
            found += _response(response, after[status], where, schemas)
    found += [Change(at(where, f"response {status}"), "response-success-status-added" if r.is_success
                     else "response-non-success-status-added", "another success response"
                     if r.is_success else "errors are raised by status family", None, status)
              for status, r in after.items() if status not in before]
    return found


def _primary_pair(old: Sequence[Response], new: Sequence[Response]
                  ) -> tuple[Response, Response] | None:
    """The success responses, when their status changed and neither status remains."""
    first = next((r for r in old if r.is_success), None)
    second = next((r for r in new if r.is_success), None)
    if first is None or second is None or first.status == second.status:
        return None
    if any(r.status == first.status for r in new) or any(r.status == second.status for r in old):
        return None
    return first, second


def _response(old: Response, new: Response, where: str, schemas: SchemaDiff) -> list[Change]:
    """A response kept; an error response's changes become one summary."""
    place = f"response {new.status}"
    found = _response_bodies(old, new, where, place, schemas)
    if old.is_success or new.is_success or not found:
        return found
    # Generated errors carry the body as parsed JSON, untyped: nothing in it can break them,
    # and listing each field of each error of each operation would bury the real changes.
    prefix = at(where, place) + SEP
    details = [f"{c.location.removeprefix(prefix)}: {c.rule}" for c in found]
    return [Change(at(where, place), "response-error-body-changed", "error bodies reach clients "
                   "as untyped JSON", None, details)]


def _response_bodies(old: Response, new: Response, where: str, place: str,
                     schemas: SchemaDiff) -> list[Change]:
    """The bodies of a response kept: presence, then media types and schemas."""
    if not old.bodies and not new.bodies:
        return []
    if not old.bodies or not new.bodies:
        gone = not new.bodies
        return [Change(at(where, place, "body"), "response-body-removed" if gone else "response-body-added",
                       "existing clients read it" if gone else "data is now returned")]
    return _bodies(old.bodies, new.bodies, where, place, schemas, "response")
