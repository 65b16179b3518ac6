"""The neutral intermediate representation: the only contract between front-ends and targets.

Front-ends (OpenAPI, doc spec) build an :class:`Api`; enrich passes add what can be
inferred from it; each target (``generator/targets/<name>``) reads it and decides its own
names. The IR holds wire names and structure only: no identifier of any language. Type
names (:attr:`Model.name`) are neutral PascalCase words, unique in the API, that a target
may keep or adjust. Every class is a small frozen dataclass, so an IR can be hashed,
compared and dumped deterministically (see :func:`to_json`).
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from functools import cached_property
from typing import Any, ClassVar

JsonValue = Any  # a value as it appears in a spec: None, bool, int, float, str, list, dict


@dataclass(frozen=True)
class Source:
    """Where an element came from: document, line (when known) and JSON pointer."""

    file: str
    line: int | None = None
    pointer: str | None = None


# --- schemas: a little type algebra ---------------------------------------------------


@dataclass(frozen=True)
class Primitive:
    """A scalar: ``type`` is string, integer, number, boolean or null."""

    kind: ClassVar[str] = "primitive"
    type: str
    format: str | None = None
    minimum: float | None = None  # inclusive bounds a number must respect, when documented
    maximum: float | None = None
    # Further constraints the document states (validation facts, which drift checks compare).
    exclusive_minimum: float | None = None
    exclusive_maximum: float | None = None
    multiple_of: float | None = None
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None


@dataclass(frozen=True)
class Enum:
    """A closed set of literal values that generated clients treat as open (new values pass)."""

    kind: ClassVar[str] = "enum"
    type: str
    values: tuple[JsonValue, ...]


@dataclass(frozen=True)
class Array:
    """A list of ``items``."""

    kind: ClassVar[str] = "array"
    items: Schema
    min_items: int | None = None
    max_items: int | None = None
    unique_items: bool = False


@dataclass(frozen=True)
class Map:
    """An object with arbitrary keys whose values are ``values`` (``additionalProperties``)."""

    kind: ClassVar[str] = "map"
    values: Schema


@dataclass(frozen=True)
class Ref:
    """A reference to the named model ``name`` (a key of :attr:`Api.models`)."""

    kind: ClassVar[str] = "ref"
    name: str


@dataclass(frozen=True)
class Union:
    """One of ``variants``; ``discriminator`` names the property that tells them apart."""

    kind: ClassVar[str] = "union"
    variants: tuple[Schema, ...]
    discriminator: str | None = None
    mapping: tuple[tuple[str, str], ...] = ()  # (wire value, model name)


@dataclass(frozen=True)
class AnyValue:
    """Anything at all (an empty or inexpressible schema)."""

    kind: ClassVar[str] = "any"


Schema = Primitive | Enum | Array | Map | Ref | Union | AnyValue


@dataclass(frozen=True)
class Field:
    """A property of an object model."""

    name: str  # as on the wire
    schema: Schema
    required: bool = False
    nullable: bool = False
    description: str | None = None
    default: JsonValue = None
    read_only: bool = False
    write_only: bool = False
    deprecated: bool = False


@dataclass(frozen=True)
class Model:
    """A named type: an object with fields, an enum, a union, or an alias of another schema.

    Exactly one of ``fields`` (objects) or ``schema`` (everything else) describes it.
    """

    name: str  # the type's name: neutral PascalCase words, unique in the API
    spec_name: str | None = None  # the name the document gives it; None for inline schemas
    description: str | None = None
    fields: tuple[Field, ...] = ()
    additional: Schema | None = None  # type of extra properties an object documents
    schema: Schema | None = None
    closed: bool = False  # True when the object admits no other properties (additionalProperties: false)
    title: str | None = None  # the schema's own title, when it gives one
    source: Source | None = None
    notes: tuple[str, ...] = ()

    @property
    def is_object(self) -> bool:
        """True when the model is an object with fields (a class, not an alias)."""
        return self.schema is None


# (scheme name, the OAuth scopes a token must grant), sorted by scheme; a scheme named in several
# alternatives carries the scopes of all of them.
Scopes = tuple[tuple[str, tuple[str, ...]], ...]


# --- operations -------------------------------------------------------------------------


@dataclass(frozen=True)
class Parameter:
    """A path, query, header or cookie parameter."""

    name: str
    location: str  # path | query | header | cookie
    schema: Schema
    required: bool = False
    description: str | None = None
    default: JsonValue = None
    style: str | None = None
    explode: bool | None = None
    deprecated: bool = False
    example: JsonValue = None


@dataclass(frozen=True)
class Body:
    """A request or response payload in one media type."""

    content_type: str
    encoding: str  # json | form | multipart | binary | text
    schema: Schema
    example: JsonValue = None


@dataclass(frozen=True)
class RequestBody:
    """The request payload; ``bodies`` lists each documented media type, preferred first."""

    bodies: tuple[Body, ...]
    required: bool = False
    description: str | None = None

    @property
    def preferred(self) -> Body:
        """The media type the generated client sends."""
        return self.bodies[0]


@dataclass(frozen=True)
class Response:
    """One documented response: status is a code (``200``), a range (``4XX``) or ``default``."""

    status: str
    description: str | None = None
    bodies: tuple[Body, ...] = ()
    headers: tuple[str, ...] = ()  # the response headers it documents, lower case (``link``)

    @property
    def is_success(self) -> bool:
        """True for 2XX responses."""
        return self.status.startswith("2")


@dataclass(frozen=True)
class Pagination:
    """How a list operation pages. ``style`` is offset (offset/limit, skip/limit), start_range,
    page (page numbers), cursor (a cursor from the last page, or its last item's id) or link
    (the next page's URL, in the page or in a ``Link`` response header).

    Every path is dotted, into the success response's body.
    """

    style: str
    offset_param: str | None  # wire name of the query parameter holding the position (offset, page, cursor)
    limit_param: str | None  # wire name of the query parameter holding the page size
    items: str | None = None  # dotted path of the item list in the response, None for a bare list
    total: str | None = None  # dotted path of the total count in the response, when given
    max_limit: int | None = None
    item_schema: Schema | None = None
    cursor: str | None = None  # the next page's cursor (cursor style)
    cursor_item: str | None = None  # the field of the last item that is the next cursor (``after=<id>``)
    next_link: str | None = None  # the next page's URL (link style)
    has_more: str | None = None  # a flag saying whether more pages follow
    echoed_limit: str | None = None  # the page size the response repeats
    first: int | None = None  # the first page's number (page style); None: the style's start


@dataclass(frozen=True)
class Operation:
    """One HTTP operation, with the words a client names it by and the group it sits in."""

    operation_id: str  # the document's, or "METHOD path" when it gives none
    name: str  # words naming the operation: an SDK method name, the operationId, or method and path
    group: tuple[str, ...]  # words of the group path, outermost first, e.g. ("collections", "items")
    method: str  # upper case, as written in the spec
    path: str  # as written in the spec, with {placeholders}
    summary: str | None = None
    description: str | None = None
    deprecated: bool = False
    parameters: tuple[Parameter, ...] = ()
    request_body: RequestBody | None = None
    responses: tuple[Response, ...] = ()
    # Alternatives, each a set of scheme names sent together; None = the API default,
    # () = no authentication. OpenAPI's [{A: [], B: []}, {C: []}] is (("A", "B"), ("C",)).
    security: tuple[tuple[str, ...], ...] | None = None
    pagination: Pagination | None = None
    tags: tuple[str, ...] = ()
    source: Source | None = None
    notes: tuple[str, ...] = ()  # e.g. where a doc spec had to infer a fact
    sunset: str | None = None  # the date the operation goes away (x-sunset), when announced
    scopes: Scopes = ()  # OAuth scopes the accepted requirements ask for, by scheme
    # The document placed it itself (a doc spec's dotted name, ``x-apigen-group``): its group
    # and name are kept as written, never settled by enrich (generator/enrich/operation_names.py).
    placed: bool = False

    @property
    def success(self) -> Response | None:
        """The first documented 2XX response, if any."""
        return next((r for r in self.responses if r.is_success), None)

    @property
    def pointer(self) -> str:
        """Where diagnostics about it point: its JSON pointer, else ``METHOD path``."""
        return self.source.pointer if self.source and self.source.pointer else f"{self.method} {self.path}"


@dataclass(frozen=True)
class Webhook:
    """An event the API sends to the user's server, with its payload type."""

    name: str
    method: str
    payload: Schema | None
    summary: str | None = None
    description: str | None = None
    source: Source | None = None
    headers: tuple[Parameter, ...] = ()  # headers every delivery carries (besides a signature)


@dataclass(frozen=True)
class Example:
    """A value the API's documentation shows: a response of an operation, a model, or a
    webhook's payload (``of`` is operation, model or webhook; ``name`` its operation id,
    model name or webhook name). ``note`` is the spec's reason when the value is known not
    to fit the declared type (a documentation error the spec accepts)."""

    of: str
    name: str
    value: JsonValue
    source: Source | None = None
    note: str | None = None


@dataclass(frozen=True)
class ServerVariable:
    """A ``{placeholder}`` of a server URL, which becomes a client setting."""

    name: str
    default: str | None = None
    enum: tuple[str, ...] = ()
    description: str | None = None


@dataclass(frozen=True)
class Server:
    """A base URL, possibly templated."""

    url: str
    description: str | None = None
    variables: tuple[ServerVariable, ...] = ()


@dataclass(frozen=True)
class OAuthFlow:
    """One OAuth2 flow of a scheme, by its OpenAPI 3 name (Swagger 2's ``accessCode`` is
    ``authorizationCode``, ``application`` is ``clientCredentials``), with its URLs as written."""

    kind: str  # authorizationCode | implicit | clientCredentials | password
    authorization_url: str | None = None
    token_url: str | None = None
    refresh_url: str | None = None
    scopes: tuple[tuple[str, str], ...] = ()  # (scope, what it allows), in document order


@dataclass(frozen=True)
class AuthScheme:
    """A security scheme: kind is bearer, basic or api_key (OAuth2 tokens are sent as bearer)."""

    name: str
    kind: str
    location: str = "header"  # header | query | cookie, for api_key
    param_name: str = "Authorization"  # header, query or cookie name
    description: str | None = None
    scopes: tuple[str, ...] = ()  # the OAuth scopes the scheme's flows define
    flows: tuple[OAuthFlow, ...] = ()  # an OAuth2 scheme's flows, for getting its tokens


@dataclass(frozen=True)
class Envelope:
    """A wrapper every response carries, e.g. Ontraport's ``{code, data, account_id}``."""

    data: str  # the field the client returns
    code: str | None = None  # a field whose non-zero value signals an error


@dataclass(frozen=True)
class WebhookSignature:
    """How webhook deliveries are signed: an HMAC, keyed with the secret, of the raw body or of a
    template joining it with the delivery's timestamp."""

    header: str  # e.g. X-Webhook-Signature
    algorithm: str  # a hashlib name: sha256, sha512
    encoding: str = "hex"  # hex | base64
    prefix: str = ""  # text before the digest in the header, e.g. "sha256="
    timestamp_header: str | None = None  # the header carrying the signing time, e.g. X-Webflow-Timestamp
    timestamp_unit: str = "seconds"  # seconds | milliseconds since the epoch
    tolerance: int | None = None  # seconds a timestamp may be away from now; None: not checked
    payload: str = "{body}"  # what is signed: {body}, or e.g. "{timestamp}:{body}"


@dataclass(frozen=True)
class Api:
    """Everything a target needs to generate one API."""

    name: str  # registry name, e.g. "webflow"
    title: str
    version: str
    description: str | None = None
    license: str | None = None  # the license's name or SPDX identifier, as the document gives it
    links: tuple[tuple[str, str], ...] = ()  # (what, URL): homepage, documentation, terms, license
    servers: tuple[Server, ...] = ()
    auth: tuple[AuthScheme, ...] = ()
    security: tuple[tuple[str, ...], ...] = ()  # default alternatives, as Operation.security
    scopes: Scopes = ()  # the scopes the default requirements ask for, as Operation.scopes
    headers: tuple[Parameter, ...] = ()  # headers sent with every request, set on the client
    operations: tuple[Operation, ...] = ()  # in document order
    models: tuple[Model, ...] = ()
    webhooks: tuple[Webhook, ...] = ()
    webhook_signature: WebhookSignature | None = None
    error_message: str | None = None  # the field of an error body holding the message
    envelope: Envelope | None = None
    examples: tuple[Example, ...] = ()  # the documentation's own examples, for generated tests
    source_file: str = ""
    source_sha256: str = ""
    documents: tuple[tuple[str, str], ...] = ()  # every file read (path, sha256), for caches

    @cached_property
    def _models_by_name(self) -> dict[str, Model]:
        return {model.name: model for model in self.models}

    def model(self, name: str) -> Model:
        """The model called ``name``."""
        return self._models_by_name[name]


def schema_refs(schema: Schema | None) -> set[str]:
    """Names of the models ``schema`` refers to directly (not through other models)."""
    if isinstance(schema, Ref):
        return {schema.name}
    if isinstance(schema, Array):
        return schema_refs(schema.items)
    if isinstance(schema, Map):
        return schema_refs(schema.values)
    if isinstance(schema, Union):
        return set().union(*(schema_refs(v) for v in schema.variants))
    return set()


def alias_order(models: tuple[Model, ...]) -> tuple[tuple[Model, bool], ...]:
    """Non-object models ordered so each follows the aliases it uses.

    Each comes with a flag that is True when it sits on a cycle of aliases only
    (``A = list[A]``), which no language's type alias can express directly.
    """
    aliases = {m.name: m for m in models if not m.is_object}
    ordered: list[tuple[Model, bool]] = []
    state: dict[str, str] = {}

    def visit(name: str) -> bool:
        if state.get(name) == "done":
            return False
        if state.get(name) == "open":
            return True
        state[name] = "open"
        cyclic = False
        for ref in sorted(schema_refs(aliases[name].schema) & aliases.keys()):
            cyclic |= visit(ref)
        state[name] = "done"
        ordered.append((aliases[name], cyclic))
        return False

    for name in aliases:
        visit(name)
    return tuple(ordered)


def to_data(value: Any) -> Any:
    """Turn an IR value into plain JSON data; schemas carry their ``kind``."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        data: dict[str, Any] = {}
        kind = getattr(type(value), "kind", None)
        if isinstance(kind, str):
            data["kind"] = kind
        for f in dataclasses.fields(value):
            data[f.name] = to_data(getattr(value, f.name))
        return data
    if isinstance(value, tuple | list):
        return [to_data(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_data(v) for k, v in value.items()}
    return value


def to_json(api: Api) -> str:
    """The IR as deterministic, indented JSON (the view ``apigen ir`` prints)."""
    return json.dumps(to_data(api), indent=2, sort_keys=False, ensure_ascii=False) + "\n"
