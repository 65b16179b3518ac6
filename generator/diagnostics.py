"""Errors and warnings about input documents, each naming file and location.

A :class:`SpecError` stops the generation of one document; a warning records something
skipped or approximated while the rest still generates. The CLI prints both as
``file:line: message`` or ``file#/json/pointer: message``, never as a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Location:
    """A place in a document: a line (1-based) and/or a JSON pointer."""

    file: str
    line: int | None = None
    pointer: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
        if self.pointer is not None:
            where += f"#{self.pointer}"
        return where


class SpecError(Exception):
    """A document that cannot be used, with where and why."""

    def __init__(self, location: Location, message: str) -> None:
        super().__init__(f"{location}: {message}")
        self.location = location
        self.message = message

    def __reduce__(self) -> tuple[type, tuple[Location, str]]:
        # Errors raised in formatter worker processes must survive the trip back.
        return (SpecError, (self.location, self.message))


@dataclass
class Diagnostics:
    """Warnings collected while reading one document."""

    file: str
    warnings: list[str] = field(default_factory=list)

    def warn(self, pointer: str, message: str, line: int | None = None) -> None:
        """Record that something at ``pointer`` was skipped or approximated."""
        self.warnings.append(f"{Location(self.file, line, pointer)}: {message}")


def pointer_join(pointer: str, *parts: object) -> str:
    """Extend a JSON pointer, escaping ``~`` and ``/`` in each part (RFC 6901)."""
    for part in parts:
        pointer += "/" + str(part).replace("~", "~0").replace("/", "~1")
    return pointer
