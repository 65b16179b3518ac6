"""cURL samples as request examples: the query string of the URL and the ``-d`` body.

A sample runs from its ``curl`` line to the next blank line; shell line continuations are
joined and the words split as a shell would. The body is JSON when it opens with ``{`` or
``[``, a form (``a=1&b=2``) otherwise.
"""

from __future__ import annotations

import shlex
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from generator.prose import jsontext
from generator.prose.facts import Example

_DATA = ("-d", "--data", "--data-raw", "--data-urlencode", "--data-binary")


def read(lines: list[str], start: int) -> tuple[Example | None, int]:
    """The request example whose ``curl`` line is ``lines[start]``, and the index after it."""
    end = start
    while end < len(lines) and lines[end].strip() and not lines[end].strip().startswith("<?php"):
        end += 1
    text = "\n".join(lines[start:end])
    try:
        words = shlex.split(text.replace("\\\n", " "))
    except ValueError as exc:
        return Example(start + 1, "request", text, error=f"not a shell command: {exc}"), end
    url = next((w for w in words if w.startswith(("http://", "https://"))), None)
    if url is None:
        return None, end
    body, encoding, error = _body(words)
    query = dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))
    value: dict[str, Any] = {"query": query, "body": body}
    return Example(start + 1, "request", text, value, error, content_type=encoding), end


def _body(words: list[str]) -> tuple[Any, str | None, str | None]:
    """The ``-d`` data as (value, json or form, error)."""
    for index, word in enumerate(words[:-1]):
        if word in _DATA:
            data = words[index + 1]
            if jsontext.starts_json(data):
                value, error = jsontext.parse(data)
                return value, "json", error
            return form(data), "form", None
    return None, None, None


def form(data: str) -> dict[str, Any]:
    """A form body as a mapping; a name sent more than once maps to the list of its values."""
    fields: dict[str, Any] = {}
    for name, value in parse_qsl(data, keep_blank_values=True):
        if name in fields:
            fields[name] = (fields[name] if isinstance(fields[name], list) else [fields[name]]) + [value]
        else:
            fields[name] = value
    return fields
