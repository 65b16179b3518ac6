"""What the prose checks report: findings with a rule code, the prose line and the spec
line, and the counts a report ends with."""

from __future__ import annotations

from dataclasses import dataclass, field

# Every rule of the prose checks: code -> (severity, meaning). An error fails `lint-docs`
# unless the spec explains it; info is reported and fails nothing.
RULES: dict[str, tuple[str, str]] = {
    "param-missing": ("error", "the prose documents a parameter (or body field) the spec's operation lacks"),
    "param-undocumented": ("error", "the spec's operation has a parameter the prose's table and samples do not show"),
    "param-type": ("error", "a parameter's type in the spec disagrees with the prose's table"),
    "param-required": ("error", "the spec and the prose disagree on whether a parameter is required"),
    "param-location": ("error", "the spec sends a parameter somewhere (query, body, path) the prose does not"),
    "field-missing": ("error", "the prose's table documents a field the spec's model lacks"),
    "field-undocumented": ("error", "the spec's model has a field neither the prose's table nor its examples show"),
    "field-type": ("error", "a model field's type in the spec disagrees with the prose's table"),
    "example-shape": ("error", "a response (or payload) example of the prose does not parse into the declared type"),
    "request-example": ("error", "a request example of the prose sends something the generated client cannot"),
    "example-unreadable": ("info", "an example of the prose is not JSON (or not a shell command); it is not checked"),
    "enum-values": ("error", "an enum's values differ between the prose's value table and the spec"),
    "enum-descriptions": ("error", "the prose describes an enum's values and the spec does not carry the descriptions"),
    "webhook-missing": ("error", "the prose documents a webhook event the spec lacks"),
    "webhook-headers": ("error", "the prose lists headers every webhook delivery carries that the spec's webhooks lack"),
    "name-pattern": ("error", "a field or parameter name with a {placeholder}: a pattern of names, not a name"),
    "paging-cursor": ("error", "an operation pages by offset while the prose calls its position parameter an id to start after"),
    "unused-model": ("error", "a model no operation, webhook or other model uses"),
    "examples-stale": ("error", "the spec's examples file does not hold what the document shows (--write-examples)"),
}


@dataclass(frozen=True)
class Finding:
    """One difference between a doc spec and its prose document.

    ``entry`` is the JSON pointer of the spec entry it concerns (an operation, model or
    webhook; empty for the whole spec), ``pointer`` that of the parameter or field when
    there is one. ``reason`` is the spec's explanation, when it gives one.
    """

    code: str
    where: str
    message: str
    prose_line: int | None
    entry: str
    pointer: str
    subject: str | None = None
    reason: str | None = None

    @property
    def severity(self) -> str:
        """error or info, from :data:`RULES`."""
        return RULES[self.code][0]

    @property
    def failing(self) -> bool:
        """True when the finding fails the check: an error the spec does not explain."""
        return self.severity == "error" and self.reason is None


@dataclass
class Counts:
    """What was compared: parameter and field rows matched to the spec, and examples."""

    parameters: int = 0
    fields: int = 0
    passed: int = 0
    failed: int = 0
    explained: int = 0
    unreadable: int = 0
    requests: int = 0

    @property
    def examples(self) -> int:
        """Response and payload examples that were JSON and were parsed into a type."""
        return self.passed + self.failed + self.explained


@dataclass
class Checked:
    """The findings of one spec against one document, and the counts."""

    format: str = ""  # the document's format: how its type words read (see kinds.prose_kinds)
    findings: list[Finding] = field(default_factory=list)
    counts: Counts = field(default_factory=Counts)
