"""An independent oracle for generated models: a JSON Schema validator that shares no code with apigen.

For one spec, every component schema and every success response body is checked on
instances of three kinds: the document's own examples, apigen's samples
(:func:`generator.samples.sample`) and instances drawn at random from the *document's*
schema (:func:`draw`, which reads the raw JSON Schema, not apigen's IR), each also mutated
(a required property dropped, a value of the wrong type, a null, an unknown property, an
unknown enum value). Each instance is judged twice: by the generated package's pydantic
types (imported from a package generated into a temporary folder, validated as the
runtime validates responses) and by ``jsonschema`` (Draft 2020-12 with format checks),
after OpenAPI 3.0's dialect is translated to JSON Schema (``nullable`` and Swagger's
``x-nullable`` become a null alternative; boolean ``exclusiveMinimum``/``Maximum`` become
numbers).

They *agree* when both accept or both reject, or when the model accepts what the validator
rejects for an intended leniency, listed by rule (:data:`LENIENT`): generated clients keep
unknown fields and enum values, do not enforce constraints their types cannot carry, let
optional fields be null, coerce as pydantic's lax mode does, and read the approximations
documented in ``docs/diagnostics.md``. Anything else is a disagreement, named by rule too.
"""

from __future__ import annotations

import contextvars
import copy
import importlib
import json
import random
import sys
import typing
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema
import pydantic
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from generator.diagnostics import Diagnostics
from generator.ir import Api, Ref, Schema
from generator.pipeline import Job, build, load
from generator.samples import sample
from generator.targets.python.refine import model_class_names
from generator.targets.python.types import Annotator
from generator.write import write_package
from tests.fidelity import _Document

BASE = "urn:apigen-oracle:spec"
_TYPES = {"string", "integer", "number", "boolean", "null", "array", "object"}
# Validator keywords whose failure the model may pass on purpose, and the rule that says why.
LENIENT = {
    "enum": "open enums: values added later parse",
    "const": "open enums: values added later parse",
    "additionalProperties": "objects keep unknown fields",
    "unevaluatedProperties": "objects keep unknown fields",
    "propertyNames": "objects keep unknown fields",
    "null-for-optional": "optional fields accept null",
    "lax-coercion": "pydantic's lax mode coerces scalars ('1' to 1)",
    "format": "formats other than date and date-time are plain strings",
    "constraints": "length, pattern, range, count and uniqueness constraints are documented, not enforced",
    "oneOf-exclusivity": "a value matching several oneOf variants is taken by the first",
    "required-undeclared": "a required property the schema does not declare has no field to require",
    "approximation": "not, if/then/else, dependent schemas: documented approximations (docs/diagnostics.md)",
    "allof-conflict": "a property allOf parts type differently takes the schema's own type (allof-conflict)",
}
# Where the model is stricter than the schema on purpose: rejections that a validator applying
# the approximation agrees with are counted apart from disagreements.
APPROXIMATIONS = {
    "untyped-object": "a schema with properties but no type is read as an object (JSON Schema lets "
                      "other kinds through): the model rejects a string where the schema would pass it",
}
_CONSTRAINTS = {"minLength", "maxLength", "pattern", "minimum", "maximum", "exclusiveMinimum",
                "exclusiveMaximum", "multipleOf", "minItems", "maxItems", "uniqueItems", "minProperties",
                "maxProperties", "contains", "minContains", "maxContains"}
_APPROXIMATIONS = {"not", "if", "then", "else", "dependentRequired", "dependentSchemas", "dependencies"}
# Properties the parser reported as typed differently by allOf parts (allof-conflict), per spec.
_CONFLICTS: contextvars.ContextVar[frozenset[str]] = contextvars.ContextVar("conflicts", default=frozenset())
_TYPING = {"Any": Any, "Dict": dict, "List": list, "Optional": typing.Optional, "Union": typing.Union,
           "Literal": typing.Literal}


@dataclass
class Report:
    """What the oracle found for one spec."""

    spec: str
    instances: int = 0
    agreed: int = 0
    lenient: Counter[str] = field(default_factory=Counter)
    approximated: Counter[str] = field(default_factory=Counter)
    disagreements: Counter[str] = field(default_factory=Counter)
    examples: list[str] = field(default_factory=list)  # a few disagreements, for the reader

    @property
    def agreement(self) -> float:
        """The share of instances on which model and validator agree (leniencies included),
        counting the documented approximations as agreeing."""
        agreed = self.agreed + sum(self.approximated.values())
        return 100.0 if not self.instances else 100.0 * agreed / self.instances

    @property
    def strict_agreement(self) -> float:
        """The share of instances on which they agree, approximations counted as disagreeing."""
        return 100.0 if not self.instances else 100.0 * self.agreed / self.instances

    def summary(self) -> str:
        """One line: instances, agreement and disagreements by rule."""
        rules = ", ".join(f"{rule} {n}" for rule, n in self.disagreements.most_common()) or "none"
        approximated = ", ".join(f"{rule} {n}" for rule, n in self.approximated.most_common()) or "none"
        return (f"{self.instances} instances, {self.agreement:.2f}% agree ({self.strict_agreement:.2f}% "
                f"without approximations); approximations: {approximated}; disagreements: {rules}")


# --- the OpenAPI dialect as JSON Schema ----------------------------------------------------


def translate(value: Any, openapi_30: bool, approximate: bool = False) -> Any:
    """OpenAPI's schema dialect as JSON Schema 2020-12, over a whole document.

    ``openapi_30``: ``nullable`` (and Swagger's ``x-nullable``) become a null alternative and
    boolean ``exclusiveMinimum``/``Maximum`` numbers. A ``type`` JSON Schema does not define (a
    typo such as ``"string,"``) is dropped, as apigen reads it as any value. ``approximate``
    applies apigen's documented approximations (:data:`APPROXIMATIONS`), to tell them apart
    from real disagreements.
    """
    if isinstance(value, list):
        return [translate(v, openapi_30, approximate) for v in value]
    if not isinstance(value, dict):
        return value
    out = {k: translate(v, openapi_30, approximate) for k, v in value.items()}
    if isinstance(out.get("type"), str) and out["type"] not in _TYPES:
        del out["type"]
    if approximate and "type" not in out and isinstance(out.get("properties"), dict):
        out["type"] = "object"
    if not openapi_30:
        return out
    for bound in ("Minimum", "Maximum"):
        flag, limit = out.get("exclusive" + bound), out.get(bound.lower())
        if isinstance(flag, bool):
            del out["exclusive" + bound]
            if flag and isinstance(limit, int | float):
                out["exclusive" + bound] = out.pop(bound.lower())
    if out.get("nullable") is True or out.get("x-nullable") is True:
        rest = {k: v for k, v in out.items() if k not in ("nullable", "x-nullable")}
        return {"anyOf": [rest, {"type": "null"}]}
    return out


class Validator:
    """``jsonschema`` over the whole translated document, so references resolve as written."""

    def __init__(self, data: Any, openapi_30: bool, approximate: bool = False) -> None:
        self.data = translate(data, openapi_30, approximate)
        resource = Resource.from_contents(self.data, default_specification=DRAFT202012)
        self.registry: Registry[Any] = Registry().with_resource(BASE, resource)
        self._validators: dict[str, jsonschema.protocols.Validator] = {}
        self._source = (data, openapi_30)
        self._approximated: Validator | None = None

    def approximated(self) -> Validator:
        """The validator of the document with apigen's approximations applied."""
        if self._approximated is None:
            self._approximated = Validator(*self._source, approximate=True)
        return self._approximated

    def errors(self, pointer: str, instance: Any) -> list[jsonschema.ValidationError]:
        """Why the schema at ``pointer`` rejects ``instance`` (empty when it accepts it)."""
        if pointer not in self._validators:
            self._validators[pointer] = jsonschema.Draft202012Validator(
                {"$ref": f"{BASE}#{pointer}"}, registry=self.registry,
                format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
        return list(self._validators[pointer].iter_errors(instance))


def lenient_rules(errors: list[jsonschema.ValidationError]) -> set[str] | None:
    """The leniency rules that explain every error, or None when one is not a leniency."""
    rules: set[str] = set()
    for error in errors:
        found = _rule(error)
        if found is None:
            return None
        rules |= found
    return rules


def _rule(error: jsonschema.ValidationError) -> set[str] | None:
    keyword = str(error.validator)
    if keyword in LENIENT:
        return {keyword}
    if keyword in _CONSTRAINTS:
        return {"constraints"}
    if keyword in _APPROXIMATIONS:
        return {"approximation"}
    if keyword == "format":
        return {"format"}
    if keyword == "type" and "allOf" in error.absolute_schema_path and error.path and \
            str(error.path[-1]) in _CONFLICTS.get():
        return {"allof-conflict"}
    if keyword == "type":
        return {"null-for-optional"} if error.instance is None else \
            {"lax-coercion"} if not isinstance(error.instance, dict | list) else None
    if keyword == "required" and isinstance(error.schema, dict):
        declared = error.schema.get("properties") or {}
        missing = [r for r in error.schema.get("required") or [] if r not in (error.instance or {})]
        return {"required-undeclared"} if all(m not in declared for m in missing) else None
    if keyword in ("oneOf", "anyOf"):
        if keyword == "oneOf" and not error.context:
            return {"oneOf-exclusivity"}
        branches: dict[Any, list[jsonschema.ValidationError]] = {}
        for sub in error.context or []:
            branches.setdefault(sub.relative_schema_path[0], []).append(sub)
        explained = [lenient_rules(b) for b in branches.values()]
        return next((r for r in explained if r is not None), None)
    if keyword in ("allOf", "$ref"):
        return lenient_rules(list(error.context or []))
    return None


def disagreement_rule(errors: list[jsonschema.ValidationError]) -> str:
    """A name for why the validator rejects what the model accepts (and no leniency says so)."""
    leaves = [e for e in errors]
    while leaves and all(e.context for e in leaves):
        leaves = [sub for e in leaves for sub in e.context or []]
    return "validator rejects: " + ",".join(sorted({str(e.validator) for e in leaves}))


# --- instances drawn from the document's schemas --------------------------------------------


class Drawer:
    """Random instances of raw JSON Schemas, references followed within the document."""

    def __init__(self, data: Any, rng: random.Random) -> None:
        self.data = data
        self.rng = rng

    def resolve(self, schema: Any) -> Any:
        """``schema`` with local references followed (a bounded chain)."""
        for _ in range(16):
            if not (isinstance(schema, dict) and isinstance(schema.get("$ref"), str)
                    and schema["$ref"].startswith("#")):
                return schema
            node: Any = self.data
            for part in schema["$ref"][1:].split("/")[1:]:
                part = part.replace("~1", "/").replace("~0", "~")
                node = node.get(part) if isinstance(node, dict) else None
            schema = node
        return {}

    def draw(self, schema: Any, depth: int = 0) -> Any:
        """An instance meant to satisfy ``schema`` (the validator decides whether it does)."""
        schema = self.resolve(schema)
        if not isinstance(schema, dict):
            return "value"
        if "allOf" in schema and isinstance(schema["allOf"], list):
            return self.draw(self._merged(schema), depth)
        for keyword in ("oneOf", "anyOf"):
            options = schema.get(keyword)
            if isinstance(options, list) and options:
                rest = {k: v for k, v in schema.items() if k != keyword}
                return self.draw({"allOf": [rest, self.rng.choice(options)]}, depth)
        if "const" in schema:
            return copy.deepcopy(schema["const"])
        if isinstance(schema.get("enum"), list) and schema["enum"]:
            return copy.deepcopy(self.rng.choice(schema["enum"]))
        if (schema.get("nullable") or schema.get("x-nullable")) and self.rng.random() < 0.15:
            return None
        return self._typed(schema, self._kind(schema), depth)

    def _merged(self, schema: dict[str, Any]) -> dict[str, Any]:
        merged: dict[str, Any] = {k: v for k, v in schema.items() if k != "allOf"}
        for part in schema["allOf"]:
            part = self.resolve(part)
            if not isinstance(part, dict):
                continue
            if "allOf" in part:
                part = self._merged(part)
            for key, value in part.items():
                if key == "properties" and isinstance(value, dict):
                    merged["properties"] = {**value, **(merged.get("properties") or {})}
                elif key == "required" and isinstance(value, list):
                    merged["required"] = list(dict.fromkeys((merged.get("required") or []) + value))
                else:
                    merged.setdefault(key, value)
        return merged

    def _kind(self, schema: dict[str, Any]) -> str:
        kind = schema.get("type")
        if isinstance(kind, list):
            kind = self.rng.choice(kind) if kind else None
        if isinstance(kind, str):
            return kind
        if "properties" in schema or "additionalProperties" in schema:
            return "object"
        return "array" if "items" in schema else "string"

    def _typed(self, schema: dict[str, Any], kind: str, depth: int) -> Any:
        if kind == "object":
            return self._object(schema, depth)
        if kind == "array":
            low = schema.get("minItems") if isinstance(schema.get("minItems"), int) else 0
            count = low if depth > 4 else self.rng.randint(low, max(low, min(3, schema.get("maxItems") or 3)))
            return [self.draw(schema.get("items") or {}, depth + 1) for _ in range(count)]
        if kind in ("integer", "number"):
            low = schema.get("minimum") if isinstance(schema.get("minimum"), int | float) else 0
            high = schema.get("maximum") if isinstance(schema.get("maximum"), int | float) else low + 1000
            value = self.rng.uniform(low, max(low, high))
            return int(value) if kind == "integer" else round(value, 2)
        if kind == "boolean":
            return self.rng.random() < 0.5
        if kind == "null":
            return None
        return self._string(schema)

    def _object(self, schema: dict[str, Any], depth: int) -> dict[str, Any]:
        properties = schema.get("properties") if isinstance(schema.get("properties"), dict) else {}
        required = [r for r in schema.get("required") or [] if isinstance(r, str)]
        chosen = [p for p in properties if p in required or (depth < 3 and self.rng.random() < 0.5)]
        out = {str(p): self.draw(properties[p], depth + 1) for p in chosen}
        for name in required:
            out.setdefault(name, "value")
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict) and extra and depth < 4:
            out.setdefault("extra_key", self.draw(extra, depth + 1))
        return out

    def _string(self, schema: dict[str, Any]) -> str:
        formats = {"date-time": "2024-01-02T03:04:05Z", "date": "2024-01-02", "uuid": "0b8a4e1c-4f7a-4c1e-9d2b-1c2d3e4f5a6b",
                   "email": "someone@example.com", "uri": "https://example.com/a", "byte": "aGk=",
                   "ipv4": "192.0.2.1", "hostname": "example.com", "time": "03:04:05Z"}
        if schema.get("format") in formats:
            return formats[str(schema["format"])]
        low = schema.get("minLength") if isinstance(schema.get("minLength"), int) else 1
        return "x" * max(low, self.rng.randint(1, 8))


def mutations(instance: Any, rng: random.Random) -> list[Any]:
    """Variants of ``instance`` that are usually invalid: each changes one property."""
    if not isinstance(instance, dict) or not instance:
        return [{"unexpected": True}, None] if not isinstance(instance, dict) else [[1], "text"]
    name = rng.choice(sorted(instance))
    dropped = {k: v for k, v in instance.items() if k != name}
    wrong = dict(instance, **{name: [] if isinstance(instance[name], str | int | float | bool) else "text"})
    return [dropped, wrong, dict(instance, **{name: None}), dict(instance, unknown_field_x=1),
            dict(instance, **{name: "unknown-value-x"})]


# --- the spec's client ----------------------------------------------------------------------


class Models:
    """The pydantic types of a package generated from the spec into ``folder``."""

    def __init__(self, api: Api, spec: Path, folder: Path, package: str) -> None:
        write_package(folder / package, build(Job(spec, api.name, package)).files)
        sys.path.insert(0, str(folder / package))
        try:
            self.module = importlib.import_module(f"{package}.models")
        finally:
            sys.path.remove(str(folder / package))
        self.annotator = Annotator({m.name: m for m in api.models}, model_class_names(api.models),
                                   Diagnostics(api.source_file))
        self._adapters: dict[str, pydantic.TypeAdapter[Any]] = {}

    def accepts(self, schema: Schema, instance: Any) -> bool:
        """Whether the generated type of ``schema`` parses ``instance`` as the runtime does."""
        text = self.annotator.annotation(schema, "models.")
        if text not in self._adapters:
            kind = eval(text, {"models": self.module, "datetime": __import__("datetime"), **_TYPING})  # noqa: S307
            self._adapters[text] = pydantic.TypeAdapter(kind)
        try:
            self._adapters[text].validate_python(instance)
        except (pydantic.ValidationError, RecursionError, ValueError):
            return False
        return True


def check_spec(spec: Path, folder: Path, package: str, draws: int = 4, seed: int = 0) -> Report:
    """The oracle's report for ``spec``, generating its client below ``folder``."""
    api, diagnostics = load(spec, name=package)
    _CONFLICTS.set(frozenset(d.message.split("'")[1] for d in diagnostics if d.code == "allof-conflict"))
    models = Models(api, spec, folder, package)
    doc = _Document(spec)
    data = doc.root.data
    validator = Validator(data, openapi_30=not str(data.get("openapi", "")).startswith("3.1"))
    report = Report(spec.name)
    rng = random.Random(seed)
    drawer = Drawer(validator.data, rng)
    for pointer, schema, raw, extra in _targets(api, data):
        instances = [sample(api, schema), sample(api, schema, items=2), *extra, *_examples(raw)]
        for _ in range(draws):
            drawn = drawer.draw(raw)
            instances += [drawn, *mutations(drawn, rng)]
        for instance in instances:
            _judge(report, models, validator, pointer, schema, instance)
    return report


def _targets(api: Api, data: Any) -> list[tuple[str, Schema, Any, list[Any]]]:
    """Component schemas (as a use of them is typed) and success bodies, with their pointers."""
    from generator.parsers.schemas import nullable, with_null

    found = []
    for model in api.models:
        pointer = model.source.pointer if model.source else None
        if model.spec_name is None or pointer != f"/components/schemas/{_escape(model.spec_name)}":
            continue
        raw = (data.get("components") or {}).get("schemas", {}).get(model.spec_name)
        schema: Schema = with_null(Ref(model.name)) if nullable(raw) and model.is_object else Ref(model.name)
        found.append((pointer, schema, raw, []))
    for op in api.operations:
        ok = op.success
        if ok is None or not ok.bodies or ok.bodies[0].encoding != "json" or op.source is None:
            continue
        body = ok.bodies[0]
        raw, pointer = _at(data, f"{op.source.pointer}/responses/{_status(data, op.source.pointer, ok.status)}"
                                 f"/content/{_escape(body.content_type)}/schema")
        if raw is not None:
            found.append((pointer, body.schema, raw, [body.example] if body.example is not None else []))
    return found


def _judge(report: Report, models: Models, validator: Validator, pointer: str, schema: Schema,
           instance: Any) -> None:
    instance = json.loads(json.dumps(instance, default=str))
    errors = validator.errors(pointer, instance)
    accepted = models.accepts(schema, instance)
    report.instances += 1
    if not errors and not accepted:
        if validator.approximated().errors(pointer, instance):
            report.approximated["untyped-object"] += 1
            return
        rule = "model rejects a valid instance"
    elif errors and accepted:
        rules = lenient_rules(errors)
        if rules is not None:
            report.agreed += 1
            report.lenient.update(rules)
            return
        rule = disagreement_rule(errors)
    else:
        report.agreed += 1
        return
    report.disagreements[rule] += 1
    if len(report.examples) < 20:
        report.examples.append(f"{pointer}: {rule}: {json.dumps(instance)[:200]}")


def _examples(raw: Any) -> list[Any]:
    if not isinstance(raw, dict):
        return []
    found = [raw["example"]] if "example" in raw else []
    examples = raw.get("examples")
    return found + (list(examples) if isinstance(examples, list) else [])


def _status(data: Any, op_pointer: str, status: str) -> str:
    responses, _ = _at(data, op_pointer + "/responses")
    return next((str(k) for k in responses or {} if str(k).upper() == status), status)


def _at(data: Any, pointer: str) -> tuple[Any, str]:
    """The value at ``pointer`` and where it really is: references on the way are followed
    (a response written as ``$ref: '#/components/responses/Error'``)."""
    node, real = data, ""
    for part in pointer.split("/")[1:]:
        for _ in range(16):
            ref = node.get("$ref") if isinstance(node, dict) else None
            if not (isinstance(ref, str) and ref.startswith("#/")):
                break
            node, real = _at(data, ref[1:])
        key = part.replace("~1", "/").replace("~0", "~")
        node = node.get(key) if isinstance(node, dict) else None
        real = f"{real}/{part}"
    return node, real


def _escape(text: str) -> str:
    return text.replace("~", "~0").replace("/", "~1")
