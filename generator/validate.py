"""``apigen validate``: every problem of a spec, with file, line and JSON pointer.

OpenAPI documents are checked against their version's schema (openapi-spec-validator)
and then read into the IR, whose warnings name what a client cannot express. Doc specs
are checked by their own JSON Schema while being read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.diagnostics import Diagnostic, Location, SpecError, pointer_join
from generator.loader import Document, load_document
from generator.parsers import detect_kind

MAX_SCHEMA_ERRORS = 200  # a broken document can produce thousands; the first ones suffice


@dataclass
class Problems:
    """Errors (the spec is wrong) and diagnostics (something cannot be generated exactly)."""

    errors: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def validate_document(path: Path) -> Problems:
    """Everything wrong with the spec at ``path``."""
    problems = Problems()
    try:
        document = load_document(path)
        if detect_kind(document) == "openapi":
            problems.errors.extend(openapi_schema_errors(document))
        from generator.pipeline import load  # the pipeline imports every stage: only when needed

        _, problems.diagnostics = load(path)
    except SpecError as exc:
        problems.errors.append(str(exc))
    return problems


def _validator(data: dict[str, Any]) -> Any:
    import openapi_spec_validator as osv  # imported here: slow to import, only needed here

    if str(data.get("swagger", "")).startswith("2"):
        return osv.OpenAPIV2SpecValidator(data)
    version = str(data.get("openapi", ""))
    if version.startswith("3.0"):
        return osv.OpenAPIV30SpecValidator(data)
    if version.startswith("3.2"):
        return osv.OpenAPIV32SpecValidator(data)
    return osv.OpenAPIV31SpecValidator(data)


def openapi_schema_errors(document: Document) -> list[str]:
    """Violations of the OpenAPI schema, each as ``file:line#pointer: message``."""
    errors = []
    try:
        for index, error in enumerate(_validator(document.data).iter_errors()):
            if index >= MAX_SCHEMA_ERRORS:
                errors.append(f"{document.name}: more than {MAX_SCHEMA_ERRORS} errors; the rest are not shown")
                break
            pointer = pointer_join("", *getattr(error, "path", ()))
            errors.append(f"{Location(document.name, document.line_of(pointer), pointer or '/')}: "
                          f"{getattr(error, 'message', error)}")
    except Exception as exc:  # noqa: BLE001 - the validator fails on some broken refs itself
        errors.append(f"{document.name}: the OpenAPI validator could not finish: {exc}")
    return errors
