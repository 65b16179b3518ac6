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
from generator.targets.python.docstrings import Arguments, Twin, method_docstring
from generator.targets.python.types import Annotator
from generator.targets.python import twins
from generator.targets.python.view import Argument, Method, Pager, Request, Sent, Streamer

# Arguments every generated method has besides the operation's own: headers, query
# parameters and body fields the spec does not know, the timeout (None: none at all;
# NOT_GIVEN: the client's) and the retries of this call.
COMMON_ARGUMENTS = (
    Argument("extra_headers", "Optional[Mapping[str, str]]", "None"),
    Argument("extra_query", "Optional[Mapping[str, object]]", "None"),
    Argument("extra_body", "Optional[Mapping[str, object]]", "None"),
    Argument("timeout", "Union[float, httpx.Timeout, None, NotGiven]", "NOT_GIVEN"),
    Argument("max_retries", "Optional[int]", "None"),
)
# Names of the arguments and locals of every method, which no operation's argument may take.
METHOD_NAMES = ("self", "_page", *(a.name for a in COMMON_ARGUMENTS))
PAGE_SIZE = "page_size"  # an iterator's own argument


class MethodBuilder:
    """Builds the :class:`Method` of each operation of one API."""

    def __init__(self, api: ir.Api, annotator: Annotator, package: str) -> None:
        self._api = api
        self._models = {m.name: m for m in api.models}
        self._types = annotator
        self._package = package

    def method(self, op: ir.Operation, name: str, accessor: str, pager_name: str | None = None,
               streamer_name: str | None = None) -> Method:
        """The method ``name`` of the object at ``accessor`` for ``op``; with ``pager_name``,
        its paging twin, with ``streamer_name``, its event-streaming twin."""
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
            request=self._request(op, params, body_fields, body_argument),
            op=op,
            parameters=tuple(params),
            body_arguments=body_fields,
            body_argument=body_argument,
            example=example,
        )
        if op.pagination is not None and pager_name is not None:
            method = replace(method, pager=self._pager(op, pager_name, params, body_fields, body_argument, name))
        if streamer_name is not None and twins.event_body(op) is not None:
            method = replace(method, streamer=self._streamer(op, streamer_name, method))
        return method

    # --- names and types ----------------------------------------------------------------

    def _body_names(self, op: ir.Operation, taken: names.Namer
                    ) -> tuple[tuple[tuple[ir.Field, str], ...], str | None]:
        """(field, argument) pairs for an object body, or the one argument of another body."""
        body = op.request_body
        if body is None:
            return (), None
        schema = body.preferred.schema
        model = self._models.get(schema.name) if isinstance(schema, ir.Ref) else None
        # The stream flag is the streaming twin's to set: a plain call cannot read events.
        flag = twins.stream_flag(op, self._models) if twins.event_body(op) is not None else None
        if model is not None and model.is_object and model.fields and body.preferred.encoding != "binary":
            return tuple((f, taken.claim(names.snake(f.name, fallback="field")))
                         for f in model.fields if not f.read_only and f is not flag), None
        return (), taken.claim("body")

    def _return_type(self, op: ir.Operation) -> str:
        ok = op.success
        if ok is None:
            return "Any"
        if not ok.bodies:
            return "None"
        body = twins.result_body(op) or ok.bodies[0]  # only events: the whole stream as text
        return {"binary": "bytes", "text": "str"}.get(body.encoding) or self._types.annotation(body.schema, "models.")

    def _field_type(self, f: ir.Field, body: ir.RequestBody) -> str:
        if body.preferred.encoding == "multipart" and _is_binary(f.schema):
            return "FileTypes"
        return self._types.argument(f.schema, "models.")

    def _body_type(self, body: ir.RequestBody) -> str:
        preferred = body.preferred
        if preferred.encoding in ("binary", "text"):
            return "bytes" if preferred.encoding == "binary" else "str"
        if preferred.encoding in ("form", "multipart") and not isinstance(preferred.schema, ir.Ref | ir.Map):
            return "Dict[str, Any]"
        return self._types.argument(preferred.schema, "models.")

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
                    Argument(arg, _or_not_given(annotation), "NOT_GIVEN"))
            if body_argument is not None:
                annotation = self._body_type(body)
                (required if body.required else optional).append(
                    Argument(body_argument, annotation) if body.required else
                    Argument(body_argument, _or_not_given(annotation), "NOT_GIVEN"))
        if skip and op.pagination is not None and op.pagination.limit_param is not None:
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
                 paging: ir.Pagination | None = None, flag: ir.Field | None = None) -> Request:
        """The ``RequestSpec`` of a call; a pager's (``paging``) sends the page's position,
        size and link; a streamer's sets the body's ``flag``."""
        query = []
        for p, arg in params:
            if p.location != "query":
                continue
            if paging is not None and p.name == paging.offset_param:
                query.append(Sent(p.name, "_page.position", True))
            elif paging is not None and p.name == paging.limit_param:
                query.append(Sent(p.name, "_page.limit", True))
            else:
                query.append(Sent(p.name, arg, p.explode is not False))
        return Request(
            method=op.method,
            path=op.path,
            path_values=_sent(params, "path"),
            query=tuple(query),
            headers=_sent(params, "header"),
            cookies=_sent(params, "cookie"),
            body=_body_keywords(op.request_body, body_fields, body_argument, flag),
            security=op.security,
            idempotency_header=twins.idempotency_header(op),
            url="_page.url" if paging is not None else None,
        )

    def _pager(self, op: ir.Operation, name: str, params: list[tuple[ir.Parameter, str]],
               body_fields: tuple[tuple[ir.Field, str], ...], body_argument: str | None,
               method_name: str) -> Pager:
        pagination = op.pagination
        assert pagination is not None
        skip = tuple(p for p in (pagination.offset_param, pagination.limit_param) if p is not None)
        path_args = tuple(Argument(arg, self._types.annotation(p.schema, "models."))
                          for p, arg in params if p.location == "path")
        return Pager(
            name=name,
            arguments=self._arguments(op, params, body_fields, body_argument, skip),
            path_arguments=path_args,
            item=self._types.annotation(pagination.item_schema, "models.") if pagination.item_schema else "Any",
            paging=twins.paging_source(pagination, _max_page_size(pagination)),
            page_size=PAGE_SIZE if pagination.limit_param is not None else "None",
            request=self._request(op, params, body_fields, body_argument, paging=pagination),
            docstring=method_docstring(
                op, Arguments(tuple(params), body_fields, body_argument, skip,
                              _page_size(pagination) if pagination.limit_param is not None else None),
                "", "", Twin(f"Every item of :meth:`{method_name}`, page after page.",
                             "The first page: iterate it for every item of every page, fetched as needed "
                             "(``iter_pages()`` yields the pages).")),
        )

    def _streamer(self, op: ir.Operation, name: str, method: Method) -> Streamer:
        """The twin of ``method`` that asks for server-sent events and yields them typed."""
        events = twins.event_body(op)
        assert events is not None
        flag = twins.stream_flag(op, self._models)
        event = self._types.annotation(events.schema, "models.")
        return Streamer(
            name=name,
            arguments=method.arguments,
            path_arguments=method.path_arguments,
            event=event,
            request=self._request(op, list(method.parameters), method.body_arguments, method.body_argument,
                                  flag=flag),
            docstring=method_docstring(
                op, Arguments(method.parameters, method.body_arguments, method.body_argument), "", "",
                Twin(f":meth:`{method.name}`, answered with server-sent events.",
                     f"A stream: iterate it for each event as it arrives, parsed into ``{event}``.")),
        )


def _pager_names(op: ir.Operation) -> tuple[str, ...]:
    """``page_size`` when an iterator takes it beside the operation's own arguments (unless it
    is the limit parameter's own name, which the iterator leaves out)."""
    paging = op.pagination
    if paging is None or paging.limit_param is None or names.snake(paging.limit_param, fallback="param") == PAGE_SIZE:
        return ()
    return (PAGE_SIZE,)


def _sent(params: list[tuple[ir.Parameter, str]], location: str) -> tuple[Sent, ...]:
    return tuple(Sent(p.name, arg) for p, arg in params if p.location == location)


def _is_binary(schema: ir.Schema) -> bool:
    return isinstance(schema, ir.Primitive) and schema.format == "binary"


def _max_page_size(pagination: ir.Pagination) -> int | None:
    """The API's largest page, when it states one."""
    limit = pagination.max_limit
    return limit if isinstance(limit, int) and not isinstance(limit, bool) and limit > 0 else None


def _page_size(pagination: ir.Pagination) -> str:
    """The default page size of an iterator: the API's largest page, when it states one."""
    return repr(_max_page_size(pagination))


def _body_keywords(body: ir.RequestBody | None, fields: tuple[tuple[ir.Field, str], ...],
                   argument: str | None, flag: ir.Field | None = None) -> tuple[tuple[str, str], ...]:
    """The RequestSpec keywords that carry the body, as Python source (with ``flag`` set True)."""
    if body is None:
        return ()
    encoding = body.preferred.encoding
    if fields:
        return _field_keywords(encoding, fields + ((flag, "True"),) if flag is not None else fields) + \
            _content_type(body)
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


def _or_not_given(annotation: str) -> str:
    """``annotation`` that may also be left out; a union gains NotGiven as one more member
    (an annotation that starts with ``Union[`` is one union: nothing follows its subscript)."""
    if annotation.startswith("Union["):
        return f"{annotation[:-1]}, NotGiven]"
    return f"Union[{annotation}, NotGiven]"
