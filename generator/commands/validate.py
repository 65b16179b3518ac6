"""``apigen validate``: every problem of a spec, with file, line and JSON pointer.

OpenAPI documents are checked against their version's schema (openapi-spec-validator)
and then read into the IR, whose warnings name what a client cannot express. Doc specs
are checked by their own JSON Schema while being read.

The validator follows ``$ref``\\ s by the generator's own rules (:mod:`generator.parsers.refs`):
files inside the spec's folder only, and nothing from the network unless the user allows
remote references. Left to itself it would fetch any URL and read any local file a spec
names, echoing its content in its messages.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

from generator.diagnostics import Diagnostic, Location, SpecError, pointer_join
from generator.documents import Document, load_document
from generator.parsers import detect_kind

MAX_SCHEMA_ERRORS = 200  # a broken document can produce thousands; the first ones suffice
_REMOTE_SCHEMES = ("http", "https")


@dataclass
class Problems:
    """Errors (the spec is wrong) and diagnostics (something cannot be generated exactly)."""

    errors: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def validate_document(path: Path, *, allow_remote_refs: bool = False) -> Problems:
    """Everything wrong with the spec at ``path``; remote ``$ref``\\ s are fetched for the
    schema check only with ``allow_remote_refs``."""
    problems = Problems()
    try:
        document = load_document(path)
        if detect_kind(document) == "openapi":
            errors, unchecked = openapi_schema_errors(document, allow_remote_refs=allow_remote_refs)
            problems.errors.extend(errors)
            problems.diagnostics.extend(unchecked)
        from generator.pipeline import load  # the pipeline imports every stage: only when needed

        _, found = load(path)
        problems.diagnostics.extend(found)
    except SpecError as exc:
        problems.errors.append(str(exc))
    return problems


class _Unresolved(dict[str, Any]):
    """What a refused reference stands for: an empty schema at any pointer below it, so the
    rest of the document is still checked."""

    def __missing__(self, key: str) -> _Unresolved:
        return _Unresolved()


class _References(Mapping[str, Any]):
    """The validator's reference handlers, one for every URI scheme (otherwise it falls
    back to fetching the URI itself), each applying the generator's rules.

    A refused reference resolves to an empty schema and is remembered, so that the user
    is told what was not checked and why.
    """

    def __init__(self, document: Document, allow_remote: bool) -> None:
        self._folder = document.path.resolve().parent
        self._allow_remote = allow_remote
        self.refused: dict[str, str] = {}  # URI -> why it was not read

    def __getitem__(self, scheme: str) -> Any:
        return self._retrieve

    def __iter__(self) -> Iterator[str]:
        return iter(("file", *_REMOTE_SCHEMES))

    def __len__(self) -> int:
        return 1 + len(_REMOTE_SCHEMES)

    def _retrieve(self, uri: str) -> Any:
        """The data at ``uri`` when the rules allow reading it, else an empty schema."""
        parts = urlsplit(uri)
        if parts.scheme in _REMOTE_SCHEMES:
            if self._allow_remote:
                from jsonschema_path.handlers import default_handlers

                return default_handlers[parts.scheme](uri)
            return self._refuse(uri, "a remote reference is not fetched (--allow-remote-refs fetches it)")
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            return self._refuse(uri, "only files beside the spec and, when allowed, http(s) URLs are read")
        path = Path(url2pathname(parts.path)).resolve()
        if not path.is_relative_to(self._folder):
            return self._refuse(uri, f"it leaves the spec's folder {self._folder}")
        try:
            return load_document(path).data
        except SpecError as exc:
            return self._refuse(uri, exc.message)

    def _refuse(self, uri: str, why: str) -> _Unresolved:
        self.refused.setdefault(uri, why)
        return _Unresolved()


def _validator(document: Document, handlers: _References) -> Any:
    import openapi_spec_validator as osv  # imported here: slow to import, only needed here

    data = document.data
    if str(data.get("swagger", "")).startswith("2"):
        cls: Any = osv.OpenAPIV2SpecValidator
    else:
        version = str(data.get("openapi", ""))
        cls = (osv.OpenAPIV30SpecValidator if version.startswith("3.0") else
               osv.OpenAPIV32SpecValidator if version.startswith("3.2") else osv.OpenAPIV31SpecValidator)
    # The handlers are a class attribute in every supported release (0.7 to 0.9).
    ruled = type(cls.__name__, (cls,), {"resolver_handlers": handlers})
    return ruled(data, base_uri=document.path.resolve().as_uri())


def openapi_schema_errors(document: Document, *, allow_remote_refs: bool = False
                          ) -> tuple[list[str], list[Diagnostic]]:
    """Violations of the OpenAPI schema, each as ``file:line#pointer: message``, and
    diagnostics naming the references the check could not follow."""
    errors = []
    handlers = _References(document, allow_remote_refs)
    try:
        for index, error in enumerate(_validator(document, handlers).iter_errors()):
            if index >= MAX_SCHEMA_ERRORS:
                errors.append(f"{document.name}: more than {MAX_SCHEMA_ERRORS} errors; the rest are not shown")
                break
            pointer = pointer_join("", *getattr(error, "path", ()))
            errors.append(f"{Location(document.name, document.line_of(pointer), pointer or '/')}: "
                          f"{getattr(error, 'message', error)}")
    except Exception as exc:  # noqa: BLE001 - the validator fails on some broken refs itself
        # Its message may quote a whole referenced document: the first line and 300 characters do.
        reason = str(exc).split("\n", 1)[0]
        reason = reason if len(reason) <= 300 else reason[:299] + "…"
        errors.append(f"{document.name}: the OpenAPI validator could not finish: {reason}")
    unchecked = [Diagnostic("unchecked-ref", "warning", Location(document.name), f"$ref {uri!r} was not checked: {why}")
                 for uri, why in sorted(handlers.refused.items())]
    return errors, unchecked
