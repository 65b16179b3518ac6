"""The doc spec as the prose checks see it: each operation's parameters and body fields
(what the client sends), each model's fields, with their JSON pointers in the spec so a
finding can name the spec's line and read what the spec says to explain it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator import ir
from generator.diagnostics import pointer_join
from generator.documents import Document
from generator.prose import kinds

_SECTIONS = {"path": "path", "query": "query", "header": "headers"}
_ALIASES = 24  # aliases followed before giving up (a cycle of aliases)


@dataclass(frozen=True)
class Slot:
    """Something with a wire name the spec types: a parameter, a body field, a model field."""

    name: str
    location: str  # path, query, header, body or field
    schema: ir.Schema
    required: bool
    pointer: str


class SpecView:
    """One doc spec: its data (with lines) and its IR."""

    def __init__(self, document: Document, api: ir.Api) -> None:
        self.document = document
        self.data: dict[str, Any] = document.data
        self.api = api
        self.name = document.name
        self._models = {m.spec_name: m for m in api.models if m.spec_name is not None}
        self._ops = {op.operation_id: op for op in api.operations}

    def line(self, pointer: str) -> int | None:
        """The spec's line for ``pointer``."""
        return self.document.line_of(pointer)

    def node(self, pointer: str) -> Any:
        """The spec's data at ``pointer`` (None when absent)."""
        node: Any = self.data
        for part in pointer.split("/")[1:]:
            part = part.replace("~1", "/").replace("~0", "~")
            node = node.get(part) if isinstance(node, dict) else None
        return node

    def operations(self) -> list[tuple[str, dict[str, Any], ir.Operation]]:
        """(key, spec entry, IR operation) for every operation, in spec order."""
        entries = self.data.get("operations") or {}
        return [(key, entry, self._ops[key]) for key, entry in entries.items() if key in self._ops]

    def models(self) -> list[tuple[str, dict[str, Any], ir.Model]]:
        """(key, spec entry, IR model) for every declared model."""
        entries = self.data.get("models") or {}
        return [(key, entry, self._models[key]) for key, entry in entries.items() if key in self._models]

    def slots(self, key: str) -> tuple[list[Slot], bool]:
        """An operation's parameters and body fields; True when its body takes any other
        field as well (a free-form body, or a model with ``additional``)."""
        op = self._ops[key]
        pointer = pointer_join("/operations", key)
        entry = self.data["operations"][key]
        found = []
        for p in op.parameters:
            section = _SECTIONS.get(p.location, p.location)
            own = isinstance(entry.get(section), dict) and p.name in entry[section]
            at = pointer_join(pointer, section, p.name) if own else "/pagination" if entry.get("paginated") \
                else pointer
            found.append(Slot(p.name, p.location, p.schema, p.required, at))
        if op.request_body is None:
            return found, False
        fields, open_ = self.body_fields(key, op.request_body.preferred.schema)
        return found + fields, open_

    def body_fields(self, key: str, schema: ir.Schema) -> tuple[list[Slot], bool]:
        """The fields of a body of type ``schema`` (through aliases), and whether it is open."""
        model = self.resolve(schema)
        if model is None:
            return [], not isinstance(schema, ir.Primitive | ir.Array)
        if model.spec_name is None:  # fields written inline under the operation's body
            base = pointer_join("/operations", key, "body")
        else:
            base = pointer_join("/models", model.spec_name, "fields")
        fields = [Slot(f.name, "body", f.schema, f.required, pointer_join(base, f.name)) for f in model.fields]
        return fields, model.additional is not None

    def model_fields(self, model: ir.Model) -> list[Slot]:
        """A declared model's fields."""
        base = pointer_join("/models", str(model.spec_name), "fields")
        return [Slot(f.name, "field", f.schema, f.required, pointer_join(base, f.name)) for f in model.fields]

    def resolve(self, schema: ir.Schema | None) -> ir.Model | None:
        """The object model ``schema`` names, through aliases and nullability; None for any
        other type."""
        for _ in range(_ALIASES):
            if isinstance(schema, ir.Union):
                concrete = [v for v in schema.variants if v != ir.Primitive("null")]
                schema = concrete[0] if len(concrete) == 1 else None
            if not isinstance(schema, ir.Ref):
                return None
            model = self.api.model(schema.name)
            if model.is_object:
                return model
            schema = model.schema
        return None

    def named_kinds(self, name: str) -> frozenset[str] | None:
        """The kinds of the spec's model called ``name`` (None when there is none)."""
        model = self._models.get(name)
        return None if model is None else kinds.spec_kinds(self.api, ir.Ref(model.name))

    def success(self, op: ir.Operation) -> ir.Schema | None:
        """The type an operation's success response declares (None without a body)."""
        ok = op.success
        return ok.bodies[0].schema if ok is not None and ok.bodies else None

    def unwrap(self, value: Any) -> tuple[Any, bool]:
        """The part of a response the client returns: ``data`` of an enveloped API's body;
        False when the body is not an envelope (an error sample, a bare value)."""
        envelope = self.api.envelope
        if envelope is None:
            return value, True
        if isinstance(value, dict) and envelope.data in value:
            return value[envelope.data], True
        return value, False
