"""How argument values are written on the wire: path, query, headers, cookies, form and
multipart bodies, JSON. Values that would change what the request means (a ``..`` path
segment, a line break in a header, a ``;`` in a cookie) are refused or encoded here."""

from __future__ import annotations

import datetime
import enum
import json
import os
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import IO, Any, Dict, List, Optional, Tuple, Union
from urllib.parse import quote, unquote

import pydantic


class NotGiven:
    """The type of :data:`NOT_GIVEN`: an argument left out, as opposed to an explicit None."""

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN = NotGiven()

QueryItem = Tuple[str, Any, bool]  # (name, value, explode)
# A file to upload: its bytes, a binary file object, or a path (read when the request is
# sent, the file name taken from the path); in a tuple, with a file name and a content type.
# A plain str is not a file: it is refused at send time rather than uploaded as text.
FileContent = Union[bytes, IO[bytes], "os.PathLike[str]"]
FileTypes = Union[FileContent, Tuple[Optional[str], FileContent], Tuple[Optional[str], FileContent, Optional[str]]]


def to_jsonable(value: Any) -> Any:
    """``value`` as JSON data: models by wire name, enums by value, dates as ISO text."""
    if isinstance(value, pydantic.BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, Mapping):  # any mapping: open objects' arguments accept Mapping[str, Any]
        return {str(k): to_jsonable(v) for k, v in value.items() if not isinstance(v, NotGiven)}
    return value


def given(mapping: Mapping[str, Any]) -> Dict[str, Any]:
    """``mapping`` without the arguments that were left out."""
    return {k: v for k, v in mapping.items() if not isinstance(v, NotGiven)}


def present(mapping: Mapping[str, Any]) -> Dict[str, Any]:
    """``mapping`` without None and the arguments that were left out."""
    return {k: v for k, v in mapping.items() if v is not None and not isinstance(v, NotGiven)}


def scalar_text(value: Any) -> str:
    """How a scalar is written in a path, query string or header."""
    value = to_jsonable(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, separators=(",", ":"))
    return str(value)


def simple_text(value: Any, encode: bool = False) -> str:
    """A path or header value in OpenAPI's ``simple`` style, the default for both: a list's
    items, or an object's keys and values, joined by commas; ``encode`` percent-encodes
    each part (for a path) and keeps the commas."""
    value = to_jsonable(value)
    if isinstance(value, list):
        parts = [scalar_text(item) for item in value]
    elif isinstance(value, dict):
        parts = [text for key, item in value.items() for text in (str(key), scalar_text(item))]
    else:
        parts = [scalar_text(value)]
    return ",".join(quote(part, safe="") if encode else part for part in parts)


def encode_query(items: Sequence[QueryItem]) -> List[Tuple[str, str]]:
    """Query pairs: None and NOT_GIVEN skipped, lists repeated (or comma-joined), dicts as name[key]."""
    pairs: List[Tuple[str, str]] = []
    for name, value, explode in items:
        if value is None or isinstance(value, NotGiven):
            continue
        value = to_jsonable(value)
        if isinstance(value, list):
            if explode:
                pairs.extend((name, scalar_text(v)) for v in value)
            else:
                pairs.append((name, ",".join(scalar_text(v) for v in value)))
        elif isinstance(value, dict):
            pairs.extend((f"{name}[{k}]", scalar_text(v)) for k, v in value.items())
        else:
            pairs.append((name, scalar_text(value)))
    return pairs


# What may stay as written in a path template; anything else (a space, a newline, '?',
# '#', '%', non-ASCII) is percent-encoded so the URL means the path the spec wrote.
_PATH_SAFE = "/:@!$&'()*+,;=-._~"
_DOT_SEGMENTS = frozenset({".", ".."})


def format_path(template: str, values: Mapping[str, Any]) -> str:
    """``template`` with each ``{name}`` replaced by its percent-encoded value.

    A value that makes a segment ``.``, ``..`` or empty is refused with a ValueError:
    servers (and proxies) resolve dot segments, so ``delete("..")`` would act on the parent
    resource, and ``delete("")`` on the collection (``/sites/``). Percent-encoding the dots
    does not help, servers decode ``%2E%2E`` first.
    """
    if not values:
        return quote(template, safe=_PATH_SAFE)
    pieces = _placeholders(tuple(values)).split(template)
    path = "".join((simple_text(values[piece[1:-1]], encode=True) if index % 2 else quote(piece, safe=_PATH_SAFE))
                   for index, piece in enumerate(pieces))
    _refuse_dot_segments(template, path, values)
    return path


@lru_cache(maxsize=1024)
def _placeholders(names: Tuple[str, ...]) -> re.Pattern[str]:
    """A pattern splitting a path template at the ``{name}`` of each of ``names`` (kept)."""
    return re.compile("(" + "|".join(re.escape("{" + name + "}") for name in names) + ")")


def _refuse_dot_segments(template: str, path: str, values: Mapping[str, Any]) -> None:
    """Raise ValueError when a parameter made a segment of ``path`` a dot segment or empty.

    Values never add a ``/`` (it is encoded), so the path has the template's segments.
    """
    for written, sent in zip(template.split("/"), path.split("/")):
        names = [name for name in values if "{" + name + "}" in written]
        if names and not sent:
            raise ValueError(f"path parameter {', '.join(map(repr, names))} is empty, which would "
                             "name another resource (an empty path segment)")
        if names and _fully_unquoted(sent) in _DOT_SEGMENTS:
            raise ValueError(f"path parameter {', '.join(map(repr, names))} makes the path segment "
                             f"{sent!r}, which servers read as a relative path ('.' or '..')")


def _fully_unquoted(text: str) -> str:
    """``text`` percent-decoded until nothing changes (``%252E`` is ``.`` to a server that decodes twice)."""
    while True:
        decoded = unquote(text)
        if decoded == text:
            return text
        text = decoded


# Characters that would break a header line: in a name, controls, spaces and ':' (where the
# value starts); in a value, controls but HTAB. (Other characters RFC 9110 keeps out of names,
# such as '"', cannot split a request; httpx refuses them when it sends.)
_BAD_NAME = r"[\x00-\x20\x7f:]"
_BAD_VALUE = r"[\x00-\x08\x0a-\x1f\x7f]"


def check_headers(headers: Mapping[str, str]) -> None:
    """Raise ValueError for a header whose name or value would split or bend the request
    (a CR or LF above all): that is the caller's error (or the spec's), refused before
    anything is sent rather than failing on the wire and being retried as a network fault."""
    for name, value in headers.items():
        if not name or re.search(_BAD_NAME, name):
            raise ValueError(f"header name {name!r} is not a valid HTTP field name")
        if re.search(_BAD_VALUE, value):
            raise ValueError(f"the value of header {name!r} contains a control character (CR, LF or NUL)")


# RFC 6265 cookie-octets: printable ASCII but space, '"', ',', ';' and '\'. '%' is encoded
# too, so that percent-decoding (which most servers do) gives back exactly the value sent.
_COOKIE_SAFE = "!#$&'()*+-./:<=>?@[]^_`{|}~"
# What would end a cookie's name early (or the header): controls, spaces, '=', ';' and ','.
_BAD_COOKIE_NAME = r"[\x00-\x20\x7f=;,]"


def cookie_header(cookies: Mapping[str, str]) -> str:
    """A ``Cookie`` header: each value UTF-8 percent-encoded outside RFC 6265's cookie-octets
    (so ``"a; admin=true"`` stays one cookie); a name that would break the header is refused."""
    for name in cookies:
        if not name or re.search(_BAD_COOKIE_NAME, name):
            raise ValueError(f"cookie name {name!r} is not a valid cookie name")
    return "; ".join(f"{name}={quote(value, safe=_COOKIE_SAFE)}" for name, value in cookies.items())


def multipart(files: Mapping[str, Any], fields: Mapping[str, Any]) -> List[Tuple[str, Any]]:
    """Every part of a multipart body; plain fields are (None, text) parts, so the body is
    multipart even when no file is sent."""
    parts: List[Tuple[str, Any]] = [(name, file_part(name, value)) for name, value in present(files).items()]
    for name, value in present(fields).items():
        value = to_jsonable(value)
        for item in value if isinstance(value, list) else [value]:
            parts.append((name, (None, scalar_text(item))))
    return parts


def file_part(name: str, value: Any) -> Any:
    """The httpx file part for argument ``name``: a path's bytes read now, under the path's
    file name; bytes and binary file objects as given. A str (a path or text, ambiguous) and
    anything else that is not a file are refused with a TypeError naming the argument."""
    if isinstance(value, tuple):
        if not 2 <= len(value) <= 3:
            raise TypeError(f"file argument {name!r}: a tuple must be (file_name, content[, content_type])")
        filename, content = value[0], _file_content(name, value[1])[1]
        return (filename, content, *value[2:])
    filename, content = _file_content(name, value)
    return (filename, content) if filename is not None else content


def _file_content(name: str, value: Any) -> Tuple[Optional[str], Any]:
    """(file name from a path or None, the content httpx sends) for one file value."""
    if isinstance(value, (bytes, bytearray)):
        return None, bytes(value)
    if isinstance(value, str):
        raise TypeError(f"file argument {name!r}: got a str; pass pathlib.Path({value[:40]!r}) to upload the file "
                        "at that path, or bytes to upload content")
    if isinstance(value, os.PathLike):
        path = os.fspath(value)
        with open(path, "rb") as handle:  # read at send time, closed here: nothing left open
            return os.path.basename(path if isinstance(path, str) else path.decode()), handle.read()
    if callable(getattr(value, "read", None)):
        return None, value
    raise TypeError(f"file argument {name!r}: expected bytes, a binary file object or a path, "
                    f"got {type(value).__name__}")


def form_value(value: Any) -> Any:
    """A form field: a list repeats the field, anything nested is sent as JSON text."""
    value = to_jsonable(value)
    return [scalar_text(v) for v in value] if isinstance(value, list) else scalar_text(value)
