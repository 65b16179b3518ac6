"""The one escaping path: every spec value reaches generated text through one of these,
chosen by where it lands (a Python literal, a docstring, a comment, Markdown, YAML, JSON).

Templates reach them as filters (``py``, ``docstring``, ``comment``, ``md``, ``md_cell``,
``yaml``, ``tojson_sorted``); refiners call them directly.
"""

from __future__ import annotations

import datetime
import functools
import json
import re
from typing import Any

import yaml


def py_literal(value: Any) -> str:
    """A Python literal for JSON data: strings are escaped by repr, so nothing runs."""
    return repr(value)


def docstring(text: str | None, indent: str = "", closes: bool = False) -> str:
    """Text made safe inside a triple-quoted docstring, continuation lines indented.

    With ``closes``, the text ends the docstring: a multi-line one then leaves its closing
    quotes to a line of their own (PEP 257), where black and ruff agree; after a long last
    line, black would move them there and ruff would not.
    """
    if not text:
        return ""
    text = str(text).replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    if not text.replace("\n", "").replace("\t", "").isprintable():  # rare: skip the slow path
        text = "".join(ch if ch in "\n\t" or ch.isprintable() else " " for ch in text)
    lines = [line.rstrip() for line in text.strip().split("\n")]
    body = "\n".join(lines[:1] + [indent + line if line else "" for line in lines[1:]])
    if closes and len(lines) > 1:
        return body + "\n" + indent
    # A closing quote right before the docstring's own '"""' would end it early.
    return body + " " if body.endswith('"') else body


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def comment(text: Any) -> str:
    """One line of text safe inside a ``#`` comment or a Markdown line (control characters,
    which Python source may not hold raw, become spaces)."""
    return _CONTROL.sub(" ", " ".join(str(text).split()))


def markdown_text(text: str | None) -> str:
    """Prose for Markdown with HTML neutralised (a spec must not inject markup into docs)."""
    return (text or "").replace("<", "&lt;").replace(">", "&gt;")


def markdown_cell(text: Any) -> str:
    """Text for one Markdown table cell: HTML neutralised, on one line, ``|`` escaped.

    A newline would end the table row and a bare ``|`` would start a new cell, so a
    spec string could otherwise reshape the table it sits in.
    """
    return markdown_text(comment("" if text is None else text)).replace("|", "\\|")


def json_literal(value: Any) -> str:
    """Deterministic JSON text for data embedded in a generated file."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


# Text that may stay unquoted in block and flow context: no indicator first, no ': ',
# ' #', comma or bracket anywhere, no space at either end.
_YAML_PLAIN = re.compile(r"^[A-Za-z_$/][A-Za-z0-9_.$/\- '()!?%@&*+=;~]*(?<! )$")
# Characters YAML forbids raw, or reads as line breaks inside a quoted scalar.
_YAML_UNSAFE = re.compile("[^\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\u2028\u2029\ufeff]")


@functools.lru_cache(maxsize=4096)
def _plain_yaml_ok(text: str) -> bool:
    """True when ``text`` written unquoted reads back as itself (not a bool, number, null)."""
    return text.lower() not in ("y", "n") and yaml.safe_load(text) == text


def _yaml_escape(match: re.Match[str]) -> str:
    # A lone surrogate (only JSON input has them) has no YAML form: it becomes U+FFFD.
    code = ord(match[0])
    return "\\ufffd" if 0xD800 <= code <= 0xDFFF else f"\\u{code:04x}"


def yaml_value(value: Any) -> str:
    """JSON data as one line of flow-style YAML that no spec text can break.

    Strings are plain when YAML (1.1 or 1.2) reads them back unchanged, else double-quoted
    with JSON escapes, and anything YAML would not keep verbatim escaped as ``\\uXXXX``.
    """
    if isinstance(value, str):
        if _YAML_PLAIN.match(value) and _plain_yaml_ok(value):
            return value
        return _YAML_UNSAFE.sub(_yaml_escape, json.dumps(value, ensure_ascii=False))
    if value is None or isinstance(value, bool | int):
        return json.dumps(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return ".nan" if value != value else ".inf" if value > 0 else "-.inf"
        text = repr(value)
        return text.replace("e", ".0e") if "e" in text and "." not in text else text  # 1.0e+100
    if isinstance(value, dict):
        return "{" + ", ".join(f"{yaml_value(str(k))}: {yaml_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(yaml_value(v) for v in value) + "]"
    if isinstance(value, datetime.date):
        return yaml_value(value.isoformat())
    return yaml_value(str(value))


# What a terminal acts on rather than shows: C0 and C1 controls and DEL (escape sequences,
# carriage returns, line breaks), Unicode line separators, bidirectional overrides (which
# reorder what is shown), and lone surrogates (which no UTF-8 output can hold).
_TERMINAL_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_SHORT_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}

def _visible(match: re.Match[str]) -> str:
    char = match[0]
    return _SHORT_ESCAPES.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")


def terminal_text(text: object) -> str:
    """``text`` for one line of a terminal: every control character shown as an escape
    (``\\x1b``, ``\\r``, ``\\n``), so a spec cannot move the cursor, recolour or forge a line."""
    return _TERMINAL_UNSAFE.sub(_visible, str(text))
