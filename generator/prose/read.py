"""Which format a document's text is in, and reading it with that format's reader."""

from __future__ import annotations

import re

from generator.prose import blueprint, objects, redoc, slate
from generator.prose.facts import Prose

FORMATS = ("slate", "blueprint", "redoc", "objects")


def detect_format(text: str) -> str:
    """``slate``, ``blueprint``, ``redoc`` or ``objects``; :class:`ValueError` for none."""
    lines = text.splitlines()
    if any(slate.LABEL.match(line) for line in lines):
        return "slate"
    if any(blueprint.ENDPOINT.match(line) for line in lines):
        return "blueprint"
    if any(line.strip() == "Authorizations:" for line in lines):
        return "redoc"
    if any(re.fullmatch(r"\s*(FieldTypeDescription|Field\s+Type\s+Description)\s*", line) for line in lines):
        return "objects"
    raise ValueError("no endpoints in a known format (Slate 'Request Endpoint' blocks, "
                     "API Blueprint 'METHOD/path' lines, ReDoc 'Authorizations:' operations or "
                     "'Field Type Description' object tables)")


def read(text: str, fmt: str | None = None) -> Prose:
    """Everything ``text`` states, read as ``fmt`` (detected when None)."""
    fmt = fmt or detect_format(text)
    readers = {"slate": slate.read, "blueprint": blueprint.read, "redoc": redoc.read,
               "objects": objects.read}
    if fmt not in readers:
        raise ValueError(f"unknown document format {fmt!r}")
    return readers[fmt](text)
