"""Python names for everything a spec names: decided here once and stored in the IR.

Every function returns a valid, non-reserved identifier whatever the input (quotes,
newlines, non-ASCII, leading digits, keywords, dunders), so a spec can never smuggle
code into generated source through a name.
"""

from __future__ import annotations

import builtins
import keyword
import re
import sys
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

MAX_NAME = 80  # long enough for real names; keeps hostile 10 000-char names manageable

# Names a generated module or class already uses for itself; a field or argument called
# one of these would shadow something the generated code relies on.
RESERVED = frozenset(keyword.kwlist) | frozenset(keyword.softkwlist) | {
    "self", "cls", "client", "request", "response", "timeout", "max_retries",
    "extra_headers", "model_config", "model_fields", "model_dump", "model_validate",
    "json", "copy", "schema", "construct", "validate", "fields", "builtins", "dict",
    "schema_json", "parse_obj", "parse_raw", "parse_file", "from_orm", "update_forward_refs",
    "typing", "httpx", "pydantic", "models", "enum", "datetime",
    "cast", "given", "format_path", "to_jsonable", "fetch", "result", "pages", "os",
    "headers", "base_url", "http_client",
}
# Generated code spells types with typing's capitalised names (List, Dict, Optional,
# as openai-python does), so a method called ``list`` cannot shadow them; a class
# called one of these, or a builtin, would.
CLASS_RESERVED = frozenset(dir(builtins)) | {
    "Any", "List", "Dict", "Optional", "Union", "Literal", "Annotated", "ClassVar",
    "TypeAlias", "BaseModel", "ConfigDict", "Field", "Enum", "Client", "AsyncClient",
    "NotGiven", "Iterator", "AsyncIterator", "Mapping", "Sequence", "IO",
}

# Zero-width boundaries, so overlapping ones (GetXResponse) all split.
_WORD_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
# SKUs, IDs, URLs stay one word. Anchored at the start of a capital run: unanchored, a
# 10 000-letter name backtracked quadratically (a second per call).
_PLURAL_ACRONYM = re.compile(r"(?<![A-Z])([A-Z]{2,})s\b")
_NON_WORD = re.compile(r"[^0-9a-zA-Z]+")


def _ascii(text: str) -> str:
    """Fold accents away and drop anything that is still not ASCII."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


@lru_cache(maxsize=65536)  # a spec names the same few thousand things over and over
def words(text: str) -> tuple[str, ...]:
    """Split any name (camelCase, kebab-case, 'Products & SKUs', {braces}) into lower words."""
    spaced = _WORD_BOUNDARY.sub(" ", _PLURAL_ACRONYM.sub(lambda m: m[1] + "S", _ascii(str(text))))
    return tuple(w.lower() for w in _NON_WORD.split(spaced) if w)


@lru_cache(maxsize=65536)
def identifier(text: str, fallback: str = "value") -> str:
    """A snake_case identifier for an attribute or method: only keywords are avoided."""
    name = "_".join(words(text))[:MAX_NAME].strip("_") or fallback
    if name[0].isdigit():
        name = f"{fallback}_{name}"
    if keyword.iskeyword(name) or keyword.issoftkeyword(name) or name in ("self", "close"):
        name += "_"
    return name


def snake(text: str, fallback: str = "value") -> str:
    """A snake_case identifier safe for an argument, local variable or model field.

    Besides keywords it avoids the names generated functions use themselves and the
    attributes of pydantic models.
    """
    name = identifier(text, fallback)
    if name in RESERVED or name in ("str", "int", "float", "bool", "bytes", "object", "type"):
        name += "_"
    return name


@lru_cache(maxsize=65536)
def pascal(text: str, fallback: str = "Model") -> str:
    """A PascalCase identifier for ``text``, safe for a class."""
    name = "".join(w.capitalize() if not w.isdigit() else w for w in words(text))[:MAX_NAME]
    name = name or fallback
    if name[0].isdigit():
        name = f"{fallback}{name}"
    if name in CLASS_RESERVED or name.startswith("_"):
        name += "Model"
    return name


def constant(text: str) -> str:
    """An UPPER_SNAKE identifier for an enum member."""
    name = "_".join(words(text)).upper()[:MAX_NAME] or "EMPTY"
    if name[0].isdigit():
        name = f"VALUE_{name}"
    if keyword.iskeyword(name.lower()) or name.startswith("_"):
        name = f"VALUE_{name}"
    return name


# Names Windows reserves for devices, whatever the extension: a file called con.py cannot exist.
RESERVED_FILE_NAMES = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
                                 *(f"lpt{i}" for i in range(10))})


def module(name: str) -> str:
    """``name`` (an identifier) made usable as a file name on every system."""
    return name + "_" if name.lower() in RESERVED_FILE_NAMES else name


# Top-level modules a generated package, its tests or its users import: a package with one of
# these names would shadow it (a package called "profile" breaks cProfile, hence pytest).
TAKEN_MODULE_NAMES = frozenset(sys.stdlib_module_names) | {
    "httpx", "httpcore", "h11", "anyio", "sniffio", "certifi", "idna", "pydantic",
    "pydantic_core", "annotated_types", "typing_extensions", "pytest", "_pytest", "pluggy",
    "test", "tests", "conftest", "docs",  # and folders beside the package: tests/, docs/
}


def package(text: str) -> str:
    """A package (directory) name: snake case, never a path, never hidden, never reserved,
    never the name of a module the package or its users import."""
    name = module(snake(text, fallback="api"))
    return name + "_" if name in TAKEN_MODULE_NAMES else name


def enum_members(values: Iterable[object]) -> list[str]:
    """Distinct UPPER_SNAKE member names for enum values, in order."""
    namer = Namer()
    return [namer.claim(constant(str(v))) for v in values]


class Namer:
    """Hands out distinct names, adding _2, _3 … (or 2, 3 … for classes) on collision.

    Comparison is case-insensitive, because two model names differing only in case
    would collide as files on case-insensitive file systems and confuse readers.
    """

    def __init__(self, taken: Iterable[str] = (), separator: str = "_") -> None:
        self._taken = {name.lower() for name in taken}
        self._separator = separator

    def taken(self, name: str) -> bool:
        """True when ``name`` (in any letter case) was already handed out."""
        return name.lower() in self._taken

    def claim(self, name: str) -> str:
        """Return ``name`` or the first free numbered variant, and mark it taken."""
        candidate, n = name, 1
        while candidate.lower() in self._taken:
            n += 1
            candidate = f"{name}{self._separator}{n}"
        self._taken.add(candidate.lower())
        return candidate
