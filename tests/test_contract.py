"""Contract tests: each generated client against Stoplight Prism, a mock server built from its spec.

Prism rejects requests that do not match the OpenAPI document (wrong path, query, headers,
credentials or body) and answers with the document's examples. For every registered API
with operations, a Prism instance serves the spec (OpenAPI APIs) or the OpenAPI document
the ``openapi`` template set emits (doc-spec APIs), and the package's own generated tests
run in live mode against it (``<PKG>_TEST_BASE_URL``): every operation is called with its
example arguments, must be accepted (2xx) and its response must parse into its model.

Prism comes from the npm registry, pinned in ``tools/prism`` (``.ci/run`` runs ``npm ci``
there; this module does the same when it is missing and skips when that is impossible).
Run ``python -m pytest tests/test_contract.py -s`` to see the per-API report.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from generator.registry import load_registry
from generator.pipeline import Job, build
from tests.conftest import ROOT

pytestmark = pytest.mark.contract

PRISM_DIR = ROOT / "tools" / "prism"
PRISM = PRISM_DIR / "node_modules" / ".bin" / "prism"
REGISTRY = load_registry(ROOT / "specs" / "apis.yaml")
START_TIMEOUT = 90.0  # seconds for Prism to parse a spec and listen
RUN_TIMEOUT = 600

# Generated tests that cannot pass against Prism, each with why; decided case by case
# (the generated request is right in each). Keys are "test_file.py::test_name".
KNOWN: dict[str, dict[str, str]] = {
    "webflow": {
        "test_pages.py::test_update_page_settings": (
            "the spec contradicts itself: the request body 'requires' pageId but never declares it (Webflow's "
            "upstream file too), so the client has no such argument and Prism rejects the body with 400"),
    },
    "ontraport": {
        "test_objects.py::test_delete_fields": (
            "Prism is wrong: it reads a form array sent as repeated keys (field=a&field=b, OpenAPI's default "
            "form/explode encoding) as one string and answers 422; it only accepts PHP's field[]=a "
            "(stoplightio/prism issue 2473)"),
        "test_transactions.py::test_log": (
            "POST /transaction/processManual is documented twice (transactions.process_manual and "
            "transactions.log); an OpenAPI document holds one operation per method and path, the emitted one "
            "keeps process_manual's body, which requires gateway_id, so Prism rejects log's body with 422"),
    },
}


def _apis() -> list[str]:
    """Registered APIs whose clients have operations (a models-only doc spec has nothing to call)."""
    names = []
    for name, entry in sorted(REGISTRY.items()):
        tests = ROOT / "generated" / entry.package / "tests"
        calls = [p for p in tests.glob("test_*.py") if p.name not in ("test_runtime.py", "test_examples.py")]
        if any("def test_" in p.read_text() for p in calls):
            names.append(name)
    return names


def _install_prism() -> Path:
    """The Prism executable, installed into tools/prism from its lockfile if missing."""
    if PRISM.exists():
        return PRISM
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("Prism is not installed in tools/prism and npm is not available to install it")
    with open(PRISM_DIR / ".install.lock", "w") as lock:  # one install for all xdist workers
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not PRISM.exists():
            done = subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=PRISM_DIR, capture_output=True,
                                  text=True, timeout=600)
            if done.returncode != 0 or not PRISM.exists():
                pytest.skip(f"installing Prism (npm ci in tools/prism) failed: {done.stderr.strip()[-500:]}")
    return PRISM


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _document(name: str, folder: Path) -> Path:
    """The OpenAPI document Prism serves for ``name``: its spec, or the one the openapi set emits.

    Prism reloads when its document changes, so it serves a copy: editing the spec while
    the tests run does not restart the server under them.
    """
    entry = REGISTRY[name]
    path = folder / "openapi.yaml"
    emitted = ROOT / "generated" / entry.package / "openapi.yaml"
    if entry.kind == "openapi":
        shutil.copyfile(ROOT / entry.spec, path)  # the registered specs are single files
    elif "openapi" in entry.template_sets and emitted.exists():
        shutil.copyfile(emitted, path)
    else:  # a doc spec whose registry entry does not emit the document: render it here
        job = Job(ROOT / entry.spec, entry.name, entry.package, entry.kind, entry.label, ("openapi",))
        path.write_text(build(job).files["openapi.yaml"], encoding="utf-8")
    return path


@dataclass
class Server:
    url: str
    document: Path
    log: Path


def _wait_until_listening(process: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Prism exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            httpx.get(url + "/", timeout=1.0)  # any answer, even 404, means it listens
            return
        except httpx.TransportError:
            time.sleep(0.2)
    raise RuntimeError(f"Prism did not listen within {START_TIMEOUT:.0f}s:\n{log.read_text()[-3000:]}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)  # its own process group: node and anything it forked
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


@pytest.fixture(scope="session", params=_apis())
def prism(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Server]]:
    """A Prism mock server for one API on a free port of 127.0.0.1, stopped at teardown."""
    name: str = request.param
    executable = _install_prism()
    folder = tmp_path_factory.mktemp(f"prism-{name}")
    document = _document(name, folder)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = folder / "prism.log"
    # Static examples; where one contradicts its schema the generated tests ask for a dynamic
    # answer (Prefer: dynamic=true), made deterministic by the seed. Violations log at warn.
    command = [str(executable), "mock", "-h", "127.0.0.1", "-p", str(port), "-v", "warn", "--seed", "apigen",
               "--json-schema-faker-fillProperties=false", str(document)]
    with open(log, "wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                   start_new_session=True, cwd=folder)
    try:
        _wait_until_listening(process, url, log)
        yield name, Server(url, document, log)
    finally:
        _stop(process)


@dataclass
class Outcome:
    """What the generated tests of one API did against Prism."""

    operations: int = 0
    passed: list[str] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)
    notes: dict[str, list[str]] = field(default_factory=dict)

    def report(self, name: str) -> str:
        lines = [f"{name}: {len(self.passed)}/{self.operations} calls accepted and parsed, "
                 f"{len(self.skipped)} skipped, {len(self.failed)} failed"]
        lines += [f"  skipped {test}: {reason}" for test, reason in sorted(self.skipped.items())]
        lines += [f"  FAILED {test}: {message}" for test, message in sorted(self.failed.items())]
        lines += [f"  note {test}: {note}" for test, notes in sorted(self.notes.items()) for note in notes]
        return "\n".join(lines)


def _outcome(junit: Path) -> Outcome:
    """Operation tests only: every test file but test_runtime.py (the retry and error machinery)."""
    outcome = Outcome()
    for case in ET.parse(junit).iter("testcase"):
        module = case.get("classname", "").rsplit(".", 1)[-1]
        if module == "test_runtime":
            continue
        test = f"{module}.py::{case.get('name')}"
        outcome.operations += 1
        failure = case.find("failure") if case.find("failure") is not None else case.find("error")
        skipped = case.find("skipped")
        if failure is not None:
            outcome.failed[test] = (failure.get("message") or "").splitlines()[0][:300] if failure.get(
                "message") else "failed"
        elif skipped is not None:
            outcome.skipped[test] = skipped.get("message") or ""
        else:
            outcome.passed.append(test)
        notes = [p.get("value", "") for p in case.iter("property") if p.get("name") == "live"]
        if notes:
            outcome.notes[test] = notes
    return outcome


def test_generated_client_against_prism(prism: tuple[str, Server], tmp_path: Path) -> None:
    name, server = prism
    entry = REGISTRY[name]
    prefix = entry.package.upper()
    junit = tmp_path / "junit.xml"
    env = {k: v for k, v in os.environ.items() if not k.endswith(("_TEST_BASE_URL", "_TEST_LIVE_SKIP"))}
    env.update({f"{prefix}_TEST_BASE_URL": server.url,
                f"{prefix}_TEST_LIVE_SKIP": json.dumps(KNOWN.get(name, {}))})
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist",
         f"--junitxml={junit}", "-o", "junit_family=xunit1"],
        cwd=ROOT / "generated" / entry.package, env=env, capture_output=True, text=True, timeout=RUN_TIMEOUT)
    assert junit.exists(), done.stdout[-3000:] + done.stderr[-2000:]
    outcome = _outcome(junit)
    report = outcome.report(name)
    print(report)
    stale = sorted(set(KNOWN.get(name, {})) - set(outcome.skipped))
    assert not stale, f"known issues name tests that no longer exist: {stale}"
    assert outcome.operations > 0
    assert not outcome.failed, report + "\n\nPrism log tail:\n" + server.log.read_text()[-3000:]
    assert done.returncode == 0, done.stdout[-3000:]
