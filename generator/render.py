"""Render an :class:`~generator.ir.Api` with a template set into files, then format them.

A template set is a folder with a ``set.yaml`` manifest naming the files it renders per
API, per group of operations and per model (see ``docs/templates.md``). Templates read
the IR and nothing else. A user's ``--templates DIR`` overrides templates by file name
(``DIR/<set>/<template>``) or adds whole new sets (``DIR/<new set>/set.yaml``).
"""

from __future__ import annotations

import datetime
import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import jinja2
import yaml

from generator import cache_files, ir, naming, samples
from generator.diagnostics import Location, SpecError
from generator.formatting import FORMATTERS, LINE_LENGTH

BUILTIN_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
_SAFE_PART = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.\-]*$")


@dataclass(frozen=True)
class TemplateSet:
    """A loaded template set: its manifest and a Jinja environment that can find its files."""

    name: str
    manifest: dict[str, Any]
    env: jinja2.Environment

    def files(self, scope: str) -> list[dict[str, Any]]:
        """The manifest's entries for ``scope`` (api, group or model)."""
        return list(self.manifest.get(scope) or [])

    @property
    def formatter(self) -> str | None:
        """The formatter applied to ``.py`` outputs (``ruff`` or ``black``), if any."""
        return self.manifest.get("formatter")


def set_folders(name: str, overrides: Path | None) -> list[Path]:
    """Where the set's templates are looked up, the user's folder first."""
    folders = []
    if overrides is not None and (overrides / name).is_dir():
        folders.append(overrides / name)
    if (BUILTIN_TEMPLATES / name).is_dir():
        folders.append(BUILTIN_TEMPLATES / name)
    return folders


def available_sets(overrides: Path | None = None) -> list[str]:
    """Names of every template set, built-in and the user's."""
    roots = [BUILTIN_TEMPLATES] + ([overrides] if overrides is not None else [])
    return sorted({p.parent.name for root in roots for p in root.glob("*/set.yaml")})


def load_set(name: str, overrides: Path | None = None) -> TemplateSet:
    """Load the template set ``name``; raise SpecError naming the problem when it is unusable."""
    folders = set_folders(name, overrides)
    manifest_path = next((f / "set.yaml" for f in folders if (f / "set.yaml").is_file()), None)
    if manifest_path is None:
        raise SpecError(Location(str(overrides or BUILTIN_TEMPLATES)),
                        f"no template set {name!r}; available: {', '.join(available_sets(overrides))}")
    try:
        manifest = yaml.safe_load(manifest_path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise SpecError(Location(str(manifest_path)), f"malformed manifest: {exc}") from None
    _check_manifest(manifest, manifest_path)
    # Shared macros live beside the sets, so every set (and override) can import them.
    loader = jinja2.FileSystemLoader([str(f) for f in folders] + [str(BUILTIN_TEMPLATES / "_shared")])
    env = jinja2.Environment(loader=loader, undefined=jinja2.StrictUndefined, autoescape=False,
                             keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True,
                             bytecode_cache=_bytecode_cache(cache_files.cache_dir()))
    env.filters.update(FILTERS)
    env.globals.update(samples=samples, ir=ir, line_length=LINE_LENGTH)
    return TemplateSet(name, manifest, env)


@functools.cache
def _bytecode_cache(root: Path) -> jinja2.BytecodeCache | None:
    """Compiled templates, kept like ``__pycache__`` (by source checksum) so that later runs
    skip Jinja's compiler, a third of a cold run on a small spec; None when the cache
    folder ``root`` cannot be used."""
    folder = cache_files.folder("templates")
    return _SignedBytecodeCache(folder) if folder is not None else None


class _SignedBytecodeCache(jinja2.BytecodeCache):
    """Jinja's compiled templates in the cache folder, each file signed.

    Loading compiled code runs it, so a file is loaded only when its signature shows this
    user's apigen wrote it (:mod:`generator.cache_files`); Jinja's own file cache would
    load whatever marshal data it finds.
    """

    def __init__(self, folder: Path) -> None:
        self._folder = folder

    def _path(self, bucket: jinja2.bccache.Bucket) -> Path:
        return self._folder / f"{bucket.key}.code"

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Fill ``bucket`` from its file when that file is genuine (Jinja checks the rest)."""
        content = cache_files.read(self._path(bucket))
        if content is not None:
            bucket.bytecode_from_string(content)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Store ``bucket``'s compiled template, signed."""
        cache_files.write(self._path(bucket), bucket.bytecode_to_string())


def _check_manifest(manifest: Any, path: Path) -> None:
    """Raise SpecError unless the formatter is known and every entry names a ``template`` and a ``path``."""
    if not isinstance(manifest, dict):
        raise SpecError(Location(str(path)), "a manifest is a mapping with api, group and model lists")
    if manifest.get("formatter") not in (None, *FORMATTERS):
        raise SpecError(Location(str(path)), f"unknown formatter {manifest['formatter']!r}; "
                        f"use one of {', '.join(FORMATTERS)} or leave it out")
    for scope in ("api", "group", "model"):
        entries = manifest.get(scope) or []
        if not isinstance(entries, list):
            raise SpecError(Location(str(path)), f"{scope!r} must be a list of {{template, path}} entries")
        for entry in entries:
            if not (isinstance(entry, dict) and isinstance(entry.get("template"), str)
                    and isinstance(entry.get("path"), str)):
                raise SpecError(Location(str(path)), f"{scope!r} entry {entry!r} needs 'template' and 'path'")


# --- filters: every spec-sourced string reaches code through one of these ---------------


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


def api_name(title: Any) -> str:
    """The API's name for prose: ``Petstore`` -> ``Petstore API``; ``Ontraport API`` stays."""
    words = str(title).upper().split()
    return str(title) if "API" in words or "APIS" in words else f"{title} API"


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


# Text only the async variant of shared code has (``async ``, ``await ``), between two NULs.
# Python source cannot hold a NUL, so the filters for Python (py, docstring, comment) escape or
# drop one: the mark cannot be confused with anything a spec says.
_ASYNC_MARK = "\x00"
_ASYNC_ONLY = re.compile("\x00[^\x00]*\x00")


def async_only(text: str) -> str:
    """``text`` marked as belonging only to the async variant of the code around it."""
    return f"{_ASYNC_MARK}{text}{_ASYNC_MARK}"


def pick_variant(text: str, is_async: bool) -> str:
    """The sync or async variant of ``text`` rendered once for both (see :func:`async_only`).

    Rendering a method once and deriving both variants halves the cost of resource modules,
    the largest part of rendering a client.
    """
    return text.replace(_ASYNC_MARK, "") if is_async else _ASYNC_ONLY.sub("", text)


FILTERS = {"py": py_literal, "docstring": docstring, "comment": comment, "api_name": api_name,
           "md": markdown_text, "md_cell": markdown_cell, "tojson_sorted": json_literal, "enum_members": naming.enum_members,
           "yaml": yaml_value, "async_only": async_only, "pick_variant": pick_variant}


# --- rendering ---------------------------------------------------------------------------


def safe_relative(path: str, where: str) -> str:
    """``path`` if it stays inside the output folder; SpecError otherwise."""
    pure = PurePosixPath(path.replace("\\", "/"))
    parts = pure.parts
    bad = (not parts or pure.is_absolute() or "\x00" in path or ":" in path
           or any(p in ("..", ".") or not _SAFE_PART.match(p) or
                  p.split(".")[0].lower() in naming.RESERVED_FILE_NAMES for p in parts))
    if bad:
        raise SpecError(Location(where), f"refusing to write outside the output folder: {path!r}")
    return str(pure)


def render_api(api: ir.Api, template_set: TemplateSet, spec_label: str) -> dict[str, str]:
    """Every file of ``api`` rendered by ``template_set``: relative path -> text (unformatted)."""
    header = f"Generated by apigen from {comment(spec_label)} (sha256 {api.source_sha256[:16]}). Do not edit."
    base: dict[str, Any] = {"api": api, "header": header, "set_name": template_set.name}
    outputs: dict[str, str] = {}
    scopes: tuple[tuple[str, list[dict[str, Any]]], ...] = (
        ("api", [{}]),
        ("group", [{"group": g} for g in api.root.walk()]),
        ("model", [{"model": m} for m in api.models]))
    where = f"{template_set.name}/set.yaml"
    for scope, contexts in scopes:
        for entry in template_set.files(scope):
            path_template = _path_template(template_set.env, entry["path"], where)
            for extra in contexts:
                if entry.get("root") is False and not extra["group"].path:
                    continue  # a per-group file that the client itself does not get
                context = base | extra
                path = safe_relative(_render_path(path_template, context, where), where)
                outputs[path] = _render_file(template_set, entry["template"], context)
    return outputs


def _path_template(env: jinja2.Environment, source: str, where: str) -> jinja2.Template:
    try:
        return env.from_string(source)
    except jinja2.TemplateError as exc:
        raise SpecError(Location(where), f"template error: {exc}") from None


def _render_path(template: jinja2.Template, context: dict[str, Any], where: str) -> str:
    try:
        return template.render(context)
    except jinja2.TemplateError as exc:
        raise SpecError(Location(where), f"template error: {exc}") from None


def _render_file(template_set: TemplateSet, name: str, context: dict[str, Any]) -> str:
    try:
        return template_set.env.get_template(name).render(context)
    except jinja2.TemplateSyntaxError as exc:
        raise SpecError(Location(exc.filename or name, exc.lineno), f"template syntax error: {exc.message}") from None
    except Exception as exc:  # noqa: BLE001 - a template is user code: any error it raises is reported at its line
        message = str(exc) if isinstance(exc, jinja2.TemplateError) else f"{type(exc).__name__}: {exc}"
        raise SpecError(_template_location(template_set, name, exc), f"template error: {message}") from None


def _template_location(template_set: TemplateSet, name: str, exc: BaseException) -> Location:
    """The template file and line being rendered when ``exc`` was raised, from its traceback.

    Jinja rewrites tracebacks so that frames of template code carry the template's file
    name and line; the innermost such frame is where the error is (a macro's file, not
    the file that imported it).
    """
    loader = template_set.env.loader
    folders = tuple(loader.searchpath) if isinstance(loader, jinja2.FileSystemLoader) else ()
    where = Location(name)
    tb = exc.__traceback__
    while tb is not None:
        file = tb.tb_frame.f_code.co_filename
        if folders and file.startswith(folders):
            where = Location(file, tb.tb_lineno)
        tb = tb.tb_next
    return where
