"""Read any supported document (OpenAPI or doc spec) into a finalized IR."""

from __future__ import annotations

import importlib
from dataclasses import replace
from pathlib import Path

from generator import collector, naming
from generator.diagnostics import Location, SpecError
from generator.finalize import finalize
from generator.ir import Api
from generator.loader import Document, load_document


# Each input format's parser module exposes parse(document, *, name, package) -> Api.
PARSERS = {"openapi": "generator.parsers.openapi", "docspec": "generator.parsers.docspec"}


def detect_kind(document: Document) -> str:
    """``openapi`` or ``docspec``, from the document's top-level keys."""
    data = document.data
    if isinstance(data, dict) and ("openapi" in data or "swagger" in data):
        return "openapi"
    if isinstance(data, dict) and "api" in data:
        return "docspec"
    raise SpecError(Location(document.name, 1), "neither an OpenAPI document ('openapi:' or "
                    "'swagger:') nor a doc spec ('api:')")


def load_api(path: Path, *, name: str | None = None, package: str | None = None,
             kind: str | None = None, label: str | None = None) -> Api:
    """The finalized IR of the document at ``path`` (named ``label`` in messages and sources)."""
    with collector.paused():
        document = load_document(path, label)
        kind = kind or detect_kind(document)
        name = name or default_name(path)
        package = package or default_name(path)
        parser = importlib.import_module(PARSERS[kind])
        try:
            api = parser.parse(document, name=name, package=package)
        except RecursionError:
            raise SpecError(Location(document.name), "the document nests too deeply to read") from None
        if not api.documents:  # a single-file format: the document is all it read
            api = replace(api, documents=((str(path.resolve()), document.sha256),))
        return finalize(api)


def default_name(path: Path) -> str:
    """A package name for a spec given by path: its file name, made an identifier."""
    return naming.package(path.stem.split("@")[0])
