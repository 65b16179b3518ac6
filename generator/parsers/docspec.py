"""Read doc specs: the project's compact YAML for APIs documented only in prose.

The format is described in ``docs/docspec.md`` and checked against ``docspec.schema.json``
before anything is built, so the builder trusts shapes and checks only meaning: that
references name models and that path parameters appear in their paths. The IR it builds
is the one the OpenAPI parser builds: inline enums become enum models, nullable types are
unions with null, paginated lists return a page model.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from generator.diagnostics import Diagnostic, Diagnostics, SpecError, pointer_join
from generator.ir import (
    AnyValue, Api, Array, Body, Enum, Envelope, Field, Map, Model, Operation,
    Parameter, Primitive, Ref, RequestBody, Response, Schema, Source, Union, Webhook,
)
from generator.documents import Document
from generator.parsers import docspec_examples, docspec_settings as settings
from generator.parsers.docspec_paging import Paging
from generator.parsers.docspec_schema import suggestion, validate
from generator.parsers.schemas import is_nullable, with_null
from generator.words import Namer, pascal

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
PRIMITIVES = ("string", "integer", "number", "boolean")
MEDIA_TYPES = {
    "json": "application/json",
    "form": "application/x-www-form-urlencoded",
    "multipart": "multipart/form-data",
    "binary": "application/octet-stream",
    "text": "text/plain",
}
INFERRED = "Inferred: "
_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


def looks_like_docspec(data: Any) -> bool:
    """True when parsed YAML is a doc spec (it names its ``api``) rather than OpenAPI."""
    return isinstance(data, dict) and "api" in data and not {"openapi", "swagger"} & data.keys()


def parse(document: Document, *, name: str) -> tuple[Api, list[Diagnostic]]:
    """The IR of a doc spec and its diagnostics; any problem with the spec itself raises
    :class:`SpecError` naming file, line and key."""
    validate(document)
    builder = _Builder(document)
    return builder.api(name), builder.diagnostics.found


# --- building the IR ----------------------------------------------------------------------


def _source(text: str) -> Source:
    """``000_x.txt:120`` as a :class:`Source` (the schema guarantees the shape)."""
    file, _, line = text.rpartition(":")
    return Source(file=file, line=int(line))


def _notes(spec: dict[str, Any]) -> tuple[str, ...]:
    """The entry's note, marked when the fact it explains was inferred."""
    note = spec.get("note")
    if not note:
        return ()
    return (INFERRED + note if spec.get("confidence") == "inferred" else note,)


def _facts(spec: Any) -> dict[str, Any]:
    """The keys written next to a type: ``required``, ``description`` … (none for a bare name)."""
    return spec if isinstance(spec, dict) else {}


def _described(facts: dict[str, Any]) -> str | None:
    """A field's or parameter's description followed by its note, marked when inferred."""
    parts = [facts.get("description"), *_notes(facts)]
    text = " ".join(str(part) for part in parts if part)
    return text or None


def _with_values(description: str | None, values: dict[str, Any]) -> str | None:
    """An enum's description followed by what each of its values means."""
    if not values:
        return description
    meanings = "\n".join(f"- {value}: {meaning}" for value, meaning in values.items())
    return f"{description}\n\n{meanings}" if description else meanings


class _Builder(Paging):
    """Builds one :class:`Api`; holds the model namespace, which grows with hoisted models."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.data: dict[str, Any] = document.data
        self.diagnostics = Diagnostics(document.name)
        self._class_names = Namer(separator="")
        self._declared: dict[str, str] = {}  # model key in the spec -> class name
        self._extra: list[Model] = []  # request bodies, pages and inline enums, in order
        self._enums: dict[tuple[str, tuple[Any, ...]], str] = {}
        self._pages: dict[Schema, str] = {}

    def api(self, name: str) -> Api:
        """The whole API."""
        data = self.data
        if data["api"] != name:
            self.diagnostics.add("api-name-mismatch", "/api", f"spec calls the API {data['api']!r}, "
                                 f"registered as {name!r}", self.document.line_of("/api"))
        models_spec = data.get("models") or {}
        for key in models_spec:  # claim declared names first: they win over hoisted ones
            self._declared[key] = self._class_names.claim(pascal(key))
        models = [self._model(key, spec) for key, spec in models_spec.items()]
        operations = [self._operation(key, spec)
                      for key, spec in (data.get("operations") or {}).items()]
        webhooks = [self._webhook(key, spec) for key, spec in (data.get("webhooks") or {}).items()]
        examples, sidecar = docspec_examples.load(self.document, self._declared, self.diagnostics)
        read = (self.document,) if sidecar is None else (self.document, sidecar)
        auth = settings.auth(data)
        return Api(
            name=name,
            title=data["title"],
            version=data["version"],
            description=data.get("description"),
            servers=tuple(settings.server(self.document, i, s) for i, s in enumerate(data.get("servers") or [])),
            auth=auth,
            security=(tuple(scheme.name for scheme in auth),) if auth else (),  # all together
            headers=self._parameters(data.get("headers"), "header", "/headers"),
            operations=tuple(operations),
            models=tuple(models) + tuple(self._extra),
            webhooks=tuple(webhooks),
            webhook_signature=settings.signature(self.document, data),
            error_message=(data.get("errors") or {}).get("message"),
            envelope=Envelope(**data["envelope"]) if "envelope" in data else None,
            examples=examples,
            source_file=self.document.name,
            source_sha256=self.document.sha256,
            documents=tuple((str(d.path.resolve()), d.sha256) for d in read),
        )

    def _error(self, pointer: str, message: str) -> SpecError:
        return SpecError(self.document.location(pointer), message)

    # --- types ------------------------------------------------------------------------

    def schema(self, spec: Any, pointer: str, hint: str) -> Schema:
        """The IR type written at ``pointer``; ``hint`` names an inline enum's model."""
        if isinstance(spec, str):
            return self._named(spec, pointer)
        if isinstance(spec, list):
            return Array(self.schema(spec[0], pointer_join(pointer, 0), hint))
        base = self._core(spec, pointer, hint)
        nullable = spec.get("nullable") is True or None in spec.get("enum", ())
        return with_null(base) if nullable else base

    def _named(self, name: str, pointer: str) -> Schema:
        if name in PRIMITIVES:
            return Primitive(name)
        if name == "object":
            return Map(AnyValue())
        if name == "any":
            return AnyValue()
        if name in self._declared:
            return Ref(self._declared[name])
        raise self._error(pointer, f"unknown model {name!r}{suggestion(name, self._declared)}")

    def _core(self, spec: dict[str, Any], pointer: str, hint: str) -> Schema:
        """A mapping's type without its nullability."""
        if "enum" in spec:
            return Ref(self._enum_model(spec, pointer, hint))
        if "items" in spec:
            items = self.schema(spec["items"], pointer_join(pointer, "items"), hint)
            return self._constrained(Array(items), spec, pointer)
        if "map" in spec:
            return Map(self.schema(spec["map"], pointer_join(pointer, "map"), hint))
        if "one_of" in spec:
            variants = (self.schema(item, pointer_join(pointer, "one_of", index), hint)
                        for index, item in enumerate(spec["one_of"]))
            return Union(tuple(dict.fromkeys(variants)))
        # Only parameters may leave the type out (the schema enforces it): they are strings.
        base = self.schema(spec.get("type", "string"), pointer_join(pointer, "type"), hint)
        return self._constrained(base, spec, pointer)

    def _constrained(self, base: Schema, spec: dict[str, Any], pointer: str) -> Schema:
        """``base`` with the format, bounds or item counts written next to it."""
        scalar = {k: spec[k] for k in ("format", "minimum", "maximum") if k in spec}
        counts = {k: spec[k] for k in ("min_items", "max_items") if k in spec}
        if scalar and not isinstance(base, Primitive):
            raise self._error(pointer, f"{', '.join(map(repr, scalar))} applies only to string, "
                              "integer, number or boolean")
        if counts and not isinstance(base, Array):
            raise self._error(pointer, f"{', '.join(map(repr, counts))} applies only to lists")
        return replace(base, **scalar, **counts) if scalar or counts else base

    def _enum_type(self, spec: dict[str, Any], values: tuple[Any, ...], pointer: str) -> str:
        """The declared or evident type of an enum's values."""
        kind = spec.get("type")
        if kind is not None:
            if kind not in PRIMITIVES:
                raise self._error(pointer_join(pointer, "type"), "an enum's type must be string, "
                                  f"integer, number or boolean, got {kind!r}")
            return str(kind)
        sample = values[0]
        if isinstance(sample, bool):
            return "boolean"
        return "integer" if isinstance(sample, int) else "number" if isinstance(sample, float) else "string"

    def _enum_values(self, spec: dict[str, Any], pointer: str) -> Enum:
        values = tuple(dict.fromkeys(v for v in spec["enum"] if v is not None))
        if not values:
            raise self._error(pointer_join(pointer, "enum"), "an enum needs a value besides null")
        return Enum(self._enum_type(spec, values, pointer), values)

    def _enum_model(self, spec: dict[str, Any], pointer: str, hint: str) -> str:
        """The enum model for an inline enum, shared by every enum with the same values."""
        enum = self._enum_values(spec, pointer)
        key = (enum.type, enum.values)
        if key not in self._enums:
            name = self._class_names.claim(pascal(hint))
            self._enums[key] = name
            self._extra.append(Model(name, schema=enum,
                                     source=Source(self.document.source_name, self.document.line_of(pointer),
                                                   pointer)))
        return self._enums[key]

    # --- models -----------------------------------------------------------------------

    def _model(self, key: str, spec: dict[str, Any]) -> Model:
        pointer = pointer_join("/models", key)
        model = Model(self._declared[key], spec_name=key,
                      description=_with_values(spec.get("description"), spec.get("values") or {}),
                      source=_source(spec["source"]), notes=_notes(spec))
        if "enum" in spec:
            return replace(model, schema=self._enum_values(spec, pointer))
        if "fields" not in spec:  # an alias of another type
            return replace(model, schema=self.schema(spec["type"], pointer_join(pointer, "type"),
                                                     model.name))
        additional = None
        if "additional" in spec:
            additional = self.schema(spec["additional"], pointer_join(pointer, "additional"),
                                     model.name + " value")
        return replace(model, fields=self._fields(spec["fields"], pointer_join(pointer, "fields"),
                                                  model.name), additional=additional)

    def _fields(self, spec: dict[str, Any] | None, pointer: str, owner: str) -> tuple[Field, ...]:
        """The fields of an object model (or request body) named ``owner``."""
        return tuple(self._field(str(wire), sub, pointer_join(pointer, wire), owner)
                     for wire, sub in (spec or {}).items())

    def _field(self, wire: str, spec: Any, pointer: str, owner: str) -> Field:
        facts = _facts(spec)
        schema = self.schema(spec, pointer, f"{owner} {wire}")
        return Field(
            name=wire,
            schema=schema,
            required=facts.get("required", False),
            nullable=is_nullable(schema),
            description=_described(facts),
            default=facts.get("default"),
            read_only=facts.get("read_only", False),
            write_only=facts.get("write_only", False),
            deprecated=facts.get("deprecated", False),
        )

    # --- operations -------------------------------------------------------------------

    def _operation(self, key: str, spec: dict[str, Any]) -> Operation:
        pointer = pointer_join("/operations", key)
        method = next(m for m in METHODS if m in spec)
        path = spec[method]
        *group, method_name = key.split(".")
        parameters = (
            self._path_parameters(path, spec.get("path") or {}, pointer)
            + self._parameters(spec.get("query"), "query", pointer_join(pointer, "query"), key)
            + self._parameters(spec.get("headers"), "header", pointer_join(pointer, "headers"), key)
        )
        pagination = None
        returns = None
        if "returns" in spec:
            returns = self.schema(spec["returns"], pointer_join(pointer, "returns"), key + " result")
        if spec.get("paginated") and returns is not None:  # the schema demands 'returns'
            config = self._page_config(pointer_join(pointer, "paginated"))
            pagination, returns = self._pagination(config, returns, key)
            parameters += self._page_parameters(config, parameters)
        bodies = (Body("application/json", "json", returns),) if returns is not None else ()
        return Operation(
            operation_id=key,
            name=method_name,
            group=tuple(group),
            placed=True,  # the spec's dotted key names the group and the method
            method=method,
            path=path,
            summary=spec.get("summary"),
            description=spec.get("description"),
            deprecated=spec.get("deprecated", False),
            parameters=parameters,
            request_body=self._request_body(key, spec, pointer),
            responses=(Response(str(spec.get("status", 200)), bodies=bodies),),
            pagination=pagination,
            source=_source(spec["source"]),
            notes=_notes(spec),
        )

    def _parameters(self, spec: dict[str, Any] | None, location: str, pointer: str,
                    owner: str = "") -> tuple[Parameter, ...]:
        """Query or header parameters (or the client's headers) written as a mapping."""
        return tuple(self._parameter(str(wire), sub, location, pointer_join(pointer, wire),
                                     f"{owner} {wire}")
                     for wire, sub in (spec or {}).items())

    def _parameter(self, wire: str, spec: Any, location: str, pointer: str, hint: str) -> Parameter:
        facts = _facts(spec)
        return Parameter(
            name=wire,
            location=location,
            schema=self.schema(spec, pointer, hint),
            required=location == "path" or facts.get("required", False),
            description=_described(facts),
            default=facts.get("default"),
            deprecated=facts.get("deprecated", False),
            example=facts.get("example"),
        )

    def _path_parameters(self, path: str, declared: dict[str, Any], pointer: str) -> tuple[Parameter, ...]:
        """One required parameter per ``{placeholder}``, typed where ``path:`` says so."""
        placeholders = list(dict.fromkeys(_PLACEHOLDER.findall(path)))
        for name in declared:
            if name not in placeholders:
                raise self._error(pointer_join(pointer, "path", name),
                                  f"path parameter {name!r} does not appear in {path!r}")
        return tuple(self._parameter(name, declared.get(name, "string"), "path",
                                     pointer_join(pointer, "path", name), name)
                     for name in placeholders)

    def _request_body(self, key: str, spec: dict[str, Any], pointer: str) -> RequestBody | None:
        """The body: a model or type name, or fields that become a ``…Request`` model."""
        if "body" not in spec:
            return None
        body, body_pointer = spec["body"], pointer_join(pointer, "body")
        if isinstance(body, dict) or body is None:
            name = self._class_names.claim(pascal(f"{key} request"))
            self._extra.append(Model(name,
                                     fields=self._fields(body, body_pointer, name),
                                     source=_source(spec["source"])))
            schema: Schema = Ref(name)
        else:
            schema = self.schema(body, body_pointer, key + " body")
        encoding = spec.get("content_type", "json")
        return RequestBody((Body(MEDIA_TYPES[encoding], encoding, schema),), required=True)

    # --- the rest ---------------------------------------------------------------------

    def _webhook(self, key: str, spec: dict[str, Any]) -> Webhook:
        pointer = pointer_join("/webhooks", key)
        return Webhook(
            name=key,
            method=spec.get("method", "POST"),
            payload=self.schema(spec["payload"], pointer_join(pointer, "payload"), key + " payload"),
            summary=spec.get("summary"),
            description=spec.get("description"),
            source=_source(spec["source"]),
            headers=self._parameters(spec.get("headers"), "header", pointer_join(pointer, "headers"), key),
        )
