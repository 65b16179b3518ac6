"""The Python target's naming authority: every identifier generated code holds is decided here.

Every function returns a valid identifier whatever the input (quotes, newlines, non-ASCII,
leading digits, keywords, dunders), so a spec can never smuggle code into generated source
through a name; and each kind of name avoids what its scope already uses: the runtime's
and the templates' own names, Python's keywords and builtins, pydantic's model attributes.
"""

from __future__ import annotations

import builtins
import keyword
import sys
from functools import lru_cache

from generator.render import RESERVED_FILE_NAMES
from generator.words import MAX_NAME as MAX_NAME  # re-exported: the longest name made
from generator.words import Namer as Namer  # re-exported: every scope of names claims through one
from generator.words import words

KEYWORDS = frozenset(keyword.kwlist) | frozenset(keyword.softkwlist)

# Attributes of pydantic's BaseModel (v2, and v1's deprecated ones it still has): a field
# called one of these would shadow it (tests/test_python_names.py checks this list against
# the installed pydantic).
PYDANTIC_ATTRIBUTES = frozenset({
    "copy", "dict", "json", "schema", "schema_json", "construct", "validate", "fields",
    "parse_obj", "parse_raw", "parse_file", "from_orm", "update_forward_refs",
    "model_computed_fields", "model_config", "model_construct", "model_copy", "model_dump",
    "model_dump_json", "model_extra", "model_fields", "model_fields_set", "model_json_schema",
    "model_parametrized_name", "model_post_init", "model_rebuild", "model_validate",
    "model_validate_json", "model_validate_strings",
})

# Names the generated modules use themselves (imports, the runtime's helpers, the locals of
# generated methods): an argument or field called one of these would shadow it.
GENERATED_NAMES = frozenset({
    "self", "cls", "client", "request", "response", "timeout", "max_retries", "extra_headers",
    "extra_query", "extra_body", "builtins", "typing", "httpx", "pydantic", "models", "enum", "datetime", "os",
    "cast", "given", "format_path", "to_jsonable", "isinstance", "fetch", "result", "pages",
    "headers", "base_url", "http_client", "cached_property", "to_raw_response", "to_streamed_response",
    "async_to_raw_response", "async_to_streamed_response", "importlib",
})
# Python's names for types, which annotations and the runtime use.
_BUILTIN_TYPES = frozenset({"str", "int", "float", "bool", "bytes", "object", "type"})

RESERVED = KEYWORDS | PYDANTIC_ATTRIBUTES | GENERATED_NAMES | _BUILTIN_TYPES

# Generated code spells types with typing's capitalised names (List, Dict, Optional,
# as openai-python does), so a method called ``list`` cannot shadow them; a class
# called one of these, or a builtin, would.
CLASS_RESERVED = frozenset(dir(builtins)) | {
    "Any", "List", "Dict", "Optional", "Union", "Literal", "Annotated", "ClassVar",
    "TypeAlias", "BaseModel", "ConfigDict", "Field", "Enum", "Client", "AsyncClient",
    "NotGiven", "Iterator", "AsyncIterator", "Mapping", "Sequence", "IO", "TYPE_CHECKING",
}
# Attributes of every client and resource object besides its groups and methods.
OBJECT_ATTRIBUTES = frozenset({"self", "close", "with_raw_response", "with_streaming_response", "with_options"})


@lru_cache(maxsize=65536)
def identifier(text: str, fallback: str = "value") -> str:
    """A snake_case identifier for an attribute or method: only keywords are avoided."""
    name = "_".join(words(text))[:MAX_NAME].strip("_") or fallback
    if name[0].isdigit():
        name = f"{fallback}_{name}"
    if name in KEYWORDS or name in OBJECT_ATTRIBUTES:
        name += "_"
    return name


def snake(text: str, fallback: str = "value") -> str:
    """A snake_case identifier safe for an argument, local variable or model field.

    Besides keywords it avoids the names generated code uses itself and the attributes
    of pydantic models.
    """
    name = identifier(text, fallback)
    return name + "_" if name in RESERVED else name


@lru_cache(maxsize=65536)
def class_name(name: str) -> str:
    """``name`` (a neutral PascalCase type name) as a class name that shadows nothing."""
    if not name.isidentifier() or keyword.iskeyword(name):
        name = "".join(w.capitalize() for w in words(name)) or "Model"
        name = f"Model{name}" if name[0].isdigit() else name
    return name + "Model" if name in CLASS_RESERVED or name.startswith("_") else name


def pascal(text: str, fallback: str = "Model") -> str:
    """A PascalCase identifier for ``text``, safe for a class."""
    name = "".join(w.capitalize() if not w.isdigit() else w for w in words(text))[:MAX_NAME] or fallback
    return class_name(f"{fallback}{name}" if name[0].isdigit() else name)


def constant(text: str) -> str:
    """An UPPER_SNAKE identifier for an enum member."""
    name = "_".join(words(text)).upper()[:MAX_NAME] or "EMPTY"
    if name[0].isdigit():
        name = f"VALUE_{name}"
    if keyword.iskeyword(name.lower()) or name.startswith("_"):
        name = f"VALUE_{name}"
    return name


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


def enum_members(values: tuple[object, ...]) -> list[str]:
    """Distinct UPPER_SNAKE member names for enum values, in order."""
    namer = Namer()
    return [namer.claim(constant(str(v))) for v in values]
