"""Decisions every parser's IR needs the same way, applied after parsing.

Both parsers stop at describing the API; this module decides how a client method takes
a request body: as keyword arguments, one per field of an object body, named so that
none collides with the operation's parameters or the method's own arguments.
"""

from __future__ import annotations

from dataclasses import replace

from generator import naming, samples
from generator.ir import Api, Group, Model, Operation, Ref

# Arguments every generated method has besides the operation's own.
METHOD_ARGUMENTS = ("self", "extra_headers", "timeout", "max_retries", "page_size")


def finalize(api: Api) -> Api:
    """``api`` with body keyword arguments decided for every operation."""
    models = {m.name: m for m in api.models}

    def rebuild(group: Group) -> Group:
        return replace(group,
                       operations=tuple(_with_body_arguments(op, models) for op in group.operations),
                       groups=tuple(rebuild(child) for child in group.groups))

    api = replace(api, root=rebuild(api.root))
    return replace(api, warnings=api.warnings + tuple(_nonconforming_examples(api)))


def _nonconforming_examples(api: Api) -> list[str]:
    """Warnings for success examples that contradict their own schema."""
    warnings = []
    for op in api.operations:
        ok = op.success
        if ok is None or not ok.bodies:
            continue
        body = ok.bodies[0]
        if body.example is None or body.encoding != "json":
            continue
        if not samples.conforms(api, body.schema, body.example):
            where = op.source.pointer if op.source and op.source.pointer else f"{op.method} {op.path}"
            warnings.append(f"{api.source_file}#{where}: the {ok.status} example does not match its "
                            "schema; generated tests use a sample instead")
    return warnings


def _with_body_arguments(op: Operation, models: dict[str, Model]) -> Operation:
    body = op.request_body
    if body is None:
        return op
    names = naming.Namer(taken=[p.py_name for p in op.parameters] + list(METHOD_ARGUMENTS))
    schema = body.preferred.schema
    model = models.get(schema.name) if isinstance(schema, Ref) else None
    if model is not None and model.is_object and model.fields and body.preferred.encoding != "binary":
        fields = tuple(replace(f, py_name=names.claim(f.py_name)) for f in model.fields if not f.read_only)
        return replace(op, request_body=replace(body, fields=fields))
    return replace(op, request_body=replace(body, py_name=names.claim("body")))
