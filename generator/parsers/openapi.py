"""Read an OpenAPI 2.0, 3.0 or 3.1 document into the neutral IR, in one walk.

Swagger 2.0 is upgraded to the 3.0 shape first (:mod:`swagger2`); schemas are converted
by :mod:`schemas`; references are followed by :mod:`refs`; security by :mod:`security`.
Our own ``x-apigen-*`` extensions (written by the openapi target, ``docs/openapi-out.md``)
are read where they stand, in the same walk. Anything the IR cannot express becomes a
diagnostic naming its JSON pointer, and the rest still generates.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from generator.diagnostics import Diagnostic, Diagnostics, Location, SpecError, pointer_join
from generator.ir import (
    Api, AuthScheme, Body, Envelope, Operation, Pagination, Parameter, RequestBody, Response, Server,
    ServerVariable, Source, Webhook, WebhookSignature,
)
from generator.documents import Document
from generator.parsers import security, swagger2, webhook_signature
from generator.parsers.media import ENCODING_ORDER, encoding, example
from generator.parsers.operation_words import (group_words, holds_resource, method_words, placed_group,
                                               resource_name)
from generator.parsers.refs import Resolver, Target
from generator.parsers.schemas import SchemaConverter, plain
from generator.words import pascal

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# OpenAPI says these header parameters are ignored: the client sets them itself.
_IGNORED_HEADERS = {"accept", "content-type", "authorization"}


def parse(document: Document, *, name: str) -> tuple[Api, list[Diagnostic]]:
    """The IR of the OpenAPI ``document`` and what was skipped; SpecError when it cannot be read."""
    spec = document.data
    if not isinstance(spec, dict):
        raise SpecError(Location(document.name), "not an OpenAPI document (top level is not a mapping)")
    if str(spec.get("swagger", "")).startswith("2"):
        document = Document(document.path, document.text, swagger2.upgrade(spec), has_lines=False,
                            label=document.label)
    elif not str(spec.get("openapi", "")).startswith("3"):
        raise SpecError(Location(document.name, 1),
                        "not an OpenAPI document: expected 'openapi: 3.x' or 'swagger: \"2.0\"'")
    parser = _Parser(document)
    return parser.api(name), parser.diagnostics.found


class _Parser:
    """One document's conversion; holds the resolver, schema converter and diagnostics."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.spec: dict[str, Any] = document.data
        self.diagnostics = Diagnostics(document.name)
        self.resolver = Resolver(document)
        self.schemas = SchemaConverter(self.resolver, self.diagnostics)
        self.requirements = security.Requirements((), self.diagnostics)
        self._default_security: tuple[tuple[str, ...], ...] = ()
        self._operation_ids: set[str] = set()
        # Parameters that are a credential the client sends itself ("query 'key'"), by count.
        self._credential_parameters: dict[str, int] = {}

    def api(self, name: str) -> Api:
        """Build the whole :class:`Api`."""
        components = self._mapping(self.spec.get("components"), "/components")
        for schema_name, raw in self._mapping(components.get("schemas"), "/components/schemas").items():
            pointer = pointer_join("/components/schemas", schema_name)
            self.schemas.named(Target(self.document, pointer, raw), str(schema_name), spec_name=str(schema_name))
        auth = self._auth(self._mapping(components.get("securitySchemes"), "/components/securitySchemes"))
        self.requirements = security.Requirements(auth, self.diagnostics)
        self._default_security = self.requirements.read(self.spec.get("security"), "/security") or ()
        headers = self._client_headers(components)
        # Client headers are repeated on every operation that sends them (x-apigen-client-headers).
        operations = [replace(op, parameters=tuple(p for p in op.parameters if p not in headers))
                      for op in self._operations()]
        self._report_credential_parameters()
        webhooks = self._webhooks()  # before the models are listed: payloads define models too
        info = self._mapping(self.spec.get("info"), "/info")
        return Api(
            name=name,
            title=str(info.get("title") or name),
            version=str(info.get("version") or ""),
            description=_text(info.get("description")),
            license=_license(info.get("license")),
            links=_links(info, self.spec.get("externalDocs")),
            servers=self._servers(),
            auth=auth,
            security=self._default_security,
            scopes=security.scopes(self.spec.get("security")),
            headers=headers,
            operations=tuple(operations),
            models=tuple(sorted(self.schemas.models.values(), key=lambda m: m.name)),
            webhooks=webhooks,
            webhook_signature=self._signature(),
            error_message=_text(self.spec.get("x-apigen-error-message")),
            envelope=self._envelope(),
            source_file=self.document.name,
            source_sha256=self.document.sha256,
            documents=tuple((str(path), doc.sha256) for path, doc in self.resolver.documents.items()),
        )

    def _report_credential_parameters(self) -> None:
        for label, count in sorted(self._credential_parameters.items()):
            self.diagnostics.add("credential-parameter", "/components/securitySchemes",
                                 f"{count} operation(s) declare the {label} parameter that their security "
                                 "scheme sends; the client sends it from its credentials, so methods take "
                                 "no such argument")

    # --- helpers ------------------------------------------------------------------------

    def _mapping(self, value: Any, pointer: str) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.diagnostics.add("not-a-mapping", pointer, "expected a mapping; ignored")
            return {}
        return value

    def _list(self, value: Any, pointer: str) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.diagnostics.add("not-a-list", pointer, "expected a list; ignored")
            return []
        return value

    def _deref(self, value: Any, pointer: str) -> tuple[Any, Document]:
        """``value`` with references followed; a broken one is reported and gives ``{}``."""
        try:
            return self.resolver.follow(value, self.document, pointer)
        except SpecError as exc:
            self.diagnostics.add("broken-ref", pointer, exc.message + "; skipped")
            return {}, self.document

    def _required_keys(self, value: Any, pointer: str, *keys: str) -> dict[str, Any] | None:
        """``value`` if it is a mapping with every one of ``keys``; SpecError otherwise."""
        if value is None:
            return None
        if not (isinstance(value, dict) and all(key in value for key in keys)):
            raise SpecError(self.document.location(pointer),
                            f"{pointer.rsplit('/', 1)[-1]} needs {' and '.join(keys)}")
        return value

    # --- security, servers and API-wide facts ---------------------------------------------

    def _auth(self, schemes: dict[str, Any]) -> tuple[AuthScheme, ...]:
        found = []
        for scheme_name, raw in schemes.items():
            pointer = pointer_join("/components/securitySchemes", scheme_name)
            raw, _ = self._deref(raw, pointer)
            if isinstance(raw, dict):
                scheme = security.scheme(str(scheme_name), raw, pointer, self.diagnostics)
                found.extend([scheme] if scheme is not None else [])
        return tuple(found)

    def _servers(self) -> tuple[Server, ...]:
        servers = []
        for index, raw in enumerate(self._list(self.spec.get("servers"), "/servers")):
            pointer = pointer_join("/servers", index)
            if not isinstance(raw, dict) or not isinstance(raw.get("url"), str):
                self.diagnostics.add("server-without-url", pointer, "server without a url; skipped")
                continue
            variables = self._mapping(raw.get("variables"), pointer_join(pointer, "variables"))
            servers.append(Server(raw["url"], _text(raw.get("description")), tuple(
                self._server_variable(str(var), v, pointer_join(pointer, "variables", var))
                for var, v in variables.items() if isinstance(v, dict))))
        return tuple(servers)

    def _server_variable(self, name: str, raw: dict[str, Any], pointer: str) -> ServerVariable:
        # x-apigen-no-default: OpenAPI demands a default, but the client must be given one.
        default = None if raw.get("x-apigen-no-default") is True else _text(plain(raw.get("default")))
        enum = tuple(str(e) for e in self._list(raw.get("enum"), pointer_join(pointer, "enum")))
        return ServerVariable(name, default, enum, _text(raw.get("description")))

    def _client_headers(self, components: dict[str, Any]) -> tuple[Parameter, ...]:
        """Headers the client sends on every request (``x-apigen-client-headers``: keys of
        ``components/parameters``)."""
        shared = self._mapping(components.get("parameters"), "/components/parameters")
        keys = self._list(self.spec.get("x-apigen-client-headers"), "/x-apigen-client-headers")
        found = []
        for key in keys:
            if not (isinstance(key, str) and isinstance(shared.get(key), dict)
                    and isinstance(shared[key].get("name"), str)):
                continue
            at = pointer_join("/components/parameters", key)
            if security.has_control(shared[key]["name"]):
                self.diagnostics.add("invalid-header", at, f"header name {shared[key]['name']!r} has control "
                                     "characters; no request can carry it, so the client header is skipped")
                continue
            found.append(self._parameter(shared[key]["name"], "header", shared[key], at, ""))
        return tuple(found)

    def _envelope(self) -> Envelope | None:
        raw = self._required_keys(self.spec.get("x-apigen-envelope"), "/x-apigen-envelope", "data")
        return Envelope(str(raw["data"]), raw.get("code")) if raw is not None else None

    def _signature(self) -> WebhookSignature | None:
        def error(key: str, message: str) -> SpecError:
            return SpecError(self.document.location(pointer_join("/x-apigen-webhook-signature", key)
                                                    if key else "/x-apigen-webhook-signature"), message)
        return webhook_signature.read(self.spec.get("x-apigen-webhook-signature"), error)

    # --- operations ---------------------------------------------------------------------

    def _operations(self) -> list[Operation]:
        operations = []
        for path, item in self._mapping(self.spec.get("paths"), "/paths").items():
            pointer = pointer_join("/paths", path)
            if not str(path).startswith("/"):
                # Appended to the server URL, "@evil.example/x" makes evil.example the host.
                self.diagnostics.add("path-not-absolute", pointer,
                                     f"path {str(path)!r} does not start with '/'; its operations are skipped")
                continue
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
            self.diagnostics.add("duplicate-operation-id", pointer_join(pointer, "operationId"),
                                 f"duplicate operationId {operation_id!r}; the method name is numbered")
        self._operation_ids.add(operation_id)
        hint = pascal(operation_id, fallback="Operation")
        accepted = self.requirements.read(op.get("security"), pointer_join(pointer, "security"))
        credentials = self.requirements.credential_slots(self._default_security if accepted is None else accepted)
        if "callbacks" in op:
            self.diagnostics.add("callbacks-not-generated", pointer_join(pointer, "callbacks"),
                                 "callbacks are not generated")
        notes = tuple(str(n) for n in self._list(op.get("x-apigen-notes"), pointer_join(pointer, "x-apigen-notes")))
        # In this order: hoisted models are named first come, first served.
        parameters = self._parameters(shared, op.get("parameters") or [], pointer, hint, credentials)
        responses = self._responses(op.get("responses"), pointer, hint, path, method)
        return Operation(
            operation_id=operation_id,
            name=method_words(op, operation_id, method, path),
            group=group_words(op, path),
            placed=placed_group(op) is not None,
            method=method.upper(),
            path=path,
            summary=_text(op.get("summary")),
            description=_without_notes(_text(op.get("description")), notes),
            deprecated=op.get("deprecated") is True,
            parameters=parameters,
            request_body=self._request_body(op.get("requestBody"), pointer, hint),
            responses=responses,
            security=accepted,
            pagination=self._pagination(op.get("x-apigen-pagination"), pointer, hint),
            tags=tuple(str(t) for t in self._list(op.get("tags"), pointer_join(pointer, "tags"))
                       if isinstance(t, str | int)),
            source=Source(self.document.source_name, None, pointer),
            notes=notes,
            sunset=_text(plain(op.get("x-sunset"))),  # YAML reads an unquoted date as a date
            scopes=security.scopes(op.get("security")),
        )

    def _pagination(self, raw: Any, pointer: str, hint: str) -> Pagination | None:
        """The paging an ``x-apigen-pagination`` extension declares (detection is an enrich pass)."""
        at = pointer_join(pointer, "x-apigen-pagination")
        page = self._required_keys(raw, at, "style", "offset", "limit")
        if page is None:
            return None
        item = self.schemas.convert(page.get("item"), self.document, pointer_join(at, "item"), hint + "Item")
        return Pagination(str(page["style"]), str(page["offset"]), str(page["limit"]), page.get("items"),
                          page.get("total"), page.get("max_limit"), item if page.get("item") else None)

    def _parameters(self, shared: list[Any], own: list[Any], pointer: str, hint: str,
                    credentials: set[security.Slot]) -> tuple[Parameter, ...]:
        """The operation's parameters, shared ones first, less those the client sets itself:
        headers OpenAPI ignores, and the credentials of the security schemes the operation
        uses (Trello's ``key`` and ``token`` query parameters, declared on every operation)."""
        result = []
        for slot, (raw, at) in self._merged_parameters(shared, own, pointer).items():
            location = slot[0]
            if location not in ("path", "query", "header", "cookie"):
                self.diagnostics.add("unsupported-parameter-location", at,
                                     f"parameter location {location!r} is not supported; skipped")
                continue
            if location == "header" and slot[1] in _IGNORED_HEADERS:
                continue
            if location in ("header", "cookie") and security.has_control(str(raw["name"])):
                self.diagnostics.add("invalid-header", at, f"{location} name {raw['name']!r} has control "
                                     "characters; no request can carry it, so the parameter is skipped")
                continue
            if slot in credentials:
                label = f"{location} {slot[1]!r}"
                self._credential_parameters[label] = self._credential_parameters.get(label, 0) + 1
                continue
            result.append(self._parameter(raw["name"], location, raw, at, hint))
        return tuple(result)

    def _merged_parameters(self, shared: list[Any], own: list[Any], pointer: str
                           ) -> dict[tuple[str, str], tuple[dict[str, Any], str]]:
        """Parameters by (location, name): an operation's replaces a shared one of the same
        location and name (any letter case, for a header: AWS specs share "X-Amz-Date" and
        redeclare "x-amz-date")."""
        merged: dict[tuple[str, str], tuple[dict[str, Any], str]] = {}
        sources = [(shared, pointer.rsplit("/", 1)[0] + "/parameters"), (own, pointer + "/parameters")]
        for params, base in sources:
            for index, raw in enumerate(self._list(params, base)):
                at = pointer_join(base, index)
                raw, _ = self._deref(raw, at)
                if isinstance(raw, dict) and isinstance(raw.get("name"), str):
                    location = str(raw.get("in"))
                    merged[(location, raw["name"].lower() if location == "header" else raw["name"])] = (raw, at)
        return merged

    def _parameter(self, wire: str, location: str, raw: dict[str, Any], at: str, hint: str) -> Parameter:
        schema_raw = raw.get("schema")
        if schema_raw is None and isinstance(raw.get("content"), dict) and raw["content"]:
            media = next(iter(raw["content"].values()))
            schema_raw = media.get("schema") if isinstance(media, dict) else None
        schema = self.schemas.convert(schema_raw, self.document, pointer_join(at, "schema"),
                                      f"{hint}.{pascal(wire, fallback='Param')}" if hint else "Param")
        default = schema_raw.get("default") if isinstance(schema_raw, dict) else None
        return Parameter(
            name=wire,
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
            if security.has_control(str(content_type)):  # it would be a Content-Type header
                self.diagnostics.add("invalid-header", at, f"media type {str(content_type)!r} has control "
                                     "characters; skipped")
                continue
            media = media if isinstance(media, dict) else {}
            schema = self.schemas.convert(media.get("schema"), self.document,
                                          pointer_join(at, "schema"), hint)
            bodies.append(Body(str(content_type), encoding(str(content_type)), schema,
                               plain(example(media))))
        return tuple(sorted(bodies, key=lambda b: ENCODING_ORDER.index(b.encoding)))

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

    def _responses(self, raw: Any, pointer: str, hint: str, path: str = "",
                   method: str = "") -> tuple[Response, ...]:
        responses = []
        for status, response in self._mapping(raw, pointer_join(pointer, "responses")).items():
            at = pointer_join(pointer, "responses", status)
            response, _ = self._deref(response, at)
            if not isinstance(response, dict):
                continue
            status = str(status).upper()
            name = f"{hint}.Error"
            if status.startswith("2"):  # named after the resource, else after the operation
                resource = resource_name(path, method)
                if resource is not None and holds_resource(response.get("content"), resource):
                    resource = None  # {product: {...}, skus: [...]} is not itself a Product
                name = f"{hint}.{resource or hint + 'Response'}"
                self.schemas.fallbacks[name] = hint + "Response"
            bodies = self._bodies(response.get("content"), pointer_join(at, "content"), name)
            headers = response.get("headers")
            names = tuple(sorted({str(h).lower() for h in headers})) if isinstance(headers, dict) else ()
            responses.append(Response(status, _text(response.get("description")), bodies, names))
        return tuple(responses)

    # --- webhooks -----------------------------------------------------------------------

    def _webhooks(self) -> tuple[Webhook, ...]:
        webhooks = []
        for event, item in self._mapping(self.spec.get("webhooks"), "/webhooks").items():
            pointer = pointer_join("/webhooks", event)
            item, _ = self._deref(item, pointer)
            for method in METHODS:
                op = item.get(method) if isinstance(item, dict) else None
                if not isinstance(op, dict):
                    continue
                hint = pascal(str(event), fallback="Event") + "Payload"
                body = self._request_body(op.get("requestBody"), pointer_join(pointer, method), hint,
                                          suffix="")
                # A delivery's header parameters are headers the API sends with it, not ones a client sets.
                headers = self._parameters([], op.get("parameters") or [], pointer_join(pointer, method), hint, set())
                webhooks.append(Webhook(
                    name=str(event), method=method.upper(), payload=body.preferred.schema if body else None,
                    summary=_text(op.get("summary")), description=_text(op.get("description")),
                    source=Source(self.document.source_name, None, pointer_join(pointer, method)),
                    headers=tuple(p for p in headers if p.location == "header")))
        return tuple(webhooks)


def _without_notes(description: str | None, notes: tuple[str, ...]) -> str | None:
    """The description without the notes the openapi target appended to it."""
    tail = "\n\n".join(notes)
    if not notes or description is None or not description.endswith(tail):
        return description
    return description[:-len(tail)].removesuffix("\n\n") if description != tail else None


def _license(value: Any) -> str | None:
    """The license's SPDX identifier (3.1) or name."""
    if not isinstance(value, dict):
        return None
    return _text(value.get("identifier")) or _text(value.get("name"))


# The links a document's info gives, in the order packages list them.
_LINKS = (("Homepage", ("contact", "url")), ("Documentation", ("externalDocs", "url")),
          ("Terms of service", ("termsOfService",)), ("License", ("license", "url")))


def _links(info: dict[str, Any], external_docs: Any) -> tuple[tuple[str, str], ...]:
    """(what, URL) for each http(s) link of ``info`` and the document's ``externalDocs``."""
    found = []
    for label, path in _LINKS:
        value: Any = {"externalDocs": external_docs, **info}
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        if isinstance(value, str) and value.startswith(("https://", "http://")):
            found.append((label, value))
    return tuple(found)


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None
