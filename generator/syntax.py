"""YAML 1.2 and JSON text into JSON-shaped Python values, fast (libyaml) and safely.

Whatever the text, reading it either gives JSON-shaped data (dicts, lists, str, int, float,
bool, None) at a cost about linear in its size, or raises :class:`SpecError` naming the
line: aliases and merge keys are bounded, YAML-only values become JSON ones, tabs libyaml
refuses are read by PyYAML's scanner, and JSON that YAML's reader refuses is read as JSON.
"""

from __future__ import annotations

import base64
import datetime
import json
import re
import sys
from typing import Any

import yaml

from generator.diagnostics import Location, SpecError

try:  # libyaml is several times faster; fall back to the pure-Python loader without it
    _BaseLoader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _BaseLoader = yaml.SafeLoader

# OpenAPI documents are YAML 1.2, whose core schema knows no timestamps, only true/false
# as booleans and no "value" key (``=``, which YAML 1.1 reads as a tag of its own: Jira's
# spec lists ``=`` among an enum's values); PyYAML follows YAML 1.1, where
# `version: 2020-08-27` is a date and `on`/`no` are booleans. These resolvers read
# scalars the 1.2 way.
# Booleans that begin with these letters (yes, no, on, off, y, n) exist in YAML 1.1 only.
_BOOL_1_1_ONLY_FIRST_LETTERS = "yYnNoO"

_YAML_1_1_ONLY_TAGS = frozenset(["tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:value"])

_IMPLICIT_RESOLVERS = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in _YAML_1_1_ONLY_TAGS
            and not (first in _BOOL_1_1_ONLY_FIRST_LETTERS and tag == "tag:yaml.org,2002:bool")]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}

# What each plain scalar's first character (or "" for an empty one) may resolve to, wildcards
# included, so resolving a scalar is one lookup and a few matches.
_WILDCARD_RESOLVERS = _IMPLICIT_RESOLVERS.get(None, [])

_RESOLVERS_BY_FIRST = {first: resolvers + _WILDCARD_RESOLVERS
                       for first, resolvers in _IMPLICIT_RESOLVERS.items() if first is not None}

_STR, _SEQ, _MAP = "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"

_MERGE, _SET = "tag:yaml.org,2002:merge", "tag:yaml.org,2002:set"

_OMAP, _PAIRS = "tag:yaml.org,2002:omap", "tag:yaml.org,2002:pairs"

_SCALARS = frozenset(["tag:yaml.org,2002:null", "tag:yaml.org,2002:bool",
                      "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"])

# Aliases may repeat nodes, but not by millions ("billion laughs"): every later step walks
# the expanded tree, so that tree has to stay about the size of the text. Merge keys copy
# entries, so they count against the same budget while they are being applied.
MAX_ALIAS_EXPANSION = 1_000_000

class _Refused(Exception):
    """A value the loader will not build, with the node's mark (made a SpecError with the file)."""

    def __init__(self, mark: yaml.Mark | None, message: str) -> None:
        super().__init__(message)
        self.mark = mark
        self.message = message

class _FastLoading:
    """YAML 1.2 core-schema scalars, and values built faster than PyYAML builds them.

    libyaml parses in C but calls back into Python to resolve every scalar and to build
    every value; on an OpenAPI document those callbacks take much of the time. These two
    do what PyYAML's do for the tags specs use, without its generality: no path
    resolvers, no two-step construction. Mixed into libyaml's loader and, for the
    documents libyaml refuses, into the pure-Python one.
    """

    yaml_implicit_resolvers = _IMPLICIT_RESOLVERS

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        """The tag of a node without an explicit one (called by the composer)."""
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, regexp in _RESOLVERS_BY_FIRST.get(value[:1], _WILDCARD_RESOLVERS):
                    if regexp.match(value):
                        return str(tag)
            return _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP

    def get_single_data(self) -> Any:
        """The stream's only document, built from the composed nodes."""
        node = self.get_single_node()  # type: ignore[attr-defined]
        return None if node is None else _Builder(self).build(node)

class _Loader(_FastLoading, _BaseLoader):  # type: ignore[misc]
    """libyaml's safe loader, reading the YAML 1.2 way."""

class _PyLoader(_FastLoading, yaml.SafeLoader):
    """PyYAML's pure-Python safe loader, reading the YAML 1.2 way.

    libyaml refuses some tabs that PyYAML's own scanner reads (a tab after the indentation
    of a block scalar's first line: two of Adyen's specs), so documents libyaml's scanner
    refuses are read again with this one.
    """

def _json_safe_scalar(value: Any, node: yaml.ScalarNode) -> Any:
    """A value JSON can hold for an explicitly tagged scalar: bytes as base64 text (as
    OpenAPI's ``format: byte`` carries them), a timestamp as it is written."""
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, datetime.date):
        return node.value
    return value

def _kind(node: yaml.Node) -> str:
    """``scalar``, ``sequence`` or ``mapping``, as PyYAML's messages name a node."""
    return str(getattr(node, "id", "node"))

class _Builder:
    """Python values from composed nodes; a node met again (an alias) gives the same value.

    Every value is one JSON can hold: YAML's extra types (``!!binary``, ``!!timestamp``,
    ``!!set``, ``!!omap``, ``!!pairs``) become text, lists and mappings.
    """

    def __init__(self, loader: Any) -> None:
        self._loader = loader
        self._built: dict[int, Any] = {}  # containers by node id, entered before their items
        self._merged = 0  # entries copied by merge keys so far

    def build(self, node: yaml.Node) -> Any:
        """The value of ``node``."""
        tag = node.tag
        if tag == _STR and type(node) is yaml.ScalarNode:
            return node.value
        if tag in _SCALARS and type(node) is yaml.ScalarNode:
            return self._scalar(node)
        if id(node) in self._built:
            return self._built[id(node)]
        if tag == _MAP and type(node) is yaml.MappingNode:
            return self._mapping(node)
        if tag == _SEQ and type(node) is yaml.SequenceNode:
            items: list[Any] = []
            self._built[id(node)] = items
            items.extend(self.build(item) for item in node.value)
            return items
        return self._rare(node)

    def _scalar(self, node: yaml.Node) -> Any:
        """A null, boolean, integer or float, refused at its line when it is not one."""
        try:
            return self._loader.yaml_constructors[node.tag](self._loader, node)
        except (ValueError, KeyError, TypeError, AttributeError, OverflowError):
            digits = sum(char.isdigit() for char in node.value)
            if digits > sys.get_int_max_str_digits():
                raise _Refused(node.start_mark, f"an integer of {digits:,} digits is longer than "
                               f"{sys.get_int_max_str_digits():,} (write it as a string)") from None
            raise _Refused(node.start_mark, f"{node.value[:80]!r} is not a valid "
                           f"{node.tag.rsplit(':', 1)[-1]}") from None

    def _rare(self, node: yaml.Node) -> Any:
        """Values of the tags specs seldom use, in a form JSON can hold."""
        if type(node) is yaml.ScalarNode:
            if node.tag == _MERGE:  # "<<" anywhere but as a key is just text
                return node.value
            try:  # PyYAML checks the text (base64, a date); an unknown tag raises ConstructorError
                return _json_safe_scalar(self._loader.construct_object(node), node)
            except (ValueError, KeyError, TypeError, AttributeError, OverflowError):
                raise _Refused(node.start_mark, f"{node.value[:80]!r} is not a valid "
                               f"{node.tag.rsplit(':', 1)[-1]}") from None
        if node.tag == _SET and type(node) is yaml.MappingNode:
            members: list[Any] = []  # in the document's order: a set's would vary between runs
            self._built[id(node)] = members
            members.extend(self.build(key) for key, _ in node.value)
            return members
        if node.tag in (_OMAP, _PAIRS) and type(node) is yaml.SequenceNode:
            return self._pairs(node)
        # Any other tag, or a known one on the wrong kind of node: PyYAML raises its error
        # before looking at any child (deep, so that its two-step constructors get that far).
        return self._loader.construct_object(node, deep=True)

    def _pairs(self, node: yaml.SequenceNode) -> Any:
        """``!!omap`` as a mapping, ``!!pairs`` as a list of ``[key, value]`` lists."""
        pairs = []
        for item in node.value:
            if type(item) is not yaml.MappingNode or len(item.value) != 1:
                raise yaml.constructor.ConstructorError(
                    f"while constructing {node.tag}", node.start_mark,
                    "expected a mapping of one item", item.start_mark)
            key_node, value_node = item.value[0]
            pairs.append((key_node, self.build(key_node), self.build(value_node)))
        if node.tag == _PAIRS:
            return [[key, value] for _, key, value in pairs]
        mapping: dict[Any, Any] = {}
        for key_node, key, value in pairs:
            self._put(mapping, key, value, node, key_node)
        return mapping

    def _mapping(self, node: yaml.MappingNode) -> dict[Any, Any]:
        mapping: dict[Any, Any] = {}
        self._built[id(node)] = mapping
        own = []
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:  # "<<: *defaults": copied first, own keys win
                for source in self._merge_sources(node, value_node):
                    self._count_merged(len(source), node)
                    mapping.update(source)
            else:
                own.append((key_node, value_node))
        for key_node, value_node in own:
            self._put(mapping, self.build(key_node), self.build(value_node), node, key_node)
        return mapping

    def _merge_sources(self, node: yaml.Node, value_node: yaml.Node) -> list[dict[Any, Any]]:
        """The mappings a merge key copies, lowest priority first (as PyYAML applies them).

        PyYAML copies the merged nodes into the mapping's node, so a chain of merges of
        merges doubles at each step; mappings already built are copied instead, and every
        copied entry counts against the expansion budget.
        """
        if type(value_node) is yaml.MappingNode:
            sources = [value_node]
        elif type(value_node) is yaml.SequenceNode:
            sources = list(reversed(value_node.value))
        else:
            raise yaml.constructor.ConstructorError(
                "while constructing a mapping", node.start_mark, "expected a mapping or list of "
                f"mappings for merging, but found {_kind(value_node)}", value_node.start_mark)
        built = []
        for source in sources:
            value = self.build(source) if type(source) is yaml.MappingNode else None
            if not isinstance(value, dict):
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping", node.start_mark,
                    f"expected a mapping for merging, but found {_kind(source)}", source.start_mark)
            built.append(value)
        return built

    def _count_merged(self, entries: int, node: yaml.Node) -> None:
        self._merged += entries
        if self._merged > MAX_ALIAS_EXPANSION:
            raise _Refused(node.start_mark, f"YAML merge keys ('<<') copy more than "
                           f"{MAX_ALIAS_EXPANSION:,} entries (a merge-key bomb?)")

    @staticmethod
    def _put(mapping: dict[Any, Any], key: Any, value: Any, node: yaml.Node, key_node: yaml.Node) -> None:
        try:
            mapping[key] = value
        except TypeError:  # a list or mapping as a key
            raise yaml.constructor.ConstructorError(
                "while constructing a mapping", node.start_mark, "found unhashable key",
                key_node.start_mark) from None

def compose(text: str) -> yaml.Node | None:
    """The node tree of ``text``, for lines only: None when YAML cannot compose it.

    A JSON document may hold characters YAML's reader refuses (DEL, C1 controls, U+FFFE
    in strings); they become spaces here, as do the line breaks only YAML 1.1 has, which
    keeps every line where an editor shows it.
    """
    try:
        try:
            return yaml.compose(text, Loader=_Loader)
        except yaml.reader.ReaderError:
            return yaml.compose(_NOT_YAML_TEXT.sub(" ", text), Loader=_Loader)
        except yaml.scanner.ScannerError:
            return yaml.compose(text, Loader=_PyLoader)
    except (yaml.YAMLError, RecursionError):
        return None

# What YAML's reader refuses anywhere in a stream (outside YAML 1.1's printable set, as
# PyYAML checks), and the line breaks YAML 1.1 has beyond JSON's (NEL, LS, PS).
_NOT_YAML_TEXT = re.compile("[^\x09\x0A\x0D\x20-\x7E\xA0-\u2027\u202A-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]")

def load_json(text: str, name: str) -> Any:
    """JSON data; an error names the line and column (a whole spec may be one line)."""
    try:
        return json.loads(text.removeprefix("\ufeff"))  # a byte-order mark, as Windows tools write
    except json.JSONDecodeError as exc:
        raise SpecError(Location(name, exc.lineno), f"malformed JSON at column {exc.colno}: {exc.msg}") from None
    except ValueError:  # an integer longer than Python converts (sys.get_int_max_str_digits)
        raise _long_number(text, name) from None

def _long_number(text: str, name: str) -> SpecError:
    """The SpecError for JSON whose integer is too long to convert, at its line."""
    limit = sys.get_int_max_str_digits()
    found = re.search(f"[0-9]{{{limit + 1},}}", text)
    line = text.count("\n", 0, found.start()) + 1 if found else None
    digits = len(found[0]) if found else limit + 1
    return SpecError(Location(name, line), f"an integer of {digits:,} digits is longer than "
                     f"{limit:,} (write it as a string)")

def load_yaml(text: str, name: str) -> Any:
    """YAML data by libyaml, else by PyYAML's pure-Python scanner, else by JSON's reader.

    Whatever the text, the error raised names the line. When both YAML readers refuse the
    syntax, the error is that of the reader that read further: what stopped the other
    earlier is something the first reads (PyYAML allows some tabs libyaml refuses, and
    the other way round), so the later place is the one to fix.
    """
    try:
        try:
            return yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader
        except yaml.scanner.ScannerError as exc:
            try:
                return yaml.load(text, Loader=_PyLoader)  # noqa: S506 - a safe loader
            except (yaml.scanner.ScannerError, yaml.parser.ParserError) as again:
                raise max(exc, again, key=_reached) from None
            except RecursionError:  # libyaml stopped at its nesting limit, PyYAML at Python's
                raise exc from None
        except yaml.reader.ReaderError as exc:
            return _json_instead(text, exc)
    except _Refused as exc:
        raise SpecError(Location(name, _line(exc.mark)), exc.message) from None
    except yaml.reader.ReaderError as exc:
        raise SpecError(Location(name, _reader_line(text, exc)), f"malformed YAML: {_reader_problem(exc)}") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise SpecError(Location(name, _line(mark)), f"malformed YAML: {_problem(exc, text)}") from None
    except yaml.YAMLError as exc:
        raise SpecError(Location(name), f"malformed YAML: {exc}") from None

def _json_instead(text: str, error: yaml.reader.ReaderError) -> Any:
    """The data of a JSON text that YAML's reader refused; ``error`` again if it is not JSON.

    JSON strings may hold characters that PyYAML and libyaml refuse anywhere in a stream
    (DEL, C1 controls), so a JSON spec saved as ``.yaml`` is read as JSON.
    """
    try:
        return json.loads(text.removeprefix("\ufeff"))
    except ValueError:
        raise error from None

def _reached(error: yaml.MarkedYAMLError) -> int:
    """How far into the text a reader got before ``error``."""
    return error.problem_mark.index if error.problem_mark is not None else -1

def _line(mark: yaml.Mark | None) -> int | None:
    return mark.line + 1 if mark is not None else None

def _reader_line(text: str, error: yaml.reader.ReaderError) -> int | None:
    """The line of the character YAML's reader refused (its error gives only a position,
    in bytes for libyaml): the first occurrence of that character is the one refused."""
    character = chr(error.character) if isinstance(error.character, int) else str(error.character)
    at = text.find(character)
    return text.count("\n", 0, at) + 1 if at >= 0 else None

def _reader_problem(error: yaml.reader.ReaderError) -> str:
    code = error.character if isinstance(error.character, int) else ord(str(error.character)[:1] or "\0")
    return f"character U+{code:04X} is not allowed in YAML ({error.reason})"

def _problem(error: yaml.MarkedYAMLError, text: str) -> str:
    """The parser's problem, naming the character it stopped at when the wording does not
    (libyaml says "found character that cannot start any token" of a tab)."""
    problem = str(error.problem or error)
    mark = error.problem_mark
    if mark is not None and 0 <= mark.index < len(text) and error.problem:
        found = text[mark.index]
        if not found.isprintable() and repr(found) not in problem:
            problem += f" (found {found!r}{'; YAML does not indent with tabs' if found == chr(9) else ''})"
    return problem

_MAX_READABLE_DEPTH = 500

def too_deep_line(text: str, name: str) -> int | None:
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

def may_have_anchor(text: str) -> bool:
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

def check_aliases(data: Any, name: str) -> None:
    """Raise SpecError when aliases make ``data`` recursive or expand it enormously."""
    sizes: dict[int, int] = {}  # expanded node count of each container, by id
    path: set[int] = set()  # containers being visited: meeting one again is a cycle
    stack: list[tuple[Any, bool]] = [(data, False)] if isinstance(data, dict | list) else []
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
