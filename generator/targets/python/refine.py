"""The Python target's refine stage: the neutral IR becomes a :class:`view.Client`.

Every Python name is decided here, once, in one place per scope: class names of models
and resources, module names, the attribute tree of groups, method and argument names, the
client's constructor arguments. Templates receive the result and decide nothing.
"""

from __future__ import annotations

import importlib.metadata
from collections.abc import Iterator

from generator import ir
from generator.diagnostics import Diagnostic, Diagnostics
from generator.escape import comment
from generator.targets.python import examplecases, names, testcases, twins
from generator.targets.python.error_fields import error_fields
from generator.targets.python.methods import MethodBuilder
from generator.targets.python.model_modules import model_modules
from generator.targets.python.models import model_views
from generator.targets.python.oauth import oauth_view
from generator.targets.python.types import Annotator
from generator.targets.python.view import (
    Argument, Client, Credential, Group, Method, SchemeWiring, Webhook,
)

# Arguments of every client's constructor besides the API's credentials, server variables
# and headers.
CLIENT_ARGUMENTS = ("self", "base_url", "timeout", "max_retries", "headers", "http_client")
# Module names also name test files: tests/test_runtime.py is the runtime's own.
_TAKEN_MODULES = ("client", "runtime")


def refine(api: ir.Api, *, package: str, distribution: str | None = None, sets: tuple[str, ...] = (),
           names: dict[str, str] | None = None) -> tuple[Client, list[Diagnostic]]:
    """The Python view of ``api`` for the package ``package`` (published as ``distribution``,
    by default ``<package>-client``, a name no official SDK takes), and what refining found;
    ``names`` maps model names (or the document's names for them) to the class names the user chose."""
    diagnostics = Diagnostics(api.source_file)
    class_names = model_class_names(api.models, names or {})
    annotator = Annotator({m.name: m for m in api.models}, class_names, diagnostics)
    builder = MethodBuilder(api, annotator, package)
    credentials, schemes, arguments = _credentials(api, package)
    client = Client(
        api=api,
        package=package,
        distribution=distribution or f"{package.strip('_').replace('_', '-')}-client",
        with_reference="markdown" in sets,
        root=_tree(api.operations, builder),
        credentials=credentials,
        schemes=schemes,
        credential_required=credential_required(api),
        oauth=oauth_view(api, schemes),
        server_arguments=tuple((v, _server_argument(v, arguments)) for v in _server_variables(api)),
        header_arguments=tuple((h, _header_argument(h, arguments)) for h in api.headers),
        models=model_views(api, class_names, annotator),
        webhooks=tuple(Webhook(hook.name, annotator.annotation(hook.payload, "models."),
                               tuple((h.name, h.description or "") for h in hook.headers))
                       for hook in api.webhooks),
    )
    client.model_modules = model_modules(api, client.groups, client.models)
    client.errors = error_fields(api)
    client.generator_version = _generator_version()
    client.tests = testcases.build(client, annotator)
    client.examples, client.examples_json = examplecases.build(client, annotator)
    return client, diagnostics.found


def _generator_version() -> str:
    """apigen's version, which generated clients name in their User-Agent."""
    try:
        return importlib.metadata.version("apigen")
    except importlib.metadata.PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown"


def model_class_names(models: tuple[ir.Model, ...], chosen: dict[str, str] | None = None) -> dict[str, str]:
    """A class name for every model: the user's choice (``names:`` in the registry, by model name
    or by the document's name for it), else its IR name unless Python or the runtime reserves it."""
    chosen = chosen or {}
    wanted = {m.name: chosen.get(m.name) or chosen.get(m.spec_name or "") or m.name for m in models}
    taken = names.Namer(taken=[w for w in wanted.values() if names.class_name(w) == w], separator="")
    return {m.name: w if names.class_name(w) == w else taken.claim(names.class_name(w))
            for m, w in ((m, wanted[m.name]) for m in models)}


# --- the client's constructor ----------------------------------------------------------


def _credentials(api: ir.Api, package: str
                 ) -> tuple[tuple[Credential, ...], tuple[SchemeWiring, ...], names.Namer]:
    """The credential arguments (schemes with the same argument name share it), how each
    scheme is wired to one, and the namer of the constructor's arguments."""
    arguments = names.Namer(taken=CLIENT_ARGUMENTS)
    by_base: dict[str, str] = {}
    credentials, wiring = [], []
    for scheme in api.auth:
        base = _credential_name(scheme)
        if base not in by_base:
            by_base[base] = arguments.claim(base)
            basic = scheme.kind == "basic"
            credentials.append(Credential(
                by_base[base], "Tuple[str, str]" if basic else "str",
                None if basic else f"{package}_{by_base[base]}".upper(), basic))
        wiring.append(SchemeWiring(scheme, by_base[base]))
    return tuple(credentials), tuple(wiring), arguments


def credential_required(api: ir.Api) -> bool:
    """Whether every operation needs a credential the client can send: none is anonymous
    (no empty requirement, no ``security: []``) and each has a requirement of known schemes.
    Such a client is useless without one, so its constructor refuses to be made without."""
    known = {scheme.name for scheme in api.auth}

    def needs(accepted: tuple[tuple[str, ...], ...]) -> bool:
        sendable = [r for r in accepted if all(name in known for name in r)]
        return bool(sendable) and () not in sendable

    return bool(api.operations) and all(
        needs(api.security if op.security is None else op.security) for op in api.operations)


def _credential_name(scheme: ir.AuthScheme) -> str:
    """The argument a scheme's credential is passed in: ``token``, ``basic_auth`` or the key's name."""
    if scheme.kind == "basic":
        return "basic_auth"
    if scheme.kind == "bearer":
        return "token"
    return names.snake(scheme.param_name, fallback="api_key")


def _server_variables(api: ir.Api) -> tuple[ir.ServerVariable, ...]:
    return api.servers[0].variables if api.servers else ()


def _server_argument(variable: ir.ServerVariable, arguments: names.Namer) -> Argument:
    name = arguments.claim(names.snake(variable.name))
    if variable.default is not None:
        return Argument(name, "str", repr(variable.default))
    return Argument(name, "Optional[str]", "None")


def _header_argument(header: ir.Parameter, arguments: names.Namer) -> Argument:
    name = arguments.claim(names.snake(header.name, fallback="param"))
    if header.required and header.default is None:
        return Argument(name, "str")
    return Argument(name, "Optional[str]", repr(header.default))


# --- the attribute tree ----------------------------------------------------------------


def _tree(operations: tuple[ir.Operation, ...], builder: MethodBuilder) -> Group:
    """The client's group holding every operation at its group path, in first-seen order.

    A sub-group whose attribute name equals a method name of its parent keeps its name and
    the method is renamed, because resource paths (``client.sites.scripts``) are what users
    navigate by.
    """
    members: dict[tuple[str, ...], list[ir.Operation]] = {(): []}
    for op in operations:
        path = tuple(names.identifier(part) for part in op.group)
        for depth in range(1, len(path) + 1):
            members.setdefault(path[:depth], [])
        members[path].append(op)
    modules = names.Namer(taken=_TAKEN_MODULES)
    classes = names.Namer(taken=("Client", "AsyncClient"), separator="")
    return _node((), members, modules, classes, builder)


def _node(path: tuple[str, ...], members: dict[tuple[str, ...], list[ir.Operation]],
          modules: names.Namer, classes: names.Namer, builder: MethodBuilder) -> Group:
    children = [p for p in members if len(p) == len(path) + 1 and p[: len(path)] == path]
    accessor = ".".join(("client", *path))
    methods = list(_methods(members[path], {p[-1] for p in children}, builder, accessor))
    module = modules.claim(names.module("_".join(path))) if path else "client"
    class_name = classes.claim(names.pascal(module) + "Resource") if path else "Client"
    group = Group(path[-1] if path else "", class_name, module, path, methods)
    group.groups = [_node(p, members, modules, classes, builder) for p in children]
    return group


def _methods(operations: list[ir.Operation], child_names: set[str], builder: MethodBuilder,
             accessor: str) -> Iterator[Method]:
    """A method per operation, with distinct names (list, list_2 …); paginated ones also get
    a paging method (``list_all``) and those that may answer with server-sent events a
    streaming one (``create_stream``), named after every operation has its own name so a
    twin never takes an operation's name."""
    taken = names.Namer()
    chosen = []
    for op in operations:
        name = names.identifier(op.name, fallback="call")
        chosen.append(taken.claim(name + "_" if name in child_names else name))
    pagers = [taken.claim(name + "_all") if op.pagination is not None else None
              for op, name in zip(operations, chosen, strict=True)]
    streamers = [taken.claim(name + "_stream") if twins.event_body(op) is not None else None
                 for op, name in zip(operations, chosen, strict=True)]
    for op, name, pager, streamer in zip(operations, chosen, pagers, streamers, strict=True):
        yield builder.method(op, name, accessor, pager, streamer)
