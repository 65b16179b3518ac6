"""Check the success examples a document gives against their own schemas.

Specs often carry examples that contradict their schema; a generated test parses only
examples that conform, so each one that does not is reported here, once.
"""

from __future__ import annotations

from generator.diagnostics import Diagnostic, Diagnostics
from generator.ir import Api
from generator.samples import conforms


def check(api: Api) -> tuple[Api, list[Diagnostic]]:
    """``api`` unchanged, and an ``example-mismatch`` diagnostic per contradicting example."""
    found = Diagnostics(api.source_file)
    for op in api.operations:
        ok = op.success
        if ok is None or not ok.bodies:
            continue
        body = ok.bodies[0]
        if body.example is None or body.encoding != "json" or conforms(api, body.schema, body.example):
            continue
        found.add("example-mismatch", op.pointer, f"the {ok.status} example does not match its schema; "
                  "generated tests use a sample instead")
    return api, found.found
