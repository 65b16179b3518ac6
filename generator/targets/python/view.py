"""What the Python templates receive: a client in which every name and type is decided.

:mod:`refine` builds it from the neutral IR. Templates lay these objects out as text and
decide nothing: identifiers, annotations (as Python source), defaults (as Python source)
and docstrings (as plain text, escaped by the template's ``docstring`` filter) are all here.
Each object keeps the IR element it came from (``op``, ``model``…) for the facts templates
print as they are (paths, descriptions).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from generator import ir


@dataclass(frozen=True)
class Argument:
    """A parameter of a generated function: ``name: annotation = default``."""

    name: str
    annotation: str
    default: str | None = None  # Python source; None for a required argument


@dataclass(frozen=True)
class Sent:
    """A value a request carries: the wire name and the Python expression that holds it."""

    wire: str
    expression: str
    explode: bool = True  # for query arrays: repeat the name (True) or join with commas


@dataclass(frozen=True)
class Request:
    """The ``RequestSpec(...)`` of one call."""

    method: str
    path: str  # as written in the spec, with {placeholders}
    path_values: tuple[Sent, ...]
    query: tuple[Sent, ...]
    headers: tuple[Sent, ...]
    cookies: tuple[Sent, ...]
    body: tuple[tuple[str, str], ...]  # (RequestSpec keyword, Python expression), in order
    security: Any  # the requirement alternatives, printed with the ``py`` filter
    idempotency_header: str | None = None  # the header a generated key goes in, when the spec names one
    url: str | None = None  # a Python expression replacing the URL (a pager's next link)


@dataclass(frozen=True)
class Pager:
    """The paging twin of a list method (``list_all``): it returns the first page, which
    iterates over every item of every page."""

    name: str
    arguments: tuple[Argument, ...]  # keyword-only after the path arguments
    path_arguments: tuple[Argument, ...]
    item: str  # the annotation of one item
    paging: str  # Python source of the runtime's ``Paging(...)`` for this listing
    page_size: str  # the page size it asks for: the ``page_size`` argument, or None without a size parameter
    request: Request  # position, size and link sent as ``_page.position``, ``_page.limit``, ``_page.url``
    docstring: str


@dataclass(frozen=True)
class Streamer:
    """The streaming twin of a method whose response may be server-sent events
    (``create_stream``): it returns the events, each parsed into ``event``."""

    name: str
    arguments: tuple[Argument, ...]
    path_arguments: tuple[Argument, ...]
    event: str  # the annotation of one event's data
    request: Request  # with the body's ``stream`` flag set, when it has one
    docstring: str


@dataclass(frozen=True)
class Method:
    """A client method for one operation."""

    name: str
    accessor: str  # the object it is called on: ``client.collections.items``
    path_arguments: tuple[Argument, ...]  # positional
    arguments: tuple[Argument, ...]  # keyword-only
    returns: str
    docstring: str
    request: Request
    op: ir.Operation
    parameters: tuple[tuple[ir.Parameter, str], ...]  # (parameter, argument), in order
    pager: Pager | None = None
    streamer: Streamer | None = None
    body_arguments: tuple[tuple[ir.Field, str], ...] = ()  # (field, argument) for an object body
    body_argument: str | None = None  # the argument carrying a whole body
    example: str = ""  # Python source of a call with sample values (for the API reference)

    @property
    def placeholder_call(self) -> str:
        """``result = client.sites.get(site_id=...)``: a call with every required parameter
        (not assigned when it returns None, which mypy --strict would refuse)."""
        arguments = ", ".join(f"{arg}=..." for p, arg in self.parameters if p.required)
        binding = "" if self.returns == "None" else "result = "
        return f"{binding}{self.accessor}.{self.name}({arguments})"

    @property
    def pager_call(self) -> str | None:
        """``client.sites.list_all(...)`` with the required parameters the iterator takes."""
        if self.pager is None or self.op.pagination is None:
            return None
        paging = (self.op.pagination.offset_param, self.op.pagination.limit_param)
        arguments = ", ".join(f"{arg}=..." for p, arg in self.parameters if p.required and p.name not in paging)
        return f"{self.accessor}.{self.pager.name}({arguments})"

    def on(self, obj: str) -> str:
        """The method reached from ``obj`` instead of the client: ``on("fast")`` is ``fast.sites.get``."""
        return f"{obj}{self.accessor[len('client'):]}.{self.name}"

    @property
    def async_accessor(self) -> str:
        """The object it is called on from an ``AsyncClient`` named ``async_client``."""
        return "async_" + self.accessor

    @property
    def call_arguments(self) -> str:
        """``site_id=..., name=...``: every required argument, as a placeholder."""
        required = [a.name for a in (*self.path_arguments, *self.arguments) if a.default is None]
        return ", ".join(f"{name}=..." for name in required)


@dataclass
class Group:
    """A resource class: ``client.collections.items`` (the root is the client itself)."""

    attribute: str  # "" for the client
    class_name: str
    module: str
    path: tuple[str, ...]  # attribute path below the client
    methods: list[Method] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)

    @property
    def accessor(self) -> str:
        """How a user reaches it: ``client.collections.items``."""
        return ".".join(("client", *self.path))

    @property
    def raw_class(self) -> str:
        """The class of ``with_raw_response`` on this group's objects."""
        return f"{self.class_name}WithRawResponse"

    @property
    def streaming_class(self) -> str:
        """The class of ``with_streaming_response`` on this group's objects."""
        return f"{self.class_name}WithStreamingResponse"

    def walk(self) -> list[Group]:
        """This group and every group below it, depth first, in order."""
        found = [self]
        for child in self.groups:
            found.extend(child.walk())
        return found


@dataclass(frozen=True)
class ModelField:
    """A field of an object model."""

    name: str
    wire: str
    annotation: str  # with ``Optional[...]`` for optional fields
    required: bool
    description: str | None
    field: ir.Field

    @property
    def alias(self) -> str:
        """``alias='wire'`` when the Python name differs from the wire name, else ``""``."""
        return f"alias={self.wire!r}" if self.name != self.wire else ""

    @property
    def annotated(self) -> bool:
        """True when a required field is written ``name: Annotated[type, Field(...)]``.

        A line that overflows with a bare class name is split by black around the name and
        by ruff at ``Field(...)``; written as ``Annotated[...]``, both split the subscript
        the same way.
        """
        line = f"    {self.name}: {self.annotation} = Field({self.alias})"
        return self.required and "[" not in self.annotation and len(line) > 100


@dataclass(frozen=True)
class EnumMember:
    """``NAME = value`` of an enum class (``value`` as Python source)."""

    name: str
    value: str


@dataclass(frozen=True)
class Model:
    """A class or type alias of ``models.py``: kind is enum, object or alias."""

    class_name: str
    kind: str
    docstring: str | None
    model: ir.Model
    base: str = ""  # an enum's value type: str or int
    members: tuple[EnumMember, ...] = ()
    fields: tuple[ModelField, ...] = ()
    alias: str = ""  # an alias's annotation
    cyclic: bool = False  # an alias that refers to itself through aliases only
    extra: ExtraFields | None = None  # an object that documents extra properties (an open map)


@dataclass(frozen=True)
class ExtraFields:
    """The typed ``__init__`` of an open object: its fields as keyword arguments and
    ``**extra`` for the properties it does not list (``additionalProperties``), which its
    typed ``__getattr__`` reads back."""

    self_name: str  # ``self``, unless a field took that name
    extra_name: str  # ``extra``, unless a field took that name
    annotation: str  # the type of each extra value


@dataclass(frozen=True)
class ModelModule:
    """A module of the ``models`` package (``models/_sites.py``): the models the same set of
    groups can reach (see :mod:`model_modules`)."""

    module: str
    models: tuple[Model, ...]  # enums, objects, then aliases, as ``Client.models`` orders them
    imports: tuple[tuple[str, tuple[str, ...]], ...]  # (module, class names) it needs from the others

    @property
    def enums(self) -> list[Model]:
        return [m for m in self.models if m.kind == "enum"]

    @property
    def objects(self) -> list[Model]:
        return [m for m in self.models if m.kind == "object"]

    @property
    def aliases(self) -> list[Model]:
        return [m for m in self.models if m.kind == "alias"]


@dataclass(frozen=True)
class Credential:
    """A client argument carrying one or more schemes' credential."""

    argument: str
    value_type: str  # str, or Tuple[str, str] for basic auth
    environment: str | None  # the variable it is read from when not passed (not for basic)
    basic: bool

    def annotation(self, is_async: bool) -> str:
        """The argument's type: the value, or a provider called before each request (the
        async client's may be a coroutine function)."""
        providers = [f"Callable[[], {self.value_type}]"]
        if is_async:
            providers.append(f"Callable[[], Awaitable[{self.value_type}]]")
        return f"Optional[Union[{', '.join([self.value_type, *providers])}]]"


@dataclass(frozen=True)
class OAuth:
    """The OAuth2 helpers of a package (``<package>/oauth.py``): each flow's URLs made
    absolute, from the first scheme that declares a flow of that kind."""

    schemes: tuple[str, ...]  # the OAuth2 schemes with flows, in document order
    argument: str  # the client argument the first one's access token is passed in
    scopes: tuple[tuple[str, str], ...]  # (scope, what it allows) of every flow, first wins
    authorization_url: str | None  # authorizationCode's, else implicit's
    code_token_url: str | None  # authorizationCode's token endpoint: exchange_code
    refresh_url: str | None  # where refresh tokens are exchanged (refreshUrl, else a tokenUrl)
    client_credentials_url: str | None  # clientCredentials' token endpoint: fetch_token
    implicit_only: bool  # authorization_url is implicit's: it asks for a token, not a code


@dataclass(frozen=True)
class SchemeWiring:
    """How the runtime sends one scheme: the ``Credential(...)`` of the client's settings."""

    scheme: ir.AuthScheme
    argument: str


@dataclass(frozen=True)
class Webhook:
    """An event, its payload annotation, and the headers its deliveries carry besides the
    signature (name, meaning)."""

    name: str
    annotation: str
    headers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ExampleCase:
    """A test parsing one of the documentation's own examples into the type the client
    gives for it: what a method returns, a model, or a webhook's payload."""

    key: str  # the example's key in tests/examples.json: entry and source
    annotation: str  # the type it parses into, as Python source (``List[models.Contact]``)
    envelope: str | None  # the field the client returns of an enveloped response
    expected_failure: str | None  # the spec's reason, when the example is known not to parse


@dataclass
class Client:
    """The whole generated package."""

    api: ir.Api
    package: str
    distribution: str  # the name on PyPI (``pip install``); the import name is ``package``
    with_reference: bool  # True when the markdown set writes docs/ beside the package
    root: Group
    credentials: tuple[Credential, ...]
    schemes: tuple[SchemeWiring, ...]
    credential_required: bool  # every operation needs a credential: the constructor insists on one
    oauth: OAuth | None  # the OAuth2 helpers, when a scheme declares flows
    server_arguments: tuple[tuple[ir.ServerVariable, Argument], ...]
    header_arguments: tuple[tuple[ir.Parameter, Argument], ...]
    models: tuple[Model, ...]
    webhooks: tuple[Webhook, ...]
    tests: dict[str, list[TestCase]] = field(default_factory=dict)  # per-group test cases, by module
    examples: tuple[ExampleCase, ...] = ()  # the documentation's examples, parsed in tests/test_examples.py
    examples_json: str = "{}\n"  # tests/examples.json: each example's value, by ExampleCase.key
    model_modules: tuple[ModelModule, ...] = ()  # the ``models`` package's modules
    errors: str = "ErrorFields()"  # Python source: where the API's error bodies hold message, code, details
    generator_version: str = ""  # apigen's, for the User-Agent
    version: str = "0.1.0"  # the package's

    @property
    def constructor_call(self) -> str:
        """``Client(base_url="...")``: a client made with what cannot come from the environment."""
        return self.constructor()

    def constructor(self, *extra: str) -> str:
        """:attr:`constructor_call` with the ``extra`` arguments (Python source) too."""
        arguments = [f'{c.argument}=("user", "password")' for c in self.credentials if c.basic]
        arguments += [f'{a.name}="..."' for v, a in self.server_arguments if v.default is None]
        arguments += [f'{a.name}="..."' for h, a in self.header_arguments if h.required]
        server = self.server
        if server is None or not server.url.startswith("http"):
            arguments.append('base_url="https://..."')
        return f"Client({', '.join([*arguments, *extra])})"

    @property
    def user_agent_argument(self) -> str | None:
        """The client argument for the API's own ``User-Agent`` header, when it asks for one
        (requests then carry it instead of the package's)."""
        return next((a.name for h, a in self.header_arguments if h.name.lower() == "user-agent"), None)

    @property
    def display_name(self) -> str:
        """How messages name the API: the package's name (``webflow``)."""
        return self.package

    @property
    def log_variable(self) -> str:
        """The environment variable that turns the package's logger on (``WEBFLOW_LOG=debug``)."""
        return f"{self.package.upper()}_LOG"

    @property
    def groups(self) -> list[Group]:
        """Every group, the client's own first."""
        return self.root.walk()

    @property
    def methods(self) -> list[Method]:
        """Every method, in the order of the groups."""
        return [method for group in self.groups for method in group.methods]

    @cached_property
    def _models_by_name(self) -> dict[str, Model]:
        return {m.model.name: m for m in self.models}

    def model(self, name: str) -> Model:
        """The view of the IR model called ``name``."""
        return self._models_by_name[name]

    def server_argument(self, variable: str) -> str:
        """The client argument holding the default server's variable ``variable``."""
        return next(a.name for v, a in self.server_arguments if v.name == variable)

    def class_name(self, name: str) -> str:
        """The class name of the IR model called ``name``."""
        return self.model(name).class_name

    @property
    def server(self) -> ir.Server | None:
        """The server the client targets by default."""
        return self.api.servers[0] if self.api.servers else None


@dataclass(frozen=True)
class TestCase:
    """A generated test of one method: the call, and what a correct client sends and returns."""

    method: Method
    status: int  # what the mock answers with
    response: Any  # the mock's body (JSON data, bytes or text), printed with the ``py`` filter
    content_type: str | None
    arguments: tuple[tuple[str, str], ...]  # (argument, Python expression of its sample)
    pad: bool  # add ``max_retries=None`` so black and ruff split a long empty call alike
    path: str  # the expected path below the base URL
    hidden_query: list[str]  # query names the client adds as credentials
    query: list[list[str]]  # the expected (name, value) pairs of the query string
    headers: tuple[tuple[str, str], ...]  # (header, expected text)
    cookies: tuple[str, ...]  # expected ``name=value`` pairs of the Cookie header
    auth: tuple[tuple[str, str, str], ...]  # (bearer | basic | header | query | cookie, name, argument)
    body_encoding: str | None
    body_expected: Any  # JSON data, the parsed form, or multipart part names
    result: str  # none (returns None: the call is not assigned) | instance | maybe_null | not_none | ""
    pager_arguments: tuple[tuple[str, str], ...] = ()  # the pager's call, when the method pages
    pager_items: int | None = None  # how many items the pager yields from the mock's page
    page_size: int | None = None  # the page size the pager is called with (None: it takes none)
    pager_response: Any = None  # the mock's page for the pager: the response, saying it is the last
    pager_query: tuple[tuple[str, str | None], ...] = ()  # the first page's paging query (None: absent)
    events: bytes | None = None  # the event stream a mock answers the streaming twin with
