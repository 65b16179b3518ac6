"""The words an OpenAPI operation is named and grouped by (targets make identifiers of them)."""

from __future__ import annotations

import re
from typing import Any

from generator.words import words

# Path segments that name a version or an API root, not a resource (/v1/customers).
_VERSION_SEGMENT = re.compile(r"^(v\d+([._]\d+)*|api|rest|\d[\d.\-]*)$", re.IGNORECASE)


def group_words(op: dict[str, Any], path: str) -> tuple[str, ...]:
    """The words of the group an operation belongs to: ``x-apigen-group`` (``[]`` for the
    client itself), Fern's group name, the first tag, or the first resource segment of the path."""
    if op.get("x-apigen-group") == []:
        return ()
    fern = op.get("x-fern-sdk-group-name")
    if isinstance(fern, str) and fern:
        return (fern,)
    if isinstance(fern, list) and fern:
        return tuple(str(part) for part in fern)
    tags = op.get("tags")
    if isinstance(tags, list) and tags and isinstance(tags[0], str) and words(tags[0]):
        return (tags[0],)
    segments = [s for s in path.split("/") if s and not s.startswith("{") and not _VERSION_SEGMENT.match(s)]
    return (segments[0],) if segments else ()


def method_words(op: dict[str, Any], operation_id: str, method: str, path: str) -> str:
    """The words naming an operation: Fern's method name, the operationId, or method and path."""
    fern = op.get("x-fern-sdk-method-name")
    if isinstance(fern, str) and words(fern):
        return fern
    if isinstance(op.get("operationId"), str) and words(operation_id):
        return operation_id
    return f"{method} {path}"
