"""The documentation's own examples as tests of the generated package: each one parsed into
the type the client gives for it (what a method returns, a model, a webhook's payload), the
way pydantic parses a response, so a type the spec got wrong fails CI.

An example the spec explains (its entry's ``ignore: {example-shape: ...}``) is expected to
fail, for that reason, when :mod:`generator.targets.python.lax` finds that it does not parse:
a strict ``xfail``, which fails the day the example parses. Values go to
``tests/examples.json``, one per line; the test module holds only keys and types.
"""

from __future__ import annotations

import json
from typing import Any

from generator import ir
from generator.targets.python import lax
from generator.targets.python.types import Annotator
from generator.targets.python.view import Client, ExampleCase


def build(client: Client, annotator: Annotator) -> tuple[tuple[ExampleCase, ...], str]:
    """The example cases of ``client``'s API and the text of ``tests/examples.json``."""
    api = client.api
    returns = {m.op.operation_id: (m.returns, m.op) for m in client.methods}
    hooks = {hook.name: hook.annotation for hook in client.webhooks}
    payloads = {hook.name: hook.payload for hook in api.webhooks}
    cases: list[ExampleCase] = []
    values: dict[str, Any] = {}
    for example in api.examples:
        found = _typed(api, annotator, example, returns, hooks, payloads)
        if found is None:
            continue
        annotation, envelope, schema = found
        key = _key(example)
        if key in values:
            continue  # the same example read twice: one test is enough
        value = example.value[envelope] if envelope else example.value
        failing = bool(lax.problems(api, schema, value))
        cases.append(ExampleCase(key, annotation, envelope, example.note if failing else None))
        values[key] = example.value
    return tuple(cases), _json(values)


def _typed(api: ir.Api, annotator: Annotator, example: ir.Example, returns: dict[str, tuple[str, ir.Operation]],
           hooks: dict[str, str], payloads: dict[str, ir.Schema | None]) -> tuple[str, str | None, ir.Schema] | None:
    """(annotation, envelope field, IR type) an example parses into; None when nothing does."""
    if example.of == "model":
        schema: ir.Schema = ir.Ref(example.name)
        return annotator.annotation(schema, "models."), None, schema
    if example.of == "webhook":
        payload = payloads.get(example.name)
        return (hooks[example.name], None, payload) if payload is not None else None
    if example.name not in returns:
        return None
    annotation, op = returns[example.name]
    ok = op.success
    if annotation == "None" or ok is None or not ok.bodies:
        return None
    envelope = api.envelope.data if api.envelope is not None else None
    if envelope is not None and not (isinstance(example.value, dict) and envelope in example.value):
        return None  # an error sample: no envelope around it
    return annotation, envelope, ok.bodies[0].schema


def _key(example: ir.Example) -> str:
    where = f"{example.source.file}:{example.source.line}" if example.source else "?"
    return f"{example.of} {example.name} @ {where}"


def _json(values: dict[str, Any]) -> str:
    """``tests/examples.json``: one example a line, so a diff shows which changed."""
    lines = ",\n".join(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False, separators=(',', ':'))}"
                       for key, value in values.items())
    return "{\n" + lines + "\n}\n" if values else "{}\n"
