"""Turn JSON Schemas (as OpenAPI 3.0/3.1 writes them) into the IR's type algebra.

Named schemas (anything reached through ``$ref``) and inline objects and enums become
:class:`Model`s; everything else stays inline. Inline objects with the same shape share
one model, so a spec that repeats a schema in every operation (as Webflow's does) yields
one ``Site`` class, not twenty. Names come from the schema's title, its property or the
operation, qualified by the parent only when the short name is taken by another shape.

``allOf`` is merged and ``oneOf`` inside it distributed (:mod:`composition`); ``nullable``
on a referenced schema holds at every use; ``items`` without ``type`` constrains arrays
only. Where a typed schema cannot be expressed the result is any value *with* a
diagnostic naming its JSON pointer, never silently.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from generator.diagnostics import Diagnostics, SpecError, pointer_join
from generator.ir import AnyValue, Array, Field, Map, Model, Primitive, Ref, Schema, Source, Union
from generator.documents import Document
from generator.parsers import schema_values as values
from generator.parsers.composition import CHOICES, COMPOSITION, Composer, Gathered, Part, annotates
from generator.parsers import constraints
from generator.parsers.refs import Resolver, Target
from generator.parsers.schema_values import NULL, PRIMITIVES, plain
from generator.words import MAX_NAME, Namer, pascal, singular, singular_noun

__all__ = ["SchemaConverter", "is_nullable", "plain", "with_null"]
# Property words too generic to name the items a list wrapper holds ({items: [...]}).
_GENERIC = frozenset({"item", "data", "result", "record", "entry", "value", "object", "element"})
# Keywords that only concern objects: a schema with them and no `type` is read as an object.
_OBJECT_KEYS = ("properties", "additionalProperties", "required")


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


def nullable(raw: Any) -> bool:
    """True when ``raw`` says null is allowed (``nullable``, Swagger's ``x-nullable``, a type list)."""
    if not isinstance(raw, dict):
        return False
    kind = raw.get("type")
    return raw.get("nullable") is True or raw.get("x-nullable") is True or (isinstance(kind, list) and "null" in kind)


def _shape_key(raw: Any, document: Document) -> str:
    """Two inline schemas with equal keys (examples aside) are the same model."""
    trimmed = {k: v for k, v in raw.items() if k not in ("example", "examples")} if isinstance(raw, dict) else raw
    try:
        return str(document.path) + json.dumps(trimmed, sort_keys=True, default=str)
    except TypeError:  # keys of mixed types (1 and "a") do not sort: make them all strings
        return str(document.path) + json.dumps(plain(trimmed), sort_keys=True, default=str)


class SchemaConverter:
    """Converts schemas one at a time while collecting the models they define."""

    def __init__(self, resolver: Resolver, diagnostics: Diagnostics) -> None:
        self.resolver = resolver
        self.diagnostics = diagnostics
        self.composer = Composer(resolver, diagnostics)
        self.models: dict[str, Model] = {}
        self._by_target: dict[tuple[str, str], str] = {}
        self._by_shape: dict[str, str] = {}
        self._merged: dict[tuple[str, str], Gathered | None] = {}
        self._namer = Namer(separator="")
        # Names to try before qualifying a taken one, by hint: a response named after its
        # resource (Site) falls back to its operation's name (UpdateSiteResponse).
        self.fallbacks: dict[str, str] = {}

    def convert(self, raw: Any, document: Document, pointer: str, hint: str) -> Schema:
        """The IR schema for ``raw`` found at ``pointer``; ``hint`` names hoisted models."""
        if raw is True or raw is None or raw == {}:
            return AnyValue()
        if not isinstance(raw, dict):
            self.diagnostics.add("schema-not-object", pointer, "schema is not an object; treated as any value")
            return AnyValue()
        if "$ref" in raw:
            schema = self._reference(raw["$ref"], document, pointer, hint)
        elif "$recursiveRef" in raw or "$dynamicRef" in raw:
            schema = self._recursive(document, pointer, hint)
        else:
            schema = self._core(raw, document, pointer, hint)
        return with_null(schema) if nullable(raw) else schema

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

    # --- references and models --------------------------------------------------------

    def _reference(self, ref: Any, document: Document, pointer: str, hint: str) -> Schema:
        """A reference; a target that says it is nullable makes every use of it nullable."""
        try:
            target = self.resolver.resolve(ref, document, pointer)
        except SpecError as exc:
            self.diagnostics.add("broken-ref", pointer, exc.message + "; treated as any value")
            return AnyValue()
        last = target.pointer.rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~")
        ref_name = last if target.pointer else target.document.path.stem
        spec_name = ref_name if target.pointer.startswith("/components/schemas/") else None
        schema: Schema = Ref(self.named(target, ref_name or hint, spec_name))
        # An alias model admits null itself; an object model cannot, so its uses do.
        if nullable(target.value) and self._is_object(target.value, target.document, target.pointer):
            schema = with_null(schema)
        return schema

    def _recursive(self, document: Document, pointer: str, hint: str) -> Schema:
        """``$recursiveRef``/``$dynamicRef`` (JSON Schema 2019-09/2020-12) written in a component:
        the component itself, which is what OpenAPI documents mean by it (``{$recursiveRef: "#"}``
        in a filter that nests filters)."""
        parts = pointer.split("/")
        if parts[1:3] == ["components", "schemas"] and len(parts) > 3:
            return self._reference("#" + "/".join(parts[:4]), document, pointer, hint)
        self.diagnostics.add("dynamic-ref", pointer, "a $recursiveRef or $dynamicRef outside a component "
                             "schema; treated as any value")
        return AnyValue()

    def _model(self, name: str, raw: Any, document: Document, pointer: str) -> Model:
        source = Source(document.source_name, None, pointer)
        if not isinstance(raw, dict):
            return Model(name, schema=AnyValue(), source=source)
        description = raw.get("description") if isinstance(raw.get("description"), str) else None
        if "$ref" in raw:  # another name for a schema: an alias of its model
            return Model(name, description=description, schema=self.convert(raw, document, pointer, name),
                         source=source)
        if self._is_object(raw, document, pointer):
            gathered = self._object_of(raw, document, pointer)
            assert gathered is not None
            return self._object_model(name, gathered, document, pointer, source)
        if "enum" in raw and not any(k in raw for k in COMPOSITION):
            schema = values.enum(raw, pointer, self.diagnostics)
        else:
            schema = self._core(raw, document, pointer, name, top=True)
        if nullable(raw):
            schema = with_null(schema)
        return Model(name, description=description, schema=schema, source=source)

    def _is_object(self, raw: Any, document: Document, pointer: str) -> bool:
        """An object with properties of its own or gathered through ``allOf``."""
        return isinstance(raw, dict) and self._object_of(raw, document, pointer) is not None

    def _object_of(self, raw: dict[str, Any], document: Document, pointer: str) -> Gathered | None:
        """The one object ``raw`` composes, or None when it is not one (a scalar, a union).

        Declared properties, even none (``{properties: {}}``), make a class; a bare ``{type:
        object}`` is a free-form mapping. ``oneOf`` alternatives that only change which
        properties are required (``oneOf: [{required: [a]}, {required: [b]}]``) are one
        object whose fields required by every alternative are required.
        """
        key = (str(document.path), pointer)
        if key not in self._merged:
            self._merged[key] = None  # a cycle through allOf reads as "not (yet) an object"
            self._merged[key] = self._compose_object(raw, document, pointer)
        return self._merged[key]

    def _compose_object(self, raw: dict[str, Any], document: Document, pointer: str) -> Gathered | None:
        own = isinstance(raw.get("properties"), dict)
        if not own and "allOf" not in raw:
            return None
        alternatives = self.composer.alternatives(raw, document, pointer)
        gathered = [self.composer.gather(parts) for parts in alternatives]
        if any(g.properties != gathered[0].properties for g in gathered):
            return None
        if not own and not gathered[0].properties:
            return None
        merged = self.composer.gather([part for parts in alternatives for part in parts])
        merged.required = set.intersection(*(g.required for g in gathered))
        return merged

    def _object_model(self, name: str, gathered: Gathered, document: Document, pointer: str,
                      source: Source) -> Model:
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
                     additional=extra, source=source, closed=gathered.closed,
                     title=gathered.title)

    def _child_hint(self, parent: str, prop: str, sub: Any) -> str:
        """Short names first (``CustomDomain``); :meth:`_hoist` qualifies them on a clash."""
        base = pascal(prop, fallback="Field")
        is_array = isinstance(sub, dict) and (sub.get("type") == "array" or "items" in sub)
        if is_array and parent.endswith("List") and len(parent) > 4 and singular_noun(prop).lower() in _GENERIC:
            return f"{parent}.{parent[:-4]}"  # the items of a CollectionItemList are CollectionItems
        return f"{parent}.{singular(base) if is_array else base}"

    # --- inline schemas ---------------------------------------------------------------

    def _core(self, raw: dict[str, Any], document: Document, pointer: str, hint: str,
              top: bool = False) -> Schema:
        """The schema without its nullability; ``top`` is set when ``raw`` is a model's own."""
        self._approximations(raw, pointer)
        if "allOf" in raw or (any(k in raw for k in CHOICES) and isinstance(raw.get("properties"), dict)):
            return self._composed(raw, document, pointer, hint, top)
        if any(k in raw for k in CHOICES):
            return self._union(raw, document, pointer, hint)
        if "const" in raw:
            return values.const(raw)
        if "enum" in raw:
            return self._hoist(raw, document, pointer, hint) if not top else values.enum(raw, pointer, self.diagnostics)
        kind = raw.get("type")
        if isinstance(kind, list):
            kinds = [k for k in kind if k != "null"]
            if len(kinds) != 1:
                variants = [self._core({**raw, "type": k}, document, pointer, hint) for k in kinds]
                return Union(tuple(variants)) if variants else NULL
            kind = kinds[0]
        if kind == "array":
            return self._array(raw, document, pointer, hint)
        if kind == "object" or any(k in raw for k in _OBJECT_KEYS):
            return self._object(raw, document, pointer, hint)
        if "items" in raw and kind is None:
            self.diagnostics.add("items-without-type", pointer, "'items' without 'type' constrains arrays "
                                 "only; typed as a list of its items or any other value")
            return Union((self._array(raw, document, pointer, hint), AnyValue()))
        if kind in PRIMITIVES:
            return Primitive(kind, raw.get("format") if isinstance(raw.get("format"), str) else None,
                             **constraints.scalar(raw))
        if kind is not None:
            self.diagnostics.add("unknown-type", pointer_join(pointer, "type"), f"unknown type {kind!r}; "
                                 "treated as any value")
        return AnyValue()

    def _approximations(self, raw: dict[str, Any], pointer: str) -> None:
        """Report the keywords read approximately: ``not`` and ``if``/``then``/``else``."""
        if "not" in raw:
            self.diagnostics.add("not-schema", pointer_join(pointer, "not"), "'not' schemas are not "
                                 "expressible in Python types; ignored (alone: any value)")
        if "if" in raw:
            self.diagnostics.add("conditional-schema", pointer_join(pointer, "if"), "'if'/'then'/'else' are "
                                 "not expressible in Python types; the schema is read without them")

    def _array(self, raw: dict[str, Any], document: Document, pointer: str, hint: str) -> Array:
        items = raw.get("items")
        if isinstance(items, list) or (items is None and "prefixItems" in raw):  # tuple typing
            at = pointer_join(pointer, "items" if isinstance(items, list) else "prefixItems")
            self.diagnostics.add("tuple-items", at, "tuple 'items' are read as a list of any value")
            items = {}
        parent, _, short = hint.rpartition(".")
        if not parent:
            item_hint = hint + "Item"
        else:  # the items of a SiteList are Sites
            item_hint = f"{parent}.{short[:-4]}" if short.endswith("List") and len(short) > 4 else hint
        return Array(self.convert(items, document, pointer_join(pointer, "items"), item_hint),
                     values.integer(raw.get("minItems")), values.integer(raw.get("maxItems")),
                     constraints.unique_items(raw))

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
        name = self._claim(hint, raw.get("title"))
        self._by_shape[key] = name
        self._by_target[(str(document.path), pointer)] = name
        self.models[name] = self._model(name, raw, document, pointer)
        return Ref(name)

    def _claim(self, hint: str, title: Any) -> str:
        """A model name from the schema's title or the hint's short name, qualified by the
        hint's parent before being numbered."""
        parent, _, short = hint.rpartition(".")
        candidate = pascal(title if isinstance(title, str) and title else short or "Model")
        fallback = self.fallbacks.get(hint)
        if self._namer.taken(candidate) and fallback and not self._namer.taken(fallback):
            candidate = fallback
        elif self._namer.taken(candidate) and parent:  # qualify before numbering
            candidate = pascal(parent.replace(".", "_")) + candidate
        return self._namer.claim(candidate)

    # --- compositions -----------------------------------------------------------------

    def _composed(self, raw: dict[str, Any], document: Document, pointer: str, hint: str,
                  top: bool) -> Schema:
        """``allOf`` (and ``oneOf`` beside properties): a reference, a merged model or a union."""
        if self._object_of(raw, document, pointer) is not None and not self._lone_part(raw, document, pointer):
            if top:  # a named schema is an object model itself (see _model); reached only on cycles
                return AnyValue()
            return self._hoist(raw, document, pointer, hint)
        alternatives = self.composer.alternatives(raw, document, pointer)
        if len(alternatives) == 1:
            return self._alternative(alternatives[0], hint)
        base = hint.replace(".", "")[:MAX_NAME]
        variants: list[Schema] = []
        for index, parts in enumerate(alternatives):
            variant = self._alternative(parts, f"{base}.{base}{_option_name(parts, index)}")
            if variant not in variants:
                variants.append(variant)
        return self._variants(variants, raw, pointer, alternatives)

    def _lone_part(self, raw: dict[str, Any], document: Document, pointer: str) -> bool:
        """True when one ``allOf`` part types ``raw`` and the rest only annotate it."""
        alternatives = self.composer.alternatives(raw, document, pointer)
        return len(alternatives) == 1 and _lone(alternatives[0]) is not None

    def _alternative(self, parts: list[Part], hint: str) -> Schema:
        """Parts that all apply: the one that types them, a merged object, or a merged scalar."""
        lone = _lone(parts)
        if lone is not None:  # {allOf: [$ref User], nullable: true} is a (nullable) User
            origin, document, pointer = lone.origin
            return self.convert(origin, document, pointer, hint)
        typed = [p for p in parts if not p.annotates]
        if not typed:
            return AnyValue()
        gathered = self.composer.gather(parts)
        if gathered.properties:
            return self._hoist_parts(parts, gathered, hint)
        kinds = {json.dumps(p.raw["type"], default=str) for p in typed if "type" in p.raw}
        if len(kinds) > 1:
            self.diagnostics.add("allof-non-object", pointer_join(typed[0].pointer), "allOf of schemas "
                                 "of different types, which no value satisfies; the last type is used")
        merged: dict[str, Any] = {}
        for part in typed:
            merged.update({k: v for k, v in part.raw.items() if k not in COMPOSITION})
        return self._core(merged, typed[-1].document, typed[-1].pointer, hint)

    def _hoist_parts(self, parts: list[Part], gathered: Gathered, hint: str) -> Ref:
        """A model merging ``parts`` (one alternative of a distributed ``oneOf``)."""
        first = next((p for p in parts if p.own), parts[0])
        key = json.dumps([(str(p.document.path), p.pointer) for p in parts])
        if key in self._by_shape:
            return Ref(self._by_shape[key])
        name = self._claim(hint, None)
        self._by_shape[key] = name
        source = Source(first.document.source_name, None, first.pointer)
        self.models[name] = self._object_model(name, gathered, first.document, first.pointer, source)
        return Ref(name)

    def _variants(self, variants: list[Schema], raw: dict[str, Any], pointer: str,
                  alternatives: list[list[Part]]) -> Schema:
        if any(isinstance(v, AnyValue) for v in variants):
            self.diagnostics.add("any-variant", pointer, "an alternative of this composition accepts any "
                                 "value, so the whole does; typed as any value")
            return AnyValue()
        if len(variants) == 1:
            return variants[0]
        holder = next((p.raw for parts in alternatives for p in parts if isinstance(p.raw.get("discriminator"), dict)),
                      raw)
        discriminator = holder.get("discriminator")
        name = _text(discriminator.get("propertyName")) if isinstance(discriminator, dict) else None
        return Union(tuple(variants), name)

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
            if any(_untyped(p) for p in parts):  # a lossy variant reported its own loss
                self.diagnostics.add("any-variant", pointer_join(pointer, keyword), "a variant accepts any "
                                     "value, so the union does; typed as any value")
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
            if isinstance(schema, Union):  # a nullable target: the mapping names the model
                schema = schema.variants[0]
            if isinstance(schema, Ref):
                pairs.append((str(value), schema.name))
        return tuple(pairs)


def _lone(parts: list[Part]) -> Part | None:
    """The one part written beside the schema's own keywords that types ``parts``, if so."""
    typed = [p for p in parts if not p.annotates]
    return typed[0] if len(typed) == 1 and not typed[0].own else None


def _option_name(parts: list[Part], index: int) -> str:
    """Words naming one alternative of a distributed ``oneOf``: the chosen schema's title,
    its component name or its first required property."""
    chosen = parts[-1] if parts else None
    if chosen is None:
        return f"Option{index + 1}"
    origin = chosen.origin[0] if chosen.origin else None
    if isinstance(origin, dict) and isinstance(origin.get("$ref"), str):
        return pascal(origin["$ref"].rsplit("/", 1)[-1], fallback="Option")
    if isinstance(chosen.raw.get("title"), str):
        return pascal(chosen.raw["title"], fallback="Option")
    required = chosen.raw.get("required")
    if isinstance(required, list) and required:
        return pascal(str(required[0]), fallback="Option")
    return f"Option{index + 1}"


def _untyped(raw: Any) -> bool:
    """True for a schema that accepts anything: ``{}``, ``true``, annotations only."""
    return raw is True or raw is None or (isinstance(raw, dict) and "$ref" not in raw and annotates(raw))


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _noted(model: Model, raw: Any) -> Model:
    """``model`` with the ``x-apigen-notes`` of its schema, which its description ends with."""
    notes = tuple(str(n) for n in raw.get("x-apigen-notes") or ()) if isinstance(raw, dict) else ()
    if not notes:
        return model
    text, tail = model.description, "\n\n".join(notes)
    if text is not None and text.endswith(tail):
        text = text[:-len(tail)].removesuffix("\n\n") if text != tail else None
    return replace(model, notes=notes, description=text)
