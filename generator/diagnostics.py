"""Errors and diagnostics about input documents, each naming file and location.

A :class:`SpecError` stops the generation of one document. A :class:`Diagnostic` is a
value returned beside the IR: something skipped, approximated or worth knowing while the
rest still generates. Each has a code from :data:`CODES` (documented in
``docs/diagnostics.md``), so users can switch one off (``--ignore CODE``, or ``ignore:`` in
the registry) and tools can read them (``apigen validate --format json``). Messages print
as ``file:line#/json/pointer: message [code]``, never as a traceback.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

SEVERITIES = ("error", "warning", "info")


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


# Every diagnostic code: its severity and what it means (docs/diagnostics.md lists them).
CODES: dict[str, tuple[str, str]] = {
    "lone-surrogate": ("warning", "a lone surrogate escape (`\\udc80`) in a JSON string, which no "
                       "UTF-8 text can hold; it reads as U+FFFD"),
    "unchecked-ref": ("warning", "`apigen validate` did not follow a `$ref` (remote, or outside the "
                      "spec's folder) and checked the rest without it"),
    "not-a-list": ("warning", "a part of the document that must be a list is not; it is ignored"),
    "type-too-deep": ("warning", "a type nests deeper than Python's parser allows in one annotation; "
                      "its inner part is typed Any"),
    "api-name-mismatch": ("warning", "a doc spec's `api:` differs from the name it is registered under"),
    "credential-parameter": ("info", "operations declare a parameter that their security scheme "
                             "sends; the client sends it from its credentials instead"),
    "not-a-mapping": ("warning", "a part of the document that must be a mapping is not; it is ignored"),
    "broken-ref": ("warning", "a `$ref` that cannot be followed (missing target, outside the "
                   "spec's folder, or remote); the part is skipped or read as any value"),
    "unsupported-security-scheme": ("warning", "a security scheme of a type the client cannot send; skipped"),
    "unsupported-oauth-flow": ("warning", "an OAuth2 flow of an unknown kind or without the URLs it needs; no helper for it"),
    "malformed-security": ("warning", "a `security` requirement that is not a list; ignored"),
    "credential-slot-collision": ("warning", "two schemes required together fill the same header, "
                                  "query parameter or cookie; only the first is sent"),
    "server-without-url": ("warning", "a server entry without a `url`; skipped"),
    "duplicate-operation-id": ("warning", "two operations share an operationId; the second "
                               "method name is numbered"),
    "callbacks-not-generated": ("warning", "an operation's `callbacks` are not generated"),
    "unsupported-parameter-location": ("warning", "a parameter `in:` a location other than "
                                       "path, query, header or cookie; skipped"),
    "schema-not-object": ("warning", "a schema that is not a mapping; read as any value"),
    "oneof-in-allof": ("warning", "`oneOf`/`anyOf` inside `allOf` makes more combinations than apigen "
                       "types (32); the others are left out of the union"),
    "not-schema": ("warning", "a `not` schema, which no Python type expresses; ignored, so the rest of "
                   "the schema applies (a `not` alone reads as any value)"),
    "conditional-schema": ("warning", "`if`/`then`/`else`, which no Python type expresses; the schema "
                           "is read without them"),
    "items-without-type": ("warning", "`items` without `type`, which constrains arrays only: typed as a "
                           "list of the items or any other value"),
    "allof-conflict": ("warning", "parts of an `allOf` declare one property with different types, which "
                       "no value satisfies; the later part (the schema's own properties) is used"),
    "dynamic-ref": ("warning", "a `$recursiveRef` or `$dynamicRef` that is not inside a component schema "
                    "(inside one, it names that component); read as any value"),
    "any-variant": ("warning", "an alternative of `oneOf`/`anyOf` (or of a distributed `allOf`) accepts "
                    "any value, so the whole does; typed as any value"),
    "unknown-type": ("warning", "a `type` that JSON Schema does not define; read as any value"),
    "tuple-items": ("warning", "tuple-style `items` (a list); read as a list of any value"),
    "malformed-enum": ("warning", "an empty or malformed `enum`; read as any value"),
    "enum-type-mismatch": ("warning", "enum values that do not all fit the declared type; read as strings"),
    "empty-composition": ("warning", "`oneOf`/`anyOf` without variants; read as any value"),
    "allof-non-object": ("warning", "`allOf` of scalar schemas of different types, which no value "
                         "satisfies; the last type is used"),
    "path-not-absolute": ("warning", "a path that does not start with `/`: appended to the server URL "
                          "it could name another host; the operation is skipped"),
    "invalid-header": ("warning", "a header or cookie name (a parameter's, a client header's, a "
                       "security scheme's) or a media type with control characters such as line breaks: "
                       "no request can carry it, so it is skipped"),
    "example-mismatch": ("warning", "a success example contradicts its own schema; generated "
                         "tests use a generated sample instead"),
    "operation-regrouped": ("warning", "an operation whose group is an outer one of the group its "
                            "resource's other operations use; it joins them"),
    "operation-renamed": ("warning", "an operation named exactly like its group; it is named by its verb "
                          "(get, list, create, update, delete)"),
    "operation-name-collision": ("warning", "two operations of a group with the same name; the second is "
                                 "numbered"),
    "unknown-operation": ("warning", "the registry's `operations:` names an operationId the API does not "
                          "have; ignored"),
    "stale-example": ("warning", "a doc spec's examples file holds an example of an entry the spec no "
                      "longer has; it is skipped"),
}


@dataclass(frozen=True)
class Diagnostic:
    """One thing a reader of the document should know, with its code and place."""

    code: str
    severity: str
    location: Location
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message} [{self.code}]"

    def to_data(self) -> dict[str, object]:
        """The diagnostic as JSON data (``apigen validate --format json``, caches)."""
        where = self.location
        return {"code": self.code, "severity": self.severity, "file": where.file,
                "line": where.line, "pointer": where.pointer, "message": self.message}

    @classmethod
    def from_data(cls, data: dict[str, object]) -> Diagnostic:
        """The inverse of :meth:`to_data`."""
        line = data.get("line")
        pointer = data.get("pointer")
        location = Location(str(data["file"]), line if isinstance(line, int) else None,
                            pointer if isinstance(pointer, str) else None)
        return cls(str(data["code"]), str(data["severity"]), location, str(data["message"]))


@dataclass
class Diagnostics:
    """Diagnostics collected while reading one document (or running one stage)."""

    file: str
    found: list[Diagnostic] = field(default_factory=list)

    def add(self, code: str, pointer: str | None, message: str, line: int | None = None) -> None:
        """Record diagnostic ``code`` at ``pointer`` with ``message``."""
        severity = CODES[code][0]  # an unknown code is a bug here: fail loudly in tests
        self.found.append(Diagnostic(code, severity, Location(self.file, line, pointer), message))


def unignored(diagnostics: Iterable[Diagnostic], ignored: Iterable[str]) -> list[Diagnostic]:
    """``diagnostics`` without those whose code is in ``ignored``."""
    skip = set(ignored)
    return [d for d in diagnostics if d.code not in skip]


def pointer_join(pointer: str, *parts: object) -> str:
    """Extend a JSON pointer, escaping ``~`` and ``/`` in each part (RFC 6901)."""
    for part in parts:
        pointer += "/" + str(part).replace("~", "~0").replace("/", "~1")
    return pointer


def catalogue() -> str:
    """``docs/diagnostics.md``: every code with its severity and meaning (a test keeps it current)."""
    lines = ["# Diagnostics", "",
             "What apigen reports about a document while the rest still generates. Each diagnostic has a",
             "code; switch one off for a run with `apigen generate --ignore CODE` (repeatable), or for a",
             "registered API with `ignore: [CODE, ...]` in `specs/apis.yaml`. `apigen validate --format json`",
             "prints them as data: `{code, severity, file, line, pointer, message}`.", "",
             "This page is generated from `generator/diagnostics.py` (`python -m generator.diagnostics`).", "",
             "| Code | Severity | Meaning |", "| --- | --- | --- |"]
    lines += [f"| `{code}` | {severity} | {meaning} |" for code, (severity, meaning) in sorted(CODES.items())]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    from pathlib import Path

    Path(__file__).resolve().parent.parent.joinpath("docs", "diagnostics.md").write_text(catalogue(), encoding="utf-8")
