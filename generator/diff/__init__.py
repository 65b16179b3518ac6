"""Compare two APIs' IRs and classify every change a client user could notice.

Everything here is a pure function of two :class:`~generator.ir.Api` values, so any pair of
inputs the generator reads (OpenAPI 2.0/3.0/3.1, doc specs, or one of each) can be compared.
Operations are matched by method and path, then by ``operationId`` (a moved operation);
schemas are compared by walking them from each operation, following :class:`Ref` into the
models, so a model that only changed its generated name produces no noise.

Each :class:`Change` names a rule of the catalogue (:mod:`generator.diff.rules`), whose level
says what it means *for an existing generated client*. Two principles decide most levels: in
what a client **sends** (parameters, request bodies) a tighter contract breaks it; in what it
**receives** (responses, webhook payloads) a looser guarantee breaks it. Generated enums and
models are open (unknown values and fields pass) and check no constraint, so new response
values, new fields and changed response bounds are harmless. Error bodies reach clients as
untyped JSON, so their changes never break anything.
"""

from __future__ import annotations

import datetime

from generator.diff.changes import FAIL_ON, SEP, Change, should_fail
from generator.diff.elements import client_changes, server_changes, webhook_changes
from generator.diff.operations import match_operations, operation_changes
from generator.diff.parameters import parameter_changes
from generator.diff.schemas import SchemaDiff
from generator.diff.security import default_security_changes, scheme_changes
from generator.ir import Api

__all__ = ["FAIL_ON", "SEP", "Change", "diff_apis", "match_operations", "should_fail"]


def diff_apis(old: Api, new: Api, today: datetime.date | None = None) -> list[Change]:
    """Every change from ``old`` to ``new``, in a stable order; ``today`` (default: the
    current date) decides whether a removal came before an announced sunset date."""
    schemas = SchemaDiff(old, new)
    return [
        *server_changes(old.servers, new.servers),
        *scheme_changes(old.auth, new.auth),
        *default_security_changes(old, new),
        *client_changes(old, new),
        *parameter_changes(old.headers, new.headers, "API", schemas, label="client header"),
        *operation_changes(old, new, schemas, today or datetime.date.today()),
        *webhook_changes(old.webhooks, new.webhooks, schemas),
    ]
