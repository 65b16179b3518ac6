"""How long ``apigen diff`` takes on the Webflow v2-beta versions in ../shared/upstream.

Prints, for each consecutive pair (and the largest pair again, both 3 MB documents), the
time to load each document into the IR, the time to diff the two IRs, and the ratio of
diff time to load time. No assertions: speed is read, not tested.

    python benchmarks/bench_diff.py [--repeat N]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TypeVar

from generator.diff import diff_apis
from generator.ir import Api
from generator.pipeline import load

WEBFLOW = Path(__file__).resolve().parents[2] / "shared" / "upstream" / "webflow"
VERSIONS = ("v2-beta@087d8c2.yml", "v2-beta@2024-09-12_00a3ed1.yml", "v2-beta@2026-05-26_e91cb4e.yml")
T = TypeVar("T")


def best_of(repeat: int, work: Callable[[], T]) -> tuple[T, float]:
    """The result of ``work`` and its fastest time over ``repeat`` runs (least noisy)."""
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - started)
    assert result is not None
    return result, best


def main() -> None:
    """Print one line per pair of versions."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not WEBFLOW.is_dir():
        raise SystemExit(f"{WEBFLOW} is absent: nothing to measure")
    loaded: dict[str, tuple[Api, float]] = {}
    for name in VERSIONS:
        path = WEBFLOW / name
        loaded[name] = best_of(args.repeat, lambda: load(path)[0])
        print(f"load {name:<34} {path.stat().st_size / 1e6:5.1f} MB  {loaded[name][1]:7.3f} s")
    pairs = list(zip(VERSIONS, VERSIONS[1:])) + [(VERSIONS[-1], VERSIONS[-1])]
    for old, new in pairs:
        (old_api, old_time), (new_api, new_time) = loaded[old], loaded[new]
        changes, diff_time = best_of(args.repeat, partial(diff_apis, old_api, new_api))
        ratio = diff_time / (old_time + new_time)
        print(f"diff {old} → {new}: {len(changes)} changes in {diff_time:.3f} s; "
              f"diff/load = {ratio:.3f} (loading both took {old_time + new_time:.3f} s)")


if __name__ == "__main__":
    main()
