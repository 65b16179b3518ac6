"""Turn JSON Schemas (as OpenAPI 3.0/3.1 writes them) into the IR's type algebra.

Named schemas (anything reached through ``$ref``) and inline objects and enums become
:class:`Model`s; everything else stays inline. Inline objects with the same shape share
one model, so a spec that repeats a schema in every operation (as Webflow's does) yields
one ``Site`` class, not twenty. Names come from the schema's title, its property or the
operation, qualified by the parent only when the short name is taken by another shape.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field, replace
from typing import Any

from generator.diagnostics import Diagnostics, SpecError, pointer_join
from generator.ir import AnyValue, Array, Enum, Field, Map, Model, Primitive, Ref, Schema, Source, Union
from generator.documents import Document
from generator.parsers import constraints
from generator.parsers.refs import Resolver, Target
from generator.words import MAX_NAME, Namer, pascal, singular

PRIMITIVES = ("string", "integer", "number", "boolean", "null")
NULL = Primitive("null")
_IGNORED_KEYS = ("example", "examples", "description", "title", "x-stoplight")


def plain(value: Any) -> Any:
    """A JSON-safe copy of a YAML value: dates become ISO strings, keys become strings."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, float) and value != value:  # NaN is not JSON
        return None
    return value


def with_null(schema: Schema) -> Schema:
    """``schema`` that also admits null."""
    if isinstance(schema, Union):
        return schema if NULL in schema.variants else Union(schema.variants + (NULL,))
    if schema == NULL or isinstance(schema, AnyValue):
        return schema
    return Union((schema, NULL))


def is_nullable(schema: Schema) -> bool:
    """True when ``schema`` admits null."""
    return schema == NULL or (isinstance(schema, Union) and NULL in schema.variants)


def _shape_key(raw: dict[str, Any], document: Document) -> str:
    """Two inline schemas with equal keys (examples aside) are the same model."""
    trimmed = {k: v for k, v in raw.items() if k not in ("example", "examples")}
    try:
        return str(document.path) + json.dumps(trimmed, sort_keys=True, default=str)
    except TypeError:  # keys of mixed types (1 and "a") do not sort: make them all strings
        return str(document.path) + json.dumps(plain(trimmed), sort_keys=True, default=str)


@dataclass
class _Object:
    """Properties gathered from an object schema and everything it ``allOf``-includes."""

    properties: dict[str, tuple[Any, Document, str]] = field(default_factory=dict)
    required: set[str] = field(default_factory=set)
    additional: Any = None
    description: str | None = None


class SchemaConverter:
    """Converts schemas one at a time while collecting the models they define."""

    def __init__(self, resolver: Resolver, diagnostics: Diagnostics) -> None:
        self.resolver = resolver
        self.diagnostics = diagnostics
        self.models: dict[str, Model] = {}
        self._by_target: dict[tuple[str, str], str] = {}
        self._by_shape: dict[str, str] = {}
        self._namer = Namer(separator="")

    def convert(self, raw: Any, document: Document, pointer: str, hint: str) -> Schema:
        """The IR schema for ``raw`` found at ``pointer``; ``hint`` names hoisted models."""
        if raw is True or raw is None or raw == {}:
            return AnyValue()
        if not isinstance(raw, dict):
            self.diagnostics.add("schema-not-object", pointer, "schema is not an object; treated as any value")
            return AnyValue()
        if "$ref" in raw:
            schema = self._reference(raw["$ref"], document, pointer, hint)
        else:
            schema = self._core(raw, document, pointer, hint)
        return with_null(schema) if self._nullable(raw) else schema

    def named(self, target: Target, name_hint: str, spec_name: str | None = None) -> str:
        """The model name for a referenced schema, converting it on first sight.

        ``spec_name`` is the name the document gives the schema (a components key), kept
        for readers; ``x-apigen-notes`` beside it become the model's notes.
        """
        if target.key in self._by_target:
            return self._by_target[target.key]
        raw = target.value
        title = raw.get("title") if isinstance(raw, dict) else None
        name = self._namer.claim(pascal(name_hint or title or "Model"))
        self._by_target[target.key] = name  # before converting, so cycles find it
        model = self._model(name, raw, target.document, target.pointer)
        self.models[name] = _noted(replace(model, spec_name=spec_name), raw)
        return name

    # --- internals --------------------------------------------------------------------

    @staticmethod
    def _nullable(raw: dict[str, Any]) -> bool:
        kind = raw.get("type")
        return raw.get("nullable") is True or (isinstance(kind, list) and "null" in kind)

    def _reference(self, ref: Any, document: Document, pointer: str, hint: str) -> Schema:
        try:
            target = self.resolver.resolve(ref, document, pointer)
        except SpecError as exc:
            self.diagnostics.add("broken-ref", pointer, exc.message + "; treated as any value")
            return AnyValue()
        last = target.pointer.rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~")
        ref_name = last if target.pointer else target.document.path.stem
        spec_name = ref_name if target.pointer.startswith("/components/schemas/") else None
        return Ref(self.named(target, ref_name or hint, spec_name))

    def _model(self, name: str, raw: Any, document: Document, pointer: str) -> Model:
        source = Source(document.source_name, None, pointer)
        if not isinstance(raw, dict):
            return Model(name, schema=AnyValue(), source=source)
        description = raw.get("description") if isinstance(raw.get("description"), str) else None
        if self._is_object(raw, document, pointer):
            return self._object_model(name, raw, document, pointer, source)
        if "enum" in raw and not any(k in raw for k in ("oneOf", "anyOf", "allOf")):
            schema = self._enum(raw, pointer)
        else:
            schema = self._core(raw, document, pointer, name, top=True)
        if self._nullable(raw):
            schema = with_null(schema)
        return Model(name, description=description, schema=schema, source=source)

    def _is_object(self, raw: dict[str, Any], document: Document, pointer: str) -> bool:
        """An object with properties of its own or gathered through ``allOf``."""
        if any(k in raw for k in ("oneOf", "anyOf")):
            return False
        # Declared properties, even none ({properties: {}}), make a class; a bare
        # {type: object} is a free-form mapping and stays a dict.
        if isinstance(raw.get("properties"), dict):
            return True
        return "allOf" in raw and bool(self._gather(raw, document, pointer, set()).properties)

    def _object_model(self, name: str, raw: dict[str, Any], document: Document, pointer: str,
                      source: Source) -> Model:
        gathered = self._gather(raw, document, pointer, set())
        fields = []
        for prop, (sub, sub_doc, sub_ptr) in gathered.properties.items():
            schema = self.convert(sub, sub_doc, sub_ptr, self._child_hint(name, prop, sub))
            sub_dict = sub if isinstance(sub, dict) else {}
            fields.append(Field(
                name=prop,
                schema=schema,
                required=prop in gathered.required,
                nullable=is_nullable(schema),
                description=_text(sub_dict.get("description")),
                default=plain(sub_dict.get("default")),
                read_only=sub_dict.get("readOnly") is True,
                write_only=sub_dict.get("writeOnly") is True,
                deprecated=sub_dict.get("deprecated") is True,
            ))
        additional = gathered.additional
        extra = None
        if additional is True or isinstance(additional, dict):
            extra = self.convert(additional, document, pointer_join(pointer, "additionalProperties"),
                                 name + "Value")
        return Model(name, description=gathered.description, fields=tuple(fields),
                     additional=extra, source=source, closed=constraints.closed(raw),
                     title=constraints.title(raw))

    def _child_hint(self, parent: str, prop: str, sub: Any) -> str:
        """Short names first (``CustomDomain``); :meth:`_hoist` qualifies them on a clash."""
        base = pascal(prop, fallback="Field")
        is_array = isinstance(sub, dict) and (sub.get("type") == "array" or "items" in sub)
        return f"{parent}.{singular(base) if is_array else base}"

    def _gather(self, raw: dict[str, Any], document: Document, pointer: str,
                seen: set[tuple[str, str]]) -> _Object:
        """Properties of ``raw`` and of every ``allOf`` part, references followed."""
        out = _Object(description=_text(raw.get("description")))
        for index, part in enumerate(raw.get("allOf") or []):
            part_doc, part_ptr = document, pointer_join(pointer, "allOf", index)
            if isinstance(part, dict) and "$ref" in part:
                try:
                    target = self.resolver.resolve(part["$ref"], document, part_ptr)
                except SpecError as exc:
                    self.diagnostics.add("broken-ref", part_ptr, exc.message + "; part skipped")
                    continue
                if target.key in seen:
                    continue
                seen = seen | {target.key}
                part, part_doc, part_ptr = target.value, target.document, target.pointer
            if not isinstance(part, dict):
                continue
            if any(k in part for k in ("oneOf", "anyOf")):
                self.diagnostics.add("oneof-in-allof", part_ptr, "oneOf/anyOf inside allOf is not "
                                     "merged; its properties are kept as extra fields")
            inner = self._gather(part, part_doc, part_ptr, seen)
            out.properties.update(inner.properties)
            out.required |= inner.required
            out.additional = out.additional if inner.additional is None else inner.additional
            out.description = out.description or inner.description
        properties = raw.get("properties")
        if isinstance(properties, dict):
            for prop, sub in properties.items():
                out.properties[str(prop)] = (sub, document, pointer_join(pointer, "properties", prop))
        required = raw.get("required")
        if isinstance(required, list):
            out.required |= {str(r) for r in required}
        if "additionalProperties" in raw and raw["additionalProperties"] is not False:
            out.additional = raw["additionalProperties"]
        return out

    def _core(self, raw: dict[str, Any], document: Document, pointer: str, hint: str,
              top: bool = False) -> Schema:
        """The schema without its nullability; ``top`` is set when ``raw`` is a model's own."""
        if "allOf" in raw and not self._is_object(raw, document, pointer):
            return self._all_of_alias(raw, document, pointer, hint)
        if "oneOf" in raw or "anyOf" in raw:
            return self._union(raw, document, pointer, hint)
        if "const" in raw:
            return Enum(self._type_of(raw, raw["const"]), (plain(raw["const"]),))
        if "enum" in raw:
            return self._hoist(raw, document, pointer, hint) if not top else self._enum(raw, pointer)
        kind = raw.get("type")
        if isinstance(kind, list):
            kinds = [k for k in kind if k != "null"]
            if len(kinds) != 1:
                variants = [self._core({**raw, "type": k}, document, pointer, hint) for k in kinds]
                return Union(tuple(variants)) if variants else NULL
            kind = kinds[0]
        if kind == "array" or "items" in raw:
            return self._array(raw, document, pointer, hint)
        if kind == "object" or "properties" in raw or "additionalProperties" in raw:
            return self._object(raw, document, pointer, hint)
        if kind in PRIMITIVES:
            return Primitive(kind, raw.get("format") if isinstance(raw.get("format"), str) else None,
                             **constraints.scalar(raw))
        if "not" in raw:
            self.diagnostics.add("not-schema", pointer_join(pointer, "not"), "'not' schemas are not "
                                 "expressible in Python types; treated as any value")
        elif kind is not None:
            self.diagnostics.add("unknown-type", pointer_join(pointer, "type"), f"unknown type {kind!r}; "
                                 "treated as any value")
        return AnyValue()

    def _array(self, raw: dict[str, Any], document: Document, pointer: str, hint: str) -> Array:
        items = raw.get("items")
        if isinstance(items, list):  # 3.0 tuple typing
            self.diagnostics.add("tuple-items", pointer_join(pointer, "items"), "tuple 'items' are "
                                 "read as a list of any value")
            items = {}
        return Array(self.convert(items, document, pointer_join(pointer, "items"), hint + "Item"
                                  if "." not in hint else hint),
                     _int(raw.get("minItems")), _int(raw.get("maxItems")), constraints.unique_items(raw))

    def _object(self, raw: dict[str, Any], document: Document, pointer: str, hint: str) -> Schema:
        if isinstance(raw.get("properties"), dict):
            return self._hoist(raw, document, pointer, hint)
        additional = raw.get("additionalProperties")
        if isinstance(additional, dict) and additional:
            return Map(self.convert(additional, document,
                                    pointer_join(pointer, "additionalProperties"), hint + "Value"))
        return Map(AnyValue())

    def _hoist(self, raw: dict[str, Any], document: Document, pointer: str, hint: str) -> Ref:
        """An inline object or enum as a model, shared by every inline copy of its shape."""
        key = _shape_key(raw, document)
        if key in self._by_shape:
            return Ref(self._by_shape[key])
        parent, _, short = hint.rpartition(".")
        title = raw.get("title") if isinstance(raw.get("title"), str) else None
        candidate = pascal(title or short or "Model")
        if self._namer.taken(candidate) and parent:  # qualify before numbering
            candidate = pascal(parent.replace(".", "_")) + candidate
        name = self._namer.claim(candidate)
        self._by_shape[key] = name
        self._by_target[(str(document.path), pointer)] = name
        self.models[name] = self._model(name, raw, document, pointer)
        return Ref(name)

    def _enum(self, raw: dict[str, Any], pointer: str) -> Schema:
        values = raw.get("enum")
        if not isinstance(values, list) or not values:
            self.diagnostics.add("malformed-enum", pointer_join(pointer, "enum"), "empty or malformed "
                                 "enum; treated as any value")
            return AnyValue()
        unique = tuple(dict.fromkeys(plain(v) for v in values if v is not None and
                                     not isinstance(v, dict | list)))
        if not unique:
            return NULL
        kind = self._type_of(raw, unique[0])
        if not all(_fits(kind, value) for value in unique):
            self.diagnostics.add("enum-type-mismatch", pointer_join(pointer, "enum"), f"enum values do "
                                 f"not all fit type {kind!r}; read as strings")
            kind = "string"
        return Enum(kind, unique)

    @staticmethod
    def _type_of(raw: dict[str, Any], sample: Any) -> str:
        kind = raw.get("type")
        if isinstance(kind, list):
            kind = next((k for k in kind if k != "null"), None)
        if kind in PRIMITIVES and kind != "null":
            return str(kind)
        if isinstance(sample, bool):
            return "boolean"
        return "integer" if isinstance(sample, int) else "number" if isinstance(sample, float) else "string"

    def _union(self, raw: dict[str, Any], document: Document, pointer: str, hint: str) -> Schema:
        keyword = "oneOf" if "oneOf" in raw else "anyOf"
        parts = raw.get(keyword)
        if not isinstance(parts, list) or not parts:
            self.diagnostics.add("empty-composition", pointer_join(pointer, keyword), "empty "
                                 "composition; any value")
            return AnyValue()
        variants: list[Schema] = []
        # Bounded: a variant's hint repeats its parent's, which would double at every level
        # of nested oneOf (24 levels took 1.1 GB).
        base = hint.replace(".", "")[:MAX_NAME]
        for index, part in enumerate(parts):
            if isinstance(part, dict) and "type" not in part and "$ref" not in part \
                    and "type" in raw and not any(k in part for k in ("properties", "items")):
                part = {**part, "type": raw["type"]}  # e.g. {type: string, oneOf: [{format: ..}]}
            variant = self.convert(part, document, pointer_join(pointer, keyword, index),
                                   f"{base}.{base}Option{index + 1}")
            if variant not in variants:
                variants.append(variant)
        if any(isinstance(v, AnyValue) for v in variants):
            return AnyValue()
        if len(variants) == 1:
            return variants[0]
        discriminator = raw.get("discriminator")
        if not isinstance(discriminator, dict):
            return Union(tuple(variants))
        return Union(tuple(variants), _text(discriminator.get("propertyName")),
                     self._mapping(discriminator.get("mapping"), document, pointer))

    def _mapping(self, mapping: Any, document: Document, pointer: str) -> tuple[tuple[str, str], ...]:
        if not isinstance(mapping, dict):
            return ()
        pairs = []
        for value, ref in mapping.items():
            target_ref = ref if "/" in str(ref) or "#" in str(ref) else f"#/components/schemas/{ref}"
            schema = self._reference(target_ref, document,
                                     pointer_join(pointer, "discriminator", "mapping", value), "")
            if isinstance(schema, Ref):
                pairs.append((str(value), schema.name))
        return tuple(pairs)

    def _all_of_alias(self, raw: dict[str, Any], document: Document, pointer: str,
                      hint: str) -> Schema:
        """allOf without properties: usually one ``$ref`` with a description beside it."""
        parts = [p for p in raw.get("allOf") or [] if p not in ({}, True)]
        schemas = [self.convert(p, document, pointer_join(pointer, "allOf", i), hint)
                   for i, p in enumerate(parts)]
        concrete = [s for s in schemas if not isinstance(s, AnyValue)]
        if len(concrete) > 1:
            self.diagnostics.add("allof-non-object", pointer_join(pointer, "allOf"), "allOf of "
                                 "non-object schemas; the first is used")
        return concrete[0] if concrete else AnyValue()


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _fits(kind: str, value: Any) -> bool:
    """Whether an enum value is of the enum's type (any scalar can be written as a string)."""
    if kind == "string":
        return True
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, int | float) and not isinstance(value, bool)


def _noted(model: Model, raw: Any) -> Model:
    """``model`` with the ``x-apigen-notes`` of its schema, which its description ends with."""
    notes = tuple(str(n) for n in raw.get("x-apigen-notes") or ()) if isinstance(raw, dict) else ()
    if not notes:
        return model
    text, tail = model.description, "\n\n".join(notes)
    if text is not None and text.endswith(tail):
        text = text[:-len(tail)].removesuffix("\n\n") if text != tail else None
    return replace(model, notes=notes, description=text)
