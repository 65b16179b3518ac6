"""The pipeline: from a spec to files, through named stages called once and in order.

    read ─► parse ─► enrich ─► refine ─► render ─► format      (then the CLI writes)

``read`` loads the document (:mod:`generator.documents`), ``parse`` builds the neutral IR
(:mod:`generator.parsers`), ``enrich`` infers what the IR implies (:mod:`generator.enrich`),
``refine`` builds each target's view (:mod:`generator.targets`), ``render`` lays views out
with template sets or emitters (:mod:`generator.render`), ``format`` runs ruff or black
(:mod:`generator.formatting`); :mod:`generator.write` writes the files it owns. No stage
calls back into an earlier one. :class:`Timings` records each stage (``apigen generate -v``).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from generator import cache, gc_pause, parsers, targets
from generator.diagnostics import Diagnostic, unignored
from generator.enrich import enrich, operation_names
from generator.formatting import format_files
from generator.ir import Api, WebhookSignature
from generator.documents import load_document
from generator.render import header_line, load_set, render_view
from generator.targets.python.names import package as package_name

STAGES = ("read", "parse", "enrich", "refine", "render", "format")


@dataclass
class Timings:
    """Seconds spent in each stage, summed over the specs of a run."""

    seconds: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Time the block as stage ``name``."""
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - started

    def report(self) -> str:
        """One line: each stage's time in pipeline order."""
        return "  ".join(f"{name} {self.seconds[name]:.3f}s" for name in STAGES if name in self.seconds)


@dataclass(frozen=True)
class Job:
    """One API to generate with some template sets."""

    spec: Path
    name: str
    package: str
    kind: str | None = None
    label: str | None = None  # the registry's name for the spec; None for a spec given by path
    template_sets: tuple[str, ...] = ("python",)
    overrides: Path | None = None  # a folder of template overrides and new sets
    ignore: tuple[str, ...] = ()  # diagnostic codes not to report
    distribution: str | None = None  # the distribution name; None: the target's default
    names: tuple[tuple[str, str], ...] = ()  # the registry's names: overrides, for the target's naming
    webhook_signature: WebhookSignature | None = None  # the registry's scheme; it overrides the spec's
    operations: tuple[tuple[str, str], ...] = ()  # the registry's operations: (operationId, groups.method)

    @property
    def header_label(self) -> str:
        """How generated files name the spec: its registry path, else its file name."""
        return self.label or self.spec.name


def default_name(path: Path) -> str:
    """The API and package name of a spec given by path: its file name, made an identifier
    (``asana.yaml`` -> ``asana``; ``profile.yaml`` -> ``profile_``, which would shadow a module)."""
    return package_name(path.stem.split("@")[0])


def load(spec: Path, *, name: str | None = None, kind: str | None = None, label: str | None = None,
         timings: Timings | None = None) -> tuple[Api, list[Diagnostic]]:
    """The read, parse and enrich stages: the enriched IR of ``spec`` and its diagnostics."""
    timings = timings or Timings()
    with gc_pause.paused():
        with timings.stage("read"):
            document = load_document(spec, label)
        with timings.stage("parse"):
            api, parsed = parsers.parse(document, name=name or default_name(spec), kind=kind)
        found = document.diagnostics + parsed
        if not api.documents:  # a single-file format: the document is all it read
            api = replace(api, documents=((str(spec.resolve()), document.sha256),))
        with timings.stage("enrich"):
            api, more = enrich(api)
    return api, found + more


def files_of(api: Api, job: Job, timings: Timings | None = None) -> tuple[dict[str, str], list[Diagnostic]]:
    """The refine, render and format stages: every file of ``job``, by path below its folder."""
    timings = timings or Timings()
    header = header_line(job.header_label, api.source_sha256)
    options = targets.Options(job.package, job.distribution, job.template_sets, job.names)
    views: dict[str, tuple[Any, list[Diagnostic]]] = {}
    files: dict[str, str] = {}
    found: list[Diagnostic] = []
    for name in job.template_sets:
        if name in targets.EMITTERS and not _overridden(name, job.overrides):
            with timings.stage("render"):
                rendered, formatter, prefix, prune = targets.EMITTERS[name](api, header), None, "", False
        else:
            template_set = load_set(name, targets.template_roots(), job.overrides)
            if template_set.view not in views:
                with timings.stage("refine"):
                    views[template_set.view] = targets.VIEWS[template_set.view](api, options)
                found.extend(views[template_set.view][1])
            with timings.stage("render"):
                rendered = render_view(views[template_set.view][0], template_set, header)
            formatter, prune = template_set.formatter, template_set.prune_imports
            prefix = str(template_set.manifest.get("output") or "").strip("/")
        if formatter:
            with timings.stage("format"):
                rendered = format_files(rendered, formatter, cache_name=f"{job.package}\0{job.spec}\0{name}",
                                        prune_imports=prune)
        files.update({f"{prefix}/{path}" if prefix else path: text for path, text in rendered.items()})
    return dict(sorted(files.items())), found


def build(job: Job, timings: Timings | None = None) -> cache.Result:
    """Every stage for ``job``, or its files from the job cache when nothing it depends on changed."""
    key = cache.job_key(job.spec, _options(job), job.overrides)
    cached = cache.lookup(key)
    if cached is not None:
        return cached
    with gc_pause.paused():
        api, found = load(job.spec, name=job.name, kind=job.kind, label=job.label, timings=timings)
        if job.webhook_signature is not None:
            api = replace(api, webhook_signature=job.webhook_signature)
        if job.operations:
            api, placed = operation_names.place(api, dict(job.operations))
            found = found + placed
        files, more = files_of(api, job, timings)
    result = cache.Result(files, len(api.operations), len(api.models), unignored(found + more, job.ignore))
    cache.store(key, result, api.documents)
    return result


def _options(job: Job) -> dict[str, object]:
    return {"name": job.name, "package": job.package, "kind": job.kind, "label": job.label,
            "sets": job.template_sets, "ignore": sorted(job.ignore), "distribution": job.distribution,
            "names": list(job.names), "operations": list(job.operations),
            "webhook_signature": asdict(job.webhook_signature) if job.webhook_signature else None}


def _overridden(name: str, overrides: Path | None) -> bool:
    """True when the user's template folder defines a set called ``name`` (it wins)."""
    return overrides is not None and (overrides / name / "set.yaml").is_file()


