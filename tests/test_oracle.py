"""The oracle (tests/oracle.py): generated models agree with an independent JSON Schema validator.

On ``specs/`` and the public corpus (``../shared/corpus``, skipped when absent), every
component schema and success body is checked on the document's examples, apigen's samples
and random instances drawn from the document's schemas, by the generated pydantic types and
by ``jsonschema``. At least 99.5% of instances agree on every spec; what the model accepts
and the validator rejects counts as agreement only for the intended leniencies listed in
``tests/oracle.LENIENT``. CI checks a fixed subset; ``APIGEN_CORPUS=all`` checks every spec.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.corpus_check import corpus_specs
from tests.oracle import check_spec

ROOT = Path(__file__).resolve().parents[1]
CI_SUBSET = (
    "v3.0__petstore-expanded.yaml", "v3.1__tictactoe.yaml", "v2.0__petstore.yaml",
    "up.com.au__main__v1.yaml", "giphy.com__main__1.0.yaml", "personio.de__personnel__1.0.yaml",
    "v2-beta@2026-05-26_e91cb4e.yml",
)
FULL = os.environ.get("APIGEN_CORPUS") == "all"
SPECS = [ROOT / "specs" / "webflow" / "v2-beta.yaml"] + [p for p in corpus_specs() if FULL or p.name in CI_SUBSET]
THRESHOLD = 99.5


@pytest.mark.parametrize("spec", SPECS, ids=[p.name for p in SPECS])
def test_generated_models_agree_with_an_independent_validator(spec: Path, tmp_path: Path) -> None:
    report = check_spec(spec, tmp_path, f"oracle_{abs(hash(spec.name)) % 10**8}")
    assert report.instances > 0
    assert report.agreement >= THRESHOLD, report.summary() + "\n" + "\n".join(report.examples)
