"""JSON examples as rendered pages print them: found in the text, then read leniently.

Rendered pages bend JSON in a few known ways, undone here and nowhere else: ReDoc puts a
bullet (``•``) before each property and collapses nested values to ``[ ]`` or ``{ }``, and
may leave a comma before a closing bracket. Anything else that is not JSON (``{ ... }``
placeholders, a missing comma) stays an error: the example is reported as unreadable, not
guessed at.
"""

from __future__ import annotations

import json
import re
from typing import Any

_BULLET = re.compile(r"^(\s*)• ?", re.MULTILINE)
_TRAILING_COMMA = re.compile(r",(\s*[}\]])")
MAX_LINES = 2000  # an example longer than this is not one: the scan stops


def starts_json(line: str) -> bool:
    """True when ``line`` opens a JSON object or array."""
    text = line.strip()
    return text.startswith(("{", "["))


def span(lines: list[str], start: int) -> int:
    """The index just past the JSON value opening at ``lines[start]``: where its brackets
    balance (strings and escapes respected), or where a blank line ends an unbalanced one."""
    depth = 0
    in_string = escaped = False
    for index in range(start, min(len(lines), start + MAX_LINES)):
        if index > start and not lines[index].strip() and depth > 0 and not in_string:
            if _closes_later(lines, index):
                continue  # Slate keeps blank lines inside long examples
            return index
        for char in lines[index]:
            if in_string:
                escaped, in_string = (False, True) if escaped else (char == "\\", char != '"')
            elif char == '"':
                in_string = True
            elif char in "{[":
                depth += 1
            elif char in "}]":
                depth -= 1
                if depth <= 0:
                    return index + 1
        in_string = False  # a string never spans lines in JSON; recover at the line's end
    return min(len(lines), start + MAX_LINES)


def _closes_later(lines: list[str], blank: int) -> bool:
    """True when the text after a blank line still reads as the example's continuation."""
    following = next((line for line in lines[blank + 1: blank + 3] if line.strip()), "")
    return following.strip().startswith(('"', "}", "]", "{", "•"))


def parse(text: str) -> tuple[Any, str | None]:
    """The value of an example's text and None, or None and why it is not JSON."""
    cleaned = _TRAILING_COMMA.sub(r"\1", _BULLET.sub(r"\1", text))
    try:
        return json.loads(cleaned), None
    except json.JSONDecodeError as exc:
        return None, f"not JSON: {exc.msg} at line {exc.lineno}"
    except RecursionError:
        return None, "not JSON: nested too deeply"


def read_at(lines: list[str], start: int) -> tuple[str, Any, str | None]:
    """The text of the JSON example opening at ``lines[start]``, its value and any error."""
    end = span(lines, start)
    text = "\n".join(lines[start:end])
    value, error = parse(text)
    return text, value, error


def next_json(lines: list[str], start: int, stop: int) -> int | None:
    """The index of the first line in ``lines[start:stop]`` that opens JSON, if any."""
    for index in range(start, min(stop, len(lines))):
        if starts_json(lines[index]):
            return index
    return None
