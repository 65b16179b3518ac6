"""The generator never runs or writes what a spec smuggles in (issue 9).

Hostile OpenAPI documents and doc specs (quotes, triple quotes, backslashes, newlines,
Jinja syntax, Python code as enum values and defaults, keywords and dunders as names,
10 000-character names, names colliding after snake_case, hostile servers, headers, media
types and examples) must generate modules that compile and carry spec text only as data:
:func:`check_module` walks each module's AST and tokens to prove it. A property-based test
does the same for random specs; its example count comes from ``APIGEN_HYPOTHESIS_EXAMPLES``
(50 by default, 1000 for the full run). Bad input (alias bombs, 10 000-deep nesting,
``$ref`` cycles, escaping references and output paths) exits 2 naming file and location,
within bounded time and memory (a subprocess with an address-space limit and a timeout),
and writes nothing; a 50 MB document generates in seconds under 2 GB.
"""

from __future__ import annotations

import ast
import builtins
import dataclasses
import http.server
import io
import json
import keyword
import os
import re
import subprocess
import sys
import textwrap
import threading
import tokenize
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import ir
from generator.cli import main
from generator.diagnostics import SpecError
from generator.render import RESERVED_FILE_NAMES, safe_relative
from generator.targets.python import names, view
from tests.conftest import ROOT, load_api, python_view, render_sets, write_spec

PACKAGE = "hyp"  # the package name hostile specs are rendered as

# Planted in hostile text. It never appears in generated code except inside strings and
# comments, or lower/upper/capitalised inside identifiers naming derived from spec text.
MARKER = "Zqxj"
_MARKER_ANY_CASE = re.compile(MARKER, re.IGNORECASE)

# Dunders the runtime and templates define or use themselves.
ALLOWED_DUNDERS = {
    "__init__", "__repr__", "__bool__", "__enter__", "__exit__", "__aenter__", "__aexit__",
    "__all__", "__future__", "__name__", "__version__", "__root__", "__get_pydantic_core_schema__",
    "__missing__", "__hash__", "__eq__", "__str__", "__iter__", "__aiter__", "__anext__", "__next__",
    "__file__",  # tests/test_examples.py reads examples.json beside it
    "__new__", "__getattr__", "__dir__", "__await__",
    "__call__",  # _oauth.py: a refreshing token is a credential provider, called per request
}

# Everything the generated code calls that is not a name produced from the spec: the
# runtime's own functions, the standard library, httpx, pydantic and pytest.
CALL_ALLOWLIST = {
    # builtins
    *(name for name in dir(builtins) if name not in ("eval", "exec", "compile", "__import__",
                                                      "open", "input", "breakpoint", "getattr",
                                                      "setattr", "delattr", "globals", "locals",
                                                      "vars")),
    # runtime (_base.py, errors.py, _client.py, webhooks.py)
    "NotGiven", "Credential", "Settings", "RequestSpec", "SyncHTTP", "AsyncHTTP", "to_jsonable",
    "given", "scalar_text", "encode_query", "format_path", "_apply_credentials", "_send_credential",
    "build_request", "_multipart", "_form_value", "should_retry", "server_wait", "retry_delay",
    "_adapter", "parse_response", "_body", "_message", "dig", "next_offset", "_connection_error",
    "_is_envelope", "next_delay", "finish", "simple_text", "_QueryCredentialFilter", "_redact", "addFilter", "getLogger",
    "copy_set_param", "set_level", "add",
    "present", "check_headers", "cookie_header", "multipart", "form_value", "_refuse_dot_segments",
    "_fully_unquoted", "_LogRedactor", "hide_in_logs", "apply_credentials", "origin", "check_origin",
    "redirect_request", "_strip_credentials", "redact_url", "redact_headers", "now", "start", "remaining",
    "allows", "check", "parse_seconds", "adapter", "check_progress", "PaginationError", "_attempt_timeout",
    "_follows", "_auth_for", "_exchange", "_DeadlineStream", "_AsyncDeadlineStream", "cls",
    "_settings", "_seconds_until", "error_for_status", "APIError", "APIConnectionError", "APITimeoutError",
    "APIStatusError", "APIResponseValidationError", "kind", "Client", "AsyncClient", "fetch",
    "Recorder", "verify_signature", "signature", "compute_signature", "live", "respond", "record",
    "handle", "json_body", "recorder", "argument", "lru_cache", "dataclass", "field",
    # webhooks.py: the signature check and the typed unwrap (str.partition/isascii/isdigit read the
    # signed-payload template and the timestamp header)
    "check_signature", "_received", "_timestamp", "parse_event", "WebhookVerificationError",
    "partition", "isascii", "isdigit",
    # standard library and dependencies
    "quote", "urlparse", "parse_qs", "replace", "join", "split", "sub", "escape", "get", "items",
    "values", "keys", "append", "extend", "update", "setdefault", "pop", "startswith", "endswith",
    "strip", "rstrip", "lstrip", "lower", "upper", "encode", "decode", "format", "isoformat",
    "fromisoformat", "timestamp", "time", "sleep", "random", "parsedate_to_datetime", "dumps",
    "monotonic", "unquote", "urlsplit", "urlunsplit", "_replace", "rpartition", "fullmatch", "search",
    "URL", "Headers", "copy_with", "copy_remove_param", "as_dict",
    "loads", "json", "read", "aread", "close", "aclose", "send", "build_request", "auth_flow",
    "BasicAuth", "Timeout", "MockTransport", "Response", "Request", "Client", "AsyncClient",
    "TypeAdapter", "validate_python", "model_dump", "model_validate", "ConfigDict", "Field",
    "field_validator", "model_validator", "Enum", "isdigit", "multi_items", "digest", "new",
    "hexdigest", "b64encode", "compare_digest", "hmac", "sha256", "run", "gather", "fixture",
    "mark", "parametrize", "raises", "skip", "skipif", "environ", "getenv", "next", "iter",
    "copy", "cast", "date", "datetime", "TypeVar", "Generic", "asyncio", "httpx", "os",
    "model_fields", "model_json_schema", "translate", "count", "ljust", "rjust", "exists",
    "request", "paginate", "handle_request", "LiveTransport", "_violations", "ConnectError",
    "HTTPTransport", "ReadTimeout", "make_client", "record_property", "super", "setattr", "__init__",
    "Path", "read_text", "param", "xfail",  # tests/test_examples.py: its data file, its cases
    # responses, pages, events, options, logging (the runtime's production parts)
    "parse", "iter_bytes", "iter_text", "iter_lines", "with_options", "every_item", "has_next_page",
    "next_page", "iter_pages", "paginate", "stream_events", "Paging", "PageRequest", "user_agent",
    "client_timeout", "configure_logging", "ErrorFields", "to_raw_response", "to_streamed_response",
    "async_to_raw_response", "async_to_streamed_response", "cached_property", "import_module", "with_settings",
    "Shape", "BaseModel", "__new__", "__getattr__", "__dir__", "sorted",
    # auth: the constructor's check for a required credential; the oauth module's grants
    "require_any_credential", "token_request", "request_token", "arequest_token", "_authorize_url",
    "RefreshingToken", "AsyncRefreshingToken", "refresh", "arefresh",
    "delenv",  # tests/test_runtime.py: a client made without its credential's variable
}

# Names that would mean spec text became code ("__import__('os').system('x')").
_FORBIDDEN_NAMES = {"eval", "exec", "compile", "__import__", "system", "popen", "subprocess",
                    "breakpoint", "globals", "locals"}


def produced_names(api: ir.Api) -> set[str]:
    """Every identifier the Python target decided for ``api``, with the forms templates derive from them."""
    client = python_view(api, PACKAGE)
    found: set[str] = {client.package}
    keys = {"name", "class_name", "module", "attribute", "argument", "body_argument"}

    def visit(value: object, key: str = "") -> None:
        if dataclasses.is_dataclass(value) and type(value).__module__ == view.__name__:
            for f in dataclasses.fields(value):
                visit(getattr(value, f.name), f.name)
        elif isinstance(value, list | tuple):
            for item in value:
                visit(item, key)
        elif isinstance(value, dict):
            for item in value.values():
                visit(item, key)
        elif isinstance(value, str) and (key in keys or key in ("parameters", "body_arguments")):
            found.add(value)

    visit(client)
    derived = set()
    for name in found:
        derived |= {f"Async{name}", f"test_{name}", f"test_{name}_async", f"{name}_all",
                    f"{name}Resource", f"Async{name}Resource", f"_{name}", f"test_{name}_with_raw_and_streaming_response",
                    *(f"{prefix}{name}{suffix}" for prefix in ("", "Async")
                      for suffix in ("WithRawResponse", "WithStreamingResponse", "ResourceWithRawResponse",
                                     "ResourceWithStreamingResponse"))}
    return found | derived


def _is_sanitized(name: str) -> bool:
    return (name.isascii() and name.isidentifier() and not keyword.iskeyword(name)
            and (not (name.startswith("__") and name.endswith("__")) or name in ALLOWED_DUNDERS))


def _identifiers(tree: ast.AST) -> Iterable[tuple[str, ast.AST]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            yield node.id, node
        elif isinstance(node, ast.Attribute):
            yield node.attr, node
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            yield node.name, node
        elif isinstance(node, ast.arg):
            yield node.arg, node
        elif isinstance(node, ast.keyword) and node.arg is not None:
            yield node.arg, node
        elif isinstance(node, ast.alias):
            for part in (node.name.split(".") + ([node.asname] if node.asname else [])):
                yield part, node
        elif isinstance(node, ast.ImportFrom) and node.module:
            for part in node.module.split("."):
                yield part, node


def _call_target(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def check_module(name: str, text: str, produced: set[str]) -> list[str]:
    """Problems of one generated module (empty when it is clean)."""
    problems: list[str] = []
    try:
        tree = ast.parse(compile(text, name, "exec", ast.PyCF_ONLY_AST, dont_inherit=True))
    except (SyntaxError, ValueError) as exc:
        return [f"{name}: does not compile: {exc}"]
    for ident, node in _identifiers(tree):
        where = f"{name}:{getattr(node, 'lineno', '?')}"
        if not _is_sanitized(ident):
            problems.append(f"{where}: identifier {ident!r} is not a sanitized name")
        if ident in _FORBIDDEN_NAMES:
            problems.append(f"{where}: forbidden name {ident!r}")
        if _MARKER_ANY_CASE.search(ident) and ident not in produced:
            problems.append(f"{where}: spec text in identifier {ident!r} not produced by naming")
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            target = _call_target(node.func)
            if isinstance(node.func, ast.Call | ast.Subscript | ast.Lambda):
                continue  # e.g. a factory's result called; its own Call node is checked
            if target is None or (target not in CALL_ALLOWLIST and target not in produced):
                problems.append(f"{name}:{node.lineno}: call of {ast.unparse(node.func)!r} "
                                "is not in the allowlist")
    # Token level: the marker, in any case, only inside strings, comments or produced names.
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if not _MARKER_ANY_CASE.search(token.string):
            continue
        if token.type in (tokenize.STRING, tokenize.COMMENT):
            continue
        if token.type == tokenize.NAME and token.string in produced:
            continue
        problems.append(f"{name}:{token.start[0]}: spec text outside strings and comments: "
                        f"{tokenize.tok_name[token.type]} {token.string[:60]!r}")
    return problems


RUNTIME_MODULES = {p.name for p in (ROOT / "generator" / "targets" / "python" / "runtime").glob("*.py")}


def _is_runtime_copy(path: str) -> bool:
    """Whether ``path`` is a runtime module copied into the package (``pkg/_http.py``): it holds
    nothing of the spec, and its calls are the runtime's own (tested in tests/test_runtime.py)."""
    parts = path.split("/")
    return len(parts) == 2 and parts[1] in RUNTIME_MODULES and parts[1] != "__init__.py"


def check_files(files: dict[str, str], api: ir.Api) -> list[str]:
    """Problems of every ``.py`` file of a rendered package; a runtime copy is only checked
    for spec text (it may call what the templates may not)."""
    produced = produced_names(api)
    problems = []
    for path, text in files.items():
        if path.endswith(".py"):
            found = check_module(path, text, produced)
            if _is_runtime_copy(path):  # our own code (re.compile, getattr ...), never the spec's
                found = [p for p in found if "allowlist" not in p and "forbidden name" not in p]
            elif path.endswith("/models/__init__.py"):
                found = [p for p in found if not p.endswith(_LAZY_LOADER)]
            problems += found
    return problems


# The models package's loader looks names up in its own literal table (``_MODULES``), imports
# the module and keeps the value in its namespace: the one place generated code may use these.
_LAZY_LOADER = ("forbidden name 'globals'", "call of 'globals' is not in the allowlist",
                "call of 'getattr' is not in the allowlist")


def test_checker_flags_injected_code() -> None:
    produced: set[str] = set()
    assert check_module("a.py", f"x = __import__('os').system('{MARKER}')\n", produced)
    assert check_module("b.py", f"class {MARKER}Evil:\n    pass\n", produced)
    assert check_module("c.py", f'"""doc"""\n{MARKER} = 1\n', produced)
    assert check_module("d.py", 'x = """unterminated\n', produced)
    assert not check_module("e.py", f"# {MARKER}\nx = '{MARKER}'\n", produced)


# --- hostile documents ---------------------------------------------------------------------

EVIL = f"x'\"\"\" ''' \\ \n\r {{{{ 7*7 }}}} {{% raw %}} {{# c #}} __import__('os').system('x') {MARKER}"
CODE = f"__import__('os').system('echo {MARKER}')"
LONG = "L" * 10_000
RESERVED_NAMES = ["__class__", "import", "self", "client", "None", "True", "class", "__init__",
                  "model_config", "timeout", "extra_headers", "http_client", "1abc", "ümlaut", "日本"]
COLLIDING = ["fooBar", "foo_bar", "foo-bar", "FooBar", "FOO_BAR"]


def _ref(name: str) -> dict[str, str]:
    return {"$ref": "#/components/schemas/" + name.replace("~", "~0").replace("/", "~1")}


def hostile_openapi() -> dict[str, Any]:
    """One OpenAPI document with hostile text in every place a spec can put text."""
    props: dict[str, Any] = {name: {"type": "string", "description": EVIL} for name in
                             RESERVED_NAMES + COLLIDING + [LONG, EVIL, MARKER + "\x00nul"]}
    props["__class__"] = {"type": "string", "default": CODE, "description": EVIL, "example": CODE}
    props["import"] = {"type": "string", "enum": [CODE, EVIL, "a", "A", "", "1"]}
    props["True"] = {"type": "boolean", "default": True}
    props["count"] = {"type": "integer", "default": 3, "minimum": 0, "maximum": 10}
    schemas: dict[str, Any] = {
        "Evil" + EVIL: {"type": "object", "description": EVIL, "required": ["class", EVIL],
                        "properties": props},
        **{name: {"type": "object", "properties": {"x" + MARKER: {"type": "string"}}}
           for name in COLLIDING + ["None", "__class__", "Client", "List", LONG, "../../etc" + MARKER]},
        "Kind" + MARKER: {"type": "string", "enum": [CODE, EVIL, "1", "a b", "A_B", "a-b"]},
        "Num": {"type": "integer", "enum": [1, 2, -3]},
    }
    evil_ref = _ref("Evil" + EVIL)
    form_props = {name: {"type": "string"} for name in ["it's", 'q"uote', "back\\slash", "ü", "x" + MARKER]}
    form_props["file" + MARKER] = {"type": "string", "format": "binary"}
    return {
        "openapi": "3.1.0",
        "info": {"title": "T" + EVIL, "version": "1" + EVIL, "description": EVIL},
        "servers": [{"url": "https://h.example/" + EVIL + "/{v" + MARKER + "}", "description": EVIL,
                     "variables": {"v" + MARKER: {"default": EVIL, "enum": [EVIL], "description": EVIL}}}],
        "security": [{"key" + MARKER: []}, {"bearer": []}],
        "x-apigen-envelope": {"data": "d" + EVIL, "code": CODE},
        # Algorithm, encoding and unit are checked against their lists; the free texts carry EVIL.
        "x-apigen-webhook-signature": {"header": "X-Sig" + EVIL, "algorithm": "sha256", "encoding": "hex",
                                       "prefix": EVIL, "timestamp_header": "X-T" + EVIL, "tolerance": 5,
                                       "payload": "{timestamp}" + EVIL.replace("{", "(").replace("}", ")")
                                                  + "{body}"},
        "x-apigen-error-message": EVIL,
        "components": {
            "securitySchemes": {
                "key" + MARKER: {"type": "apiKey", "in": "header", "name": "X-Key" + EVIL, "description": EVIL},
                "bearer": {"type": "http", "scheme": "bearer", "description": EVIL}},
            "schemas": schemas,
        },
        "paths": {
            "/a/{id" + MARKER + "}/" + EVIL: {
                "parameters": [{"name": "id" + MARKER, "in": "path", "required": True,
                                "schema": {"type": "string"}, "description": EVIL}],
                "get": {
                    "operationId": "get" + EVIL, "tags": ["import"], "summary": EVIL, "description": EVIL,
                    "parameters": [
                        {"name": "q" + EVIL, "in": "query", "schema": {"type": "string", "default": CODE},
                         "example": EVIL, "description": EVIL},
                        {"name": "X-H" + MARKER + "'\"", "in": "header", "schema": {"type": "string"}},
                        {"name": "c" + MARKER, "in": "cookie", "schema": {"type": "string"}},
                        *({"name": name, "in": "query", "schema": {"type": "string"}}
                          for name in RESERVED_NAMES + COLLIDING + [LONG]),
                        {"name": "skip", "in": "query", "schema": {"type": "integer"}},
                        {"name": "limit", "in": "query", "schema": {"type": "integer", "default": CODE}},
                    ],
                    "x-apigen-pagination": {"style": "offset" + EVIL, "offset": "skip", "limit": "limit",
                                            "items": "data" + EVIL, "total": EVIL, "max_limit": CODE},
                    "responses": {
                        "200": {"description": EVIL, "content": {"application/json": {
                            "schema": evil_ref, "example": {"a": EVIL, CODE: [CODE]}}}},
                        "4XX": {"description": EVIL},
                    },
                },
                "post": {
                    "operationId": "__class__", "tags": ["self"],
                    "requestBody": {"required": True, "content": {
                        "application/vnd." + EVIL + "+json": {"schema": {"type": "object", "properties": {
                            EVIL: {"type": "string"}, "body": {"type": "string"}, "self": {"type": "string"}}}}}},
                    "responses": {"201": {"description": "x"}},
                },
                "put": {
                    "operationId": "upload" + MARKER, "tags": ["../../" + MARKER],
                    "requestBody": {"content": {"multipart/form-data": {"schema": {
                        "type": "object", "properties": form_props}}}},
                    "responses": {"200": {"description": "ok", "content": {"text/plain" + EVIL: {
                        "schema": {"type": "string"}, "example": EVIL}}}},
                },
            },
            "/runtime": {"get": {"operationId": "None", "tags": ["runtime"],
                                 "responses": {"200": {"description": "ok"}}}},
            "/con": {"get": {"operationId": "True", "tags": ["con"], "responses": {"200": {"description": "ok"}}}},
            "/long": {"get": {"operationId": LONG, "tags": [LONG], "responses": {"200": {"description": "ok"}}}},
            **{f"/c/{i}": {"get": {"operationId": name, "tags": [name], "responses": {"204": {"description": "ok"}}}}
               for i, name in enumerate(COLLIDING)},
        },
        "webhooks": {"ev" + EVIL: {"post": {"summary": EVIL, "requestBody": {"content": {"application/json": {
            "schema": {"type": "object", "properties": {"a" + MARKER: {"type": "string"}}}}}}}}},
    }


def hostile_docspec() -> str:
    """A doc spec with hostile names, descriptions, paths, enum values and defaults."""
    data = {
        "api": "evil_docs",
        "title": "D" + EVIL,
        "version": "1",
        "description": EVIL,
        "servers": [{"url": "https://d.example/" + MARKER}],
        "auth": {"bearer": {"type": "bearer", "description": EVIL}},
        "models": {
            "Thing" + MARKER: {"source": "doc.txt:1", "description": EVIL, "fields": {
                **{name: {"type": "string", "description": EVIL} for name in RESERVED_NAMES + COLLIDING},
                "kind": {"type": "string", "enum": [CODE, EVIL, "a"]},
                "code": {"type": "string", "default": CODE},
            }},
        },
        "operations": {
            "things.get": {"GET": "/things/{id}/" + MARKER, "source": "doc.txt:2", "summary": EVIL,
                           "description": EVIL, "path": {"id": {"type": "integer", "description": EVIL}},
                           "query": {"q" + MARKER: {"type": "string", "default": CODE}},
                           "returns": "Thing" + MARKER},
            "import.class": {"POST": "/import", "source": "doc.txt:3", "body": "Thing" + MARKER,
                             "returns": "Thing" + MARKER},
        },
    }
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


@pytest.fixture(scope="module")
def hostile_packages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """Each hostile document generated through the CLI: name -> (spec, output folder)."""
    folder = tmp_path_factory.mktemp("hostile")
    specs = {
        "evil_api": write_spec(folder, hostile_openapi(), "evil_api.yaml"),
        "evil_docs": write_spec(folder, hostile_docspec(), "evil_docs.yaml"),
    }
    made = {}
    for name, spec in specs.items():
        out = folder / "out" / name
        assert main(["generate", str(spec), "--out", str(out)]) == 0, name
        made[name] = (spec, out)
    return made


@pytest.mark.parametrize("name", ["evil_api", "evil_docs"])
def test_hostile_documents_generate_only_data(name: str, hostile_packages: dict[str, tuple[Path, Path]]) -> None:
    spec, out = hostile_packages[name]
    api = load_api(spec)
    files = {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8")
             for p in out.rglob("*.py") if "__pycache__" not in p.parts}
    assert len(files) >= 8
    problems = check_files(files, api)
    assert not problems, "\n".join(problems[:30])
    # Names that collide after snake_case got distinct, stable names.
    for model in python_view(api).models:
        py_names = [f.name for f in model.fields]
        assert len(py_names) == len(set(py_names)), model.class_name
        assert all(len(n) <= names.MAX_NAME + 4 for n in py_names)
    lowered = [m.name.lower() for m in api.models]
    assert len(lowered) == len(set(lowered))
    assert load_api(spec) == api  # stable: the same names every time


def test_hostile_packages_import_and_pass_their_own_tests(hostile_packages: dict[str, tuple[Path, Path]]) -> None:
    for name, (_, out) in hostile_packages.items():
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "-p", "no:xdist",
             "-p", "no:randomly", "tests"],
            cwd=out, capture_output=True, text=True, timeout=300,
            env={**os.environ, "PYTHONPATH": str(out), "PYTHONDONTWRITEBYTECODE": "1"})
        assert result.returncode == 0, f"{name}:\n{result.stdout[-3000:]}\n{result.stderr[-2000:]}"
        assert MARKER not in result.stdout.split("passed")[-1]  # nothing echoed by injected code


def test_names_are_sanitized() -> None:
    for text in ["__class__", "import", "self", "None", "True", "1abc", "ümlaut", "日本", "", "___",
                 "a\nb", "x'\"\"\"", LONG, "con", "List", "Client", "__init__"]:
        for made in (names.identifier(text), names.snake(text), names.pascal(text), names.constant(text)):
            assert made.isascii() and made.isidentifier() and not keyword.iskeyword(made), (text, made)
            assert not made.startswith("__") and len(made) <= names.MAX_NAME + 5, (text, made)
        assert names.snake(text) not in names.RESERVED
        assert names.pascal(text) not in names.CLASS_RESERVED
    assert names.package("con") == "con_" and names.package("../../x") == "x"
    namer = names.Namer()
    assert [namer.claim(names.snake(n)) for n in COLLIDING] == ["foo_bar", "foo_bar_2", "foo_bar_3",
                                                                  "foo_bar_4", "foo_bar_5"]


# --- output paths --------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["../x.py", "a/../../x.py", "/etc/passwd", "C:/x.py", "c:x.py",
                                  "a\\..\\..\\x.py", "a\x00b.py", "con.py", "pkg/aux.txt", "NUL",
                                  "lpt1.py", ".", "", ".hidden/../../x"])
def test_safe_relative_refuses_paths_leaving_the_output(path: str) -> None:
    with pytest.raises(SpecError):
        safe_relative(path, "set.yaml")


def test_hostile_names_for_packages_groups_and_models_stay_inside(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = {"openapi": "3.1.0", "info": {"title": "x", "version": "1"}, "servers": [{"url": "https://x.example"}],
            "paths": {f"/p{i}": {"get": {"operationId": f"op{i}", "tags": [tag], "responses": {
                "200": {"description": "ok", "content": {"application/json": {"schema": _ref(tag)}}}}}}
                for i, tag in enumerate(["../../escape", "/abs/olute", "C:\\drive", "con", "aux", "nul\x00x",
                                         "..", "runtime", "client"])},
            "components": {"schemas": {tag: {"type": "object", "properties": {"a": {"type": "string"}}}
                                       for tag in ["../../escape", "/abs/olute", "C:\\drive", "con", "aux",
                                                   "nul\x00x", "..", "runtime", "client"]}}}
    for stem in ["con", "..evil"]:
        path = write_spec(tmp_path, spec, f"{stem}.yaml")
        out = tmp_path / "out" / stem
        assert main(["generate", str(path), "--out", str(out)]) == 0
        written = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()}
        assert all(w.startswith(("out/", f"{s}.yaml")) or w.endswith(".yaml") for w in written for s in [stem])
        for p in out.rglob("*"):
            assert p.resolve().is_relative_to(out.resolve())
            assert p.name.split(".")[0].lower() not in RESERVED_FILE_NAMES, p
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["..evil", "con"]


def test_registry_and_template_paths_cannot_escape(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = write_spec(tmp_path, {"openapi": "3.1.0", "info": {"title": "x", "version": "1"}, "paths": {}}, "s.yaml")
    (tmp_path / "specs").mkdir()
    registry = tmp_path / "specs" / "apis.yaml"
    for package in ["../../escape", "/abs", "con", "a\x00b", "C:x"]:
        registry.write_text(yaml.safe_dump({"apis": {"x": {"spec": "s.yaml", "package": package}}}))
        assert main(["generate", "--registry", str(registry)]) == 2
        assert "package" in capsys.readouterr().err
    templates = tmp_path / "templates" / "evil"
    templates.mkdir(parents=True)
    (templates / "set.yaml").write_text("api:\n  - {template: t.jinja, path: '../../{{ api.name }}.txt'}\n")
    (templates / "t.jinja").write_text("x")
    out = tmp_path / "deep" / "out"
    code = main(["generate", str(spec), "--out", str(out), "--templates", str(tmp_path / "templates"),
                 "--template-set", "evil"])
    assert code == 2 and "outside the output folder" in capsys.readouterr().err
    assert not (tmp_path / "s.txt").exists() and not out.exists()


# --- resource limits and references --------------------------------------------------------


def _alias_bomb() -> str:
    lines = ["openapi: 3.1.0", "info: {title: B, version: '1'}", "x-bomb:",
             "  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"  a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 12)]
    lines += ["paths:", "  /x:", "    get:", "      responses:", "        '200':", "          description: ok",
              "          content:", "            application/json:",
              "              schema: {type: object, properties: {a: {type: string, enum: *a11}}}",
              "              example: *a11"]
    return "\n".join(lines) + "\n"


def _deep(depth: int) -> str:
    return ("openapi: 3.1.0\ninfo: {title: D, version: '1'}\npaths: {}\ncomponents: {schemas: {A: "
            + "{type: object, properties: {a: " * depth + "{type: string}" + "}}" * depth + "}}\n")


def _deep_json(depth: int) -> str:
    schema: Any = {"type": "string"}
    text = json.dumps(schema)
    for _ in range(depth):
        text = '{"type": "array", "items": ' + text + "}"
    return ('{"openapi": "3.1.0", "info": {"title": "D", "version": "1"}, "paths": {"/x": {"get": '
            '{"responses": {"200": {"description": "ok", "content": {"application/json": {"schema": '
            + text + "}}}}}}}}")


def _cycle(schemas: dict[str, Any], **components: Any) -> dict[str, Any]:
    return {"openapi": "3.1.0", "info": {"title": "C", "version": "1"}, "servers": [{"url": "https://c.example"}],
            "paths": {"/x": {"get": {"operationId": "getX", "responses": {"200": {"description": "ok", "content": {
                "application/json": {"schema": _ref("A")}}}}}}},
            "components": {"schemas": schemas, **components}}


CYCLES: dict[str, Any] = {
    "allOf": _cycle({"A": {"allOf": [_ref("B")], "properties": {"a": {"type": "string"}}},
                     "B": {"allOf": [_ref("A")], "properties": {"b": {"type": "string"}}}}),
    "allOf_alone": _cycle({"A": {"allOf": [_ref("B")]}, "B": {"allOf": [_ref("A")]}}),
    "oneOf": _cycle({"A": {"oneOf": [_ref("B"), {"type": "string"}]}, "B": {"oneOf": [_ref("A"), {"type": "integer"}]}}),
    "anyOf_self": _cycle({"A": {"anyOf": [_ref("A")]}}),
    "items": _cycle({"A": {"type": "array", "items": _ref("A")}}),
    "additionalProperties": _cycle({"A": {"type": "object", "additionalProperties": _ref("A")}}),
    "properties": _cycle({"A": {"type": "object", "properties": {"n": _ref("A"), "b": _ref("B")}},
                          "B": {"type": "object", "properties": {"a": _ref("A")}}}),
    "ref_to_ref": _cycle({"A": _ref("B"), "B": _ref("A")}),
    "parameters_responses": {**_cycle({"A": {"type": "string"}}, parameters={
        "P": {"$ref": "#/components/parameters/Q"}, "Q": {"$ref": "#/components/parameters/P"}},
        responses={"R": {"$ref": "#/components/responses/R"}}),
        "paths": {"/x": {"get": {"operationId": "getX", "parameters": [{"$ref": "#/components/parameters/P"}],
                                 "responses": {"200": {"$ref": "#/components/responses/R"}}}}}},
    "path_items_bodies": {**_cycle({"A": {"type": "string"}}, requestBodies={
        "B": {"$ref": "#/components/requestBodies/B"}}),
        "paths": {"/x": {"$ref": "#/paths/~1y"}, "/y": {"$ref": "#/paths/~1x"},
                  "/z": {"post": {"operationId": "postZ", "requestBody": {"$ref": "#/components/requestBodies/B"},
                                  "responses": {"200": {"description": "ok"}}}}}},
}

_RUN_BOUNDED = textwrap.dedent("""
    import resource, sys
    resource.setrlimit(resource.RLIMIT_AS, (2_500_000_000, 2_500_000_000))
    from generator.cli import main
    code = main(sys.argv[1:])
    print("peak-rss-kb", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
    sys.exit(code)
""")


def generate_bounded(spec: Path, out: Path, timeout: float = 90) -> subprocess.CompletedProcess[str]:
    """``apigen generate SPEC --out OUT`` in a subprocess limited to 2.5 GB and ``timeout`` s."""
    return subprocess.run([sys.executable, "-c", _RUN_BOUNDED, "generate", str(spec), "--out", str(out)],
                          capture_output=True, text=True, timeout=timeout, cwd=ROOT,
                          env={**os.environ, "APIGEN_CACHE": str(out.parent / "cache")})


def _assert_clean_failure(result: subprocess.CompletedProcess[str], spec: Path, out: Path,
                          words: str | None) -> None:
    """Exit 2, the file named (with a line when ``words`` is None), no traceback, nothing written.

    ``words`` is our own wording; None where the message is a parser library's, whose
    wording changes between releases (PyYAML 6.0.4 reworded its nesting error).
    """
    assert result.returncode == 2, result.stderr[-2000:]
    assert "Traceback" not in result.stderr and "RecursionError" not in result.stderr
    assert f"error: {spec}" in result.stderr, result.stderr[-2000:]
    if words is None:
        assert re.search(rf"error: {re.escape(str(spec))}:\d+", result.stderr), result.stderr[-2000:]
    else:
        assert words in result.stderr, result.stderr[-2000:]
    assert not out.exists()
    assert not [p for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.")]  # no staging left


@pytest.mark.parametrize("kind", ["alias_bomb", "recursive_alias", "deep_yaml", "deep_json", "deep_flow"])
def test_resource_bombs_fail_cleanly(kind: str, tmp_path: Path) -> None:
    texts = {
        "alias_bomb": (_alias_bomb(), "yaml", "alias bomb"),
        "recursive_alias": ("openapi: 3.1.0\ninfo: {title: R, version: '1'}\npaths: {}\nx-loop: &l [1, *l]\n",
                            "yaml", "contains it"),
        "deep_yaml": (_deep(10_000), "yaml", None),
        "deep_json": (_deep_json(10_000), "json", "too deeply"),
        "deep_flow": ("openapi: 3.1.0\ninfo: {title: D, version: '1'}\npaths: {}\nx: " + "[" * 10_000
                      + "]" * 10_000 + "\ncomponents: {schemas: {A: " + "{items: " * 10_000 + "{}"
                      + "}" * 10_000 + "}}\n", "yaml", None),
    }
    text, ext, words = texts[kind]
    spec = tmp_path / f"{kind}.{ext}"
    spec.write_text(text)
    _assert_clean_failure(generate_bounded(spec, tmp_path / "out"), spec, tmp_path / "out", words)


@pytest.mark.parametrize("name", sorted(CYCLES))
def test_ref_cycles_terminate(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = write_spec(tmp_path, CYCLES[name], f"{name}.yaml")
    out = tmp_path / "out"
    result = {}

    def run() -> None:
        try:
            result["code"] = main(["generate", str(spec), "--out", str(out)])
        except BaseException as exc:  # noqa: BLE001 - reported below
            result["error"] = exc

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(60)
    assert not worker.is_alive(), f"{name}: generation hangs"
    assert "error" not in result, repr(result.get("error"))
    err = capsys.readouterr().err
    assert result["code"] in (0, 2), err
    if result["code"] == 0:
        files = {p.relative_to(out).as_posix(): p.read_text() for p in out.rglob("*.py")}
        assert not check_files(files, load_api(spec))
    else:
        assert f"error: {spec}" in err


class _Counting(http.server.BaseHTTPRequestHandler):
    hits = 0

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        type(self).hits += 1
        body = b"A: {type: object, properties: {a: {type: string}}}\n"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


def test_remote_refs_are_never_fetched_and_files_cannot_escape(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Counting)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/common.yaml"
    try:
        secret = tmp_path / "secret.yaml"
        secret.write_text("S: {type: object, properties: {stolen" + MARKER + ": {type: string}}}\n")
        inside = tmp_path / "spec"
        inside.mkdir()
        (inside / "link.yaml").symlink_to(secret)
        refs = [url + "#/A", "//127.0.0.1/x.yaml#/A", "file://" + str(secret) + "#/S", "../secret.yaml#/S",
                str(secret) + "#/S", "link.yaml#/S", "sub/../../secret.yaml#/S"]
        spec = write_spec(inside, _cycle({"A": {"type": "object", "properties": {
            f"p{i}": {"$ref": ref} for i, ref in enumerate(refs)}}}), "spec.yaml")
        assert main(["generate", str(spec), "--out", str(tmp_path / "out")]) == 0
        err = capsys.readouterr().err
        assert _Counting.hits == 0
        assert err.count("is not fetched") >= 2 and err.count("leaves the spec's folder") >= 4, err
        generated = "".join(p.read_text() for p in (tmp_path / "out").rglob("*.py"))
        assert "stolen" not in generated.lower()
    finally:
        server.shutdown()
    flags = subprocess.run([sys.executable, "-m", "generator.cli", "generate", "--help"], capture_output=True,
                           text=True, cwd=ROOT).stdout
    assert not re.search(r"remote|fetch|network|allow-ref", flags, re.IGNORECASE)  # no opt-in exists


def test_bad_inputs_exit_2_name_the_place_and_write_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("previous output")
    cases = {
        "malformed.yaml": ("openapi: 3.1.0\npaths: {/x: [}\n", ":2"),
        "bomb.yaml": (_alias_bomb(), "alias"),
        "ext.yaml": (yaml.safe_dump({"openapi": "3.1.0", "info": {"title": "x", "version": "1"}, "paths": {
            "/x": {"get": {"x-apigen-pagination": {"style": "offset"}, "responses": {}}}}}),
            "#/paths/~1x/get/x-apigen-pagination"),
        "notapi.yaml": ("- just\n- a list\n", ":1"),
        "binary.yaml": (None, "cannot read"),
    }
    for name, (text, where) in cases.items():
        path = tmp_path / name
        if text is None:
            path.write_bytes(b"\xff\xfe\x00bad")
        else:
            path.write_text(text)
        assert main(["generate", str(path), "--out", str(out)]) == 2, name
        err = capsys.readouterr().err
        assert f"error: {path}" in err and where in err, (name, err)
        assert "Traceback" not in err
        assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
        assert [p.name for p in out.iterdir()] == ["keep.txt"]


def test_a_50_mb_document_generates_in_bounded_memory(tmp_path: Path) -> None:
    """50 MB of descriptions and extensions around a small API: bounded time and memory."""
    spec = _cycle({"A": {"type": "object", "properties": {"a": {"type": "string"}}}})
    chunk = "lorem ipsum " * 100
    spec["x-padding"] = {f"k{i}": {"description": chunk, "list": [chunk[:100]] * 5} for i in range(30_000)}
    path = tmp_path / "big.json"
    path.write_text(json.dumps(spec))
    assert path.stat().st_size > 50_000_000
    result = generate_bounded(path, tmp_path / "out", timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    peak_kb = int(result.stderr.split("peak-rss-kb")[-1].split()[0])
    assert peak_kb < 2_000_000
    print(f"50 MB document: peak RSS {peak_kb // 1024} MB")


# --- property-based: random small specs from hostile alphabets ------------------------------

HOSTILE_CHARS = "aZ_-. /\\'\"\n\r\t{}%#:$()[]<>!*`~=+;,@&|^?0123456789ßüİı日\u2028\u200b\x00\x01\x0b\x0c\x1b\ufeff\ud800"
hostile_text = st.one_of(
    st.text(alphabet=HOSTILE_CHARS, min_size=0, max_size=24),
    st.sampled_from(["__class__", "import", "self", "client", "None", "True", "__init__", '"""', "'''",
                     CODE, "{{ x }}", "{% if %}", "con", "1", "", "\\", "model_config", "fooBar", "foo_bar",
                     "*/", "/*", '")) or cast("', "a\", __import__(\"os\").system(\"x\")) or cast(\"", "model_copy",
                     "token", "base_url", "timeout"]),
).map(lambda s: s + MARKER if s and s[-1:] != "\\" else s)
json_scalar = st.one_of(hostile_text, st.integers(-10**6, 10**6), st.booleans(), st.none(),
                        st.floats(allow_nan=False, allow_infinity=False, width=32))


@st.composite
def hostile_schema(draw: st.DrawFn) -> dict[str, Any]:
    """A property schema whose values (const, enum, default, example, format) are spec text."""
    kind = draw(st.sampled_from(["string", "integer", "boolean", "const", "enum", "one_of_const"]))
    if kind == "const":
        return {"const": draw(json_scalar), "description": draw(hostile_text)}
    if kind == "enum":
        return {"type": "string", "enum": draw(st.lists(hostile_text, min_size=1, max_size=3))}
    if kind == "one_of_const":
        return {"oneOf": [{"const": draw(hostile_text)} for _ in range(draw(st.integers(1, 3)))]}
    return {"type": kind, "description": draw(hostile_text), "default": draw(json_scalar),
            "example": draw(json_scalar), "format": draw(hostile_text)}


@st.composite
def hostile_specs(draw: st.DrawFn) -> dict[str, Any]:
    """A small spec with spec text in every name and value position."""
    schemas = {}
    for _ in range(draw(st.integers(0, 3))):
        props = {draw(hostile_text): draw(hostile_schema()) for _ in range(draw(st.integers(0, 4)))}
        schemas[draw(hostile_text)] = {"type": "object", "description": draw(hostile_text), "properties": props,
                                       "required": list(props)[:1]}
    for _ in range(draw(st.integers(0, 2))):
        schemas[draw(hostile_text)] = {"enum": draw(st.lists(json_scalar, min_size=1, max_size=5))}
    paths = {}
    for _ in range(draw(st.integers(1, 3))):
        path = "/" + draw(hostile_text) + "/{" + draw(hostile_text) + "}"
        params = [{"name": draw(hostile_text), "in": draw(st.sampled_from(["query", "header", "cookie"])),
                   "description": draw(hostile_text), "example": draw(json_scalar), "schema": draw(hostile_schema())}
                  for _ in range(draw(st.integers(0, 3)))]
        ref = draw(st.sampled_from(sorted(schemas))) if schemas else None
        content = {draw(hostile_text.map(lambda t: "application/" + t)): {
            "schema": _ref(ref) if ref else {"type": "object", "properties": {draw(hostile_text): draw(hostile_schema())}},
            "example": draw(st.dictionaries(hostile_text, json_scalar, max_size=3))}}
        paths[path] = {draw(st.sampled_from(["get", "post", "put", "delete", "patch"])): {
            "operationId": draw(hostile_text), "tags": [draw(hostile_text)], "summary": draw(hostile_text),
            "description": draw(hostile_text), "parameters": params,
            "requestBody": {"content": content},
            "responses": {"200": {"description": draw(hostile_text), "content": content}}}}
    scheme = draw(hostile_text)
    return {"openapi": "3.1.0", "info": {"title": draw(hostile_text), "version": draw(hostile_text),
                                         "description": draw(hostile_text)},
            "servers": [{"url": "https://{" + draw(hostile_text) + "}.x.example/" + draw(hostile_text),
                         "description": draw(hostile_text),
                         "variables": {draw(hostile_text): {"default": draw(hostile_text),
                                                            "enum": draw(st.lists(hostile_text, max_size=2)),
                                                            "description": draw(hostile_text)}}}],
            "security": [{scheme: []}],
            "paths": paths,
            "webhooks": {draw(hostile_text): {"post": {"summary": draw(hostile_text), "requestBody": {"content": {
                "application/json": {"schema": draw(hostile_schema())}}}}}},
            "components": {"schemas": schemas, "securitySchemes": {
                scheme: draw(st.sampled_from([{"type": "http", "scheme": "bearer"},
                                              {"type": "apiKey", "in": "header", "name": draw(hostile_text)},
                                              {"type": "apiKey", "in": "query", "name": draw(hostile_text)}]))}}}


@settings(max_examples=int(os.environ.get("APIGEN_HYPOTHESIS_EXAMPLES", "50")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(spec=hostile_specs())
def test_random_hostile_specs_generate_only_data(spec: dict[str, Any], tmp_path: Path) -> None:
    """Spec text in every name and value position: the run exits 0 or 2; every Python file
    compiles and calls and names only what the templates and the naming authority made; the
    OpenAPI document written from it parses back."""
    path = tmp_path / "spec.json"  # JSON: every string survives exactly, NUL and all
    path.write_text(json.dumps(spec))
    try:
        api = load_api(path, name=PACKAGE)
        files = render_sets(api, "python", "openapi", package=PACKAGE, label="spec.json")
    except SpecError:
        return  # refused with a message: fine for a hostile document
    problems = check_files(files, api)
    assert not problems, "\n".join(problems[:20])
    assert isinstance(yaml.safe_load(files["openapi.yaml"]), dict)
