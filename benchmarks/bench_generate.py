"""How long ``apigen generate`` takes, against openapi-python-client and against loading the YAML.

For the five largest public-corpus specs (../shared/corpus/apis, by file size) and the three
Webflow v2-beta versions (../shared/upstream/webflow), in one run:

- apigen first: ``apigen generate SPEC --out DIR`` with an empty cache folder
  (``APIGEN_CACHE``): the first run after installing, which also compiles the templates;
- apigen cold: the same, each run in a fresh output folder with a fresh cache that holds only
  the compiled templates (as ``__pycache__`` holds compiled Python), so no formatted file and
  no finished job is reused;
- apigen warm: once more into a fresh folder with the cache the last cold run filled;
- openapi-python-client (the ``bench`` extra) with its defaults, each run in a fresh folder;
  where it fails, the reason in one line;
- the floor: ``yaml.load(text, Loader=yaml.CSafeLoader)`` of the same document, in process,
  the least of five loads;
- the process floor: the same load as a command (``python -c``), so with the interpreter's
  start-up and the import of yaml that every Python tool pays before its first byte of work;
- the fixed cost: what a generator on this stack pays whatever it does with the document:
  the interpreter's start-up with ``import yaml, jinja2`` (``python -c``), plus ruff
  formatting (copies of) the files apigen wrote. What is left of three times the floor is
  all there is for reading, parsing, rendering and writing;
- the peak memory (largest RSS) of each tool's process tree, from ``wait4``'s rusage.

Both tools run as installed packages do: with Python's bytecode cache, whatever
``PYTHONDONTWRITEBYTECODE`` says here (pip compiles an installed package's modules).

Then, on a copy of this checkout, ``apigen generate --check`` and ``apigen generate`` for every
registered API when nothing changed (the target is under a second).

Minimum and median seconds are printed as a table and written to
``benchmarks/results/generate.tsv``. No assertions: speed is read, not tested.

    pip install -e '.[bench]'
    python benchmarks/bench_generate.py [--runs 3] [--specs N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from ruff.__main__ import find_ruff_bin  # type: ignore[import-untyped]

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus" / "apis"
WEBFLOW = SHARED / "upstream" / "webflow"
RESULTS = ROOT / "benchmarks" / "results" / "generate.tsv"
APIGEN = [sys.executable, "-m", "generator.cli"]  # the checkout's generator, as `apigen` runs it
TIMEOUT = 1800


@dataclass
class Run:
    """One finished process: exit code, wall seconds, peak RSS in MB, and its output."""

    code: int
    seconds: float
    peak_mb: float
    output: str


# Linux carries a process's peak RSS across exec, so a child forked from this (large) process
# would report at least our size. A small launcher starts the command instead and reports its
# exit code, wall seconds and peak RSS (wait4's rusage: the command and every child it waited for).
LAUNCHER = """
import os, sys, time
started = time.perf_counter()
pid = os.posix_spawnp(sys.argv[2], sys.argv[2:], os.environ)
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - started
with open(sys.argv[1], "w") as out:
    out.write(f"{os.waitstatus_to_exitcode(status)} {seconds} {usage.ru_maxrss}")
"""


def run(command: Sequence[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run ``command`` to the end and measure it through the launcher."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "usage"
        done = subprocess.run([sys.executable, "-S", "-c", LAUNCHER, str(report), *command], cwd=cwd, env=env,
                              stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, timeout=TIMEOUT)
        out.seek(0)
        text = out.read().decode(errors="replace")
        if not report.exists():
            return Run(done.returncode or 1, 0.0, 0.0, text)
        code, seconds, peak_kb = report.read_text().split()
    return Run(int(code), float(seconds), int(peak_kb) / 1024, text)


@dataclass
class Series:
    """Repeated timings of one thing."""

    runs: list[Run] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.runs) and all(r.code == 0 for r in self.runs)

    @property
    def min(self) -> float:
        return min(r.seconds for r in self.runs)

    @property
    def median(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def peak_mb(self) -> float:
        return max(r.peak_mb for r in self.runs)


def specs(count: int) -> list[Path]:
    """The ``count`` largest corpus specs, then the Webflow versions."""
    corpus = sorted((p for p in CORPUS.iterdir() if p.suffix in (".yaml", ".yml", ".json")),
                    key=lambda p: (-p.stat().st_size, p.name))[:count] if CORPUS.is_dir() else []
    webflow = sorted(WEBFLOW.glob("*.yml")) if WEBFLOW.is_dir() else []
    return corpus + webflow


def load_floor(path: Path, runs: int) -> list[float]:
    """Seconds to parse the document with libyaml, the least any YAML-reading tool can do."""
    text = path.read_text(encoding="utf-8")
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        yaml.load(text, Loader=yaml.CSafeLoader)
        times.append(time.perf_counter() - started)
    return times


def tool_env(**extra: str) -> dict[str, str]:
    """This environment without ``PYTHONDONTWRITEBYTECODE``, plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, **extra}


LOAD_COMMAND = ("import sys, yaml; "
                "yaml.load(open(sys.argv[1], encoding='utf-8').read(), Loader=yaml.CSafeLoader)")


def process_floor(spec: Path, runs: int) -> Series:
    """The floor as a command of its own: interpreter start-up, ``import yaml``, the load."""
    return repeat(runs, lambda: run([sys.executable, "-c", LOAD_COMMAND, str(spec)], ROOT, tool_env()))


def start_up(runs: int) -> Series:
    """Interpreter start-up with the imports every generator on this stack needs."""
    return repeat(runs, lambda: run([sys.executable, "-c", "import yaml, jinja2"], ROOT, tool_env()))


def format_output(outputs: Path, runs: int) -> Series:
    """ruff formatting copies of the ``.py`` files of one apigen output below ``outputs``,
    with apigen's options, in a scratch folder beside them."""
    client = next(outputs.glob("apigen-*/client"), None)
    if client is None:
        return Series()
    scratch = Path(tempfile.mkdtemp(prefix="ruff-", dir=outputs))
    copies = []
    for index, path in enumerate(sorted(client.rglob("*.py"))):
        copies.append(scratch / f"{index}.py")
        shutil.copyfile(path, copies[-1])
    command = [os.fsdecode(find_ruff_bin()), "format", "--isolated", "--no-cache", "--line-length=100",
               "--target-version=py311", *map(str, copies)]
    return repeat(runs, lambda: run(command, ROOT, tool_env()))


def apigen(spec: Path, work: Path, cache: Path) -> Run:
    out = Path(tempfile.mkdtemp(prefix="apigen-", dir=work))
    return run([*APIGEN, "generate", str(spec), "--out", str(out / "client")], ROOT,
               tool_env(APIGEN_CACHE=str(cache)))


def apigen_cold(spec: Path, work: Path, runs: int) -> tuple[Run, Series, Path]:
    """The first run (empty cache), then ``runs`` runs each with a fresh cache that holds
    only the templates the first one compiled; and the last cache used."""
    first_cache = cache = work / "cache-first"
    first = apigen(spec, work, first_cache)
    cold = Series()
    if first.code != 0:
        cold.runs.append(first)
        return first, cold, cache
    for _ in range(runs):
        cache = Path(tempfile.mkdtemp(prefix="cache-", dir=work))
        shutil.copytree(first_cache / "templates", cache / "templates")
        cold.runs.append(apigen(spec, work, cache))
        if cold.runs[-1].code != 0:
            break
    return first, cold, cache


def opc(spec: Path, work: Path) -> Run:
    out = Path(tempfile.mkdtemp(prefix="opc-", dir=work))
    exe = shutil.which("openapi-python-client")
    if exe is None:
        return Run(127, 0.0, 0.0, "openapi-python-client is not installed (pip install -e '.[bench]')")
    return run([exe, "generate", "--path", str(spec), "--output-path", str(out / "client")], out, tool_env())


def failure(output: str) -> str:
    """The gist of a failed run's output, in one line."""
    boiler = ("If you believe", "For further information", "Error(s) encountered", "Traceback")
    lines = [line.strip().replace(".other", "") for line in output.splitlines()
             if line.strip() and not line.strip().startswith(boiler)]
    return " / ".join(lines[:4])[:300] or "failed without a message"


def repeat(runs: int, work: Callable[[], Run]) -> Series:
    series = Series()
    for _ in range(runs):
        series.runs.append(work())
        if series.runs[-1].code != 0:
            break  # a failure repeats itself; its reason is what matters
    return series


def no_change(runs: int, work: Path) -> tuple[Series, Series]:
    """``generate --check`` and ``generate`` of every registered API in a fresh copy of the
    checkout whose output is up to date and whose cache is warm (one generate before)."""
    copy = work / "checkout"
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", ".mypy_cache", ".pytest_cache", "node_modules")
    for part in ("generator", "templates", "specs", "generated"):
        shutil.copytree(ROOT / part, copy / part, ignore=ignore)
    env = tool_env(APIGEN_CACHE=str(work / "cache-no-change"))
    first = run([*APIGEN, "generate"], copy, env)
    if first.code != 0:
        print(f"warning: generating the registered APIs failed: {failure(first.output)}", file=sys.stderr)
    check = repeat(runs, lambda: run([*APIGEN, "generate", "--check"], copy, env))
    generate = repeat(runs, lambda: run([*APIGEN, "generate"], copy, env))
    return check, generate


def fmt(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="cold runs per spec and tool (default 3)")
    parser.add_argument("--specs", type=int, default=5, help="how many of the largest corpus specs (default 5)")
    args = parser.parse_args()
    targets = specs(args.specs)
    if not targets:
        raise SystemExit(f"{CORPUS} and {WEBFLOW} are absent: nothing to measure")
    header = ["spec", "size_kb", "floor_s", "process_floor_s", "apigen_first_s", "apigen_min_s",
              "apigen_median_s", "apigen_warm_s", "opc_min_s", "opc_median_s", "apigen_vs_opc",
              "apigen_vs_floor", "apigen_vs_process_floor", "fixed_s", "fixed_vs_floor",
              "apigen_peak_mb", "opc_peak_mb", "note"]
    rows: list[list[str]] = []
    starting = start_up(max(5, args.runs))
    with tempfile.TemporaryDirectory(prefix="bench-generate-") as temp:
        work = Path(temp)
        for spec in targets:
            print(f"... {spec.name}", file=sys.stderr, flush=True)
            # The least of five loads: in this long-lived process, garbage collection over
            # what earlier specs left behind makes single loads vary by half.
            floor = min(load_floor(spec, max(5, args.runs)))
            command_floor = process_floor(spec, args.runs)
            here = Path(tempfile.mkdtemp(prefix="spec-", dir=work))
            first, cold, last_cache = apigen_cold(spec, here, args.runs)
            warm = apigen(spec, here, last_cache) if cold.ok else None
            formatting = format_output(here, args.runs)
            fixed = starting.median + formatting.median if starting.ok and formatting.ok else None
            theirs = repeat(args.runs, lambda: opc(spec, here))
            shutil.rmtree(here, ignore_errors=True)
            notes = []
            if not cold.ok:
                notes.append(f"apigen failed: {failure(cold.runs[-1].output)}")
            if not theirs.ok:
                notes.append(f"openapi-python-client failed: {failure(theirs.runs[-1].output)}")
            rows.append([
                spec.name, str(round(spec.stat().st_size / 1024)), fmt(floor, 3),
                fmt(command_floor.median if command_floor.ok else None, 3),
                fmt(first.seconds if first.code == 0 else None),
                fmt(cold.min if cold.ok else None), fmt(cold.median if cold.ok else None),
                fmt(warm.seconds if warm is not None and warm.code == 0 else None),
                fmt(theirs.min if theirs.ok else None), fmt(theirs.median if theirs.ok else None),
                fmt(cold.median / theirs.median if cold.ok and theirs.ok else None),
                fmt(cold.median / floor if cold.ok else None, 1),
                fmt(cold.median / command_floor.median if cold.ok and command_floor.ok else None, 1),
                fmt(fixed, 3), fmt(fixed / floor if fixed is not None else None, 1),
                fmt(cold.peak_mb if cold.ok else None, 0), fmt(theirs.peak_mb if theirs.ok else None, 0),
                "; ".join(notes),
            ])
        print("... registered APIs, nothing changed", file=sys.stderr, flush=True)
        check, generate = no_change(args.runs, work)
    for label, series in (("(registered APIs, no change) generate --check", check),
                          ("(registered APIs, no change) generate", generate)):
        rows.append([label, "-", "-", "-", "-", fmt(series.min if series.ok else None),
                     fmt(series.median if series.ok else None), "-", "-", "-", "-", "-", "-", "-", "-",
                     fmt(series.peak_mb if series.ok else None, 0), "-",
                     "target < 1 s" if series.ok else f"failed: {failure(series.runs[-1].output)}"])
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join("\t".join(row) for row in [header, *rows]) + "\n", encoding="utf-8")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header) - 1)]
    for row in [header, *rows]:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)) + "  " + row[-1])
    print(f"\nwritten {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
