"""What a prose document states, as plain values: endpoints with their parameter rows and
examples, object tables, webhooks. Lines are 1-based lines of the document's text."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Endpoint:
    """An endpoint the document names: ``method`` and ``path`` (``None`` for ReDoc headings,
    which carry a ``title`` instead) and the 1-based line naming it."""

    line: int
    method: str | None = None
    path: str | None = None
    title: str | None = None
    webhook: bool = False

    def __str__(self) -> str:
        if self.path is not None:
            return f"{self.method} {self.path}"
        return f"{'webhook' if self.webhook else 'operation'} {self.title!r}"


@dataclass(frozen=True)
class Row:
    """One parameter or field row of a table: ``type`` as the prose writes it.

    ``location`` is path, query, header or body (None where the prose does not say);
    ``required`` is None where the prose says nothing or makes it conditional.
    """

    name: str
    type: str
    line: int
    location: str | None = None
    required: bool | None = None
    description: str = ""


@dataclass(frozen=True)
class Example:
    """A JSON example: ``value`` is the parsed data, or None with ``error`` saying why the
    text is not JSON. ``kind`` is request, response, object (a model's, bare) or payload (a
    webhook's); a request's value is ``{"query": {...}, "body": ...}``."""

    line: int
    kind: str
    text: str
    value: Any = None
    error: str | None = None
    status: int | None = None
    content_type: str | None = None  # a request example's encoding: json, form or query

    @property
    def parsed(self) -> bool:
        """True when the text is JSON (or a form or query string, for requests)."""
        return self.error is None


@dataclass
class Operation:
    """An endpoint with what its block states."""

    endpoint: Endpoint
    rows: list[Row] = field(default_factory=list)
    examples: list[Example] = field(default_factory=list)
    encoding: str | None = None  # how the block says the body is sent: json or form
    has_table: bool = False  # the block lists its parameters (or says it takes none)
    lists_body: bool = True  # its table lists body fields too (API Blueprint shows them by sample only)


@dataclass(frozen=True)
class Value:
    """A row of an enum's value table."""

    value: str
    description: str
    line: int


@dataclass
class Table:
    """An object (model) the document describes: its fields, enum values and example."""

    name: str  # as the heading writes it: "The calendar event object", "Contact", "Offer"
    line: int
    rows: list[Row] = field(default_factory=list)
    values: list[Value] = field(default_factory=list)
    examples: list[Example] = field(default_factory=list)


@dataclass
class Hook:
    """An outgoing webhook (event) the document describes."""

    name: str  # the event name (object_create) or, for ReDoc, the heading
    line: int
    rows: list[Row] = field(default_factory=list)
    examples: list[Example] = field(default_factory=list)


@dataclass
class Prose:
    """Everything read from one document."""

    format: str
    operations: list[Operation] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    hooks: list[Hook] = field(default_factory=list)
    delivery_headers: list[Row] = field(default_factory=list)  # headers every webhook POST carries

    @property
    def endpoints(self) -> list[Endpoint]:
        """The endpoints (and, for ReDoc, webhook headings) in document order."""
        return [op.endpoint for op in self.operations]
