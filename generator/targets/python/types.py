"""Python type annotations (as source text) for IR schemas.

Generated code spells types with typing's names (``List``, ``Dict``, ``Optional``,
``Union``, ``Literal``), as openai-python does. Enum models are open: a field typed by one
also accepts its base type, so a value the API adds later still parses.
"""

from __future__ import annotations

from collections.abc import Mapping

from generator import ir
from generator.diagnostics import Diagnostics

# Python's parser refuses more than 200 nested brackets; annotations deeper than this are
# cut short with Any (and a diagnostic), so generated modules always compile.
MAX_NESTING = 60


class Annotator:
    """Annotations for one API: knows its models' class names and kinds."""

    def __init__(self, models: Mapping[str, ir.Model], class_names: Mapping[str, str],
                 diagnostics: Diagnostics) -> None:
        self._models = models
        self._class_names = class_names
        self._diagnostics = diagnostics
        self._cache: dict[tuple[ir.Schema, str], str] = {}

    def annotation(self, schema: ir.Schema | None, prefix: str = "") -> str:
        """The annotation of ``schema``; ``prefix`` qualifies model names (``models.``)."""
        if schema is None:
            return "Any"
        key = (schema, prefix)
        if key not in self._cache:
            self._cache[key] = self._spell(schema, prefix, 0)
        return self._cache[key]

    def optional(self, schema: ir.Schema | None, prefix: str = "") -> str:
        """An annotation that also admits None (for optional arguments and fields)."""
        inner = self.annotation(schema, prefix)
        return inner if inner.startswith("Optional[") or inner in ("None", "Any") else f"Optional[{inner}]"

    def argument(self, schema: ir.Schema | None, prefix: str = "") -> str:
        """The annotation of an argument of type ``schema``: a reference to an open object (one
        that documents extra properties, like a CMS item's user-defined fields) also takes a
        plain mapping of wire names, sent as it is."""
        inner = self.annotation(schema, prefix)
        if isinstance(schema, ir.Ref) and self._is_open(self._models[schema.name]):
            return f"Union[{inner}, Mapping[str, Any]]"
        return inner

    @staticmethod
    def _is_open(model: ir.Model) -> bool:
        return model.is_object and model.additional is not None and not model.closed

    def class_name(self, model: str) -> str:
        """The class name of the model called ``model`` in the IR."""
        return self._class_names[model]

    def is_open_enum(self, schema: ir.Schema | None) -> bool:
        """True when ``schema`` refers to an enum class (typed with its base type beside it)."""
        if not isinstance(schema, ir.Ref):
            return False
        model = self._models[schema.name].schema
        return isinstance(model, ir.Enum) and model.type in ("string", "integer")

    def is_object(self, schema: ir.Schema | None) -> bool:
        """True when ``schema`` refers to an object model (a class with fields)."""
        return isinstance(schema, ir.Ref) and self._models[schema.name].is_object

    def _spell(self, schema: ir.Schema, prefix: str, depth: int) -> str:
        if depth > MAX_NESTING:
            self._diagnostics.add("type-too-deep", None, f"a type nests more than {MAX_NESTING} "
                                  "levels deep; its inner part is typed Any")
            return "Any"
        if isinstance(schema, ir.Primitive):
            return _primitive(schema)
        if isinstance(schema, ir.Enum):
            return "Literal[" + ", ".join(repr(v) for v in schema.values) + "]"
        if isinstance(schema, ir.Array):
            return f"List[{self._spell(schema.items, prefix, depth + 1)}]"
        if isinstance(schema, ir.Map):
            return f"Dict[str, {self._spell(schema.values, prefix, depth + 1)}]"
        if isinstance(schema, ir.Ref):
            return self._reference(schema, prefix)
        if isinstance(schema, ir.Union):
            return self._union(schema, prefix, depth)
        return "Any"

    def _reference(self, schema: ir.Ref, prefix: str) -> str:
        name = prefix + self._class_names[schema.name]
        if not self.is_open_enum(schema):
            return name
        enum = self._models[schema.name].schema
        assert isinstance(enum, ir.Enum)
        return f"Union[{name}, {'str' if enum.type == 'string' else 'int'}]"

    def _union(self, schema: ir.Union, prefix: str, depth: int) -> str:
        nullable = ir.Primitive("null") in schema.variants
        parts = list(dict.fromkeys(self._spell(v, prefix, depth + 1) for v in schema.variants
                                   if v != ir.Primitive("null")))
        inner = "None" if not parts else parts[0] if len(parts) == 1 else f"Union[{', '.join(parts)}]"
        return f"Optional[{inner}]" if nullable and parts else inner


def _primitive(schema: ir.Primitive) -> str:
    if schema.type == "string":
        return {"date-time": "datetime.datetime", "date": "datetime.date"}.get(schema.format or "", "str")
    return {"integer": "int", "number": "float", "boolean": "bool"}.get(schema.type, "None")
