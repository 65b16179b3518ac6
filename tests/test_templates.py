"""Template sets: the IR reference in docs/templates.md, user overrides and new sets,
template errors, and the markdown API reference of every registered API."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

from generator import cli, template_reference
from generator.registry import load_registry
from generator.formatting import black_format
from generator.ir import Api
from generator.escape import comment, markdown_text
from generator.render import api_name
from tests.conftest import ROOT, load_api, openapi, parse, python_view, render_sets, write_spec

REGISTRY = load_registry(ROOT / "specs" / "apis.yaml")
BREE = ROOT / "specs" / "bree.yaml"
DOC = ROOT / "docs" / "templates.md"


@pytest.fixture(autouse=True)
def _private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Generation caches results; each test starts from an empty cache of its own.
    monkeypatch.setenv("APIGEN_CACHE", str(tmp_path / "cache"))


def generate(*args: str) -> int:
    """Run ``apigen generate`` in-process with the project's registry."""
    return cli.main(["generate", *args, "--registry", str(ROOT / "specs" / "apis.yaml")])


# --- docs/templates.md -------------------------------------------------------------------


def test_ir_reference_in_docs_is_current() -> None:
    document = DOC.read_text(encoding="utf-8")
    assert template_reference.splice(document, template_reference.render_reference()) == document, \
        "docs/templates.md is stale: run `python -m generator.template_reference`"


def test_ir_reference_lists_every_class_and_field() -> None:
    reference = template_reference.render_reference()
    classes = [("", c) for c in template_reference.ir_classes()]
    classes += [("view.", c) for c in template_reference.view_classes()]
    for prefix, cls in classes:
        section = reference.split(f"### `{prefix}{cls.__name__}`\n", 1)[1].split("\n### ", 1)[0]
        for field in dataclasses.fields(cls):
            assert f"| `{field.name}` | " in section, (cls.__name__, field.name)


def doc_example_set(folder: Path) -> Path:
    """Write the example set of docs/templates.md (its ``file=`` code blocks) below ``folder``."""
    blocks = re.findall(r"```\w+ file=(\S+)\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert blocks, "docs/templates.md lost its example set"
    for name, text in blocks:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


# --- new sets and overrides ----------------------------------------------------------------


def test_new_set_from_templates_dir_generates_a_spec(tmp_path: Path) -> None:
    templates = doc_example_set(tmp_path / "mine")
    out = tmp_path / "out"
    assert generate(str(BREE), "--out", str(out), "--templates", str(templates), "--template-set", "csv") == 0
    api = load_api(BREE)
    lines = (out / "operations.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "method,path,call" and len(lines) == 1 + len(api.operations)
    assert 'GET,"/contacts",client.contacts.list' in lines
    groups = {p.name for p in (out / "groups").iterdir()}
    assert groups == {f"{g.module}.txt" for g in python_view(api).groups[1:]}
    assert (out / "groups" / "contacts.txt").read_text(encoding="utf-8").endswith("client.contacts: 6 operations\n")
    assert sorted(p.name for p in out.iterdir()) == [".apigen-manifest.json", "groups", "operations.csv"]  # nothing of the python set


def test_new_set_with_a_registered_api_needs_out(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    templates = doc_example_set(tmp_path / "mine")
    assert generate("bree", "--templates", str(templates), "--template-set", "csv") == 2
    assert "needs --out" in capsys.readouterr().err
    out = tmp_path / "out"
    assert generate("bree", "--out", str(out), "--templates", str(templates), "--template-set", "csv") == 0
    assert (out / "operations.csv").is_file()


def test_overriding_one_template_changes_only_its_output(tmp_path: Path) -> None:
    override = tmp_path / "mine" / "python" / "package" / "README.md.jinja"
    override.parent.mkdir(parents=True)
    override.write_text("# {{ api.title | comment | md }}\n\nOur own README.\n", encoding="utf-8")
    api = load_api(BREE)
    builtin = render_sets(api, "python", label="specs/bree.yaml", package="bree")
    overridden = render_sets(api, "python", overrides=tmp_path / "mine", label="specs/bree.yaml", package="bree")
    assert overridden.keys() == builtin.keys()
    assert {path for path in builtin if builtin[path] != overridden[path]} == {"README.md"}
    assert overridden["README.md"] == "# MadeWithBree Website API\n\nOur own README.\n"


def test_an_override_can_import_the_sets_own_macros(tmp_path: Path) -> None:
    override = tmp_path / "mine" / "python" / "package" / "README.md.jinja"
    override.parent.mkdir(parents=True)
    override.write_text('{% from "_operation.jinja" import signature %}'
                        '{{ signature([], client.methods[0].arguments[:1]) | trim }}\n', encoding="utf-8")
    files = render_sets(load_api(BREE), "python", overrides=tmp_path / "mine", package="bree")
    assert files["README.md"] == "self,\n        *,\n        created_at_min: Optional[int] = None,\n"


# --- template errors -----------------------------------------------------------------------

ERRORS = {
    "undefined variable": ("line one\n{{ apii.title }}\n", 2, "'apii' is undefined"),
    "misspelt attribute": ("line one\n\n{{ api.titel }}\n", 3, "has no attribute 'titel'"),
    "syntax error": ("line one\n{% for op in %}\n{% endfor %}\n", 2, "template syntax error"),
    "unknown filter": ("line one\n{{ api.title | upper_case }}\n", 2, "No filter named 'upper_case'"),
    "failing call": ("{{ api.model('NoSuchModel') }}\n", 1, "KeyError"),
}


def broken_set(folder: Path, template: str) -> Path:
    """A new set ``broken`` whose one template is ``template``; returns the template's path."""
    (folder / "broken").mkdir(parents=True)
    (folder / "broken" / "set.yaml").write_text("api:\n  - {template: page.txt.jinja, path: page.txt}\n")
    path = folder / "broken" / "page.txt.jinja"
    path.write_text(template, encoding="utf-8")
    return path


@pytest.mark.parametrize("case", sorted(ERRORS))
def test_template_errors_name_file_and_line(case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text, line, message = ERRORS[case]
    path = broken_set(tmp_path / "mine", text)
    code = generate(str(BREE), "--out", str(tmp_path / "out"), "--templates", str(tmp_path / "mine"),
                    "--template-set", "broken")
    err = capsys.readouterr().err
    assert code == 2
    assert f"{path}:{line}: " in err and message in err, err
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_an_error_in_a_macro_names_the_macro_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken_set(tmp_path / "mine", '{% from "_m.jinja" import m with context %}\n{{ m() }}\n')
    macros = tmp_path / "mine" / "broken" / "_m.jinja"
    macros.write_text("{% macro m() %}\n{{ api.title }}\n{{ api.sumary }}\n{% endmacro %}\n")
    assert generate(str(BREE), "--out", str(tmp_path / "out"), "--templates", str(tmp_path / "mine"),
                    "--template-set", "broken") == 2
    assert f"{macros}:3: template error" in capsys.readouterr().err


def test_an_error_in_an_overridden_template_names_the_override(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    override = tmp_path / "mine" / "python" / "package" / "README.md.jinja"
    override.parent.mkdir(parents=True)
    override.write_text("# {{ api.title }}\n{{ client.pakage }}\n")
    assert generate(str(BREE), "--out", str(tmp_path / "out"), "--templates", str(tmp_path / "mine")) == 2
    assert f"{override}:2: template error" in capsys.readouterr().err


def test_a_manifest_entry_without_a_path_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "mine" / "bad").mkdir(parents=True)
    (tmp_path / "mine" / "bad" / "set.yaml").write_text("api:\n  - {template: page.jinja}\n")
    assert generate(str(BREE), "--out", str(tmp_path / "out"), "--templates", str(tmp_path / "mine"),
                    "--template-set", "bad") == 2
    err = capsys.readouterr().err
    assert "set.yaml" in err and "needs 'template' and 'path'" in err and "Traceback" not in err


def python_set(folder: Path, formatter: str, text: str) -> None:
    """A new set ``py`` with formatter ``formatter`` rendering ``text`` to ``pkg/mod.py``."""
    (folder / "py").mkdir(parents=True)
    (folder / "py" / "set.yaml").write_text(f"formatter: {formatter}\napi:\n"
                                            "  - {template: mod.py.jinja, path: pkg/mod.py}\n")
    (folder / "py" / "mod.py.jinja").write_text(text, encoding="utf-8")


@pytest.mark.parametrize("formatter", ["ruff", "black"])
def test_formatters_give_blacks_style(formatter: str, tmp_path: Path) -> None:
    python_set(tmp_path / "mine", formatter, "x = {'a':1,\n  'b':  [1,2]}\ndef f( a ) :\n  return(a)\n")
    assert generate(str(BREE), "--out", str(tmp_path / "out"), "--templates", str(tmp_path / "mine"),
                    "--template-set", "py") == 0
    assert (tmp_path / "out" / "pkg" / "mod.py").read_text() == (
        'x = {"a": 1, "b": [1, 2]}\n\n\ndef f(a):\n    return a\n')


@pytest.mark.parametrize("formatter", ["ruff", "black"])
def test_generated_code_that_is_not_python_names_file_and_line(formatter: str, tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    python_set(tmp_path / "mine", formatter, "x = 1\n\ndef f(:\n    pass\n")
    assert generate(str(BREE), "--out", str(tmp_path / "out"), "--templates", str(tmp_path / "mine"),
                    "--template-set", "py") == 2
    err = capsys.readouterr().err
    assert "pkg/mod.py:3: generated code is not valid Python" in err, err
    assert "Traceback" not in err and not (tmp_path / "out").exists()


def test_where_black_and_ruff_differ_the_python_set_writes_what_both_accept(tmp_path: Path) -> None:
    """Each construct once: a long conditional, a long bare class name before ``= Field``, a long
    argument-less call in a test, and a docstring whose last line overflows."""
    long = "VeryLongInlineModelNameThatTakesUpMostOfTheLine" * 2
    components = {"schemas": {long: {"type": "object", "properties": {"v": {"type": "string"}}},
                              "Holder": {"type": "object", "required": ["AppInstanceSettings"],
                                         "description": "First line.\n" + "word " * 30,
                                         "properties": {"AppInstanceSettings": {"$ref": f"#/components/schemas/{long}"}}}},
                  "securitySchemes": {"key": {"type": "apiKey", "in": "header", "name": "X-Api-Key-With-A-Long-Name"}}}
    paths = {"/things": {"get": {"operationId": "get_every_single_thing_there_is_in_this_very_long_named_api_and_then_some_more_x",
                                 "responses": {"200": {"description": "ok"}}}}}
    spec = openapi(paths, components=components, security=[{"key": []}])
    out = tmp_path / "out"
    assert generate(str(write_spec(tmp_path, spec)), "--out", str(out)) == 0
    for path in sorted(out.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert black_format(path.name, text) == text, path


def generated_package(tmp_path: Path, paths: dict[str, object]) -> Path:
    """The Python package generated from a spec with ``paths`` (its package is ``spec``)."""
    out = tmp_path / "out"
    assert generate(str(write_spec(tmp_path, openapi(paths))), "--out", str(out)) == 0
    return out


def run_module(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``python -m ARGS`` run in ``folder``."""
    return subprocess.run([sys.executable, "-m", *args], cwd=folder, capture_output=True, text=True, timeout=600)


def test_form_bodies_without_a_schema_take_a_mapping(tmp_path: Path) -> None:
    """A form or multipart body whose schema says nothing is typed ``Dict[str, Any]``, sent in
    its own content type, and its generated tests pass."""
    paths = {f"/{kind}": {"post": {"operationId": kind, "responses": {"204": {"description": "ok"}},
                                   "requestBody": {"content": {media: {"schema": {}}}}}}
             for kind, media in (("form", "application/x-www-form-urlencoded"), ("multipart", "multipart/form-data"))}
    out = generated_package(tmp_path, paths)
    assert "body: Union[Dict[str, Any], NotGiven]" in (out / "spec" / "resources" / "form.py").read_text(encoding="utf-8")
    result = run_module(out, "pytest", "-q", "-p", "no:cacheprovider")
    assert result.returncode == 0, result.stdout[-3000:]


def test_array_path_and_header_values_use_the_simple_style(tmp_path: Path) -> None:
    """Lists in a path or header are comma-joined (each part percent-encoded in a path); a
    text/plain answer with an object schema comes back as text. The package's tests agree."""
    strings = {"type": "array", "items": {"type": "string"}}
    paths = {"/things/{keys}": {"get": {"operationId": "things", "parameters": [
        {"name": "keys", "in": "path", "required": True, "schema": strings},
        {"name": "X-Tags", "in": "header", "schema": strings}],
        "responses": {"200": {"description": "ok", "content": {"text/plain": {"schema": {
            "type": "object", "properties": {"a": {"type": "string"}}}}}}}}}}
    out = generated_package(tmp_path, paths)
    result = run_module(out, "pytest", "-q", "-p", "no:cacheprovider")
    assert result.returncode == 0, result.stdout[-3000:]
    check = ("from spec._base import format_path, simple_text; "
             "print(format_path('/t/{k}', {'k': ['a b', 'c/d']}), simple_text(['x', 1, True]))")
    printed = subprocess.run([sys.executable, "-c", check], cwd=out, capture_output=True, text=True).stdout
    assert printed.split() == ["/t/a%20b,c%2Fd", "x,1,true"]


def test_a_parameter_named_like_a_credential_is_sent_and_tested_as_the_calls_own(tmp_path: Path) -> None:
    """Trello declares its ``key`` credential as a query parameter of every operation: where the
    operation uses the scheme the client sends the credential; where it does not, ``key`` is an
    ordinary argument. The package's tests check both requests."""
    key = {"name": "key", "in": "query", "schema": {"type": "string"}}
    ok = {"200": {"description": "ok"}}
    spec = openapi({"/cards": {"get": {"operationId": "cards", "security": [{"key": []}], "responses": ok,
                                       "parameters": [key]}},
                    "/boards": {"get": {"operationId": "boards", "responses": ok, "parameters": [key]}}},
                   servers=[{"url": "https://x.example"}],
                   components={"securitySchemes": {"key": {"type": "apiKey", "in": "query", "name": "key"}}})
    out = tmp_path / "out"
    assert generate(str(write_spec(tmp_path, spec)), "--out", str(out)) == 0
    resources = out / "spec" / "resources"
    # GET /cards with operationId cards: named by its verb, not client.cards.cards
    assert "def list(\n        self,\n        *,\n        extra_headers" in (resources / "cards.py").read_text()
    assert "        *,\n        key: Optional[str] = None," in (resources / "boards.py").read_text()
    result = run_module(out, "pytest", "-q", "-p", "no:cacheprovider")
    assert result.returncode == 0, result.stdout[-3000:]


def test_examples_with_nulls_in_optional_fields_are_parsed_and_wrong_types_are_not(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An optional field is ``Optional[...] = None``, so an example's ``null`` there still
    parses and the generated test uses the example; an example of the wrong type is warned
    about, naming its pointer, and its test parses a sample instead. An integer enum field
    takes a value the API adds later (``7``), but not a placeholder word (Zoom's ``"integer"``)."""
    thing = {"type": "object", "required": ["id"],
             "properties": {"id": {"type": "string"}, "parent": {"type": "string"},
                            "kind": {"type": "integer", "enum": [1, 2]}}}

    def answer(example: dict[str, object]) -> dict[str, object]:
        return {"responses": {"200": {"description": "ok", "content": {
            "application/json": {"schema": thing, "example": example}}}}}

    paths = {"/kept": {"get": {"operationId": "kept", **answer({"id": "k-1", "parent": None})}},
             "/newer": {"get": {"operationId": "newer", **answer({"id": "k-2", "kind": 7})}},
             "/wrong": {"get": {"operationId": "wrong", **answer({"id": 7})}},
             "/placeholder": {"get": {"operationId": "placeholder", **answer({"id": "p", "kind": "integer"})}}}
    out = generated_package(tmp_path, paths)
    warnings = capsys.readouterr().err
    for wrong in ("wrong", "placeholder"):
        assert f"#/paths/~1{wrong}/get: the 200 example does not match its schema" in warnings
    assert "~1kept/get: the 200 example" not in warnings and "~1newer/get: the 200 example" not in warnings
    tests = "".join(p.read_text(encoding="utf-8") for p in (out / "tests").glob("test_*.py"))
    assert '"k-1"' in tests and '"k-2"' in tests
    result = run_module(out, "pytest", "-q", "-p", "no:cacheprovider")
    assert result.returncode == 0, result.stdout[-3000:]


def test_iterators_over_untyped_and_typed_items_pass_mypy_strict(tmp_path: Path) -> None:
    paging = [{"name": "offset", "in": "query", "schema": {"type": "integer"}},
              {"name": "limit", "in": "query", "schema": {"type": "integer"}}]
    paths = {f"/{name}": {"get": {"operationId": name, "parameters": paging, "responses": {"200": {
        "description": "ok", "content": {"application/json": {"schema": {"type": "object", "properties": {
            "items": {"type": "array", **items}, "total": {"type": "integer"}}}}}}}}}
        for name, items in (("untyped", {}), ("typed", {"items": {"type": "string"}}))}
    out = generated_package(tmp_path, paths)
    # GET /untyped with operationId untyped pages: client.untyped.list, client.untyped.list_all
    assert "def list_all(" in (out / "spec" / "resources" / "untyped.py").read_text(encoding="utf-8")
    result = run_module(out, "mypy", "--strict", "--no-incremental", ".")
    assert result.returncode == 0, result.stdout[-3000:]


def test_an_unknown_formatter_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    python_set(tmp_path / "mine", "yapf", "x = 1\n")
    assert generate(str(BREE), "--out", str(tmp_path / "out"), "--templates", str(tmp_path / "mine"),
                    "--template-set", "py") == 2
    assert "unknown formatter 'yapf'; use one of black, ruff" in capsys.readouterr().err


# --- the markdown API reference ----------------------------------------------------------


@cache
def registered(name: str) -> Api:
    """The IR of a registered API (loaded once per session)."""
    entry = REGISTRY[name]
    return load_api(ROOT / entry.spec, name=name, package=entry.package, kind=entry.kind)


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_every_registered_api_renders_the_markdown_reference(name: str) -> None:
    assert "markdown" in REGISTRY[name].template_sets


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_markdown_reference_covers_every_operation_and_model(name: str) -> None:
    api = registered(name)
    docs = ROOT / "generated" / REGISTRY[name].package / "docs"
    index = (docs / "README.md").read_text(encoding="utf-8")
    client = python_view(api, REGISTRY[name].package)
    for group in client.groups[1:]:
        assert f"](groups/{group.module}.md)" in index
        page = (docs / "groups" / f"{group.module}.md").read_text(encoding="utf-8")
        for m in group.methods:
            assert f"`{m.op.method} {markdown_text(m.op.path)}`" in page, (group.module, m.op.method, m.op.path)
            assert f"{m.accessor}.{m.name}(" in page
    models = (docs / "models.md").read_text(encoding="utf-8")
    assert all(f"\n## {model.class_name}\n" in models for model in client.models)
    assert f"{len(api.operations)} operations in all" in index or not api.operations


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_markdown_code_samples_are_valid_python(name: str) -> None:
    pages = (ROOT / "generated" / REGISTRY[name].package / "docs").rglob("*.md")
    for page in pages:
        for block in re.findall(r"```python\n(.*?)```", page.read_text(encoding="utf-8"), re.S):
            compile(block, str(page), "exec")


HOSTILE = "Evil <script>alert(1)</script> | cell\nsecond line"


def test_markdown_escapes_spec_strings(tmp_path: Path) -> None:
    param = {"name": "q", "in": "query", "description": HOSTILE, "schema": {"type": "string", "enum": ["a|b"]}}
    spec = openapi({"/items": {"get": {"operationId": "listItems", "tags": ["items"], "summary": HOSTILE,
                                       "description": HOSTILE, "parameters": [param],
                                       "responses": {"200": {"description": HOSTILE}}}}},
                   components={"schemas": {"Item": {"type": "object", "description": HOSTILE,
                                                    "properties": {"id": {"type": "string",
                                                                          "description": HOSTILE}}}}})
    spec["info"]["title"] = HOSTILE
    files = render_sets(parse(tmp_path, spec), "markdown")
    files = {path.removeprefix("docs/"): text for path, text in files.items()}
    for path, text in files.items():
        assert "<script" not in text, path
        for row in (line for line in text.splitlines() if line.startswith("| ")):
            # Every row of a table has as many unescaped cell separators as its header.
            assert len(re.findall(r"(?<!\\)\|", row)) in (4, 5, 6), (path, row)
    page = next(text for path, text in files.items() if path.startswith("groups/"))
    assert "Evil &lt;script&gt;alert(1)&lt;/script&gt; \\| cell second line |" in page
    assert '`"a\\|b"`' in files["models.md"]  # the enum became a model of its own


def test_template_reference_check_passes() -> None:
    assert template_reference.main(["--check"]) == 0


@pytest.mark.parametrize(("title", "name"), [("Petstore", "Petstore API"), ("Ontraport API", "Ontraport API"),
                                             ("Slack Web API v2", "Slack Web API v2"), ("Rapid APIs", "Rapid APIs"),
                                             ("RapidAPI Hub", "RapidAPI Hub API")])
def test_api_name_says_api_once(title: str, name: str) -> None:
    assert api_name(title) == name


def test_a_title_ending_in_api_is_not_doubled() -> None:
    files = render_sets(registered("bree"), "python", package="bree")
    assert "the MadeWithBree Website API." in files["bree/_client.py"]
    assert "API API" not in "".join(files.values())


def test_sync_and_async_methods_differ_only_in_async_and_await(tmp_path: Path) -> None:
    """Methods are rendered once for both clients; spec text that says ``await`` or ``async def``
    (or holds a NUL, the mark of async-only text) stays the same in both."""
    prose = "Callers await the async def hook; Async\x00Iterator."
    ok = {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "array",
                                                                             "items": {"type": "string"}}}}}}
    spec = openapi({"/hooks": {"get": {"operationId": "hooks", "description": prose, "responses": ok,
                                       "parameters": [{"name": "offset", "in": "query", "schema": {"type": "integer"}},
                                                      {"name": "limit", "in": "query", "schema": {"type": "integer"}}]}}})
    files = render_sets(parse(tmp_path, spec), "python")
    text = files["test/resources/hooks.py"]
    assert "\x00" not in text
    sync, asynchronous = (part.split("self._http = http\n", 1)[1] for part in text.split("class AsyncHooksResource:"))
    assert sync.count("Callers await the async def hook; Async Iterator.") == 2  # the method and its iterator
    assert "    async def" not in sync and "await self._http" not in sync
    derived = re.sub(r"^( +)async def ", r"\1def ", asynchronous, flags=re.M)
    for theirs, ours in (("await self._http", "self._http"), ("AsyncPage[", "SyncPage["),
                         ("AsyncAPIResponse[", "APIResponse["), ("async_to_", "to_"), ("AsyncHooks", "Hooks"),
                         (" (async)", "")):
        derived = derived.replace(theirs, ours)
    assert derived.rstrip() == sync.rstrip()


def test_comment_text_is_one_line_without_control_characters() -> None:
    assert comment("GET /a\x00b\n  next\x7fline\u200d") == "GET /a b next line\u200d"


def test_media_types_in_capitals_are_read_as_their_kind(tmp_path: Path) -> None:
    """Media types ignore case (Mastercard's BillPay answers ``application/JSON``): the client
    parses such a body as JSON into its model, and the generated tests pass."""
    def answer(content_type: str, schema: dict[str, object]) -> dict[str, object]:
        return {"200": {"description": "ok", "content": {content_type: {"schema": schema}}}}

    record = {"type": "object", "properties": {"id": {"type": "string"}}, "required": ["id"]}
    out = generated_package(tmp_path, {
        "/record": {"get": {"operationId": "record", "responses": answer("application/JSON", record)}},
        "/note": {"get": {"operationId": "note", "responses": answer("Text/Plain", {"type": "string"})}}})
    result = run_module(out, "pytest", "-q", "-p", "no:cacheprovider")
    assert result.returncode == 0, result.stdout[-3000:]
