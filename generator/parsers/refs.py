"""Resolve ``$ref``s: local (``#/components/...``) and relative-file (``common.yaml#/Pet``).

Remote URLs are never fetched: a spec is untrusted input. File references may not leave
the folder of the root document, so a spec cannot read arbitrary files on the machine.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from generator.diagnostics import Location, SpecError
from generator.documents import Document, load_document


@dataclass(frozen=True)
class Target:
    """What a reference points at: the document, the pointer inside it, and the value."""

    document: Document
    pointer: str
    value: Any

    @property
    def key(self) -> tuple[str, str]:
        """A key identifying the target across files, for memoising and cycle detection."""
        return (str(self.document.path), self.pointer)


@dataclass
class Resolver:
    """Follows references from a root document, loading sibling files as needed."""

    root: Document
    documents: dict[Path, Document] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.documents[self.root.path.resolve()] = self.root
        self._folder = self.root.path.resolve().parent
        # Targets found, by the document a $ref is written in and its text: specs repeat
        # the same few hundred references thousands of times.
        self._found: dict[tuple[int, str], Target] = {}

    def resolve(self, ref: str, base: Document, at: str) -> Target:
        """Follow ``ref`` written in ``base`` at pointer ``at``; raise SpecError when broken."""
        if not isinstance(ref, str):
            raise SpecError(base.location(at), "$ref must be a string")
        found = self._found.get((id(base), ref))
        if found is None:
            # A $ref is a URI reference: its parts may be percent-encoded ("%7Bid%7D" for "{id}").
            file_part, _, pointer = (unquote(part) for part in ref.partition("#"))
            document = self._document(file_part, base, at) if file_part else base
            found = Target(document, pointer, self._follow(document, pointer, base, at))
            self._found[(id(base), ref)] = found
        return found

    def follow(self, value: Any, base: Document, at: str, limit: int = 64) -> tuple[Any, Document]:
        """``value`` with chains of pure references (``{$ref: ...}``) followed to their end."""
        seen = 0
        while isinstance(value, dict) and "$ref" in value:
            target = self.resolve(value["$ref"], base, at)
            value, base, at = target.value, target.document, target.pointer
            seen += 1
            if seen > limit:
                raise SpecError(base.location(at), "$ref chain does not end (a cycle of references)")
        return value, base

    def _document(self, file_part: str, base: Document, at: str) -> Document:
        if "://" in file_part:
            raise SpecError(base.location(at), f"remote $ref {file_part!r} is not fetched")
        path = (base.path.resolve().parent / file_part).resolve()
        if not path.is_relative_to(self._folder):
            raise SpecError(base.location(at),
                            f"$ref {file_part!r} leaves the spec's folder {self._folder}")
        if path not in self.documents:
            if not path.is_file():
                raise SpecError(base.location(at), f"$ref file {file_part!r} does not exist")
            self.documents[path] = load_document(path, self._label(path))
        return self.documents[path]

    def _label(self, path: Path) -> str | None:
        """A referenced file's name in messages, beside the root's label when it has one."""
        if self.root.label is None:
            return None
        return posixpath.normpath(posixpath.join(posixpath.dirname(self.root.label),
                                                 path.relative_to(self._folder).as_posix()))

    @staticmethod
    def _follow(document: Document, pointer: str, base: Document, at: str) -> Any:
        value: Any = document.data
        if pointer in ("", "/"):
            return value
        if not pointer.startswith("/"):
            raise SpecError(base.location(at), f"$ref pointer {pointer!r} must start with '/'")
        for raw in pointer.split("/")[1:]:
            part = raw.replace("~1", "/").replace("~0", "~")
            if isinstance(value, dict) and part in value:
                value = value[part]
            elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
                value = value[int(part)]
            else:
                raise SpecError(Location(base.name, base.line_of(at), at),
                                f"unresolvable $ref '#{pointer}' in {document.path.name}")
        return value
