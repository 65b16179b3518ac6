"""Generated clients against the official SDKs: import and construct, and overhead per call.

Two pairs, each in virtual environments of their own (both SDKs import as their API's
name): our OpenAI client, generated from ``../shared/corpus/apis/openai.com__...yaml``,
against ``openai`` from PyPI (Stainless), and our Webflow client (``generated/webflow``)
against ``webflow`` from PyPI (Fern). Every package is installed with pip, so all of them
run from compiled bytecode::

    python -m benchmarks.bench_client [--runs 7] [--calls 2000] [--work /tmp/apigen-bench]

- *import + construct*: a fresh interpreter imports the package and makes a client; the
  time from the import to the client (interpreter start-up excluded), median of ``--runs``,
  the contenders alternating; *peak RSS* is the process's peak resident memory then (Linux).
- *per call*: one JSON response parsed into its model through ``httpx.MockTransport``
  (no retries), ``--calls`` calls after a warm-up, median of ``--runs`` rounds.

It prints one table with the ratios (ours / theirs) and writes it to
``benchmarks/results/client.md``. Nothing here is a timed assertion.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import venv
from dataclasses import dataclass
from pathlib import Path

from generator import cli

ROOT = Path(__file__).resolve().parents[1]
OPENAI_SPEC = ROOT.parent / "shared" / "corpus" / "apis" / "openai.com__main__2026-08-21.yaml"
RESULTS = ROOT / "benchmarks" / "results" / "client.md"

SITE = {"id": "580e63e98c9a982ac9b8b741", "workspaceId": "580e63e98c9a982ac9b8b742",
        "createdOn": "2016-10-24T19:41:29.156Z", "displayName": "api_docs_sample_json",
        "shortName": "api-docs-sample-json", "lastPublished": "2016-10-24T19:43:17.271Z",
        "lastUpdated": "2016-10-24T19:43:17.271Z", "previewUrl": "https://example.com/preview.png",
        "timeZone": "America/Los_Angeles", "parentFolderId": None,
        "customDomains": [{"id": "589a331aa51e760df7ccb89d", "url": "test-api-domain.com"}],
        "locales": {"primary": {"id": "653fd9af6a07fc9cfd7a5e57", "cmsLocaleId": "653ad57de882f528b32e810e",
                                "enabled": True, "displayName": "English (United States)", "displayImageId": None,
                                "redirect": True, "subdirectory": "", "tag": "en-US"},
                    "secondary": []}}
MODEL = {"id": "gpt-4o", "object": "model", "created": 1686935002, "owned_by": "openai"}
COMPLETION = {"id": "chatcmpl-1", "object": "chat.completion", "created": 1741569952, "model": "gpt-4o",
              "choices": [{"index": 0, "message": {"role": "assistant", "content": "Hello!", "refusal": None,
                                                    "annotations": []},
                           "logprobs": None, "finish_reason": "stop"}],
              "usage": {"prompt_tokens": 9, "completion_tokens": 3, "total_tokens": 12}}


@dataclass(frozen=True)
class Contender:
    """One client: where it runs, how it is imported and made, and what a call is."""

    name: str
    python: Path
    setup: str  # imports the package and makes ``client`` (timed for import + construct)
    mock: str  # makes ``client`` over ``http`` (a mock transport answering ``BODY``)
    call: str  # one call


# Each measurement is a small script run by the contender's interpreter; it prints JSON.
# Peak RSS is the process's VmHWM: getrusage's ru_maxrss would also count the parent it was
# forked from (this script, holding the OpenAI document's IR).
_IMPORT = """
import json, time
started = time.perf_counter()
{setup}
elapsed = time.perf_counter() - started
with open("/proc/self/status") as status:
    peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
print(json.dumps({{"seconds": elapsed, "peak_kb": peak}}))
"""
_CALLS = """
import json, time
try:
    import httpx2 as httpx  # what openai 3.x speaks
except ImportError:
    import httpx
BODY = json.dumps({body}).encode()
def answer(request):
    return httpx.Response(200, content=BODY, headers={{"content-type": "application/json"}})
http = httpx.Client(transport=httpx.MockTransport(answer))
{mock}
for _ in range(200):
    {call}
rounds = []
for _ in range({runs}):
    started = time.perf_counter()
    for _ in range({calls}):
        {call}
    rounds.append((time.perf_counter() - started) / {calls})
print(json.dumps({{"seconds": sorted(rounds)[len(rounds) // 2]}}))
"""


def _venv(path: Path, packages: list[str]) -> Path:
    """A virtual environment at ``path`` with ``packages`` installed by pip (kept for the next run)."""
    python = path / "bin" / "python"
    if not python.exists():
        venv.create(path, with_pip=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", *packages], check=True)
    return python


def _run(python: Path, code: str) -> dict[str, float]:
    """What ``code`` prints as JSON, run by ``python``; the run's error ends the benchmark."""
    done = subprocess.run([str(python), "-c", code], capture_output=True, text=True, timeout=1800, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{python}: {done.stderr[-2000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def contenders(work: Path) -> list[tuple[Contender, Contender, dict[str, object]]]:
    """The pairs (ours, theirs, response body) of each comparison, their environments made."""
    ours_openai = work / "ours" / "openai_generated"
    if not ours_openai.exists() and cli.main(["generate", str(OPENAI_SPEC), "--out", str(ours_openai)]) != 0:
        raise SystemExit(f"could not generate a client from {OPENAI_SPEC}")
    ours = _venv(work / "venv-ours", [str(ours_openai), str(ROOT / "generated" / "webflow")])
    theirs_openai = _venv(work / "venv-openai", ["openai"])
    theirs_webflow = _venv(work / "venv-webflow", ["webflow"])
    package = "openai_com_main_2026_08_21"
    return [
        (Contender("apigen OpenAI", ours, f"import {package}\nclient = {package}.Client(token='sk-test')",
                   f"import {package}\nclient = {package}.Client(token='sk-test', base_url='https://api.openai.test/v1', "
                   "http_client=http, max_retries=0)", "client.models.retrieve_model('gpt-4o')"),
         Contender("openai-python", theirs_openai, "import openai\nclient = openai.OpenAI(api_key='sk-test')",
                   "import openai\nclient = openai.OpenAI(api_key='sk-test', base_url='https://api.openai.test/v1', "
                   "http_client=http, max_retries=0)", "client.models.retrieve('gpt-4o')"), MODEL),
        (Contender("apigen OpenAI (chat)", ours, "", f"import {package}\nclient = {package}.Client(token='sk-test', "
                   "base_url='https://api.openai.test/v1', http_client=http, max_retries=0)",
                   "client.chat.create_chat_completion(model='gpt-4o', messages=[{'role': 'user', 'content': 'Hi'}])"),
         Contender("openai-python (chat)", theirs_openai, "", "import openai\nclient = openai.OpenAI(api_key='sk-test', "
                   "base_url='https://api.openai.test/v1', http_client=http, max_retries=0)",
                   "client.chat.completions.create(model='gpt-4o', messages=[{'role': 'user', 'content': 'Hi'}])"),
         COMPLETION),
        (Contender("apigen Webflow", ours, "import webflow\nclient = webflow.Client(token='t')",
                   "import webflow\nclient = webflow.Client(token='t', http_client=http, max_retries=0)",
                   "client.sites.get('580e63e98c9a982ac9b8b741')"),
         Contender("webflow-python", theirs_webflow, "import webflow\nclient = webflow.Webflow(access_token='t')",
                   "import webflow\nclient = webflow.Webflow(access_token='t', httpx_client=http)",
                   "client.sites.get('580e63e98c9a982ac9b8b741')"), SITE),
    ]


def measure(pair: tuple[Contender, Contender, dict[str, object]], runs: int, calls: int) -> list[str]:
    """Table rows for one pair: import + construct (when it has a setup) and per call, with ratios."""
    ours, theirs, body = pair
    rows = []
    if ours.setup:
        times: dict[str, list[float]] = {ours.name: [], theirs.name: []}
        peaks: dict[str, list[float]] = {ours.name: [], theirs.name: []}
        for _ in range(runs):  # alternating, so that load on the machine falls on both
            for contender in (ours, theirs):
                found = _run(contender.python, _IMPORT.format(setup=contender.setup))
                times[contender.name].append(found["seconds"])
                peaks[contender.name].append(found["peak_kb"] / 1024)
        a, b = statistics.median(times[ours.name]), statistics.median(times[theirs.name])
        pa, pb = statistics.median(peaks[ours.name]), statistics.median(peaks[theirs.name])
        rows.append(f"| {ours.name} vs {theirs.name} | import + construct | {a * 1000:.0f} ms | {b * 1000:.0f} ms "
                    f"| {a / b:.2f}x | {pa:.0f} MiB vs {pb:.0f} MiB |")
    per_call = {}
    for contender in (ours, theirs):
        code = _CALLS.format(body=repr(body), mock=contender.mock, call=contender.call, runs=runs, calls=calls)
        per_call[contender.name] = _run(contender.python, code)["seconds"]
    a, b = per_call[ours.name], per_call[theirs.name]
    rows.append(f"| {ours.name} vs {theirs.name} | per call | {a * 1e6:.0f} µs | {b * 1e6:.0f} µs | {a / b:.2f}x | |")
    return rows


def main() -> None:
    """Measure every pair, print the table and write it to ``benchmarks/results/client.md``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--work", type=Path, default=Path("/tmp/apigen-bench"),
                        help="where the generated client and the virtual environments are made (and kept)")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    rows = ["| comparison | measure | apigen | official SDK | ratio | peak RSS after import |",
            "| --- | --- | --- | --- | --- | --- |"]
    for pair in contenders(args.work):
        rows += measure(pair, args.runs, args.calls)
    table = "\n".join(rows)
    print(table)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(f"# bench_client.py (--runs {args.runs} --calls {args.calls})\n\n{table}\n", encoding="utf-8")


if __name__ == "__main__":
    main()
