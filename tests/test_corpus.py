"""Real-world robustness: every corpus spec generates, compiles, imports and passes its tests.

CI runs a fixed, varied subset (every OpenAPI version, the newest Webflow spec, large and
models-only documents); ``APIGEN_CORPUS=all python -m pytest -m corpus -n auto`` runs all
60, and ``python -m tests.corpus_check --mypy`` writes the per-spec table.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.corpus_check import check_spec, corpus_specs

CI_SUBSET = (
    "v2.0__petstore.yaml", "v3.0__petstore-expanded.yaml", "v3.0__callback-example.yaml",
    "v3.1__webhook-example.yaml", "v3.1__tictactoe.yaml", "v3.2__3.2-tags-example.yaml",
    "adyen.com__MarketPayNotificationService__6.yaml", "circleci.com__main__v1.yaml",
    "notion.com__main__1.0.0.yaml", "up.com.au__main__v1.yaml", "twitter.com__current__2.21.yaml",
    "v2-beta@2026-05-26_e91cb4e.yml",
)
# The issue asks mypy --strict of these at least: every Webflow version and the largest specs.
MYPY_REQUIRED = ("v2-beta@", "stripe.com", "discord.com", "slack.com", "gitea.io", "asana.com")
FULL = os.environ.get("APIGEN_CORPUS") == "all"
SPECS = [p for p in corpus_specs() if FULL or p.name in CI_SUBSET]


@pytest.mark.corpus
@pytest.mark.skipif(not SPECS, reason="../shared/corpus is not available")
@pytest.mark.parametrize("spec", SPECS, ids=[p.name for p in SPECS])
def test_real_spec_generates_a_working_client(spec: Path, tmp_path: Path) -> None:
    mypy = FULL and any(spec.name.startswith(prefix) for prefix in MYPY_REQUIRED)
    result = check_spec(spec, tmp_path, mypy=mypy)
    assert result.generated and result.compiled and result.imported and result.tests_passed, result.detail
    assert result.black_formatted, result.detail
    assert result.operations_generated == result.operations_in_document
    assert result.mypy in ("clean", "not run"), result.mypy
