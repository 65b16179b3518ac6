"""Read YAML or JSON documents fast (libyaml) and find the line of a JSON pointer on demand."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from generator.diagnostics import Location, SpecError

try:  # libyaml is several times faster; fall back to the pure-Python loader without it
    _BaseLoader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _BaseLoader = yaml.SafeLoader

# OpenAPI documents are YAML 1.2, whose core schema knows no timestamps and only
# true/false as booleans; PyYAML follows YAML 1.1, where `version: 2020-08-27` is a date
# and `on`/`no` are booleans. These resolvers read scalars the 1.2 way.
# Booleans that begin with these letters (yes, no, on, off, y, n) exist in YAML 1.1 only.
_BOOL_1_1_ONLY_FIRST_LETTERS = "yYnNoO"
_IMPLICIT_RESOLVERS = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"
            and not (first in _BOOL_1_1_ONLY_FIRST_LETTERS and tag == "tag:yaml.org,2002:bool")]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}
# What each plain scalar's first character (or "" for an empty one) may resolve to, wildcards
# included, so resolving a scalar is one lookup and a few matches.
_WILDCARD_RESOLVERS = _IMPLICIT_RESOLVERS.get(None, [])
_RESOLVERS_BY_FIRST = {first: resolvers + _WILDCARD_RESOLVERS
                       for first, resolvers in _IMPLICIT_RESOLVERS.items() if first is not None}
_STR, _SEQ, _MAP = "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"
_SCALARS = frozenset(["tag:yaml.org,2002:null", "tag:yaml.org,2002:bool",
                      "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"])


class _Loader(_BaseLoader):  # type: ignore[misc]
    """The libyaml safe loader with YAML 1.2 core-schema scalars, and faster in Python.

    libyaml parses in C but calls back into Python to resolve every scalar and to build
    every value; on an OpenAPI document those callbacks take much of the time. These two
    do what PyYAML's do for the tags specs use (and leave every other tag to PyYAML),
    without its generality: no path resolvers, no two-step construction.
    """

    yaml_implicit_resolvers = _IMPLICIT_RESOLVERS

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        """The tag of a node without an explicit one (called by libyaml's composer)."""
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, regexp in _RESOLVERS_BY_FIRST.get(value[:1], _WILDCARD_RESOLVERS):
                    if regexp.match(value):
                        return str(tag)
            return _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP

    def get_single_data(self) -> Any:
        """The stream's only document, built from libyaml's nodes."""
        node = self.get_single_node()
        return None if node is None else _Builder(self).build(node)


class _Builder:
    """Python values from composed nodes; a node met again (an alias) gives the same value."""

    def __init__(self, loader: _Loader) -> None:
        self._loader = loader
        self._built: dict[int, Any] = {}  # containers by node id, entered before their items

    def build(self, node: yaml.Node) -> Any:
        """The value of ``node``."""
        tag = node.tag
        if tag == _STR and type(node) is yaml.ScalarNode:
            return node.value
        if tag in _SCALARS and type(node) is yaml.ScalarNode:
            return self._loader.yaml_constructors[tag](self._loader, node)
        if id(node) in self._built:
            return self._built[id(node)]
        if tag == _MAP and type(node) is yaml.MappingNode:
            return self._mapping(node)
        if tag == _SEQ and type(node) is yaml.SequenceNode:
            items: list[Any] = []
            self._built[id(node)] = items
            items.extend(self.build(item) for item in node.value)
            return items
        return self._loader.construct_object(node, deep=True)  # rarer tags: PyYAML's way

    def _mapping(self, node: yaml.MappingNode) -> dict[Any, Any]:
        mapping: dict[Any, Any] = {}
        self._built[id(node)] = mapping
        self._loader.flatten_mapping(node)  # merge keys ("<<: *defaults"), as PyYAML does
        for key_node, value_node in node.value:
            key, value = self.build(key_node), self.build(value_node)
            try:
                mapping[key] = value
            except TypeError:  # a list or mapping as a key
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping", node.start_mark, "found unhashable key",
                    key_node.start_mark) from None
        return mapping


@dataclass
class Document:
    """A parsed document: its data, raw text and sha256, with lines for pointers."""

    path: Path
    text: str
    data: Any
    has_lines: bool = True  # False when data was rewritten (Swagger 2.0 upgraded to 3.0)
    label: str | None = None  # how messages and sources name it, when not by its path

    @property
    def name(self) -> str:
        """The file name used in messages and sources: the label a registry gives it
        (``specs/bree.yaml``), else the path as the user gave it, so that the same input
        reads the same from any machine and any working folder."""
        return self.label if self.label is not None else str(self.path)

    @property
    def source_name(self) -> str:
        """How generated files cite the document: its label, else its file name alone, so
        that output never holds a path of the machine that generated it."""
        return self.label if self.label is not None else self.path.name

    @property
    def sha256(self) -> str:
        """The sha256 of the document's bytes, for headers of generated files."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @cached_property
    def _root_node(self) -> yaml.Node | None:
        # Composing is slower than loading, so it only happens when a message needs a line.
        return yaml.compose(self.text, Loader=_Loader)

    def line_of(self, pointer: str) -> int | None:
        """The 1-based line where ``pointer`` (``/paths/~1pets/get``) starts, if it exists."""
        if not self.has_lines:
            return None
        node = self._root_node
        line = 1 if node is not None else None
        for part in [p.replace("~1", "/").replace("~0", "~") for p in pointer.split("/")[1:]]:
            found = _child(node, part)
            if found is None:
                return None
            anchor, node = found
            line = anchor.start_mark.line + 1
        return line

    def location(self, pointer: str) -> Location:
        """A :class:`Location` for ``pointer`` with its line when it can be found."""
        return Location(self.name, self.line_of(pointer), pointer)


def _child(node: yaml.Node | None, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    """(the node whose line names the child, the child): a mapping's key, a list's item."""
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if str(k.value) == key:
                return k, v
    if isinstance(node, yaml.SequenceNode) and key.isdigit() and int(key) < len(node.value):
        item = node.value[int(key)]
        return item, item
    return None


def load_document(path: Path, label: str | None = None) -> Document:
    """Read and parse ``path`` (named ``label`` in messages, when given); malformed input
    raises :class:`SpecError` with its line."""
    name = label if label is not None else str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SpecError(Location(name), f"cannot read: {exc}") from None
    return Document(path, text, parse_text(text, name), label=label)


def parse_text(text: str, name: str) -> Any:
    """Parse YAML (JSON is YAML) text, turning parser errors into :class:`SpecError`."""
    try:
        if name.endswith(".json"):
            return json.loads(text)
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader
        if _may_have_anchor(text):  # only anchors let a small text stand for a huge or endless tree
            _check_aliases(data, name)
        return data
    except json.JSONDecodeError as exc:
        raise SpecError(Location(name, exc.lineno), f"malformed JSON: {exc.msg}") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raise SpecError(Location(name, line), f"malformed YAML: {exc.problem or exc}") from None
    except yaml.YAMLError as exc:
        raise SpecError(Location(name), f"malformed YAML: {exc}") from None
    except RecursionError:
        raise SpecError(Location(name, _too_deep_line(text, name)), "document nested too deeply to read") from None


_MAX_READABLE_DEPTH = 500


def _too_deep_line(text: str, name: str) -> int | None:
    """The line where ``text`` first nests deeper than a reader can follow.

    Only called after a failed load: PyYAML's event stream is read without recursion, so the
    line can be found where building the values ran out of stack.
    """
    if name.endswith(".json"):
        depth = 0
        for index, char in enumerate(text):
            depth += (char in "[{") - (char in "]}")
            if depth > _MAX_READABLE_DEPTH:
                return text.count("\n", 0, index) + 1
        return None
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_BaseLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > _MAX_READABLE_DEPTH:
                    return event.start_mark.line + 1 if event.start_mark is not None else None
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except (yaml.YAMLError, RecursionError):
        return None
    return None


def _may_have_anchor(text: str) -> bool:
    """Whether ``text`` may define an anchor (``&name``).

    An anchor follows whitespace, a flow indicator, a byte-order mark or the start of the
    text; an ampersand in a URL or in prose ("a & b") does not look like one, so most
    documents skip the alias check. (``str.find`` finds the few ampersands 200 times faster
    than a regular expression scanning every position.)
    """
    at = text.find("&")
    while at != -1:
        before, after = text[at - 1:at], text[at + 1:at + 2]
        starts = not before or before.isspace() or before in "[{,\ufeff"
        if starts and after and not (after.isspace() or after in "[]{},"):
            return True
        at = text.find("&", at + 1)
    return False


# Aliases may repeat nodes, but not by millions ("billion laughs"): every later step walks
# the expanded tree, so that tree has to stay about the size of the text.
MAX_ALIAS_EXPANSION = 1_000_000


def _check_aliases(data: Any, name: str) -> None:
    """Raise SpecError when aliases make ``data`` recursive or expand it enormously."""
    sizes: dict[int, int] = {}  # expanded node count of each container, by id
    path: set[int] = set()  # containers being visited: meeting one again is a cycle
    stack: list[tuple[Any, bool]] = [(data, False)]
    while stack:
        node, leaving = stack.pop()
        children = [c for c in (node.values() if isinstance(node, dict) else node)
                    if isinstance(c, dict | list)]
        if leaving:
            path.discard(id(node))
            sizes[id(node)] = 1 + len(node) + sum(sizes[id(c)] for c in children)
            if sizes[id(node)] - len(sizes) > MAX_ALIAS_EXPANSION:
                raise SpecError(Location(name), "YAML aliases expand to more than "
                                f"{MAX_ALIAS_EXPANSION:,} nodes (an alias bomb?)")
            continue
        if id(node) in sizes:
            continue
        if id(node) in path:
            raise SpecError(Location(name), "a YAML alias refers to a node that contains it")
        path.add(id(node))
        stack.append((node, True))
        stack.extend((c, False) for c in children if id(c) not in sizes)
