"""Compare two APIs' IRs and classify every change a client user could notice.

Everything here is a pure function of two :class:`~generator.ir.Api` values, so any pair of
inputs the generator reads (OpenAPI 2.0/3.0/3.1, doc specs, or one of each) can be compared.
Operations are matched by method and path, then by ``operationId`` (a moved operation);
schemas are compared by walking them from each operation, following :class:`Ref` into the
models, so a model that only changed its generated name produces no noise.

Each :class:`Change` is breaking or not *for an existing generated client*. Two rules decide
most cases: in what a client **sends** (parameters, request bodies) a tighter contract breaks
it; in what it **receives** (responses, webhook payloads) a looser guarantee breaks it.
Enums are the exception: generated enums accept unknown values, so new response values are
harmless. Error bodies reach clients as untyped JSON, so their changes never break anything.
"""

from __future__ import annotations

from generator.diff.changes import FAIL_ON, SEP, Change, should_fail
from generator.diff.elements import auth_changes, client_changes, default_security_changes, server_changes, webhook_changes
from generator.diff.operations import operation_changes, parameter_changes, match_operations
from generator.diff.schemas import SchemaDiff
from generator.ir import Api

__all__ = ["FAIL_ON", "SEP", "Change", "diff_apis", "match_operations", "should_fail"]


def diff_apis(old: Api, new: Api) -> list[Change]:
    """Every change from ``old`` to ``new``, in a stable order."""
    schemas = SchemaDiff(old, new)
    changes = [
        *server_changes(old.servers, new.servers),
        *auth_changes(old.auth, new.auth),
        *default_security_changes(old.security, new.security),
        *client_changes(old, new),
        *parameter_changes(old.headers, new.headers, "API", schemas, label="client header"),
        *operation_changes(old, new, schemas),
        *webhook_changes(old.webhooks, new.webhooks, schemas),
    ]
    return changes

