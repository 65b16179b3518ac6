"""Client methods for operations: arguments, return type, docstring and the request they send.

An object request body becomes one keyword argument per field (openai-python's style);
any other body is one argument. Names never collide: path, query, header and cookie
parameters, body fields and the arguments every method has share one namespace.
"""

from __future__ import annotations

from dataclasses import replace

from typing import Any

from generator import ir
from generator.samples import sample
from generator.targets.python import names
from generator.targets.python.docstrings import Arguments, method_docstring
from generator.targets.python.types import Annotator
from generator.targets.python.view import Argument, Method, Pager, Request, Sent

# Arguments every generated method has besides the operation's own.
COMMON_ARGUMENTS = (
    Argument("extra_headers", "Optional[Mapping[str, str]]", "None"),
    Argument("timeout", "Optional[float]", "None"),
    Argument("max_retries", "Optional[int]", "None"),
)
# Names of the arguments and locals of every method, which no operation's argument may take.
METHOD_NAMES = ("self", "_offset", "_limit", *(a.name for a in COMMON_ARGUMENTS))
PAGE_SIZE = "page_size"  # an iterator's own argument


class MethodBuilder:
    """Builds the :class:`Method` of each operation of one API."""

    def __init__(self, api: ir.Api, annotator: Annotator, package: str) -> None:
        self._api = api
        self._models = {m.name: m for m in api.models}
        self._types = annotator
        self._package = package

    def method(self, op: ir.Operation, name: str, pager_name: str | None, accessor: str) -> Method:
        """The method ``name`` of the object at ``accessor`` for ``op``; with ``pager_name``,
        its iterating twin too."""
        taken = names.Namer(taken=METHOD_NAMES + _pager_names(op))
        params = [(p, taken.claim(names.snake(p.name, fallback="param"))) for p in op.parameters]
        body_fields, body_argument = self._body_names(op, taken)
        returns = self._return_type(op)
        path_args = tuple(Argument(arg, self._types.annotation(p.schema, "models."))
                          for p, arg in params if p.location == "path")
        example = self._example(op, params, body_fields, body_argument, f"{accessor}.{name}")
        described = Arguments(tuple(params), body_fields, body_argument)
        method = Method(
            name=name,
            accessor=accessor,
            path_arguments=path_args,
            arguments=self._arguments(op, params, body_fields, body_argument, skip=()),
            returns=returns,
            docstring=method_docstring(op, described, returns, example),
            request=self._request(op, params, body_fields, body_argument, paging=False),
            op=op,
            parameters=tuple(params),
            body_arguments=body_fields,
            body_argument=body_argument,
            example=example,
        )
        if op.pagination is None or pager_name is None:
            return method
        return replace(method, pager=self._pager(op, pager_name, params, body_fields, body_argument, name))

    # --- names and types ----------------------------------------------------------------

    def _body_names(self, op: ir.Operation, taken: names.Namer
                    ) -> tuple[tuple[tuple[ir.Field, str], ...], str | None]:
        """(field, argument) pairs for an object body, or the one argument of another body."""
        body = op.request_body
        if body is None:
            return (), None
        schema = body.preferred.schema
        model = self._models.get(schema.name) if isinstance(schema, ir.Ref) else None
        if model is not None and model.is_object and model.fields and body.preferred.encoding != "binary":
            return tuple((f, taken.claim(names.snake(f.name, fallback="field")))
                         for f in model.fields if not f.read_only), None
        return (), taken.claim("body")

    def _return_type(self, op: ir.Operation) -> str:
        ok = op.success
        if ok is None:
            return "Any"
        if not ok.bodies:
            return "None"
        return {"binary": "bytes", "text": "str"}.get(ok.bodies[0].encoding) or \
            self._types.annotation(ok.bodies[0].schema, "models.")

    def _field_type(self, f: ir.Field, body: ir.RequestBody) -> str:
        if body.preferred.encoding == "multipart" and _is_binary(f.schema):
            return "FileTypes"
        return self._types.annotation(f.schema, "models.")

    def _body_type(self, body: ir.RequestBody) -> str:
        preferred = body.preferred
        if preferred.encoding in ("binary", "text"):
            return "bytes" if preferred.encoding == "binary" else "str"
        if preferred.encoding in ("form", "multipart") and not isinstance(preferred.schema, ir.Ref | ir.Map):
            return "Dict[str, Any]"
        return self._types.annotation(preferred.schema, "models.")

    # --- arguments ------------------------------------------------------------------------

    def _arguments(self, op: ir.Operation, params: list[tuple[ir.Parameter, str]],
                   body_fields: tuple[tuple[ir.Field, str], ...], body_argument: str | None,
                   skip: tuple[str, ...]) -> tuple[Argument, ...]:
        """Keyword-only arguments: required ones first, then optional ones, then the common ones."""
        body = op.request_body
        others = [(p, arg) for p, arg in params if p.location != "path" and p.name not in skip]
        required = [Argument(arg, self._types.annotation(p.schema, "models.")) for p, arg in others if p.required]
        optional = [Argument(arg, self._types.optional(p.schema, "models."), "None")
                    for p, arg in others if not p.required]
        if body is not None:
            for f, arg in body_fields:
                annotation = self._field_type(f, body)
                (required if f.required else optional).append(
                    Argument(arg, annotation) if f.required else
                    Argument(arg, f"Union[{annotation}, NotGiven]", "NOT_GIVEN"))
            if body_argument is not None:
                annotation = self._body_type(body)
                (required if body.required else optional).append(
                    Argument(body_argument, annotation) if body.required else
                    Argument(body_argument, f"Union[{annotation}, NotGiven]", "NOT_GIVEN"))
        if skip and op.pagination is not None:
            optional.append(Argument(PAGE_SIZE, "Optional[int]", _page_size(op.pagination)))
        return (*required, *optional, *COMMON_ARGUMENTS)

    # --- an example call (for the API reference) -------------------------------------------

    def _example(self, op: ir.Operation, params: list[tuple[ir.Parameter, str]],
                 body_fields: tuple[tuple[ir.Field, str], ...], body_argument: str | None, call: str) -> str:
        """A call of the method with sample values for every required argument."""
        arguments = [f"{arg}={self._sample_argument(p.schema, _example_value(self._api, p))}"
                     for p, arg in params if p.required]
        arguments += [f"{arg}={self._sample_argument(f.schema, sample(self._api, f.schema))}"
                      for f, arg in body_fields if f.required]
        body = op.request_body
        if body is not None and body_argument is not None and body.required:
            value = sample(self._api, body.preferred.schema)
            arguments.append(f"{body_argument}={self._sample_argument(body.preferred.schema, value)}")
        imports = f"from {self._package} import models\n\n" if any(
            "=models." in a or "[models." in a for a in arguments) else ""
        if len(arguments) < 2:
            return f"{imports}result = {call}({', '.join(arguments)})"
        return f"{imports}result = {call}(\n" + "".join(f"    {a},\n" for a in arguments) + ")"

    def _sample_argument(self, schema: ir.Schema | None, value: Any) -> str:
        """An example value as Python: object models (and lists of them) are built from their
        sample data, as methods take model instances; everything else is a literal."""
        if self._types.is_object(schema):
            assert isinstance(schema, ir.Ref)
            return f"models.{self._types.class_name(schema.name)}.model_validate({value!r})"
        if isinstance(schema, ir.Array) and value:
            return "[" + ", ".join(self._sample_argument(schema.items, item) for item in value) + "]"
        return repr(value)

    # --- the request ----------------------------------------------------------------------

    def _request(self, op: ir.Operation, params: list[tuple[ir.Parameter, str]],
                 body_fields: tuple[tuple[ir.Field, str], ...], body_argument: str | None,
                 paging: bool) -> Request:
        pagination = op.pagination if paging else None
        query = []
        for p, arg in params:
            if p.location != "query":
                continue
            if pagination is not None and p.name in (pagination.offset_param, pagination.limit_param):
                arg = "_offset" if p.name == pagination.offset_param else "_limit"
                query.append(Sent(p.name, arg, True))
            else:
                query.append(Sent(p.name, arg, p.explode is not False))
        return Request(
            method=op.method,
            path=op.path,
            path_values=_sent(params, "path"),
            query=tuple(query),
            headers=_sent(params, "header"),
            cookies=_sent(params, "cookie"),
            body=_body_keywords(op.request_body, body_fields, body_argument),
            security=op.security,
        )

    def _pager(self, op: ir.Operation, name: str, params: list[tuple[ir.Parameter, str]],
               body_fields: tuple[tuple[ir.Field, str], ...], body_argument: str | None,
               method_name: str) -> Pager:
        pagination = op.pagination
        assert pagination is not None
        skip = (pagination.offset_param, pagination.limit_param)
        path_args = tuple(Argument(arg, self._types.annotation(p.schema, "models."))
                          for p, arg in params if p.location == "path")
        return Pager(
            name=name,
            arguments=self._arguments(op, params, body_fields, body_argument, skip),
            path_arguments=path_args,
            item=self._types.annotation(pagination.item_schema, "models.") if pagination.item_schema else "Any",
            items=pagination.items,
            total=pagination.total,
            request=self._request(op, params, body_fields, body_argument, paging=True),
            docstring=method_docstring(op, Arguments(tuple(params), body_fields, body_argument, skip, _page_size(pagination)),
                                       "", "", iterator_of=method_name),
        )


def _pager_names(op: ir.Operation) -> tuple[str, ...]:
    """``page_size`` when an iterator takes it beside the operation's own arguments (unless it
    is the limit parameter's own name, which the iterator leaves out)."""
    paging = op.pagination
    if paging is None or names.snake(paging.limit_param, fallback="param") == PAGE_SIZE:
        return ()
    return (PAGE_SIZE,)


def _sent(params: list[tuple[ir.Parameter, str]], location: str) -> tuple[Sent, ...]:
    return tuple(Sent(p.name, arg) for p, arg in params if p.location == location)


def _is_binary(schema: ir.Schema) -> bool:
    return isinstance(schema, ir.Primitive) and schema.format == "binary"


def _page_size(pagination: ir.Pagination) -> str:
    """The default page size of an iterator: the API's largest page, when it states one."""
    limit = pagination.max_limit
    return repr(limit) if isinstance(limit, int) and not isinstance(limit, bool) and limit > 0 else "None"


def _body_keywords(body: ir.RequestBody | None, fields: tuple[tuple[ir.Field, str], ...],
                   argument: str | None) -> tuple[tuple[str, str], ...]:
    """The RequestSpec keywords that carry the body, as Python source."""
    if body is None:
        return ()
    encoding = body.preferred.encoding
    if fields:
        return _field_keywords(encoding, fields) + _content_type(body)
    assert argument is not None
    if encoding == "json":
        keywords = [("json", argument)]
    elif encoding in ("form", "multipart"):
        # Parenthesised: black adds the parentheses when it splits a conditional expression, ruff does not.
        keywords = [("files", "{}")] if encoding == "multipart" else []  # multipart even without file parts
        keywords.append(("form", f"(None if isinstance({argument}, NotGiven) else to_jsonable({argument}))"))
    else:
        keywords = [("content", f"(None if isinstance({argument}, NotGiven) else {argument})")]
    return tuple(keywords) + _content_type(body)


def _field_keywords(encoding: str, fields: tuple[tuple[ir.Field, str], ...]) -> tuple[tuple[str, str], ...]:
    def given(chosen: list[tuple[ir.Field, str]]) -> str:
        return "given({ " + "".join(f"{f.name!r}: {arg}, " for f, arg in chosen) + "})"

    if encoding == "json":
        return (("json", given(list(fields))),)
    if encoding == "multipart":
        files = [(f, arg) for f, arg in fields if _is_binary(f.schema)]
        plain = [(f, arg) for f, arg in fields if not _is_binary(f.schema)]
        return ("files", given(files)), ("form", given(plain))
    return (("form", given(list(fields))),)


def _content_type(body: ir.RequestBody) -> tuple[tuple[str, str], ...]:
    if body.preferred.encoding in ("multipart", "form"):
        return ()
    return (("content_type", repr(body.preferred.content_type)),)


def _example_value(api: ir.Api, parameter: ir.Parameter) -> Any:
    """A parameter's value in an example call: the spec's own example, else a sample."""
    return parameter.example if parameter.example is not None else sample(api, parameter.schema)
