"""Arrange operations into the client's attribute tree, with distinct names at each level."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from generator import naming
from generator.ir import Group, Operation


def _distinct_method_names(operations: list[Operation]) -> list[Operation]:
    """Rename operations whose py_name repeats in the same group (list, list_2 …).

    Paginated operations also get an iterating method (``list_all``), named after every
    operation has its own name so the iterator never takes an operation's name.
    """
    namer = naming.Namer()
    renamed = []
    for op in operations:
        name = namer.claim(op.py_name)
        renamed.append(op if name == op.py_name else _with_name(op, name))
    return [replace(op, pagination=replace(op.pagination, method=namer.claim(op.py_name + "_all")))
            if op.pagination is not None else op for op in renamed]


def _with_name(op: Operation, name: str) -> Operation:
    return replace(op, py_name=name)


def build_tree(operations: Iterable[Operation], client_class: str = "Client") -> Group:
    """The root group holding every operation at its ``group`` path, in first-seen order.

    A sub-group whose attribute name equals a method name of its parent keeps its name and
    the method is renamed, because resource paths (``client.sites.scripts``) are what
    users navigate by.
    """
    members: dict[tuple[str, ...], list[Operation]] = {(): []}
    for op in operations:
        for depth in range(1, len(op.group) + 1):
            members.setdefault(op.group[:depth], [])
        members[op.group].append(op)
    # Module names also name test files: tests/test_runtime.py is the runtime's own.
    return _build_node((), members, naming.Namer(taken=("client", "runtime")), client_class)


def _build_node(path: tuple[str, ...], members: dict[tuple[str, ...], list[Operation]],
                modules: naming.Namer, class_name: str = "") -> Group:
    children = [p for p in members if len(p) == len(path) + 1 and p[: len(path)] == path]
    child_names = {p[-1] for p in children}
    operations = _distinct_method_names(
        [_with_name(op, op.py_name + "_") if op.py_name in child_names else op
         for op in members[path]]
    )
    module = modules.claim(naming.module("_".join(path))) if path else "client"
    groups = tuple(_build_node(p, members, modules) for p in children)
    class_name = class_name or naming.pascal(module) + "Resource"
    return Group(name=path[-1] if path else "", class_name=class_name, module=module,
                 operations=tuple(operations), groups=groups, path=path)
