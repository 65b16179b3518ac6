"""The words an OpenAPI operation is named and grouped by (targets make identifiers of them)."""

from __future__ import annotations

import re
from typing import Any

from generator.words import pascal, singular_noun, words

# Path segments that name a version or an API root, not a resource (/v1/customers).
_VERSION_SEGMENT = re.compile(r"^(v\d+([._]\d+)*|api|rest|\d[\d.\-]*)$", re.IGNORECASE)


def placed_group(op: dict[str, Any]) -> tuple[str, ...] | None:
    """The group ``x-apigen-group`` places an operation in (a list of group names, outermost
    first; ``[]`` for the client itself), or None when it does not."""
    placed = op.get("x-apigen-group")
    if isinstance(placed, list) and all(isinstance(part, str) and words(part) for part in placed):
        return tuple(placed)
    return None


def group_words(op: dict[str, Any], path: str) -> tuple[str, ...]:
    """The words of the group an operation belongs to: ``x-apigen-group``, Fern's group name,
    the first tag, or the first resource segment of the path."""
    placed = placed_group(op)
    if placed is not None:
        return placed
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


# Resource words too generic to name a type alone: /collections/{id}/items holds CollectionItems.
_GENERIC_RESOURCES = frozenset({"item", "field", "entry", "value", "record", "object", "element", "setting",
                                "detail", "result", "data"})


def resource_name(path: str, method: str) -> str | None:
    """The type a success response is named after: the resource its path names.

    ``/sites/{site_id}`` (and ``POST /sites``, which creates one) return a ``Site``; ``GET
    /sites`` a ``SiteList``; ``/collections/{id}/items/{item_id}`` a ``CollectionItem``. An
    action (``/sites/{id}/publish``) or a singular path has no resource: None.
    """
    segments = [s for s in path.split("/") if s and not _VERSION_SEGMENT.match(s)]
    statics = [s for s in segments if not s.startswith("{")]
    if not statics:
        return None
    item = segments[-1].startswith("{")
    noun = singular_noun(statics[-1])
    words_ = [noun]
    if noun == statics[-1] and not item:
        # /pages/{page_id}/custom_code: a sub-resource of a page; /sites/{id}/publish: an action
        if (method == "post" or len(segments) < 3 or len(statics) < 2
                or not segments[-2].startswith("{")):
            return None
        return pascal(f"{singular_noun(statics[-2])} {noun}", fallback="Resource")
    if noun.lower() in _GENERIC_RESOURCES and len(statics) > 1:
        words_.insert(0, singular_noun(statics[-2]))
    if not item and method == "get":
        words_.append("list")
    return pascal(" ".join(words_), fallback="Resource")


def holds_resource(content: Any, resource: str) -> bool:
    """True when a response's schema is a wrapper with a property named after ``resource``."""
    media = next(iter(content.values()), None) if isinstance(content, dict) and content else None
    schema = media.get("schema") if isinstance(media, dict) else None
    properties = schema.get("properties") if isinstance(schema, dict) else None
    return isinstance(properties, dict) and any(
        pascal(singular_noun(str(key)), fallback="") == resource for key in properties)
