"""The classes and type aliases of a package's ``models.py``, as views.

String and integer enums become ``enum.Enum`` classes; objects become pydantic classes
whose fields carry snake_case names with aliases for the wire names; every other named
schema becomes a type alias, ordered so each follows the aliases it uses.
"""

from __future__ import annotations

from generator import ir
from generator.targets.python import names
from generator.targets.python.types import Annotator
from generator.targets.python.view import EnumMember, ExtraFields, Model, ModelField


def model_views(api: ir.Api, class_names: dict[str, str], annotator: Annotator) -> tuple[Model, ...]:
    """Every model of ``api`` as it appears in ``models.py``: enums, then objects, then aliases."""
    enums = tuple(_enum(m, class_names[m.name]) for m in api.models if _is_enum_class(m))
    objects = tuple(_object(m, class_names[m.name], annotator) for m in api.models if m.is_object)
    aliases = tuple(Model(class_names[m.name], "alias", m.description, m,
                          alias="Any" if cyclic else annotator.annotation(m.schema), cyclic=cyclic)
                    for m, cyclic in ir.alias_order(api.models) if not _is_enum_class(m))
    return enums + objects + aliases


def _is_enum_class(model: ir.Model) -> bool:
    return isinstance(model.schema, ir.Enum) and model.schema.type in ("string", "integer")


def _enum(model: ir.Model, class_name: str) -> Model:
    enum = model.schema
    assert isinstance(enum, ir.Enum)
    values = [str(v) if enum.type == "string" else v for v in enum.values]
    members = tuple(EnumMember(name, repr(value))
                    for name, value in zip(names.enum_members(enum.values), values, strict=True))
    return Model(class_name, "enum", model.description or model.spec_name, model,
                 base="str" if enum.type == "string" else "int", members=members)


def _object(model: ir.Model, class_name: str, annotator: Annotator) -> Model:
    # Docstrings come from the document: its description, else the name it gives the schema.
    text = [t for t in (model.description or model.spec_name,) if t] + [f"Note: {note}" for note in model.notes]
    taken = names.Namer()
    fields = tuple(
        ModelField(
            name=taken.claim(names.snake(f.name, fallback="field")),
            wire=f.name,
            annotation=annotator.annotation(f.schema) if f.required else annotator.optional(f.schema),
            required=f.required,
            description=f.description,
            field=f,
        )
        for f in model.fields)
    return Model(class_name, "object", "\n\n".join(text) or None, model, fields=fields,
                 extra=_extra(model, taken, annotator))


def _extra(model: ir.Model, taken: names.Namer, annotator: Annotator) -> ExtraFields | None:
    """The ``**extra`` keyword arguments of an object that documents extra properties
    (``additionalProperties: true`` or a schema), so type checkers accept them as pydantic
    does at runtime; None for other objects, whose constructors keep refusing unknown names."""
    if model.additional is None or model.closed:
        return None
    return ExtraFields(taken.claim("self"), taken.claim("extra"), annotator.annotation(model.additional))
