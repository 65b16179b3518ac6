"""The parse stage: front-ends that read a document into the neutral IR.

Each front-end module exposes ``parse(document, *, name) -> (Api, diagnostics)``.
"""

from __future__ import annotations

from generator.diagnostics import Diagnostic, Location, SpecError
from generator.ir import Api
from generator.documents import Document
from generator.parsers import docspec, openapi

KINDS = ("openapi", "docspec")


def detect_kind(document: Document) -> str:
    """``openapi`` or ``docspec``, from the document's top-level keys."""
    data = document.data
    if isinstance(data, dict) and ("openapi" in data or "swagger" in data):
        return "openapi"
    if isinstance(data, dict) and "api" in data:
        return "docspec"
    raise SpecError(Location(document.name, 1), "neither an OpenAPI document ('openapi:' or "
                    "'swagger:') nor a doc spec ('api:')")


def parse(document: Document, *, name: str, kind: str | None = None) -> tuple[Api, list[Diagnostic]]:
    """The IR of ``document`` read as ``kind`` (detected when None) and its diagnostics."""
    try:
        if (kind or detect_kind(document)) == "openapi":
            return openapi.parse(document, name=name)
        return docspec.parse(document, name=name)
    except RecursionError:
        raise SpecError(Location(document.name), "the document nests too deeply to read") from None
