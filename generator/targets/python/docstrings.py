"""Method docstrings: what the operation does, every argument, what it returns and raises,
and an example call (Google style, as editors show it).

The text is plain; the template's ``docstring`` filter escapes it for a ``\"\"\"`` literal.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator import ir
from generator.escape import comment

# The error class a documented status raises (generated clients map every 4XX/5XX).
_STATUS_ERRORS = {"400": "BadRequestError", "401": "AuthenticationError", "403": "PermissionDeniedError",
                  "404": "NotFoundError", "409": "ConflictError", "422": "UnprocessableEntityError",
                  "429": "RateLimitError"}
_INDENT = "        "  # continuation lines of an entry, below the section's four spaces


@dataclass(frozen=True)
class Arguments:
    """A method's arguments as the docstring describes them."""

    parameters: tuple[tuple[ir.Parameter, str], ...]  # (parameter, argument)
    body_fields: tuple[tuple[ir.Field, str], ...]  # (field, argument) of an object body
    body_argument: str | None  # the argument carrying a whole body
    skipped: tuple[str, ...] = ()  # wire names of parameters an iterator sets itself
    page_size: str | None = None  # the iterator's page_size default (Python source)


@dataclass(frozen=True)
class Twin:
    """A method's paging or streaming twin: what it does (its first line) and what it returns."""

    does: str
    returns: str


def method_docstring(op: ir.Operation, arguments: Arguments, returns: str, example: str,
                     twin: Twin | None = None) -> str:
    """The docstring of the method for ``op``, or of its ``twin``."""
    parts = [twin.does] if twin is not None else []
    parts.append(_summary(op))
    parts.append(f"``{op.method} {comment(op.path)}``")
    if op.deprecated:
        parts.append(".. deprecated:: the API marks this operation as deprecated.")
    if op.description and op.description.strip() != _summary(op) and twin is None:
        parts.append(op.description.strip())
    parts.extend(f"Note: {note}" for note in op.notes)
    described = _argument_lines(op, arguments)
    if described:
        parts.append("Args:\n" + "\n".join(described))
    parts.append(f"Returns:\n    {twin.returns}" if twin is not None else _returns(op, returns))
    parts.append("Raises:\n" + "\n".join(_raises(op)))
    if example:
        parts.append("Example:\n" + "\n".join(f"    {line}" for line in example.splitlines()))
    return "\n\n".join(parts)


def _summary(op: ir.Operation) -> str:
    """The first line: the summary, else the description's first sentence, else what it does."""
    if op.summary and op.summary.strip():
        return op.summary.strip()
    if op.description and op.description.strip():
        first = op.description.strip().split("\n", 1)[0]
        return first.split(". ", 1)[0].rstrip(".") + "."
    return f"Send {op.method} to {comment(op.path)}."


def _argument_lines(op: ir.Operation, arguments: Arguments) -> list[str]:
    """One entry per argument: its description, constraints and default."""
    lines = []
    for p, arg in arguments.parameters:
        if p.name not in arguments.skipped:
            lines.append(_entry(arg, p.description, p.schema, p.default, f"{p.location} parameter"))
    for f, arg in arguments.body_fields:
        lines.append(_entry(arg, f.description, f.schema, f.default, "body field"))
    if arguments.body_argument is not None and op.request_body is not None:
        body = op.request_body
        lines.append(_entry(arguments.body_argument, body.description, None, None,
                            f"the request body ({body.preferred.content_type})"))
    if arguments.page_size is not None:
        bound = "" if arguments.page_size == "None" else f" (default {arguments.page_size}, the API's largest page)"
        lines.append(f"    page_size: How many items to fetch per request{bound}.")
    return lines


def _entry(argument: str, description: str | None, schema: ir.Schema | None, default: ir.JsonValue,
           kind: str) -> str:
    """``    name: text. Constraints. Default: value.`` with continuation lines indented."""
    text = (description or "").strip() or f"The {kind}."
    facts = _constraints(schema)
    if default is not None:
        facts.append(f"Default: ``{default!r}``")
    if facts:
        said = "; ".join(facts)
        text = text.rstrip() + ("" if text.rstrip().endswith(".") else ".") + " " + said[0].upper() + said[1:] + "."
    return f"    {argument}: " + text.replace("\n", "\n" + _INDENT)


def _constraints(schema: ir.Schema | None) -> list[str]:
    """What a value must be, when the schema says more than its type."""
    if isinstance(schema, ir.Union):
        found = [c for v in schema.variants if v != ir.Primitive("null") for c in _constraints(v)]
        return found + (["may be None"] if ir.Primitive("null") in schema.variants else [])
    if isinstance(schema, ir.Primitive):
        bounds = [f"at least {schema.minimum:g}" if schema.minimum is not None else "",
                  f"at most {schema.maximum:g}" if schema.maximum is not None else "",
                  f"format {schema.format}" if schema.format else ""]
        return [b for b in bounds if b]
    if isinstance(schema, ir.Enum):
        values = ", ".join(f"``{v!r}``" for v in schema.values[:8])
        return [f"one of {values}" + (", …" if len(schema.values) > 8 else "")]
    if isinstance(schema, ir.Array):
        counts = [f"at least {schema.min_items} items" if schema.min_items else "",
                  f"at most {schema.max_items} items" if schema.max_items else ""]
        return [c for c in counts if c]
    return []


def _returns(op: ir.Operation, returns: str) -> str:
    ok = op.success
    what = (ok.description or "").strip() if ok is not None else ""
    if returns == "None":
        return "Returns:\n    None" + (f": {what}" if what else ".")
    return f"Returns:\n    {returns}" + (f": {what}" if what else "")


def _raises(op: ir.Operation) -> list[str]:
    """The error classes the documented error responses imply, then the ones any call may raise."""
    lines = []
    for response in op.responses:
        error = _STATUS_ERRORS.get(response.status) or ("InternalServerError" if response.status.startswith("5")
                                                          else None)
        if error is not None:
            text = comment(response.description or "").strip() or f"the API answers {response.status}."
            lines.append(f"    {error}: {text}")
    lines.append("    APIStatusError: for any other error status.")
    lines.append("    APIConnectionError: when the server cannot be reached (APITimeoutError: in time).")
    return list(dict.fromkeys(lines))
