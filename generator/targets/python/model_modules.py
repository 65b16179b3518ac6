"""Which module of the ``models`` package defines each model, so that a call loads only the
models it can meet.

``models`` is a package whose ``__init__`` defines nothing but an index: a model is
imported, with its module, the first time it is used (``models.Site``). Models are put in
modules by the groups that can reach them: a model only ``sites`` operations use lives in
``models/_sites.py``; one that several groups share lives in a module for exactly that set
of groups. A model's dependencies are used by every group that uses it (and perhaps more),
so each module imports only from modules of larger sets: never in a cycle. Importing
OpenAI's client loads none of its 2,575 models; a chat completion loads the chat models
and those they share, not the Responses API's.
"""

from __future__ import annotations

from collections import defaultdict

from generator import ir
from generator.targets.python import names
from generator.targets.python.view import Group, Model, ModelModule

WEBHOOKS = "webhooks"  # the models webhook payloads use, as if webhooks were a group


def model_modules(api: ir.Api, groups: list[Group], models: tuple[Model, ...]) -> tuple[ModelModule, ...]:
    """The modules of the ``models`` package, each with its models in ``models``' order."""
    depends = {m.name: _dependencies(m) for m in api.models}
    usage = _usage(api, groups, depends)
    keys: dict[frozenset[str], list[Model]] = {}
    for model in models:
        keys.setdefault(frozenset(usage.get(model.model.name, ())), []).append(model)
    modules = names.Namer(taken=("__init__", "_model"))
    where: dict[str, str] = {}
    chunks = []
    for key, members in keys.items():
        module = modules.claim(_module_name(key))
        where.update((m.model.name, module) for m in members)
        chunks.append((module, members))
    class_of = {m.model.name: m.class_name for m in models}
    return tuple(ModelModule(module, tuple(members), _imports(members, depends, where, module, class_of))
                 for module, members in chunks)


def _module_name(key: frozenset[str]) -> str:
    """``_sites`` for the models of one group, ``_shared`` for those of several, ``_other``
    for models no operation or webhook reaches."""
    if len(key) == 1:
        return "_" + next(iter(key))
    return "_shared" if key else "_other"


def _dependencies(model: ir.Model) -> set[str]:
    """The models ``model`` refers to directly."""
    found = ir.schema_refs(model.schema) | ir.schema_refs(model.additional)
    for field in model.fields:
        found |= ir.schema_refs(field.schema)
    return found


def _usage(api: ir.Api, groups: list[Group], depends: dict[str, set[str]]) -> dict[str, set[str]]:
    """For each model, the modules of the groups (and ``webhooks``) that can reach it."""
    roots: dict[str, set[str]] = defaultdict(set)
    for group in groups:
        for method in group.methods:
            roots[group.module] |= _operation_refs(method.op)
    for hook in api.webhooks:
        roots[WEBHOOKS] |= ir.schema_refs(hook.payload)
    usage: dict[str, set[str]] = defaultdict(set)
    for user, found in roots.items():
        stack, seen = list(found), set()
        while stack:
            name = stack.pop()
            if name in seen or name not in depends:
                continue
            seen.add(name)
            usage[name].add(user)
            stack.extend(depends[name])
    return usage


def _operation_refs(op: ir.Operation) -> set[str]:
    """The models an operation's parameters, bodies, responses and items refer to directly."""
    found: set[str] = set()
    for parameter in op.parameters:
        found |= ir.schema_refs(parameter.schema)
    for body in op.request_body.bodies if op.request_body is not None else ():
        found |= ir.schema_refs(body.schema)
    for response in op.responses:
        for body in response.bodies:
            found |= ir.schema_refs(body.schema)
    if op.pagination is not None:
        found |= ir.schema_refs(op.pagination.item_schema)
    return found


def _imports(members: list[Model], depends: dict[str, set[str]], where: dict[str, str], module: str,
             class_of: dict[str, str]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(module, class names) a module imports: the dependencies defined in other modules."""
    wanted: dict[str, set[str]] = defaultdict(set)
    for model in members:
        for name in depends[model.model.name]:
            other = where.get(name)
            if other is not None and other != module:
                wanted[other].add(class_of[name])
    return tuple((other, tuple(sorted(wanted[other]))) for other in sorted(wanted))
