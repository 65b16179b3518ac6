"""A doc spec's API-wide settings: servers, security schemes and the webhook signature."""

from __future__ import annotations

import re
from typing import Any

from generator.diagnostics import SpecError, pointer_join
from generator.documents import Document
from generator.parsers import webhook_signature
from generator.ir import AuthScheme, Server, ServerVariable, WebhookSignature

_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


def server(document: Document, index: int, spec: dict[str, Any]) -> Server:
    """A base URL; its ``{placeholders}`` become variables even when not declared."""
    pointer = pointer_join("/servers", index)
    declared = spec.get("variables") or {}
    placeholders = list(dict.fromkeys(_PLACEHOLDER.findall(spec["url"])))
    for name in declared:
        if name not in placeholders:
            raise SpecError(document.location(pointer_join(pointer, "variables", name)),
                            f"server variable {name!r} does not appear in {spec['url']!r}")
    variables = []
    for name in placeholders:
        facts = declared.get(name) or {}
        variables.append(ServerVariable(
            name=name,
            default=facts.get("default"),
            enum=tuple(facts.get("enum", ())),
            description=facts.get("description"),
        ))
    return Server(spec["url"], spec.get("description"), tuple(variables))


def auth(data: dict[str, Any]) -> tuple[AuthScheme, ...]:
    """Security schemes: a bearer token (in ``Authorization`` unless a header is named) or an
    API key in a header."""
    return tuple(AuthScheme(name=name, kind=spec["type"], location="header",
                            param_name=spec.get("header", "Authorization"),
                            description=spec.get("description"))
                 for name, spec in (data.get("auth") or {}).items())


def signature(document: Document, data: dict[str, Any]) -> WebhookSignature | None:
    """How webhook deliveries are signed, when the spec says."""
    def error(key: str, message: str) -> SpecError:
        pointer = pointer_join("/webhook_signature", key) if key else "/webhook_signature"
        return SpecError(document.location(pointer), message)
    return webhook_signature.read(data.get("webhook_signature"), error)
