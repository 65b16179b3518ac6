"""Read an OpenAPI 2.0, 3.0 or 3.1 document into the IR.

Swagger 2.0 is upgraded to the 3.0 shape first (:mod:`swagger2`); schemas are converted
by :mod:`schemas`; references are followed by :mod:`refs`. Anything the IR cannot express
becomes a warning naming its JSON pointer, and the rest still generates.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, TypeVar

from generator import naming
from generator.diagnostics import Diagnostics, Location, SpecError, pointer_join
from generator.grouping import build_tree
from generator.ir import (
    Api, Array, AuthScheme, Body, Envelope, Model, Operation, Pagination, Parameter, Primitive, Ref,
    RequestBody, Response, Schema, Server, ServerVariable, Source, Union, Webhook, WebhookSignature,
)
from generator.loader import Document
from generator.parsers import swagger2
from generator.parsers.refs import Resolver, Target
from generator.parsers.schemas import NULL, SchemaConverter, plain

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# OpenAPI says these header parameters are ignored: the client sets them itself.
_IGNORED_HEADERS = {"accept", "content-type", "authorization"}
_OFFSET_PARAMS = {"offset": "offset", "skip": "offset", "start": "start_range"}
_LIMIT_PARAMS = ("limit", "range", "page_size", "per_page")
_ITEM_FIELDS = ("items", "data", "results", "records", "list", "entries")
# Path segments that name a version or an API root, not a resource (/v1/customers).
_VERSION_SEGMENT = re.compile(r"^(v\d+([._]\d+)*|api|rest|\d[\d.\-]*)$", re.IGNORECASE)
_TOTAL_FIELDS = ("total", "totalCount", "total_count", "count", "totalResults")


def parse(document: Document, *, name: str, package: str) -> Api:
    """The IR of the OpenAPI ``document``; raises SpecError when it cannot be read at all."""
    spec = document.data
    if not isinstance(spec, dict):
        raise SpecError(Location(document.name), "not an OpenAPI document (top level is not a mapping)")
    if str(spec.get("swagger", "")).startswith("2"):
        document = Document(document.path, document.text, swagger2.upgrade(spec), has_lines=False)
    elif not str(spec.get("openapi", "")).startswith("3"):
        raise SpecError(Location(document.name, 1),
                        "not an OpenAPI document: expected 'openapi: 3.x' or 'swagger: \"2.0\"'")
    return _Parser(document, name, package).api()


class _Parser:
    """One document's conversion; holds the resolver, schema converter and warnings."""

    def __init__(self, document: Document, name: str, package: str) -> None:
        self.document = document
        self.spec: dict[str, Any] = document.data
        self.name = name
        self.package = package
        self.diagnostics = Diagnostics(document.name)
        self.resolver = Resolver(document)
        self.schemas = SchemaConverter(self.resolver, self.diagnostics)
        self._operation_ids: set[str] = set()
        self._slots: dict[str, tuple[str, str]] = {}  # where each security scheme's credential goes
        self._collisions: set[tuple[str, str]] = set()  # scheme pairs already reported as colliding
        self._default_security: tuple[tuple[str, ...], ...] = ()
        # Parameters that are a credential the client sends itself ("query 'key'"), by count.
        self._credential_parameters: dict[str, int] = {}

    def api(self) -> Api:
        """Build the whole :class:`Api`."""
        components = self._mapping(self.spec.get("components"), "/components")
        for schema_name, raw in self._mapping(components.get("schemas"), "/components/schemas").items():
            pointer = pointer_join("/components/schemas", schema_name)
            self.schemas.named(Target(self.document, pointer, raw), str(schema_name))
        auth = self._auth(self._mapping(components.get("securitySchemes"), "/components/securitySchemes"))
        self._slots = {scheme.name: _slot(scheme) for scheme in auth}
        self._default_security = self._security(self.spec.get("security"), "/security") or ()
        operations = self._operations()
        self._report_credential_parameters()
        webhooks = self._webhooks()
        info = self._mapping(self.spec.get("info"), "/info")
        return _apigen_extensions(self, operations, Api(
            name=self.name,
            package=self.package,
            title=str(info.get("title") or self.name),
            version=str(info.get("version") or ""),
            client_name=naming.pascal(self.name, fallback="Api"),
            description=_text(info.get("description")),
            servers=self._servers(),
            auth=auth,
            security=self._default_security,
            root=build_tree(operations),
            models=tuple(sorted(self.schemas.models.values(), key=lambda m: m.name)),
            webhooks=webhooks,
            source_file=self.document.name,
            source_sha256=self.document.sha256,
            documents=tuple((str(path), doc.sha256) for path, doc in self.resolver.documents.items()),
            warnings=tuple(self.diagnostics.warnings),
        ))

    def _report_credential_parameters(self) -> None:
        for label, count in sorted(self._credential_parameters.items()):
            self.diagnostics.warn("/components/securitySchemes", f"{count} operation(s) declare the "
                                  f"{label} parameter that their security scheme sends; the client "
                                  "sends it from its credentials, so methods take no such argument")

    # --- helpers ------------------------------------------------------------------------

    def _mapping(self, value: Any, pointer: str) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.diagnostics.warn(pointer, "expected a mapping; ignored")
            return {}
        return value

    def _deref(self, value: Any, pointer: str) -> tuple[Any, Document]:
        """``value`` with references followed; a broken one warns and gives ``{}``."""
        try:
            return self.resolver.follow(value, self.document, pointer)
        except SpecError as exc:
            self.diagnostics.warn(pointer, exc.message + "; skipped")
            return {}, self.document

    # --- security and servers -----------------------------------------------------------

    def _auth(self, schemes: dict[str, Any]) -> tuple[AuthScheme, ...]:
        found = []
        for scheme_name, raw in schemes.items():
            pointer = pointer_join("/components/securitySchemes", scheme_name)
            raw, _ = self._deref(raw, pointer)
            scheme = self._scheme(str(scheme_name), raw, pointer) if isinstance(raw, dict) else None
            if scheme is not None:
                found.append(scheme)
        return tuple(found)

    def _scheme(self, scheme_name: str, raw: dict[str, Any], pointer: str) -> AuthScheme | None:
        kind = raw.get("type")
        description = _text(raw.get("description"))
        if kind == "http" and str(raw.get("scheme", "")).lower() == "basic":
            return AuthScheme(scheme_name, "basic_auth", "basic", description=description)
        if kind in ("oauth2", "openIdConnect") or (
                kind == "http" and str(raw.get("scheme", "")).lower() == "bearer"):
            return AuthScheme(scheme_name, "token", "bearer", description=description)
        if kind == "apiKey" and raw.get("in") in ("header", "query", "cookie") and raw.get("name"):
            return AuthScheme(scheme_name, naming.snake(str(raw["name"]), fallback="api_key"),
                              "api_key", str(raw["in"]), str(raw["name"]), description)
        self.diagnostics.warn(pointer, f"security scheme type {kind!r} "
                              f"{raw.get('scheme') or ''} is not supported; skipped")
        return None

    def _security(self, value: Any, pointer: str) -> tuple[tuple[str, ...], ...] | None:
        """Security requirements: alternatives, each the schemes used together."""
        if value is None:
            return None
        if not isinstance(value, list):
            self.diagnostics.warn(pointer, "security must be a list; ignored")
            return None
        requirements = [self._sendable(tuple(str(k) for k in r), pointer_join(pointer, index))
                        for index, r in enumerate(value) if isinstance(r, dict)]
        return tuple(dict.fromkeys(requirements))

    def _sendable(self, requirement: tuple[str, ...], pointer: str) -> tuple[str, ...]:
        """``requirement`` without schemes that would overwrite an earlier one's header,
        query parameter or cookie (basic auth and an API key both in ``Authorization``)."""
        taken: dict[tuple[str, str], str] = {}  # slot -> the scheme that fills it
        sendable = []
        for name in requirement:
            slot = self._slots.get(name)
            if slot in taken:
                if (taken[slot], name) not in self._collisions:  # once: Google's specs pair them everywhere
                    self._collisions.add((taken[slot], name))
                    self.diagnostics.warn(pointer, f"schemes {taken[slot]!r} and {name!r} both set the "
                                          f"{slot[0]} {slot[1]!r}; only {taken[slot]!r} is sent "
                                          "(here and wherever both are required)")
                continue
            if slot is not None:
                taken[slot] = name
            sendable.append(name)
        return tuple(sendable)

    def _servers(self) -> tuple[Server, ...]:
        servers = []
        for index, raw in enumerate(self.spec.get("servers") or []):
            if not isinstance(raw, dict) or not isinstance(raw.get("url"), str):
                self.diagnostics.warn(pointer_join("/servers", index), "server without a url; skipped")
                continue
            variables = tuple(
                ServerVariable(str(var), naming.snake(str(var)), _text(plain(v.get("default"))),
                               tuple(str(e) for e in v.get("enum") or ()), _text(v.get("description")))
                for var, v in self._mapping(raw.get("variables"), "/servers").items()
                if isinstance(v, dict)
            )
            servers.append(Server(raw["url"], _text(raw.get("description")), variables))
        return tuple(servers)

    # --- operations ---------------------------------------------------------------------

    def _operations(self) -> list[Operation]:
        operations = []
        for path, item in self._mapping(self.spec.get("paths"), "/paths").items():
            pointer = pointer_join("/paths", path)
            item, _ = self._deref(item, pointer)
            if not isinstance(item, dict):
                continue
            shared = item.get("parameters") or []
            for method in METHODS:
                if isinstance(item.get(method), dict):
                    operations.append(self._operation(str(path), method, item[method], shared,
                                                      pointer_join(pointer, method)))
        return operations

    def _operation(self, path: str, method: str, op: dict[str, Any], shared: list[Any],
                   pointer: str) -> Operation:
        operation_id = _text(op.get("operationId")) or f"{method} {path}"
        if operation_id in self._operation_ids:
            self.diagnostics.warn(pointer_join(pointer, "operationId"),
                                  f"duplicate operationId {operation_id!r}; the method name is numbered")
        self._operation_ids.add(operation_id)
        hint = naming.pascal(operation_id, fallback="Operation")
        security = self._security(op.get("security"), pointer_join(pointer, "security"))
        credentials = {self._slots[scheme] for alternative in
                       (self._default_security if security is None else security)
                       for scheme in alternative if scheme in self._slots}
        parameters = self._parameters(shared, op.get("parameters") or [], pointer, hint, credentials)
        responses = self._responses(op.get("responses"), pointer, hint)
        if "callbacks" in op:
            self.diagnostics.warn(pointer_join(pointer, "callbacks"), "callbacks are not generated")
        operation = Operation(
            operation_id=operation_id,
            py_name=self._method_name(op, operation_id, method, path),
            group=self._group(op, path),
            method=method.upper(),
            path=path,
            summary=_text(op.get("summary")),
            description=_text(op.get("description")),
            deprecated=op.get("deprecated") is True,
            parameters=parameters,
            request_body=self._request_body(op.get("requestBody"), pointer, hint),
            responses=responses,
            security=security,
            tags=tuple(str(t) for t in op.get("tags") or () if isinstance(t, str | int)),
            source=Source(self.document.source_name, None, pointer),
        )
        return _with_pagination(operation, self.schemas)

    @staticmethod
    def _group(op: dict[str, Any], path: str) -> tuple[str, ...]:
        fern = op.get("x-fern-sdk-group-name")
        if isinstance(fern, str) and fern:
            return (naming.identifier(fern),)
        if isinstance(fern, list) and fern:
            return tuple(naming.identifier(str(part)) for part in fern)
        tags = op.get("tags")
        if isinstance(tags, list) and tags and isinstance(tags[0], str) and naming.words(tags[0]):
            return (naming.identifier(tags[0]),)
        segments = [s for s in path.split("/") if s and not s.startswith("{") and not _VERSION_SEGMENT.match(s)]
        return (naming.identifier(segments[0]),) if segments else ()

    @staticmethod
    def _method_name(op: dict[str, Any], operation_id: str, method: str, path: str) -> str:
        fern = op.get("x-fern-sdk-method-name")
        if isinstance(fern, str) and naming.words(fern):
            return naming.identifier(fern, fallback="call")
        if isinstance(op.get("operationId"), str) and naming.words(operation_id):
            return naming.identifier(operation_id, fallback="call")
        return naming.identifier(f"{method} {path}", fallback="call")

    def _parameters(self, shared: list[Any], own: list[Any], pointer: str, hint: str,
                    credentials: set[tuple[str, str]]) -> tuple[Parameter, ...]:
        """The operation's parameters, shared ones first, less those the client sets itself:
        headers OpenAPI ignores, and the credentials of the security schemes the operation
        uses (Trello's ``key`` and ``token`` query parameters, declared on every operation)."""
        # An operation's parameter replaces a shared one of the same location and name
        # (any letter case, for a header: AWS specs share "X-Amz-Date" and redeclare "x-amz-date").
        merged: dict[tuple[str, str], tuple[dict[str, Any], str]] = {}
        sources = [(shared, pointer.rsplit("/", 1)[0] + "/parameters"), (own, pointer + "/parameters")]
        for params, base in sources:
            for index, raw in enumerate(params if isinstance(params, list) else []):
                at = pointer_join(base, index)
                raw, _ = self._deref(raw, at)
                if isinstance(raw, dict) and isinstance(raw.get("name"), str):
                    location = str(raw.get("in"))
                    merged[(location, raw["name"].lower() if location == "header" else raw["name"])] = (raw, at)
        names = naming.Namer()
        result = []
        for slot, (raw, at) in merged.items():
            location, wire = slot[0], raw["name"]
            if location not in ("path", "query", "header", "cookie"):
                self.diagnostics.warn(at, f"parameter location {location!r} is not supported; skipped")
                continue
            if location == "header" and slot[1] in _IGNORED_HEADERS:
                continue
            if slot in credentials:
                label = f"{location} {slot[1]!r}"
                self._credential_parameters[label] = self._credential_parameters.get(label, 0) + 1
                continue
            result.append(self._parameter(wire, location, raw, at, hint, names))
        return tuple(result)

    def _parameter(self, wire: str, location: str, raw: dict[str, Any], at: str, hint: str,
                   names: naming.Namer) -> Parameter:
        schema_raw = raw.get("schema")
        if schema_raw is None and isinstance(raw.get("content"), dict) and raw["content"]:
            schema_raw = next(iter(raw["content"].values())).get("schema")
        schema = self.schemas.convert(schema_raw, self.document, pointer_join(at, "schema"),
                                      hint + naming.pascal(wire, fallback="Param"))
        default = schema_raw.get("default") if isinstance(schema_raw, dict) else None
        return Parameter(
            name=wire,
            py_name=names.claim(naming.snake(wire, fallback="param")),
            location=location,
            schema=schema,
            required=location == "path" or raw.get("required") is True,
            description=_text(raw.get("description")),
            default=plain(default),
            style=_text(raw.get("style")),
            explode=raw.get("explode") if isinstance(raw.get("explode"), bool) else None,
            deprecated=raw.get("deprecated") is True,
            example=plain(raw.get("example")),
        )

    def _bodies(self, content: Any, pointer: str, hint: str) -> tuple[Body, ...]:
        bodies = []
        for content_type, media in self._mapping(content, pointer).items():
            at = pointer_join(pointer, content_type)
            media = media if isinstance(media, dict) else {}
            schema = self.schemas.convert(media.get("schema"), self.document,
                                          pointer_join(at, "schema"), hint)
            bodies.append(Body(str(content_type), _encoding(str(content_type)), schema,
                               plain(_example(media))))
        return tuple(sorted(bodies, key=lambda b: _ENCODING_ORDER.index(b.encoding)))

    def _request_body(self, raw: Any, pointer: str, hint: str,
                      suffix: str = "Request") -> RequestBody | None:
        if raw is None:
            return None
        at = pointer_join(pointer, "requestBody")
        raw, _ = self._deref(raw, at)
        if not isinstance(raw, dict):
            return None
        bodies = self._bodies(raw.get("content"), pointer_join(at, "content"), hint + suffix)
        if not bodies:
            return None
        return RequestBody(bodies, raw.get("required") is True, _text(raw.get("description")))

    def _responses(self, raw: Any, pointer: str, hint: str) -> tuple[Response, ...]:
        responses = []
        for status, response in self._mapping(raw, pointer_join(pointer, "responses")).items():
            at = pointer_join(pointer, "responses", status)
            response, _ = self._deref(response, at)
            if not isinstance(response, dict):
                continue
            status = str(status).upper()
            name = f"{hint}.{hint}Response" if status.startswith("2") else f"{hint}.Error"
            bodies = self._bodies(response.get("content"), pointer_join(at, "content"), name)
            responses.append(Response(status, _text(response.get("description")), bodies))
        return tuple(responses)

    # --- webhooks -----------------------------------------------------------------------

    def _webhooks(self) -> tuple[Webhook, ...]:
        webhooks = []
        names = naming.Namer()
        for event, item in self._mapping(self.spec.get("webhooks"), "/webhooks").items():
            pointer = pointer_join("/webhooks", event)
            item, _ = self._deref(item, pointer)
            for method in METHODS:
                op = item.get(method) if isinstance(item, dict) else None
                if not isinstance(op, dict):
                    continue
                hint = naming.pascal(str(event), fallback="Event") + "Payload"
                body = self._request_body(op.get("requestBody"), pointer_join(pointer, method), hint,
                                          suffix="")
                webhooks.append(Webhook(
                    name=str(event), py_name=names.claim(naming.snake(str(event), fallback="event")),
                    method=method.upper(), payload=body.preferred.schema if body else None,
                    summary=_text(op.get("summary")), description=_text(op.get("description")),
                    source=Source(self.document.source_name, None, pointer_join(pointer, method))))
        return tuple(webhooks)


# --- x-apigen-* extensions ---------------------------------------------------------------
# Facts of the IR that OpenAPI has no words for, written by templates/openapi
# (docs/openapi-out.md) so that its documents read back into the IR they came from.
# A document without these extensions reads exactly as before.

_Noted = TypeVar("_Noted", Operation, Model)


def _apigen_extensions(parser: _Parser, operations: list[Operation], api: Api) -> Api:
    """``api`` with the facts of every ``x-apigen-*`` extension of the document applied."""
    spec, document = parser.spec, parser.document
    ext = {k: v for k, v in spec.items() if str(k).startswith("x-apigen-")}
    components: dict[str, Any] = parser._mapping(spec.get("components"), "/components")
    shared: dict[str, Any] = parser._mapping(components.get("parameters"), "/components/parameters")
    names = naming.Namer()
    headers = tuple(parser._parameter(str(shared[key]["name"]), "header", shared[key],
                                      pointer_join("/components/parameters", key), "", names)
                    for key in ext.get("x-apigen-client-headers") or ()
                    if isinstance(shared.get(key), dict) and isinstance(shared[key].get("name"), str))

    def noted(item: _Noted, raw: dict[str, Any]) -> _Noted:
        notes = tuple(str(n) for n in raw.get("x-apigen-notes") or ())
        text, tail = item.description, "\n\n".join(notes)  # the description ends with the notes
        if notes and text is not None and text.endswith(tail):
            text = text[:-len(tail)].removesuffix("\n\n") if text != tail else None
        return replace(item, notes=notes, description=text) if notes else item

    ops = []
    for op in operations:
        pointer = op.source.pointer if op.source and op.source.pointer else ""
        raw = parser._deref(spec["paths"][op.path], pointer)[0][op.method.lower()]
        page = raw.get("x-apigen-pagination")
        if page is not None and not _has_keys(page, "style", "offset", "limit"):
            raise SpecError(document.location(pointer_join(pointer, "x-apigen-pagination")),
                            "x-apigen-pagination needs style, offset and limit")
        if isinstance(page, dict):
            item = parser.schemas.convert(page.get("item"), document, pointer_join(
                pointer, "x-apigen-pagination", "item"), naming.pascal(op.operation_id) + "Item")
            op = replace(op, pagination=Pagination(
                str(page["style"]), str(page["offset"]), str(page["limit"]), page.get("items"),
                page.get("total"), page.get("max_limit"), item if page.get("item") else None))
        if raw.get("x-apigen-group") == []:  # an operation on the client itself
            op = replace(op, group=())
        op = replace(op, parameters=tuple(  # client headers are repeated on every operation
            p for p in op.parameters
            if not any(replace(p, py_name=h.py_name) == h for h in headers)))
        ops.append(noted(op, raw))
    schemas: dict[str, Any] = parser._mapping(components.get("schemas"), "/components/schemas")
    noted_models = {parser.schemas.named(Target(document, pointer_join("/components/schemas", key),
                                                raw), str(key)): raw
                    for key, raw in schemas.items() if isinstance(raw, dict)}
    raw_schemes: dict[str, Any] = parser._mapping(components.get("securitySchemes"), "")
    servers = [raw for raw in spec.get("servers") or () if isinstance(raw, dict)
               and isinstance(raw.get("url"), str)]
    envelope, signature = ext.get("x-apigen-envelope"), ext.get("x-apigen-webhook-signature")
    for key, value, needed in (("x-apigen-envelope", envelope, ("data",)),
                               ("x-apigen-webhook-signature", signature, ("header", "algorithm"))):
        if value is not None and not _has_keys(value, *needed):
            raise SpecError(document.location(f"/{key}"), f"{key} needs {' and '.join(needed)}")
    return replace(
        api,
        root=build_tree(ops),
        headers=headers,
        models=tuple(noted(m, noted_models.get(m.name, {})) for m in api.models),
        auth=tuple(replace(a, param_name=str(raw_schemes[a.name]["x-apigen-header"]))
                   if "x-apigen-header" in (raw_schemes.get(a.name) or {}) else a for a in api.auth),
        servers=tuple(replace(server, variables=tuple(
            replace(v, default=None) if (raw.get("variables") or {}).get(v.name, {}).get(
                "x-apigen-no-default") is True else v for v in server.variables))
            for server, raw in zip(api.servers, servers, strict=True)),
        envelope=Envelope(str(envelope["data"]), envelope.get("code"))
        if isinstance(envelope, dict) else None,
        webhook_signature=WebhookSignature(str(signature["header"]), str(signature["algorithm"]),
                                           str(signature.get("encoding", "hex")))
        if isinstance(signature, dict) else None,
        error_message=_text(ext.get("x-apigen-error-message")),
    )


def _slot(scheme: AuthScheme) -> tuple[str, str]:
    """Where a scheme's credential goes: (location, name), header names case-insensitive."""
    if scheme.kind == "api_key" and scheme.location != "header":
        return scheme.location, scheme.param_name
    return "header", scheme.param_name.lower()


_ENCODING_ORDER = ("json", "form", "multipart", "text", "binary")


def _encoding(content_type: str) -> str:
    media = content_type.split(";")[0].strip().lower()
    if media == "application/json" or media.endswith("+json") or media == "*/*":
        return "json"
    if media == "application/x-www-form-urlencoded":
        return "form"
    if media.startswith("multipart/"):
        return "multipart"
    if media.startswith("text/"):
        return "text"
    return "binary"


def _example(media: dict[str, Any]) -> Any:
    if "example" in media:
        return media["example"]
    examples = media.get("examples")
    if isinstance(examples, dict):
        for example in examples.values():
            if isinstance(example, dict) and "value" in example:
                return example["value"]
    schema = media.get("schema")
    return schema.get("example") if isinstance(schema, dict) else None


def _with_pagination(op: Operation, schemas: SchemaConverter) -> Operation:
    """Detect offset/limit (or skip/limit, start/range) pagination of a GET list operation."""
    query = {p.name for p in op.parameters if p.location == "query"}
    offset = next((q for q in _OFFSET_PARAMS if q in query), None)
    limit = next((q for q in _LIMIT_PARAMS if q in query), None)
    success = op.success
    if op.method != "GET" or offset is None or limit is None or success is None or not success.bodies:
        return op
    found = _items_and_total(success.bodies[0].schema, schemas)
    if found is None:
        return op
    items, total, item_schema = found
    return replace(op, pagination=Pagination(_OFFSET_PARAMS[offset], offset, limit, items, total,
                                             _page_size_limit(op, limit), item_schema))


def _page_size_limit(op: Operation, limit: str) -> int | None:
    """The largest page the limit parameter allows, when its schema states a whole number."""
    schema = next(p.schema for p in op.parameters if p.location == "query" and p.name == limit)
    if isinstance(schema, Union):  # a nullable limit: the bound is on its non-null variant
        schema = next((v for v in schema.variants if v != NULL), schema)
    maximum = schema.maximum if isinstance(schema, Primitive) else None
    return maximum if isinstance(maximum, int) and not isinstance(maximum, bool) else None


def _items_and_total(schema: Schema, schemas: SchemaConverter
                     ) -> tuple[str | None, str | None, Schema] | None:
    if isinstance(schema, Array):
        return None, None, schema.items
    if not isinstance(schema, Ref) or schema.name not in schemas.models:
        return None
    fields = {f.name: f for f in schemas.models[schema.name].fields}
    arrays = [f for f in fields.values() if isinstance(f.schema, Array)]
    named = [f for f in arrays if f.name in _ITEM_FIELDS]
    chosen = named[0] if named else arrays[0] if len(arrays) == 1 else None
    if chosen is None or not isinstance(chosen.schema, Array):
        return None
    return chosen.name, _total(fields, schemas), chosen.schema.items


def _total(fields: dict[str, Any], schemas: SchemaConverter) -> str | None:
    for name in _TOTAL_FIELDS:
        if name in fields:
            return name
    for outer in ("pagination", "meta", "page_info", "paging"):
        field = fields.get(outer)
        if field is not None and isinstance(field.schema, Ref) and field.schema.name in schemas.models:
            inner = {f.name for f in schemas.models[field.schema.name].fields}
            found = next((n for n in _TOTAL_FIELDS if n in inner), None)
            if found:
                return f"{outer}.{found}"
    return None


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _has_keys(value: Any, *keys: str) -> bool:
    """True when ``value`` is a mapping with every one of ``keys``."""
    return isinstance(value, dict) and all(key in value for key in keys)
