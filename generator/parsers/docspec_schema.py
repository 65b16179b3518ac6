"""Check a doc spec against its JSON Schema (``docspec.schema.json``), every problem in one
error naming file, line and key, worded for someone editing YAML (typos get a suggestion)."""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.diagnostics import Location, SpecError, pointer_join
from generator.documents import Document

if TYPE_CHECKING:
    import jsonschema

SCHEMA_PATH = Path(__file__).with_name("docspec.schema.json")



@cache
def _validator() -> jsonschema.protocols.Validator:
    """The doc-spec schema's validator, read once."""
    import jsonschema  # a fifth of a second to import, needed only when a doc spec is read

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def validate(document: Document) -> None:
    """Check ``document`` against the doc-spec schema, reporting every problem in one error."""
    found = {*_key_problems(document.data, "")}
    found |= {problem for error in _validator().iter_errors(document.data)
              for problem in _explain(error)}
    if not found:
        return
    problems = [(Location(document.name, line or None, pointer), message) for line, pointer, message
                in sorted((document.line_of(pointer) or 0, pointer, message)
                          for pointer, message in found)]
    (where, message), rest = problems[0], problems[1:]
    if rest:
        message += f"\nand {len(rest)} more problem{'s' if len(rest) > 1 else ''}:"
        message += "".join(f"\n  {loc}: {msg}" for loc, msg in rest)
    raise SpecError(where, message)


def _key_problems(data: Any, pointer: str) -> Iterator[tuple[str, str]]:
    """Keys YAML read as something other than text (``true:`` is a boolean, ``200:`` a number),
    which JSON Schema cannot see and names cannot be made of."""
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in items:
        if isinstance(data, dict) and not isinstance(key, str):
            # Reported on the mapping: a pointer to the key itself would not find its line.
            yield pointer, f"key {key!r} is not text; quote it"
        yield from _key_problems(value, pointer_join(pointer, key))


def _explain(error: jsonschema.ValidationError) -> Iterator[tuple[str, str]]:
    """(pointer, message) pairs for one schema error, worded for someone editing YAML."""
    pointer = pointer_join("", *error.absolute_path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    instance: Any = error.instance  # set for every error a validator yields
    if error.validator == "additionalProperties":
        known = schema.get("properties", {})
        for key in instance:
            if key not in known:
                yield pointer_join(pointer, key), f"unknown key {key!r}{suggestion(key, known)}"
    elif error.validator == "required":
        required: Any = error.validator_value
        for key in required:
            if key not in instance:
                yield pointer, f"missing required key {key!r}"
    elif "propertyNames" in error.relative_schema_path:
        # The error sits on the mapping; the offending key is the instance.
        yield pointer_join(pointer, error.instance), f"{error.instance!r} {schema['x-message']}"
    elif "x-message" in schema:
        shown = "" if isinstance(error.instance, dict | list) else _got(error.instance)
        yield pointer, schema["x-message"] + shown
    elif error.validator == "type":
        wanted = error.validator_value
        names = " or ".join(wanted) if isinstance(wanted, list) else wanted
        yield pointer, f"expected {names}{_got(error.instance)}"
    elif error.validator == "enum":
        values: Any = error.validator_value
        allowed = ", ".join(repr(v) for v in values)
        yield pointer, f"must be one of {allowed}{_got(error.instance)}"
    else:
        yield pointer, error.message


def _got(value: Any) -> str:
    """What was found instead, short enough for one line."""
    if isinstance(value, dict | list):
        return f", got {'a mapping' if isinstance(value, dict) else 'a list'}"
    text = repr(value)
    return f", got {text if len(text) <= 40 else text[:37] + '...'}"


def suggestion(word: str, options: Iterable[str]) -> str:
    """`` (did you mean 'query'?)`` when ``word`` looks like a typo of one of ``options``."""
    close = difflib.get_close_matches(str(word), [str(o) for o in options], n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""
