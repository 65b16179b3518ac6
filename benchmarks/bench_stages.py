"""Time each stage of the pipeline on real specs: read, parse, enrich, refine, render, format.

Cold runs (an empty cache each time, so every module is formatted), best of ``--repeat``::

    python -m benchmarks.bench_stages ../shared/corpus/apis/asana.com__main__1.0.yaml ...

prints one line per spec: each stage's seconds and the total (the python set only, as
``apigen generate SPEC --out DIR`` renders).
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from generator.pipeline import STAGES, Job, Timings, build, default_name


def time_stages(spec: Path, repeat: int) -> dict[str, float]:
    """The fastest time of each stage over ``repeat`` cold runs."""
    best: dict[str, float] = {}
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as cache:
            os.environ["APIGEN_CACHE"] = cache
            timings = Timings()
            build(Job(spec, default_name(spec), default_name(spec)), timings)
        for stage, seconds in timings.seconds.items():
            best[stage] = min(best.get(stage, seconds), seconds)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("specs", nargs="+", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    for spec in args.specs:
        best = time_stages(spec, args.repeat)
        stages = "  ".join(f"{stage} {best.get(stage, 0.0):.3f}" for stage in STAGES)
        print(f"{spec.name}: {stages}  total {sum(best.values()):.3f} s")


if __name__ == "__main__":
    main()
