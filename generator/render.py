"""The render stage: lay out a view with a template set into files (unformatted).

A template set is a folder with a ``set.yaml`` manifest: the view it reads (``view: ir``,
the neutral IR, or ``view: python``, the Python target's refined client), the files it
renders once, per group and per model, and the files it copies (a target's runtime). See
``docs/templates.md``. A user's ``--templates DIR`` overrides templates by file name
(``DIR/<set>/<template>``) or adds whole new sets (``DIR/<new set>/set.yaml``).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import jinja2
import yaml

from generator import cache_files
from generator.diagnostics import Location, SpecError
from generator.escape import comment, docstring, json_literal, markdown_cell, markdown_text, py_literal, yaml_value
from generator.formatting import FORMATTERS, LINE_LENGTH

_SAFE_PART = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.\-]*$")
# Names Windows reserves for devices, whatever the extension: a file called con.py cannot exist.
RESERVED_FILE_NAMES = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
                                 *(f"lpt{i}" for i in range(10))})
# What each view's templates are rendered for, besides once per API.
SCOPES = {"ir": ("api", "operation", "model"),
          "python": ("api", "group", "model", "models_module", "oauth")}


@dataclass(frozen=True)
class TemplateSet:
    """A loaded template set: its manifest and a Jinja environment that can find its files."""

    name: str
    manifest: dict[str, Any]
    env: jinja2.Environment
    folder: Path  # where the manifest is; ``copy`` entries are found relative to it

    def files(self, scope: str) -> list[dict[str, Any]]:
        """The manifest's entries for ``scope`` (api, group, operation, model, models_module or copy)."""
        return list(self.manifest.get(scope) or [])

    @property
    def prune_imports(self) -> bool:
        """True when unused imports are removed from the set's ``.py`` outputs before formatting."""
        return self.manifest.get("prune_imports") is True

    @property
    def view(self) -> str:
        """The view the set's templates read: ``ir`` (the default) or ``python``."""
        return str(self.manifest.get("view") or "ir")

    @property
    def formatter(self) -> str | None:
        """The formatter applied to ``.py`` outputs (``ruff`` or ``black``), if any."""
        return self.manifest.get("formatter")


def set_folders(name: str, roots: list[Path], overrides: Path | None) -> list[Path]:
    """Where the set's templates are looked up, the user's folder first."""
    folders = [overrides / name] if overrides is not None and (overrides / name).is_dir() else []
    return folders + [root / name for root in roots if (root / name).is_dir()]


def available_sets(roots: list[Path], overrides: Path | None = None) -> list[str]:
    """Names of every template set, built-in and the user's."""
    every = roots + ([overrides] if overrides is not None else [])
    return sorted({p.parent.name for root in every for p in root.glob("*/set.yaml")})


def load_set(name: str, roots: list[Path], overrides: Path | None = None) -> TemplateSet:
    """Load the template set ``name`` from ``overrides`` or the built-in ``roots``; raise
    SpecError naming the problem when it is missing or unusable."""
    folders = set_folders(name, roots, overrides)
    manifest_path = next((f / "set.yaml" for f in folders if (f / "set.yaml").is_file()), None)
    if manifest_path is None:
        raise SpecError(Location(str(overrides or "template sets")),
                        f"no template set {name!r}; available: {', '.join(available_sets(roots, overrides))}")
    try:
        manifest = yaml.safe_load(manifest_path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise SpecError(Location(str(manifest_path)), f"malformed manifest: {exc}") from None
    _check_manifest(manifest, manifest_path)
    env = jinja2.Environment(loader=jinja2.FileSystemLoader([str(f) for f in folders]),
                             undefined=jinja2.StrictUndefined, autoescape=False,
                             keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True,
                             bytecode_cache=_bytecode_cache(cache_files.cache_dir()))
    env.filters.update(FILTERS)
    env.globals.update(line_length=LINE_LENGTH)
    return TemplateSet(name, manifest, env, manifest_path.parent)


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
    """Raise SpecError unless the view and formatter are known and every entry names a
    ``template`` (or, to copy, a ``file``) and a ``path``."""
    where = Location(str(path))
    if not isinstance(manifest, dict):
        raise SpecError(where, "a manifest is a mapping with api, group and model lists")
    view = manifest.get("view") or "ir"
    if view not in SCOPES:
        raise SpecError(where, f"unknown view {view!r}; use one of {', '.join(SCOPES)}")
    if manifest.get("formatter") not in (None, *FORMATTERS):
        raise SpecError(where, f"unknown formatter {manifest['formatter']!r}; "
                        f"use one of {', '.join(FORMATTERS)} or leave it out")
    for scope in (*SCOPES[view], "copy"):
        entries = manifest.get(scope) or []
        key = "file" if scope == "copy" else "template"
        if not isinstance(entries, list):
            raise SpecError(where, f"{scope!r} must be a list of {{{key}, path}} entries")
        for entry in entries:
            if not (isinstance(entry, dict) and isinstance(entry.get(key), str)
                    and isinstance(entry.get("path"), str)):
                raise SpecError(where, f"{scope!r} entry {entry!r} needs {key!r} and 'path'")


# Text only the async (or only the sync) variant of shared code has, between two NULs (SOHs).
# Python source cannot hold either character, so the filters for Python (py, docstring,
# comment) escape or drop them: a mark cannot be confused with anything a spec says.
_ASYNC_MARK, _SYNC_MARK = "\x00", "\x01"
_ASYNC_ONLY = re.compile("\x00[^\x00]*\x00")
_SYNC_ONLY = re.compile("\x01[^\x01]*\x01")


def async_only(text: str) -> str:
    """``text`` marked as belonging only to the async variant of the code around it."""
    return f"{_ASYNC_MARK}{text}{_ASYNC_MARK}"


def sync_only(text: str) -> str:
    """``text`` marked as belonging only to the sync variant of the code around it."""
    return f"{_SYNC_MARK}{text}{_SYNC_MARK}"


def pick_variant(text: str, is_async: bool) -> str:
    """The sync or async variant of ``text`` rendered once for both (see :func:`async_only`).

    Rendering a method once and deriving both variants halves the cost of resource modules,
    the largest part of rendering a client.
    """
    if is_async:
        return _SYNC_ONLY.sub("", text).replace(_ASYNC_MARK, "")
    return _ASYNC_ONLY.sub("", text).replace(_SYNC_MARK, "")


def api_name(title: Any) -> str:
    """The API's name for prose: ``Petstore`` -> ``Petstore API``; ``Ontraport API`` stays."""
    words = str(title).upper().split()
    return str(title) if "API" in words or "APIS" in words else f"{title} API"


FILTERS = {"py": py_literal, "docstring": docstring, "comment": comment, "api_name": api_name,
           "md": markdown_text, "md_cell": markdown_cell, "tojson_sorted": json_literal,
           "yaml": yaml_value, "async_only": async_only, "sync_only": sync_only, "pick_variant": pick_variant}


# --- rendering ---------------------------------------------------------------------------


def safe_relative(path: str, where: str) -> str:
    """``path`` if it stays inside the output folder; SpecError otherwise."""
    pure = PurePosixPath(path.replace("\\", "/"))
    parts = pure.parts
    bad = (not parts or pure.is_absolute() or "\x00" in path or ":" in path
           or any(p in ("..", ".") or not _SAFE_PART.match(p) or
                  p.split(".")[0].lower() in RESERVED_FILE_NAMES for p in parts))
    if bad:
        raise SpecError(Location(where), f"refusing to write outside the output folder: {path!r}")
    return str(pure)


def header_line(label: str, sha256: str) -> str:
    """The line every generated file starts with, naming its spec (``label``) and its hash."""
    return f"Generated by apigen from {comment(label)} (sha256 {sha256[:16]}). Do not edit."


def render_view(view: Any, template_set: TemplateSet, header: str) -> dict[str, str]:
    """Every file ``template_set`` makes of ``view``: relative path -> text (unformatted).

    ``view`` is what the set's manifest asks for: the neutral IR (``api`` in templates) or
    the Python client view (``client``, with its IR as ``api``).
    """
    api = getattr(view, "api", view)
    base: dict[str, Any] = {"api": api, "header": header, "set_name": template_set.name}
    if view is not api:
        base["client"] = view
    outputs: dict[str, str] = {}
    where = f"{template_set.name}/set.yaml"
    for scope, contexts in _scopes(view, api, template_set.view):
        for entry in template_set.files(scope):
            path_template = _path_template(template_set.env, entry["path"], where)
            for extra in contexts:
                if entry.get("root") is False and not extra["group"].path:
                    continue  # a per-group file that the client itself does not get
                context = base | extra
                path = safe_relative(_render_path(path_template, context, where), where)
                outputs[path] = _render_file(template_set, entry["template"], context)
    outputs.update(_copies(template_set, base, header, where))
    return outputs


def _scopes(view: Any, api: Any, kind: str) -> list[tuple[str, list[dict[str, Any]]]]:
    """Each scope of the view's templates with the contexts it is rendered in."""
    if kind == "python":
        return [("api", [{}]), ("group", [{"group": g} for g in view.groups]),
                ("model", [{"model": m} for m in view.models]),
                ("models_module", [{"models_module": m} for m in view.model_modules]),
                ("oauth", [{"oauth": view.oauth}] if view.oauth is not None else [])]
    return [("api", [{}]), ("operation", [{"operation": op} for op in api.operations]),
            ("model", [{"model": m} for m in api.models])]


def _copies(template_set: TemplateSet, context: dict[str, Any], header: str, where: str) -> dict[str, str]:
    """Files the set copies as they are (a runtime), each after a header comment."""
    copies = {}
    for entry in template_set.files("copy"):
        source = (template_set.folder / entry["file"]).resolve()
        path = safe_relative(_render_path(_path_template(template_set.env, entry["path"], where), context, where), where)
        try:
            text = source.read_text(encoding="utf-8")
        except OSError as exc:
            raise SpecError(Location(where), f"cannot copy {entry['file']!r}: {exc.strerror}") from None
        copies[path] = f"# {header}\n{text}" if path.endswith(".py") else text
    return copies


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
