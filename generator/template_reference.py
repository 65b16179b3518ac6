"""The reference of what templates receive, in ``docs/templates.md``, generated from the code.

Templates receive the neutral IR (``generator/ir.py``) or the Python target's view
(``generator/targets/python/view.py``) and nothing else, so their authors need every class,
field, type and comment of both. Writing that list by hand would drift from the code; this
module renders it from the dataclasses (fields, types, defaults, docstrings) and the
source's comments, between two markers in ``docs/templates.md``.

``python -m generator.template_reference`` rewrites the section; ``--check`` exits 1 when
it is stale, which ``tests/test_templates.py`` also asserts.
"""

from __future__ import annotations

import argparse
import ast
import dataclasses
import inspect
import io
import sys
import tokenize
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from generator import ir
from generator.targets.python import view
from generator.escape import markdown_cell

DOCUMENT = Path(__file__).resolve().parent.parent / "docs" / "templates.md"
BEGIN = ("<!-- BEGIN REFERENCE: generated from generator/ir.py and generator/targets/python/view.py "
         "by `python -m generator.template_reference` -->")
END = "<!-- END REFERENCE -->"


@dataclass(frozen=True)
class FieldDoc:
    """One field of an IR class as the reference shows it."""

    name: str
    type: str
    default: str | None  # source text of the default; None when the field is required
    comment: str


@dataclass(frozen=True)
class MemberDoc:
    """A property or public method of an IR class, or a public function of the module."""

    signature: str
    doc: str


@dataclass(frozen=True)
class ModuleSource:
    """A module's source (``generator/ir.py``): its text, syntax tree and comments by line."""

    text: str
    tree: ast.Module
    comments: dict[int, str]  # line (1-based) -> comment text without the '#'

    @classmethod
    def read(cls, module: ModuleType) -> ModuleSource:
        """Read and parse the source of ``module``."""
        text = Path(inspect.getfile(module)).read_text(encoding="utf-8")
        tokens = tokenize.generate_tokens(io.StringIO(text).readline)
        comments = {tok.start[0]: tok.string.lstrip("#").strip() for tok in tokens if tok.type == tokenize.COMMENT}
        return cls(text, ast.parse(text), comments)

    def segment(self, node: ast.AST | None) -> str | None:
        """The source text of ``node``."""
        return ast.get_source_segment(self.text, node) if node is not None else None

    def comment(self, line: int) -> str:
        """The comment on ``line`` and the comment-only lines right above it, joined."""
        lines = self.text.splitlines()
        first = line
        while first > 1 and lines[first - 2].lstrip().startswith("#"):
            first -= 1
        return " ".join(self.comments[n] for n in range(first, line + 1) if self.comments.get(n))

    def class_node(self, name: str) -> ast.ClassDef:
        """The definition of the class ``name``."""
        return next(node for node in self.tree.body if isinstance(node, ast.ClassDef) and node.name == name)


def classes_of(module: ModuleType, entry: type) -> list[type]:
    """The dataclasses of ``module`` in the order it defines them, ``entry`` first."""
    classes = [value for value in vars(module).values()
               if isinstance(value, type) and dataclasses.is_dataclass(value) and value.__module__ == module.__name__]
    classes.sort(key=lambda cls: inspect.getsourcelines(cls)[1])
    # The template's entry point leads; the rest follow the source.
    return sorted(classes, key=lambda cls: cls is not entry)


def ir_classes() -> list[type]:
    """The IR's dataclasses, :class:`~generator.ir.Api` first."""
    return classes_of(ir, ir.Api)


def view_classes() -> list[type]:
    """The Python view's dataclasses, :class:`~generator.targets.python.view.Client` first."""
    return classes_of(view, view.Client)


def _annotated(src: ModuleSource, cls: type) -> dict[str, ast.AnnAssign]:
    """The annotated names in the body of ``cls``, by name."""
    return {node.target.id: node for node in src.class_node(cls.__name__).body
            if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)}


def field_docs(src: ModuleSource, cls: type) -> list[FieldDoc]:
    """Every dataclass field of ``cls``, with its annotation, default and comments."""
    nodes = _annotated(src, cls)
    return [FieldDoc(f.name, str(f.type), src.segment(nodes[f.name].value), src.comment(nodes[f.name].lineno))
            for f in dataclasses.fields(cls)]


def class_constants(src: ModuleSource, cls: type) -> list[FieldDoc]:
    """``ClassVar`` attributes of ``cls`` (a schema's ``kind``), which templates test."""
    return [FieldDoc(name, src.segment(node.annotation) or "", src.segment(node.value), src.comment(node.lineno))
            for name, node in _annotated(src, cls).items() if ast.unparse(node.annotation).startswith("ClassVar")]


def _signature(node: ast.FunctionDef, as_property: bool) -> str:
    """``name(args) -> type`` as written, without ``self``; just ``name`` for a property."""
    if as_property:
        return node.name
    args = ast.unparse(node.args)
    args = args.removeprefix("self, ").removeprefix("self")
    returns = f" -> {ast.unparse(node.returns)}" if node.returns is not None else ""
    return f"{node.name}({args}){returns}"


def member_docs(body: Sequence[ast.stmt]) -> list[MemberDoc]:
    """Public properties and functions among ``body`` (a class's or the module's)."""
    members = []
    for node in body:
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
            as_property = any(ast.unparse(d) in ("property", "cached_property") for d in node.decorator_list)
            doc = (ast.get_docstring(node) or "").split("\n\n")[0]
            members.append(MemberDoc(_signature(node, as_property), " ".join(doc.split())))
    return members


def type_aliases(src: ModuleSource) -> list[FieldDoc]:
    """Module-level type aliases (``Schema``, ``JsonValue``) with their comments."""
    return [FieldDoc(node.targets[0].id, src.segment(node.value) or "", None, src.comment(node.lineno))
            for node in src.tree.body
            if isinstance(node, ast.Assign) and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name) and node.targets[0].id[:1].isupper()
            and not isinstance(node.value, ast.Constant)]


def _code(text: str) -> str:
    """``text`` as a code span inside a table cell (a ``|`` in a type would split the cell)."""
    return "`" + text.replace("|", "\\|") + "`"


def _class_section(src: ModuleSource, cls: type, prefix: str) -> list[str]:
    """The reference of one class: docstring, fields table, constants and members."""
    lines = [f"### `{prefix}{cls.__name__}`", "", inspect.getdoc(cls) or "", ""]
    constants = class_constants(src, cls)
    if constants:
        lines += [f"Class constant: `{c.name} = {c.default}`. {c.comment}".rstrip() for c in constants] + [""]
    fields = field_docs(src, cls)
    if fields:
        lines += ["| Field | Type | Default | Meaning |", "| --- | --- | --- | --- |"]
        lines += [f"| `{f.name}` | {_code(f.type)} | {_code(f.default) if f.default is not None else 'required'} "
                  f"| {markdown_cell(f.comment)} |" for f in fields]
        lines.append("")
    members = member_docs(src.class_node(cls.__name__).body)
    lines += [f"- `{m.signature}`: {markdown_cell(m.doc)}" for m in members]
    return lines + ([""] if members else [])


def _anchor(prefix: str, cls: type) -> str:
    return f"#{(prefix + cls.__name__).lower().replace('.', '')}"


def _module_section(module: ModuleType, classes: list[type], title: str, intro: str, prefix: str) -> list[str]:
    """The reference of one module's classes, type aliases and public functions."""
    src = ModuleSource.read(module)
    lines = [f"## {title}", "", intro, "",
             "Classes: " + ", ".join(f"[`{prefix}{c.__name__}`]({_anchor(prefix, c)})" for c in classes) + ".", ""]
    for cls in classes:
        lines += _class_section(src, cls, prefix)
    aliases = type_aliases(src)
    if aliases:
        lines += ["### Type aliases", ""]
        lines += [f"- `{a.name} = {a.type}`" + (f": {markdown_cell(a.comment)}" if a.comment else "") for a in aliases]
        lines.append("")
    functions = member_docs(src.tree.body)
    if functions:
        lines += [f"### Functions of `{module.__name__}`", ""]
        lines += [f"- `{m.signature}`: {markdown_cell(m.doc)}" for m in functions]
        lines.append("")
    return lines


def render_reference() -> str:
    """The generated section of ``docs/templates.md``, markers included."""
    lines = [BEGIN, ""]
    lines += _module_section(ir, ir_classes(), "IR reference", "The neutral IR, from `generator/ir.py`: "
                             "`api` in every template (the docstring, then each field's type, default and "
                             "comment). All are frozen dataclasses; tuples stand for lists.", "")
    lines += _module_section(view, view_classes(), "Python view reference", "What `view: python` sets "
                             "receive besides `api`: `client`, `group` and `model`, from "
                             "`generator/targets/python/view.py`. Every Python name and annotation is "
                             "decided in them.", "view.")
    return "\n".join(lines + [END])


def splice(document: str, reference: str) -> str:
    """``document`` with the text between the markers (inclusive) replaced by ``reference``."""
    start, end = document.find(BEGIN), document.find(END)
    if start < 0 or end < start:
        raise ValueError(f"{DOCUMENT}: the reference markers are missing")
    return document[:start] + reference + document[end + len(END):]


def main(argv: Sequence[str] | None = None) -> int:
    """Rewrite the IR reference of ``docs/templates.md``; with ``--check``, exit 1 if stale."""
    parser = argparse.ArgumentParser(prog="python -m generator.template_reference",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 when the document is stale")
    args = parser.parse_args(argv)
    current = DOCUMENT.read_text(encoding="utf-8")
    updated = splice(current, render_reference())
    if updated == current:
        return 0
    if args.check:
        print(f"{DOCUMENT} is stale: run `python -m generator.template_reference`", file=sys.stderr)
        return 1
    DOCUMENT.write_text(updated, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
