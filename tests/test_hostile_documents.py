"""Reading hostile or unusual documents, checking them, caching, and printing spec text.

Whatever a document holds, apigen either works or exits 2 with ``error: FILE:LINE: ...``
and no traceback; reading costs time and memory about linear in the document's size;
``apigen validate`` reads references by the generator's rules (no network, nothing outside
the spec's folder); nothing in the cache folder is used unless this user's apigen wrote it;
spec text printed to a terminal or into markdown cannot act on either.
"""

from __future__ import annotations

import http.server
import json
import marshal
import os
import re
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import jinja2
import pytest

from generator import cache, cache_files, targets
from generator.cli import main
from generator.documents import MAX_ALIAS_EXPANSION, load_document, parse_text
from generator.render import load_set
from tests.conftest import ROOT, openapi, write_spec
from tests.test_hostile_specs import generate_bounded

MARKER = "Qz8vWk"  # planted in text that must never be echoed, run or written


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def apigen(*args: str, cache_folder: Path) -> subprocess.CompletedProcess[str]:
    """The ``apigen`` command in a fresh process (stdout and stderr are real UTF-8 pipes)."""
    return subprocess.run([sys.executable, "-m", "generator.cli", *args], capture_output=True, text=True,
                          encoding="utf-8", errors="strict", cwd=ROOT, check=False,
                          env={**os.environ, "APIGEN_CACHE": str(cache_folder)})


def assert_refused_at_line(code: int, err: str, spec: Path, line: int | None = None) -> None:
    """Exit 2 with ``error: SPEC:LINE`` (the line given, or any) and no traceback."""
    assert code == 2, err
    assert "Traceback" not in err
    assert re.search(rf"error: {re.escape(str(spec))}:{line or '[0-9]+'}\b", err), err


def one_operation(**schema_extra: Any) -> dict[str, Any]:
    """An OpenAPI document with one operation whose response schema has ``schema_extra``."""
    return openapi({"/x": {"get": {"operationId": "getX", "responses": {"200": {
        "description": "ok", "content": {"application/json": {"schema": {"type": "object", **schema_extra}}}}}}}},
        servers=[{"url": "https://x.example.com"}])


# --- 1. values no output can hold ------------------------------------------------------------


SURROGATE_SPEC = ('{"openapi": "3.1.0", "info": {"title": "T\\udc80", "version": "1", "description": "d\\ud83d"},'
                  ' "servers": [{"url": "https://x.example.com"}], "paths": {"/x": {"get": {"operationId": "getX",'
                  ' "summary": "emoji \\ud83d\\ude00 kept", "responses": {"200": {"description": "ok\\udfff",'
                  ' "content": {"application/json": {"schema": {"type": "object", "properties":'
                  ' {"p\\udc80": {"type": "string", "enum": ["a\\udc80"], "description": "\\udc80"}}}}}}}}}}}')


def test_lone_surrogates_become_replacement_characters_in_every_output(tmp_path: Path) -> None:
    spec = tmp_path / "surrogates.json"
    spec.write_text(SURROGATE_SPEC, encoding="ascii")
    other = tmp_path / "plain.json"
    other.write_text(SURROGATE_SPEC.replace("\\udc80", "x").replace("\\udfff", "").replace("\\ud83d\"", '"'),
                     encoding="ascii")
    out = tmp_path / "out"
    generated = apigen("generate", str(spec), "--out", str(out), cache_folder=tmp_path / "cache")
    assert generated.returncode == 0, generated.stderr
    texts = "".join(p.read_bytes().decode("utf-8") for p in out.rglob("*") if p.is_file())
    assert "\ufffd" in texts and "\U0001f600" in texts  # a proper pair stays one character
    shown = apigen("ir", str(spec), cache_folder=tmp_path / "cache")
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["title"] == "T\ufffd"
    for fmt in ("text", "markdown", "json"):
        compared = apigen("diff", str(other), str(spec), "--format", fmt, cache_folder=tmp_path / "cache")
        assert compared.returncode in (0, 1) and "Traceback" not in compared.stderr, compared.stderr
        assert "\ufffd" in compared.stdout
    checked = apigen("validate", str(spec), cache_folder=tmp_path / "cache")
    assert "Traceback" not in checked.stderr
    assert re.search(rf"warning: {re.escape(str(spec))}:1#/info/title: a lone surrogate", checked.stdout)
    assert "#/paths/~1x/get/summary" not in checked.stdout  # the emoji was a pair, not lone


def test_yaml_only_types_read_as_json_values(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = ("b: !!binary |\n  aGVs\n  bG8=\nt: !!timestamp 2001-12-14t21:59:43.10-05:00\nd: !!timestamp 2002-12-14\n"
            "s: !!set {x, a, m}\no: !!omap [{k: 1}, {j: 2}]\np: !!pairs [{k: 1}, {k: 2}]\n")
    data = parse_text(text, "x.yaml")
    assert data == {"b": "aGVsbG8=", "t": "2001-12-14t21:59:43.10-05:00", "d": "2002-12-14",
                    "s": ["x", "a", "m"], "o": {"k": 1, "j": 2}, "p": [["k", 1], ["k", 2]]}
    assert json.loads(json.dumps(data)) == data
    spec = write_spec(tmp_path, "openapi: 3.1.0\ninfo: {title: B, version: '1'}\npaths:\n  /x:\n    get:\n"
                      "      parameters:\n        - {name: q, in: query, schema: {type: string, default: !!binary aGVsbG8=}}\n"
                      "        - {name: w, in: query, schema: {type: string, default: !!timestamp 2001-12-14 21:59:43.10 -5}}\n"
                      "      responses: {'200': {description: ok}}\n")
    code, out, err = run(capsys, "ir", str(spec))
    assert code == 0, err
    assert '"aGVsbG8="' in out and '"2001-12-14 21:59:43.10 -5"' in out


@pytest.mark.parametrize(("text", "line"), [
    ("x: !!int abc\n", 4), ("x: !!bool maybe\n", 4), ("x: !!timestamp soon\n", 4), ("x: !!float many\n", 4),
    ("x:\n  y: !!binary 'a'\n", 5), ("x: !!omap [a]\n", 4), ("x: !!set [a]\n", 4),
])
def test_explicit_tags_on_wrong_values_are_refused_at_their_line(text: str, line: int, tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    spec = write_spec(tmp_path, "openapi: 3.1.0\ninfo: {title: x, version: '1'}\npaths: {}\n" + text)
    code, _, err = run(capsys, "ir", str(spec))
    assert_refused_at_line(code, err, spec, line)


@pytest.mark.parametrize("suffix", ["yaml", "json"])
def test_an_integer_too_long_to_convert_is_refused_at_its_line(suffix: str, tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    digits = "9" * (sys.get_int_max_str_digits() + 700)
    lines = ['{"openapi": "3.1.0",', '"info": {"title": "x", "version": "1"},', '"paths": {},', f'"x-big": {digits}}}']
    spec = write_spec(tmp_path, "\n".join(lines) + "\n", f"big.{suffix}")
    code, _, err = run(capsys, "ir", str(spec))
    assert_refused_at_line(code, err, spec, 4)
    assert "digits" in err and "string" in err


# --- 2. merge keys cost what their text costs ------------------------------------------------


def _merge_bomb(keys: int = 10_000, copies: int = 10_000) -> str:
    """200 KB of YAML in which ``copies`` mappings merge one of ``keys`` keys: 10⁸ entries."""
    lines = ["openapi: 3.1.0", "info: {title: M, version: '1'}", "paths: {}",
             "x-base: &b {" + ", ".join(f"k{i}: {i}" for i in range(keys)) + "}", "x-copies:"]
    return "\n".join(lines + ["- {<<: *b}"] * copies) + "\n"


def _merge_chain(levels: int = 60) -> str:
    """Each mapping merges the one before twice over (PyYAML's node lists double at each level)."""
    lines = ["openapi: 3.1.0", "info: {title: M, version: '1'}", "paths: {}", "x-merge:",
             "  a0: &a0 {" + ", ".join(f"k{i}: [{i}]" for i in range(20)) + "}"]
    lines += [f"  a{n}: &a{n} {{<<: [*a{n - 1}, *a{n - 1}], x{n}: {n}}}" for n in range(1, levels)]
    return "\n".join(lines) + "\n"


def test_a_merge_key_bomb_is_refused_early_with_its_line(tmp_path: Path) -> None:
    spec = tmp_path / "merge-bomb.yaml"
    spec.write_text(_merge_bomb())
    started = time.perf_counter()
    result = generate_bounded(spec, tmp_path / "out", timeout=60)
    elapsed = time.perf_counter() - started
    assert_refused_at_line(result.returncode, result.stderr, spec)
    assert f"{MAX_ALIAS_EXPANSION:,}" in result.stderr
    peak_kb = int(result.stderr.split("peak-rss-kb")[-1].split()[0])
    assert elapsed < 20 and peak_kb < 500_000, (elapsed, peak_kb)
    assert not (tmp_path / "out").exists()


def test_chained_merge_keys_cost_what_their_result_holds(tmp_path: Path) -> None:
    spec = tmp_path / "merge-chain.yaml"
    spec.write_text(_merge_chain())
    started = time.perf_counter()
    result = generate_bounded(spec, tmp_path / "out", timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    assert time.perf_counter() - started < 20
    assert parse_text(_merge_chain(4), "x.yaml")["x-merge"]["a3"] == {
        **{f"k{i}": [i] for i in range(20)}, "x1": 1, "x2": 2, "x3": 3}


def test_many_broken_references_in_one_mapping_cost_linear_time(tmp_path: Path) -> None:
    # Each broken $ref asks for its line; finding it must not rescan the mapping it is in
    # (40 000 of them took 50 s when it did).
    spec = tmp_path / "many-refs.json"
    spec.write_text(json.dumps(one_operation(properties={f"p{i}": {"$ref": f"#/nowhere{i}"}
                                                         for i in range(40_000)}), indent=1))
    started = time.perf_counter()
    shown = apigen("ir", str(spec), cache_folder=tmp_path / "cache")
    assert shown.returncode == 0, shown.stderr[-2000:]
    assert shown.stderr.count("unresolvable $ref") == 40_000
    assert time.perf_counter() - started < 20


# --- 3. documents other tools read; errors that name the line -------------------------------


def test_tabs_libyaml_refuses_are_read_as_pyyaml_reads_them(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Adyen's specs: a block scalar whose first line begins with a tab after the indentation.
    spec = write_spec(tmp_path, "openapi: 3.1.0\ninfo:\n  title: Tabs\n  version: '1'\n  description: |\n"
                      "    \tindented with a tab\n    second line\npaths: {}\n")
    code, out, err = run(capsys, "ir", str(spec))
    assert code == 0, err
    assert json.loads(out)["description"].startswith("\tindented with a tab")


def test_yaml_neither_reader_reads_names_the_line_and_the_character(tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    spec = write_spec(tmp_path, "openapi: 3.1.0\ninfo:\n  description: |\n    \tok for PyYAML\n"
                      "paths:\n\t/x: {}\n")
    code, _, err = run(capsys, "ir", str(spec))
    assert_refused_at_line(code, err, spec, 6)
    assert "'\\t'" in err


def test_an_equals_sign_is_a_string(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Jira lists "=" among an enum's values; YAML 1.1 reads it as a tag of its own.
    spec = write_spec(tmp_path, "openapi: 3.1.0\ninfo: {title: J, version: '1'}\npaths: {}\ncomponents:\n"
                      "  schemas:\n    Op:\n      type: string\n      enum:\n        - =\n        - '!='\n")
    assert parse_text(spec.read_text(), "j.yaml")["components"]["schemas"]["Op"]["enum"] == ["=", "!="]
    assert parse_text("=: 1\n", "j.yaml") == {"=": 1}
    code, out, err = run(capsys, "ir", str(spec))
    assert code == 0, err
    assert '"="' in out


@pytest.mark.parametrize(("name", "text", "line"), [
    ("control.json", '{"openapi": "3.1.0", "info": {"title": "a\x01b"}}', 1),
    ("trailing.json", '{"openapi": "3.1.0",\n "info": {"title": "x",}}', 2),
    ("control.yaml", "openapi: 3.1.0\ninfo:\n  title: 'é é'\n  version: 'a\x01b'\n", 4),
    ("json-as.yaml", '{"openapi": "3.1.0",\n"info": {"title": "é",\n"version": "1\x01"}}', 3),
])
def test_every_load_error_names_the_line(name: str, text: str, line: int, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    spec = write_spec(tmp_path, text, name)
    code, _, err = run(capsys, "ir", str(spec))
    assert_refused_at_line(code, err, spec, line)
    if name.endswith(".json"):
        assert "column" in err  # a spec may be one line long


def test_a_json_spec_saved_as_yaml_with_characters_yaml_refuses_is_read(tmp_path: Path,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    # JSON strings may hold DEL and C1 controls; YAML readers refuse them anywhere.
    data = one_operation(properties={"a": {"$ref": "#/nowhere"}}, description="x\x7f\x85y")
    text = json.dumps(data, ensure_ascii=False, indent=1)
    responses_line = next(n for n, line in enumerate(text.splitlines(), 1) if '"responses"' in line)
    for name in ("spec.yaml", "spec.json"):
        spec = write_spec(tmp_path, text, name)
        code, _, err = run(capsys, "generate", str(spec), "--out", str(tmp_path / f"out-{name}"))
        assert code == 0 and "#/paths/~1x/get/responses/200/content/application~1json/schema/properties/a" in err, err
        # Lines are found for messages although YAML cannot read the text as it is.
        assert load_document(spec).line_of("/paths/~1x/get/responses") == responses_line


def test_a_file_that_is_not_utf8_names_the_line_of_the_first_bad_byte(tmp_path: Path,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    spec = tmp_path / "latin1.yaml"
    spec.write_bytes("openapi: 3.1.0\ninfo:\n  title: café\n  version: '1'\npaths: {}\n".encode("latin-1"))
    code, _, err = run(capsys, "generate", str(spec), "--out", str(tmp_path / "out"))
    assert_refused_at_line(code, err, spec, 3)
    assert "UTF-8" in err


def test_a_json_byte_order_mark_is_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = tmp_path / "bom.json"
    spec.write_text("\ufeff" + json.dumps(one_operation()), encoding="utf-8")
    assert run(capsys, "ir", str(spec))[0] == 0


# --- 4. validate reads references by the generator's rules ------------------------------------


class _Counting(http.server.BaseHTTPRequestHandler):
    hits = 0

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        type(self).hits += 1
        body = b'{"A": {"type": "object"}}'
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


def test_validate_fetches_nothing_and_reads_no_file_outside_the_spec_folder(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Counting)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    try:
        (tmp_path / "hostname").write_text(f"host-{MARKER}\n")
        (tmp_path / "secret.yaml").write_text(f"S: {{type: object, description: {MARKER}}}\n")
        inside = tmp_path / "spec"
        inside.mkdir()
        (inside / "common.yaml").write_text("C: {type: object, properties: {c: {type: string}}}\n")
        refs = [f"http://127.0.0.1:{port}/c.json#/A", f"//127.0.0.1:{port}/c.json#/A",
                (tmp_path / "hostname").as_uri(), (tmp_path / "secret.yaml").as_uri() + "#/S",
                "../secret.yaml#/S", "common.yaml#/C"]
        spec = write_spec(inside, one_operation(properties={f"p{i}": {"$ref": ref} for i, ref in enumerate(refs)}))
        code, out, err = run(capsys, "validate", str(spec))
        assert _Counting.hits == 0
        assert MARKER not in out + err
        assert code == 0 and "could not finish" not in out, out
        assert "--allow-remote-refs" in out
        code, out, err = run(capsys, "validate", str(spec), "--allow-remote-refs")
        assert _Counting.hits >= 1 and MARKER not in out + err
    finally:
        server.shutdown()
    assert "--allow-remote-refs" in subprocess.run([sys.executable, "-m", "generator.cli", "validate", "--help"],
                                                   capture_output=True, text=True, cwd=ROOT, check=False).stdout


# --- 5. the cache folder holds code --------------------------------------------------------------


@pytest.fixture
def cache_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of the test's own (not yet created)."""
    root = tmp_path / "user-cache" / "apigen"
    monkeypatch.setenv("APIGEN_CACHE", str(root))
    return root


def _plant_compiled_templates(folder: Path, effect: Path) -> None:
    """Jinja bytecode for every template of the python set, in Jinja's own file layout, that
    creates ``effect`` when loaded."""
    env = load_set("python", targets.template_roots()).env
    planted = jinja2.FileSystemBytecodeCache(str(folder))
    assert env.loader is not None
    for name in env.list_templates():
        source, filename, _ = env.loader.get_source(env, name)
        bucket = planted.get_bucket(env, name, filename, source)
        bucket.code = compile(f"import pathlib\npathlib.Path({str(effect)!r}).write_text('ran')\n", name, "exec")
        planted.set_bucket(bucket)


def test_planted_compiled_templates_never_run(tmp_path: Path, cache_root: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    spec = write_spec(tmp_path, one_operation())
    assert run(capsys, "generate", str(spec), "--out", str(tmp_path / "first"))[0] == 0
    effect = tmp_path / "planted-code-ran"
    templates = cache_root / "templates"
    header = b"j2" + b"\0" * 40  # whatever this cache's own files look like, they are replaced
    for path in [p for p in templates.iterdir() if p.is_file()]:
        path.write_bytes(header + marshal.dumps(compile(f"open({str(effect)!r}, 'w')", "x", "exec")))
    _plant_compiled_templates(templates, effect)
    code, _, err = run(capsys, "generate", str(spec), "--out", str(tmp_path / "second"), "--template-set", "python")
    assert code == 0, err
    assert not effect.exists()
    assert stat.S_IMODE(cache_root.stat().st_mode) == 0o700
    assert stat.S_IMODE((cache_root / "key").stat().st_mode) == 0o600


def test_a_cache_folder_others_can_write_is_not_used(tmp_path: Path, cache_root: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    spec = write_spec(tmp_path, one_operation())
    cache_root.mkdir(parents=True)
    cache_root.chmod(0o777)
    effect = tmp_path / "planted-code-ran"
    (cache_root / "templates").mkdir()
    _plant_compiled_templates(cache_root / "templates", effect)
    before = sorted(p.relative_to(cache_root) for p in cache_root.rglob("*"))
    code, _, err = run(capsys, "generate", str(spec), "--out", str(tmp_path / "out"))
    assert code == 0 and not effect.exists()
    assert f"warning: cache folder {cache_root} may be written by other users" in err
    assert sorted(p.relative_to(cache_root) for p in cache_root.rglob("*")) == before  # nothing written
    if os.getuid() == 0:  # only root can give a folder to another user
        cache_root.chmod(0o700)
        os.chown(cache_root, 65534, 65534)
        code, _, err = run(capsys, "generate", str(spec), "--out", str(tmp_path / "out"))
        assert code == 0 and not effect.exists() and "belongs to another user" in err


def test_a_planted_job_cannot_write_outside_the_output_folder(tmp_path: Path, cache_root: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    spec = write_spec(tmp_path, one_operation())
    out = tmp_path / "a" / "b" / "out"
    assert run(capsys, "generate", str(spec), "--out", str(out))[0] == 0
    planted = {"documents": [], "files": {"../../ESCAPED.txt": "x", "ok.py": "x = 1\n"},
               "operations": 1, "models": 0, "warnings": []}
    entries = list((cache_root / "jobs").iterdir())
    assert entries
    for entry in entries:
        entry.write_text(json.dumps(planted))
    code, _, err = run(capsys, "generate", str(spec), "--out", str(out))
    assert code == 0, err
    assert not (tmp_path / "a" / "ESCAPED.txt").exists() and not (out / "ok.py").exists()
    assert (out / "spec" / "resources" / "x.py").is_file()
    # An entry signed by this user's apigen is checked as fresh output is, too.
    cache.store("k" * 64, cache.Result(planted["files"], 1, 0, []), ())
    assert cache.lookup("k" * 64) is None
    cache.store("k" * 64, cache.Result({"ok.py": "x = 1\n"}, 1, 0, []), ())
    assert cache.lookup("k" * 64) == cache.Result({"ok.py": "x = 1\n"}, 1, 0, [])


def test_a_planted_formatted_file_cannot_change_generated_code(tmp_path: Path, cache_root: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    spec = write_spec(tmp_path, one_operation())
    out = tmp_path / "out"
    assert run(capsys, "generate", str(spec), "--out", str(out))[0] == 0
    packs = list((cache_root / "formatted").rglob("*.json"))
    assert packs
    for pack in packs:
        content = pack.read_bytes()
        keys = json.loads(content[content.index(b"{"):])  # the input hashes, however the pack is stored
        pack.write_text(json.dumps({key: f"{MARKER} = 1\n" for key in keys}))
    for job in (cache_root / "jobs").iterdir():
        job.unlink()
    assert run(capsys, "generate", str(spec), "--out", str(out), "--check")[0] == 0
    assert run(capsys, "generate", str(spec), "--out", str(out))[0] == 0
    assert MARKER not in "".join(p.read_text() for p in out.rglob("*.py"))


def test_a_signed_file_moved_to_another_name_is_refused(cache_root: Path) -> None:
    folder = cache_files.folder("jobs")
    assert folder is not None
    cache_files.write(folder / "a.json", b"{}")
    assert cache_files.read(folder / "a.json") == b"{}"
    (folder / "b.json").write_bytes((folder / "a.json").read_bytes())
    assert cache_files.read(folder / "b.json") is None


# --- 6. spec text printed to a terminal or into markdown -------------------------------------------

FORGED = "\x1b[2K\rwarning: all good\x1b[0m\u202e"


def test_spec_text_cannot_rewrite_terminal_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = one_operation(properties={f"p{FORGED}": {"$ref": f"#/nowhere{FORGED}"}})
    spec = write_spec(tmp_path, json.dumps(data), "spec.json")
    for args in (["generate", str(spec), "--out", str(tmp_path / "out")], ["ir", str(spec)], ["validate", str(spec)]):
        code, out, err = run(capsys, *args)
        assert code in (0, 2) and "Traceback" not in err, err  # validate: the $ref is an error
        printed = err if args[0] != "validate" else out
        assert "\\x1b[2K\\rwarning: all good\\x1b[0m\\u202e" in printed, printed
        assert not re.search("[\x1b\r\u202e]", printed)
    old = write_spec(tmp_path, json.dumps(one_operation()), "old.json")
    code, out, _ = run(capsys, "diff", str(old), str(spec))
    assert "\\x1b[2K" in out and not re.search("[\x1b\r\u202e]", out)


def _outside_code_spans(line: str) -> str | None:
    """``line`` without its code spans (CommonMark's: a backslash-escaped backtick opens
    none); None when one does not close with its own fence."""
    outside, at = "", 0
    for opening in re.finditer(r"(?<!\\)(?:\\\\)*(`+)", line):
        if opening.start(1) < at:
            continue
        fence = opening[1]
        close = re.compile(rf"(?<!`){fence}(?!`)").search(line, opening.end(1))
        if close is None:
            return None
        outside, at = outside + line[at:opening.start(1)], close.end()
    return outside + line[at:]


def test_markdown_reports_carry_no_html_and_no_broken_code_spans(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    hostile = "<script>alert(1)</script> `x` ``y`` | [link](https://evil.example) *b* &amp;"

    def document(properties: dict[str, Any], *paths: str) -> dict[str, Any]:
        ok = {"get": {"responses": {"200": {"description": "ok"}}}}
        return openapi({"/x": {"get": {"operationId": "getX", "responses": {"200": {"description": "ok", "content": {
            "application/json": {"schema": {"type": "object", "properties": properties}}}}}}},
            **{path: ok for path in paths}})

    old = write_spec(tmp_path, json.dumps(document({"e": {"type": "string", "enum": ["a"]}})), "old.json")
    new = write_spec(tmp_path, json.dumps(document({"e": {"type": "string", "enum": ["a", hostile]},
                                                    hostile: {"type": "string"}}, f"/y`{hostile}")), "new.json")
    code, out, err = run(capsys, "diff", str(old), str(new), "--format", "markdown")
    assert code in (0, 1), err
    assert hostile.split()[0] in out  # the hostile text is there, inside code spans
    for line in out.splitlines():
        outside = _outside_code_spans(line)
        assert outside is not None, line
        # Outside code spans: HTML as entities (but the report's own folding elements), no
        # link, no stray backtick or cell border.
        outside = re.sub(r"</?(?:details|summary)>", "", outside)
        assert "<" not in outside and "](" not in outside.replace("\\](", ""), line
    assert "&lt;script&gt;" in out
