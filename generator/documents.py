"""The read stage: a spec file becomes a :class:`Document`: its text, data and sha256, with
the line of any JSON pointer found on demand (for messages).

A document is untrusted input: reading it gives JSON-shaped data with no lone surrogates
(they become U+FFFD, each with a diagnostic) or raises :class:`SpecError` naming file and line.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from generator.diagnostics import Diagnostic, Location, SpecError, pointer_join
from generator.syntax import MAX_ALIAS_EXPANSION as MAX_ALIAS_EXPANSION  # re-exported for tests
from generator.syntax import check_aliases, compose, load_json, load_yaml, may_have_anchor, too_deep_line

@dataclass
class Document:
    """A parsed document: its data, raw text and sha256, with lines for pointers."""

    path: Path
    text: str
    data: Any
    has_lines: bool = True  # False when data was rewritten (Swagger 2.0 upgraded to 3.0)
    label: str | None = None  # how messages and sources name it, when not by its path
    diagnostics: list[Diagnostic] = field(default_factory=list)  # what reading changed, with its place

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
        return compose(self.text)

    @cached_property
    def _keys(self) -> dict[int, dict[str, tuple[yaml.Node, yaml.Node]]]:
        # Each mapping's (key, value) nodes by key text, made when a pointer first passes
        # through it: a spec with many broken references asks for many lines in one mapping.
        return {}

    def line_of(self, pointer: str) -> int | None:
        """The 1-based line where ``pointer`` (``/paths/~1pets/get``) starts, if it exists."""
        if not self.has_lines:
            return None
        node = self._root_node
        line = 1 if node is not None else None
        for part in [p.replace("~1", "/").replace("~0", "~") for p in pointer.split("/")[1:]]:
            found = self._child(node, part)
            if found is None:
                return None
            anchor, node = found
            line = anchor.start_mark.line + 1
        return line

    def _child(self, node: yaml.Node | None, key: str) -> tuple[yaml.Node, yaml.Node] | None:
        """(the node whose line names the child, the child): a mapping's key, a list's item."""
        if isinstance(node, yaml.MappingNode):
            keys = self._keys.get(id(node))
            if keys is None:
                keys = self._keys[id(node)] = {}
                for k, v in node.value:
                    keys.setdefault(str(k.value), (k, v))  # the first of repeated keys, as before
            return keys.get(key)
        if isinstance(node, yaml.SequenceNode) and key.isdigit() and int(key) < len(node.value):
            item = node.value[int(key)]
            return item, item
        return None

    def location(self, pointer: str) -> Location:
        """A :class:`Location` for ``pointer`` with its line when it can be found."""
        return Location(self.name, self.line_of(pointer), pointer)

def load_document(path: Path, label: str | None = None) -> Document:
    """Read and parse ``path`` (named ``label`` in messages, when given); unreadable or
    malformed input raises :class:`SpecError` with its line."""
    name = label if label is not None else str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SpecError(Location(name), f"cannot read: {exc}") from None
    text = _decode(raw, name)
    data, replaced = _parse(text, name)
    document = Document(path, text, data, label=label)
    document.diagnostics.extend(
        Diagnostic("lone-surrogate", "warning", document.location(pointer), "a lone surrogate (an "
                   "unpaired \\uD800-\\uDFFF escape) has no UTF-8 form; it reads as U+FFFD")
        for pointer in replaced)
    return document

def _decode(raw: bytes, name: str) -> str:
    """The text of a UTF-8 file, line breaks read as Python's text files read them; a
    SpecError naming the line of the first byte that is not UTF-8 otherwise."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[:exc.start].replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        column = len(before) - before.rfind(b"\n")
        raise SpecError(Location(name, before.count(b"\n") + 1), f"cannot read: byte "
                        f"0x{raw[exc.start]:02x} at column {column} is not UTF-8; the file must be "
                        "UTF-8 encoded") from None
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text

def parse_text(text: str, name: str) -> Any:
    """Parse YAML (JSON is YAML) text, turning parser errors into :class:`SpecError`."""
    return _parse(text, name)[0]

def _parse(text: str, name: str) -> tuple[Any, list[str]]:
    """The data of ``text`` and the pointers of strings whose lone surrogates were replaced."""
    try:
        if name.endswith(".json"):
            data = load_json(text, name)
        else:
            data = load_yaml(text, name)
            if may_have_anchor(text):  # only anchors let a small text stand for a huge or endless tree
                check_aliases(data, name)
    except RecursionError:
        raise SpecError(Location(name, too_deep_line(text, name)), "document nested too deeply to read") from None
    return data, (_replace_lone_surrogates(data) if _SURROGATE_ESCAPE.search(text) else [])

# A \uD800-\uDFFF escape (JSON's, or YAML's \u and \U): only these put surrogates in data.
# JSON joins a pair into one character; what is left, or a YAML escape, may be one alone.
_SURROGATE_ESCAPE = re.compile(r"\\(?:u|U0000)[dD][89a-fA-F]")

_SURROGATE = re.compile("[\ud800-\udfff]")

def _without_surrogates(text: str) -> str:
    """``text`` with each pair of surrogates joined and each lone one made U+FFFD."""
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")

def _fixed(text: str, pointer: str, replaced: list[str]) -> str:
    """``text`` without surrogates; ``pointer`` noted when a lone one was replaced."""
    fixed = _without_surrogates(text)
    if fixed.count("\ufffd") > text.count("\ufffd"):
        replaced.append(pointer)
    return fixed

def _replace_lone_surrogates(data: Any) -> list[str]:
    """Make every string of ``data`` valid Unicode in place; the pointers of those changed.

    No UTF-8 output (a generated file, a terminal) can hold a lone surrogate; U+FFFD keeps
    the rest of the text and every output deterministic.
    """
    replaced: list[str] = []
    seen: set[int] = set()  # containers already visited (aliases share them)
    stack: list[tuple[Any, str]] = [(data, "")]
    while stack:
        node, pointer = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, dict):
            if any(isinstance(key, str) and _SURROGATE.search(key) for key in node):
                items = list(node.items())
                node.clear()  # rebuilt in place, keeping its order: aliases share this dict
                for key, value in items:
                    if isinstance(key, str) and _SURROGATE.search(key):
                        key = _fixed(key, pointer_join(pointer, _without_surrogates(key)), replaced)
                    node[key] = value
            entries: list[tuple[Any, Any]] = list(node.items())
        elif isinstance(node, list):
            entries = list(enumerate(node))
        else:
            continue
        for key, value in entries:
            if isinstance(value, str):
                if _SURROGATE.search(value):
                    node[key] = _fixed(value, pointer_join(pointer, key), replaced)
            elif isinstance(value, dict | list):
                stack.append((value, pointer_join(pointer, key)))
    return sorted(replaced)
