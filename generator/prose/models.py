"""The prose checks of models, webhooks and the spec as a whole: object tables against
model fields, enum value tables against enums, webhook events and their delivery headers,
names that are patterns, models nothing uses."""

from __future__ import annotations

from typing import Any

from generator import ir
from generator.diagnostics import pointer_join
from generator.prose import kinds, match, operations
from generator.prose.facts import Example, Hook, Prose, Row, Table
from generator.prose.findings import Checked, Finding
from generator.prose.spec import Slot, SpecView


def check_model(view: SpecView, key: str, model: ir.Model, tab: Table, shown: set[str], out: Checked) -> None:
    """A model against its prose table: fields, enum values, the table's examples. ``shown``
    holds every key the document's examples show."""
    entry = pointer_join("/models", key)
    if model.is_object and tab.rows:
        fields(view, key, entry, view.model_fields(model), tab.rows, shown, out,
               open_=model.additional is not None)
    if tab.values:
        out.findings += _values(view, key, entry, model, tab)
    for example in tab.examples:
        operations.response(view, key, entry, ir.Ref(model.name), example, out)


def fields(view: SpecView, where: str, entry: str, slots: list[Slot], rows: list[Row],
           keys: set[str], out: Checked, open_: bool = False) -> None:
    """Table rows against model fields: missing, of another type, or shown nowhere (neither a
    row nor one of ``keys``, those the document's examples show). A row named by a pattern
    (``task_form_{field}``) needs a model that takes extra fields."""
    by_name = {slot.name: slot for slot in slots}
    plain = [row for row in rows if "[" not in row.name]  # event[type] documents a nested key
    for row in plain:
        if "{" in row.name and open_:
            out.counts.fields += 1
            continue
        slot = by_name.get(row.name)
        if slot is None:
            out.findings.append(Finding("field-missing", where, f"the prose documents field {row.name!r} "
                                        f"({row.type}); the spec lacks it", row.line, entry, entry, row.name))
            continue
        out.counts.fields += 1
        written = kinds.prose_kinds(row.type, out.format, view.named_kinds)
        typed = kinds.spec_kinds(view.api, slot.schema)
        if not kinds.agree(written, typed):
            out.findings.append(Finding("field-type", where, f"{row.name!r}: the prose says {row.type} "
                                        f"({kinds.describe(written)}), the spec {kinds.describe(typed)}",
                                        row.line, entry, slot.pointer, row.name))
    shown = {row.name for row in rows} | keys
    out.findings += [Finding("field-undocumented", where, f"the spec's field {slot.name!r} is not in the "
                             "prose's table or examples", None, entry, slot.pointer, slot.name)
                     for slot in slots if slot.name not in shown]


def example_keys(examples: list[Example]) -> set[str]:
    """Every key of every object in the examples, at any depth (a request's query and body)."""
    keys: set[str] = set()
    stack: list[Any] = [part for e in examples if e.parsed
                        for part in ([e.value.get("query"), e.value.get("body")] if e.kind == "request" else [e.value])]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            keys |= {str(k) for k in value}
            stack += list(value.values())
        elif isinstance(value, list):
            stack += value
    return keys


def _values(view: SpecView, key: str, entry: str, model: ir.Model, tab: Table) -> list[Finding]:
    """An enum's values and their descriptions against the prose's value table."""
    if not isinstance(model.schema, ir.Enum):
        return [Finding("enum-values", key, "the prose lists values for it, but the spec's model is no enum",
                        tab.line, entry, entry)]
    spec = {str(v) for v in model.schema.values}
    prose = {value.value for value in tab.values}
    found = []
    if prose - spec:
        found.append(Finding("enum-values", key, f"values the prose lists and the spec lacks: "
                             f"{sorted(prose - spec)}", tab.values[0].line, entry, entry))
    described = view.node(pointer_join(entry, "values")) or {}
    missing = [v for v in tab.values if v.description and v.value in spec and v.value not in described]
    if missing:
        found.append(Finding("enum-descriptions", key, f"{len(missing)} value descriptions the prose gives are "
                             f"not carried (first: {missing[0].value} — {missing[0].description!r})",
                             missing[0].line, entry, entry))
    return found


def check_hooks(view: SpecView, prose: Prose, document: str, shown: set[str], out: Checked) -> None:
    """Webhook events the prose documents: present in the spec, payloads that parse."""
    hooks = view.data.get("webhooks") or {}
    matched: set[str] = set()
    for key, entry in hooks.items():
        event = match.hook(key, entry, prose, document)
        if event is None:
            continue
        matched.add(event.name)
        _hook(view, key, event, shown, out)
    for event in prose.hooks:
        if event.name not in matched and prose.format != "redoc":  # ReDoc's are checked as endpoints
            out.findings.append(Finding("webhook-missing", event.name, f"the prose documents webhook event "
                                        f"{event.name!r}; the spec lacks it", event.line, "", "/webhooks"))
    if prose.delivery_headers:
        out.findings += _delivery(view, prose.delivery_headers)


def _hook(view: SpecView, key: str, event: Hook, shown: set[str], out: Checked) -> None:
    pointer = pointer_join("/webhooks", key)
    webhook = next(w for w in view.api.webhooks if w.name == key)
    model = view.resolve(webhook.payload)
    if model is not None and event.rows:
        base = pointer_join("/models", str(model.spec_name), "fields")
        slots = [Slot(f.name, "field", f.schema, f.required, pointer_join(base, f.name)) for f in model.fields]
        fields(view, key, pointer, slots, event.rows, shown, out, open_=model.additional is not None)
    for example in event.examples:
        operations.response(view, key, pointer, webhook.payload, example, out)


def _delivery(view: SpecView, rows: list[Row]) -> list[Finding]:
    """Headers every delivery carries (but the signature, which the spec has its own key for)
    that some spec webhook does not declare."""
    signature = view.api.webhook_signature.header if view.api.webhook_signature else None
    found = []
    for webhook in view.api.webhooks:
        have = {h.name.lower() for h in webhook.headers}
        lacking = [r for r in rows if r.name.lower() not in have and r.name != signature]
        if lacking:
            found.append(Finding("webhook-headers", webhook.name, f"lacks the delivery headers "
                                 f"{[r.name for r in lacking]}", lacking[0].line,
                                 pointer_join("/webhooks", webhook.name), pointer_join("/webhooks", webhook.name)))
    return found


def check_spec(view: SpecView, out: Checked) -> None:
    """Rules about the spec alone: names that are patterns, models nothing uses."""
    for key, _, model in view.models():
        entry = pointer_join("/models", key)
        for slot in view.model_fields(model):
            if "{" in slot.name or "}" in slot.name:
                out.findings.append(Finding("name-pattern", key, f"field {slot.name!r} is a pattern of names; "
                                            "model it with 'additional:'", None, entry, slot.pointer, slot.name))
    for key, _, _ in view.operations():
        for slot in view.slots(key)[0]:
            if "{" in slot.name or "}" in slot.name:
                out.findings.append(Finding("name-pattern", key, f"parameter {slot.name!r} is a pattern of names",
                                            None, pointer_join("/operations", key), slot.pointer, slot.name))
    if view.api.operations or view.api.webhooks:
        for key in _unused(view.api):
            out.findings.append(Finding("unused-model", key, "no operation, webhook or other model uses it",
                                        None, pointer_join("/models", key), pointer_join("/models", key)))


def _unused(api: ir.Api) -> list[str]:
    """Declared models not reachable from any operation or webhook."""
    roots: set[str] = set()
    for op in api.operations:
        schemas = [p.schema for p in op.parameters] + [b.schema for r in op.responses for b in r.bodies]
        schemas += [b.schema for b in op.request_body.bodies] if op.request_body else []
        roots |= set().union(*(ir.schema_refs(s) for s in schemas)) if schemas else set()
    for hook in api.webhooks:
        roots |= ir.schema_refs(hook.payload)
    seen: set[str] = set()
    stack = list(roots)
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        seen.add(name)
        model = api.model(name)
        inner = [f.schema for f in model.fields] + [s for s in (model.schema, model.additional) if s is not None]
        for schema in inner:
            stack += list(ir.schema_refs(schema) - seen)
    return [m.spec_name for m in api.models if m.spec_name is not None and m.name not in seen]
