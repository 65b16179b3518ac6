"""Targets: what the neutral IR becomes. Each is a folder beside this file.

A target offers *views* (what its templates receive: the neutral IR itself, or a refined
view such as :class:`generator.targets.python.view.Client`), *template sets* (folders
``<target>/templates/<set>/`` with a ``set.yaml``) and *emitters* (outputs built in code,
such as the OpenAPI document). A new language is a new folder with a refiner, its view and
its templates; nothing in the front-ends changes (see ``docs/architecture.md``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator.diagnostics import Diagnostic
from generator.ir import Api
from generator.targets.openapi.emit import emit_openapi
from generator.targets.python.refine import refine as refine_python

ROOT = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Options:
    """What a target needs besides the IR: the package it writes and the sets rendered with it."""

    package: str
    distribution: str | None = None  # None: the target's default name
    sets: tuple[str, ...] = ()
    names: tuple[tuple[str, str], ...] = ()  # type names chosen by the user (the registry's names:)


def _neutral(api: Api, options: Options) -> tuple[object, list[Diagnostic]]:
    return api, []


def _python(api: Api, options: Options) -> tuple[object, list[Diagnostic]]:
    return refine_python(api, package=options.package, distribution=options.distribution, sets=options.sets,
                         names=dict(options.names))


# The views a template set can ask for in its set.yaml (``view: python``); ``ir`` by default.
VIEWS: dict[str, Callable[[Api, Options], tuple[object, list[Diagnostic]]]] = {
    "ir": _neutral,
    "python": _python,
}

# Outputs built in code rather than templates: name -> (api, header) -> files.
EMITTERS: dict[str, Callable[[Api, str], dict[str, str]]] = {
    "openapi": emit_openapi,
}


def template_roots() -> list[Path]:
    """The folders holding the built-in template sets (one sub-folder per set)."""
    return sorted(path for path in ROOT.glob("*/templates") if path.is_dir())
