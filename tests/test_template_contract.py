"""The contract between the built-in templates and what they receive: no hidden names.

Templates read only the variables the render stage provides and only attributes that the
neutral IR or the Python view define; generated methods use only the locals the naming
authority reserves. A template that reaches for something else fails here, not in a user's
generated code.
"""

from __future__ import annotations

import ast
import dataclasses
import inspect
from pathlib import Path

import jinja2
from jinja2 import nodes

from generator import ir, render, targets
from generator.targets.python import methods, names, view
from tests.conftest import ROOT

CONTEXT = {"api", "client", "group", "model", "models_module", "oauth", "operation", "header", "set_name",
           "line_length", "loop", "namespace", "dict", "range", "true", "false", "none"}
BUILTIN_ATTRIBUTES = {name for kind in (str, list, dict, tuple) for name in dir(kind) if not name.startswith("_")}
LOOP_ATTRIBUTES = {"first", "last", "index", "index0", "length", "revindex", "revindex0", "depth"}


def provided_attributes() -> set[str]:
    """Every field, property and method of the IR's and the Python view's classes."""
    found = set(BUILTIN_ATTRIBUTES)
    for module in (ir, view):
        for cls in vars(module).values():
            if isinstance(cls, type) and cls.__module__ == module.__name__:
                if dataclasses.is_dataclass(cls):
                    found |= {f.name for f in dataclasses.fields(cls)}
                found |= {name for name, _ in inspect.getmembers(cls) if not name.startswith("__")}
    return found


def templates() -> list[Path]:
    return sorted(p for root in targets.template_roots() for p in root.rglob("*.jinja"))


def parsed(path: Path) -> nodes.Template:
    env = jinja2.Environment(trim_blocks=True, lstrip_blocks=True)
    env.filters.update(render.FILTERS)
    return env.parse(path.read_text(encoding="utf-8"))


def test_templates_read_only_attributes_the_ir_and_the_view_define() -> None:
    known = provided_attributes() | LOOP_ATTRIBUTES
    unknown = set()
    for path in templates():
        tree = parsed(path)
        own = {ref.attr for ref in tree.find_all(nodes.NSRef)}  # namespace(...) attributes it sets
        unknown |= {(path.relative_to(ROOT).as_posix(), node.attr) for node in tree.find_all(nodes.Getattr)
                    if node.attr not in known | own}
    unknown = sorted(unknown)
    assert not unknown, unknown


def test_templates_read_only_the_variables_render_provides() -> None:
    for path in templates():
        tree = parsed(path)
        local = {n.name for n in tree.find_all(nodes.Name) if n.ctx in ("store", "param")}
        local |= {n.name for n in tree.find_all(nodes.Macro)}
        local |= {name for imp in tree.find_all(nodes.FromImport)
                  for name in (n if isinstance(n, str) else n[1] for n in imp.names)}
        used = {n.name for n in tree.find_all(nodes.Name) if n.ctx == "load"}
        assert used <= CONTEXT | local, (path.name, sorted(used - CONTEXT - local))


def test_generated_methods_use_only_reserved_locals() -> None:
    """A generated method's locals (``result``, ``fetch``, ``pages``…) are names no argument
    can take, so a spec's parameter can never shadow one."""
    source = (ROOT / "tests" / "golden" / "features" / "features" / "resources" / "things.py").read_text()
    reserved = set(names.RESERVED) | set(methods.METHOD_NAMES)
    for function in (n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)):
        arguments = {a.arg for a in function.args.args + function.args.kwonlyargs}
        stored = {n.id for n in ast.walk(function) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
        stored |= {n.name for n in ast.walk(function) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
                   and n is not function}
        assert stored - arguments <= reserved, (function.name, sorted(stored - arguments - reserved))


def test_every_name_a_generated_module_imports_is_reserved() -> None:
    """A parameter or field may not take a name the module it lives in imports (``cast``,
    ``format_path``, ``datetime``…): the naming authority must reserve each of them."""
    package = ROOT / "tests" / "golden" / "features" / "features"
    runtime = {p.name for p in (ROOT / "generator" / "targets" / "python" / "runtime").glob("*.py")}
    unreserved = set()
    for module in package.rglob("*.py"):
        if module.name in runtime:
            continue  # the runtime's own modules hold no name made from a spec
        for node in ast.parse(module.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Import | ast.ImportFrom) and getattr(node, "module", "") != "__future__":
                for alias in node.names:
                    name = (alias.asname or alias.name).split(".")[0]
                    if name[:1].islower() and name not in names.RESERVED:
                        unreserved.add((module.name, name))
    assert not unreserved, sorted(unreserved)
