"""How a doc spec's paginated operations page: the pagination settings, page models and the
offset and limit parameters (a part of the doc-spec builder, :mod:`generator.parsers.docspec`)."""

from __future__ import annotations

from typing import Any

from generator.diagnostics import SpecError
from generator.documents import Document
from generator.ir import Array, Field, Model, Pagination, Parameter, Primitive, Ref, Schema, Source
from generator.words import Namer, pascal


class Paging:
    """The builder's pagination methods; the builder provides the state they share."""

    document: Document
    data: dict[str, Any]
    _class_names: Namer
    _extra: list[Model]
    _pages: dict[Schema, str]

    def _error(self, pointer: str, message: str) -> SpecError:
        raise NotImplementedError  # the builder's

    def _page_config(self, pointer: str) -> dict[str, Any]:
        """The top-level ``pagination`` that a paginated operation at ``pointer`` relies on."""
        config = self.data.get("pagination")
        if config is None:
            raise self._error(pointer, "'paginated: true' needs a top-level 'pagination'")
        return dict(config)

    @staticmethod
    def _page_param(spec: str | dict[str, Any]) -> dict[str, Any]:
        """A pagination parameter written as a bare name or as ``{name, description, default}``."""
        return {"name": spec} if isinstance(spec, str) else spec

    def _pagination(self, config: dict[str, Any], item: Schema,
                    key: str) -> tuple[Pagination, Schema]:
        """How ``key`` pages, and what it returns: a page model, or a bare list of items."""
        pagination = Pagination(
            style=config["style"],
            offset_param=self._page_param(config["offset"])["name"],
            limit_param=self._page_param(config["limit"])["name"],
            items=config.get("items"),
            total=config.get("total"),
            max_limit=config.get("max_limit"),
            item_schema=item,
        )
        if pagination.items is None:
            return pagination, Array(item)
        return pagination, Ref(self._page_model(pagination, key))

    def _page_model(self, pagination: Pagination, key: str) -> str:
        """The envelope of one page of items, shared by every list of the same item type."""
        item = pagination.item_schema
        assert item is not None and pagination.items is not None  # set by _pagination
        if item not in self._pages:
            stem = item.name if isinstance(item, Ref) else pascal(key)
            name = self._class_names.claim(pascal(f"{stem} page"))
            integer = Primitive("integer")
            wires = [pagination.items, pagination.total, pagination.limit_param,
                     pagination.offset_param]
            schemas: list[Schema] = [Array(item), integer, integer, integer]
            fields = tuple(
                Field(wire, schema, required=index == 0)
                for index, (wire, schema) in enumerate(zip(wires, schemas, strict=True))
                if wire is not None
            )
            self._pages[item] = name
            self._extra.append(Model(name, fields=fields,
                                     description=f"One page of {stem} items.",
                                     source=Source(self.document.source_name,
                                                   self.document.line_of("/pagination"),
                                                   "/pagination")))
        return self._pages[item]

    def _page_parameters(self, config: dict[str, Any], present: tuple[Parameter, ...]) -> tuple[Parameter, ...]:
        """The offset and limit query parameters a paginated operation did not list itself."""
        listed = {p.name for p in present}
        bounds = {"offset": Primitive("integer", minimum=0),
                  "limit": Primitive("integer", minimum=1, maximum=config.get("max_limit"))}
        parameters = []
        for role in ("offset", "limit"):
            spec = self._page_param(config[role])
            if spec["name"] not in listed:
                parameters.append(Parameter(
                    name=spec["name"],
                    location="query",
                    schema=bounds[role],
                    description=spec.get("description"),
                    default=spec.get("default"),
                ))
        return tuple(parameters)
