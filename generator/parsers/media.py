"""Media types and examples of OpenAPI bodies: how a body is encoded, and its example."""

from __future__ import annotations

from typing import Any

# The order bodies are preferred in: the first documented one is what a client sends.
ENCODING_ORDER = ("json", "form", "multipart", "text", "binary")


def encoding(content_type: str) -> str:
    """How a body of ``content_type`` is encoded: json, form, multipart, text or binary."""
    media = content_type.split(";")[0].strip().lower()
    if media == "application/json" or media.endswith("+json") or media == "*/*":
        return "json"
    if media == "application/x-www-form-urlencoded":
        return "form"
    if media.startswith("multipart/"):
        return "multipart"
    if media.startswith("text/"):
        return "text"
    return "binary"


def example(media: dict[str, Any]) -> Any:
    """A media object's example: ``example``, the first of ``examples``, or its schema's."""
    if "example" in media:
        return media["example"]
    examples = media.get("examples")
    if isinstance(examples, dict):
        for example in examples.values():
            if isinstance(example, dict) and "value" in example:
                return example["value"]
    schema = media.get("schema")
    return schema.get("example") if isinstance(schema, dict) else None
