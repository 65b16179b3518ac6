"""Where a typed schema lost its type: model fields and operation results typed Any.

Read beside the IR, from the document itself: for every field of every object model and
every operation's success body, the schema the document writes there is compared with the
IR's. A schema is *typed* when it says what values are (``type``, ``properties``,
``items``, ``enum``, ``const``, a ``$ref`` or a composition of typed parts); its IR is
*lossy* when it is any value, a union with any value, a free-form mapping where the
document lists properties, or a list or mapping whose items are lossy. Each lossy spot is
*warned* when a diagnostic points inside the schema (or inside what it references).
Used by ``tests/corpus_check.py`` (its ``any_*`` columns) and ``tests/test_oracle.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.diagnostics import Diagnostic, SpecError
from generator.documents import Document, load_document
from generator.ir import AnyValue, Api, Array, Map, Model, Primitive, Ref, Schema, Union
from generator.parsers import swagger2
from generator.parsers.refs import Resolver

_TYPING = ("type", "properties", "items", "enum", "const", "prefixItems")
_COMPOSED = ("allOf", "oneOf", "anyOf")


@dataclass(frozen=True)
class Spot:
    """A field or operation result typed Any although its schema is typed."""

    kind: str  # field | result
    where: str  # Model.field or METHOD path
    pointer: str
    warned: bool


class _Document:
    """The document as the parser reads it (Swagger 2.0 upgraded), with references followed."""

    def __init__(self, path: Any) -> None:
        document = load_document(path)
        if isinstance(document.data, dict) and str(document.data.get("swagger", "")).startswith("2"):
            document = Document(document.path, document.text, swagger2.upgrade(document.data), has_lines=False)
        self.root = document
        self.resolver = Resolver(document)

    def at(self, file: str, pointer: str) -> tuple[Any, Document, str] | None:
        """The value at ``pointer`` of the document named ``file``."""
        documents = [d for d in self.resolver.documents.values() if d.source_name == file] or [self.root]
        try:
            target = self.resolver.resolve("#" + pointer.replace("%", "%25"), documents[0], "")
        except SpecError:
            return None
        return target.value, target.document, target.pointer

    def chain(self, raw: Any, document: Document, pointer: str) -> tuple[Any, Document, list[str]]:
        """``raw`` with its references followed, and every pointer on the way."""
        pointers = [pointer]
        for _ in range(32):
            if not (isinstance(raw, dict) and isinstance(raw.get("$ref"), str)):
                break
            try:
                target = self.resolver.resolve(raw["$ref"], document, pointer)
            except SpecError:
                return None, document, pointers
            raw, document, pointer = target.value, target.document, target.pointer
            pointers.append(pointer)
        return raw, document, pointers


def typed(doc: _Document, raw: Any, document: Document, pointer: str, depth: int = 0) -> bool:
    """True when ``raw`` says what values are (see the module's docstring)."""
    raw, document, pointers = doc.chain(raw, document, pointer)
    if not isinstance(raw, dict) or depth > 16:
        return False
    if any(k in raw for k in _TYPING) or isinstance(raw.get("additionalProperties"), dict) and raw["additionalProperties"]:
        return True
    return any(typed(doc, part, document, f"{pointers[-1]}/{key}/{i}", depth + 1)
               for key in _COMPOSED for i, part in enumerate(raw.get(key) or []) if isinstance(raw.get(key), list))


def _lossy(api: Api, doc: _Document, schema: Schema, raw: Any, document: Document, pointer: str,
           depth: int = 0) -> list[str] | None:
    """Where ``schema`` (the IR of ``raw``) lost what ``raw`` types: the pointers of the
    schemas on the way there (references followed), or None when nothing was lost."""
    if depth > 8 or not typed(doc, raw, document, pointer):
        return None
    raw, document, pointers = doc.chain(raw, document, pointer)
    here = pointers[-1]
    variants = [v for v in schema.variants if v != Primitive("null")] if isinstance(schema, Union) else [schema]
    if any(isinstance(v, AnyValue) for v in variants):
        return pointers
    if len(variants) != 1:
        return None
    core, deeper = variants[0], None
    if isinstance(core, Ref):
        model = api.model(core.name)
        if not model.is_object and model.schema is not None:
            deeper = _lossy(api, doc, model.schema, raw, document, here, depth + 1)
    elif isinstance(core, Map):
        if _properties(doc, raw, document, here):
            return pointers
        extra = raw.get("additionalProperties")
        if isinstance(extra, dict):
            deeper = _lossy(api, doc, core.values, extra, document, f"{here}/additionalProperties", depth + 1)
    elif isinstance(core, Array) and isinstance(raw.get("items"), dict):
        deeper = _lossy(api, doc, core.items, raw["items"], document, f"{here}/items", depth + 1)
    return None if deeper is None else pointers + deeper


def _properties(doc: _Document, raw: Any, document: Document, pointer: str, depth: int = 0
                ) -> dict[str, tuple[Any, Document, str]]:
    """Every property ``raw`` declares, through allOf, oneOf and anyOf, references followed."""
    raw, document, pointers = doc.chain(raw, document, pointer)
    if not isinstance(raw, dict) or depth > 16:
        return {}
    found: dict[str, tuple[Any, Document, str]] = {}
    for key in _COMPOSED:
        for index, part in enumerate(raw.get(key) or [] if isinstance(raw.get(key), list) else []):
            for name, value in _properties(doc, part, document, f"{pointers[-1]}/{key}/{index}", depth + 1).items():
                found.setdefault(name, value)
    properties = raw.get("properties")
    if isinstance(properties, dict):
        for name, sub in properties.items():
            escaped = str(name).replace("~", "~0").replace("/", "~1")
            if str(name) not in found or typed(doc, sub, document, f"{pointers[-1]}/properties/{escaped}"):
                found[str(name)] = (sub, document, f"{pointers[-1]}/properties/{escaped}")
    return found


def _warned(pointers: list[str], warned_at: list[str]) -> bool:
    """True when a diagnostic points inside one of the schemas ``pointers`` name."""
    return any(p == q or p.startswith(q + "/") for p in warned_at for q in pointers)


def lossy_spots(api: Api, path: Any, diagnostics: list[Diagnostic]) -> list[Spot]:
    """Fields and success results of ``api`` (read from ``path``) typed Any though typed."""
    doc = _Document(path)
    warned_at = [d.location.pointer for d in diagnostics if d.location.pointer is not None]
    spots = []
    for model in api.models:
        spots += _model_spots(api, doc, model, warned_at)
    for op in api.operations:
        ok = op.success
        if ok is None or not ok.bodies or op.source is None or op.source.pointer is None:
            continue
        body = ok.bodies[0]
        found = doc.at(op.source.file, f"{op.source.pointer}/responses")
        if found is None:
            continue
        responses, document, pointer = found
        status = next((k for k in (responses if isinstance(responses, dict) else {})
                       if str(k).upper() == ok.status), ok.status)
        response, document, chain = doc.chain((responses or {}).get(status), document, f"{pointer}/{status}")
        media = ((response or {}).get("content") or {}).get(body.content_type) if isinstance(response, dict) else None
        if not isinstance(media, dict) or "schema" not in media:
            continue
        at = f"{chain[-1]}/content/{body.content_type.replace('~', '~0').replace('/', '~1')}/schema"
        lost = _lossy(api, doc, body.schema, media["schema"], document, at)
        if lost is not None:
            spots.append(Spot("result", f"{op.method} {op.path}", at, _warned(lost, warned_at)))
    return spots


def _model_spots(api: Api, doc: _Document, model: Model, warned_at: list[str]) -> list[Spot]:
    if not model.is_object or model.source is None or model.source.pointer is None:
        return []
    found = doc.at(model.source.file, model.source.pointer)
    if found is None:
        return []
    properties = _properties(doc, *found)
    spots = []
    for f in model.fields:
        if f.name not in properties:
            continue
        raw, document, pointer = properties[f.name]
        lost = _lossy(api, doc, f.schema, raw, document, pointer)
        if lost is not None:
            spots.append(Spot("field", f"{model.name}.{f.name}", pointer, _warned(lost, warned_at)))
    return spots
