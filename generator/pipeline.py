"""From a spec to files: load, render with each template set, format, and place."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator import cache, collector
from generator.formatting import format_files
from generator.ir import Api
from generator.load import load_api
from generator.render import load_set, render_api


@dataclass(frozen=True)
class Job:
    """One API to generate into one folder with some template sets."""

    api: Api
    label: str  # how generated headers name the spec
    out: Path
    template_sets: tuple[str, ...] = ("python",)
    overrides: Path | None = None


def render_job(job: Job) -> dict[str, str]:
    """Every file of the job, formatted, by path relative to ``job.out``.

    Each set writes below its manifest's ``output`` folder (``""`` for the package root,
    ``docs`` for the API reference), so several sets share one package folder.
    """
    files: dict[str, str] = {}
    for name in job.template_sets:
        template_set = load_set(name, job.overrides)
        prefix = str(template_set.manifest.get("output") or "").strip("/")
        rendered = render_api(job.api, template_set, job.label)
        if template_set.formatter:
            rendered = format_files(rendered, template_set.formatter,
                                    cache_name=f"{job.out.resolve()}\0{name}")
        files.update({f"{prefix}/{path}" if prefix else path: text for path, text in rendered.items()})
    return dict(sorted(files.items()))


def build(spec: Path, out: Path, *, name: str, package: str, kind: str | None, label: str | None,
          template_sets: tuple[str, ...], overrides: Path | None = None) -> cache.Result:
    """The files for ``spec``: from the job cache when nothing it depends on changed.

    ``label`` names a registered spec (its registry-relative path) in messages and headers;
    a spec given by path is named by its path in messages and by its file name in files.
    """
    options: dict[str, object] = {"name": name, "package": package, "kind": kind, "label": label,
                                  "sets": template_sets}
    key = cache.job_key(spec, options, overrides)
    cached = cache.lookup(key)
    if cached is not None:
        return cached
    with collector.paused():
        api = load_api(spec, name=name, package=package, kind=kind, label=label)
        files = render_job(Job(api, label or spec.name, out, template_sets, overrides))
    result = cache.Result(files, len(api.operations), len(api.models), list(api.warnings))
    cache.store(key, result, api.documents)
    return result

