"""The enrich stage: passes over the neutral IR that add what can be inferred from it.

Each pass takes an :class:`~generator.ir.Api` and returns it (changed or not) with its
diagnostics. They run in order, once, after a front-end and before any target.
"""

from __future__ import annotations

from generator.diagnostics import Diagnostic
from generator.enrich import examples, operation_names, pagination
from generator.ir import Api

PASSES = (pagination.detect, operation_names.settle, examples.check)  # names read the paging


def enrich(api: Api) -> tuple[Api, list[Diagnostic]]:
    """``api`` after every pass, and what the passes found."""
    found: list[Diagnostic] = []
    for run in PASSES:
        api, diagnostics = run(api)
        found.extend(diagnostics)
    return api, found
