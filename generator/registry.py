"""The registry of APIs (``specs/apis.yaml``): where each spec is and what it generates."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.diagnostics import CODES, Location, SpecError
from generator.documents import load_document
from generator.ir import WebhookSignature
from generator.parsers import webhook_signature
from generator.targets.python import names

DEFAULT_REGISTRY = Path("specs/apis.yaml")
# Where a client offers an operation: groups and the method, e.g. collections.fields.delete.
_CALL = re.compile(r"^[A-Za-z][\w-]*(\.[A-Za-z][\w-]*)*$")
# A distribution name as PyPI accepts it (PEP 508's names).
_DISTRIBUTION = re.compile(r"[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?")
KINDS = ("openapi", "docspec")  # as generator.parsers reads them


@dataclass(frozen=True)
class Entry:
    """One registered API."""

    name: str
    spec: Path
    kind: str
    package: str
    upstream: str | None = None
    # For a doc spec: the seed document the upstream page's text stands for, the file name
    # its ``source:`` lines cite (by default the upstream's own file name).
    document: str | None = None
    template_sets: tuple[str, ...] = ("python",)
    ignore: tuple[str, ...] = ()  # diagnostic codes not reported for this API
    distribution: str | None = None  # the name on PyPI; None: the package's default (``<package>-client``)
    names: tuple[tuple[str, str], ...] = ()  # (model name or the document's name for it, class name)
    # How the API signs webhook deliveries, for a spec pinned from upstream that cannot say; it
    # overrides the spec's own declaration.
    webhook_signature: WebhookSignature | None = None
    operations: tuple[tuple[str, str], ...] = ()  # (operationId, dotted groups and method name)

    @property
    def label(self) -> str:
        """How generated files name their source: the spec path relative to the project."""
        return self.spec.as_posix()


def valid_distribution(name: str) -> bool:
    """True when ``name`` is a distribution name PyPI accepts."""
    return _DISTRIBUTION.fullmatch(name) is not None


def load_registry(path: Path) -> dict[str, Entry]:
    """Every API of the registry at ``path``, by name; paths resolved against the project root."""
    document = load_document(path)
    data = document.data if isinstance(document.data, dict) else {}
    apis = data.get("apis")
    if not isinstance(apis, dict):
        raise SpecError(Location(str(path), 1), "the registry needs an 'apis:' mapping")
    root = path.resolve().parent.parent
    return {str(name): _entry(str(name), raw, document.location(f"/apis/{name}"), root)
            for name, raw in apis.items()}


def _entry(name: str, raw: Any, where: Location, root: Path) -> Entry:
    if not isinstance(raw, dict) or not isinstance(raw.get("spec"), str):
        raise SpecError(where, f"API {name!r} needs a 'spec:' path")
    kind = raw.get("kind", "openapi")
    if kind not in KINDS:
        raise SpecError(where, f"API {name!r}: kind must be one of {', '.join(KINDS)}, not {kind!r}")
    package = raw.get("package") or name
    if not isinstance(package, str) or names.package(package) != package:
        raise SpecError(where, f"API {name!r}: package {package!r} is not a valid Python package name")
    sets = raw.get("templates", ["python"])
    if not isinstance(sets, list) or not all(isinstance(s, str) for s in sets):
        raise SpecError(where, f"API {name!r}: 'templates' must be a list of template set names")
    ignore = raw.get("ignore", [])
    if not isinstance(ignore, list) or not all(code in CODES for code in ignore):
        raise SpecError(where, f"API {name!r}: 'ignore' must be a list of diagnostic codes "
                        "(docs/diagnostics.md)")
    distribution = raw.get("distribution")
    if distribution is not None and not (isinstance(distribution, str) and valid_distribution(distribution)):
        raise SpecError(where, f"API {name!r}: distribution {distribution!r} is not a valid distribution name")
    document = raw.get("document")
    if document is not None and (not isinstance(document, str) or "/" in document or kind != "docspec"):
        raise SpecError(where, f"API {name!r}: 'document' is the file name a doc spec's sources cite, "
                        "e.g. 000_seed.txt")
    return Entry(name, (root / raw["spec"]).relative_to(root) if not Path(raw["spec"]).is_absolute()
                 else Path(raw["spec"]), kind, package, raw.get("upstream"), document, tuple(sets), tuple(ignore),
                 distribution, _names(name, raw.get("names", {}), where), _signature(name, raw, where),
                 _operations(name, raw.get("operations", {}), where))


def _signature(api: str, raw: dict[str, Any], where: Location) -> WebhookSignature | None:
    """The registry's ``webhook_signature:`` for ``api``, checked as a spec's would be."""
    def error(key: str, message: str) -> SpecError:
        return SpecError(where, f"API {api!r}: webhook_signature{'.' + key if key else ''}: {message}")
    return webhook_signature.read(raw.get("webhook_signature"), error)


def _operations(api: str, raw: Any, where: Location) -> tuple[tuple[str, str], ...]:
    """The ``operations:`` overrides: an operationId -> where the client offers it, a dotted
    path of groups ending in the method's name (``collections.fields.delete``)."""
    if not isinstance(raw, dict) or not all(isinstance(k, str) and isinstance(v, str) and _CALL.match(v)
                                            for k, v in raw.items()):
        raise SpecError(where, f"API {api!r}: 'operations' must map operationIds to dotted names such as "
                        "collections.fields.delete (letters, digits, '_' and '-' between the dots)")
    return tuple(raw.items())


def _names(api: str, raw: Any, where: Location) -> tuple[tuple[str, str], ...]:
    """The ``names:`` overrides: a model's name (or the document's name for it) -> its class name."""
    if not isinstance(raw, dict) or not all(
            isinstance(k, str) and isinstance(v, str) and names.class_name(v) == v for k, v in raw.items()):
        raise SpecError(where, f"API {api!r}: 'names' must map model names to class names that are "
                        "identifiers and shadow nothing")
    return tuple(raw.items())
