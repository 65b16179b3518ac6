"""The tests each generated package ships: for every method, a call with sample arguments and
the request a correct client sends for it.

The expectations are computed here from the IR, independently of the generated runtime, so
a bug in the runtime's path, query or body encoding makes a test fail rather than agree
with itself. Samples of lists have two items, so a query array sent the wrong way
(``explode``) shows in the expected query string.

The tests are type-checked with the package (``mypy --strict .``), so each argument is the
Python value its annotation names: a ``date`` parameter gets ``datetime.date(2024, 1, 2)``,
not the ISO text the wire carries, and a call that returns None is not assigned.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

from generator import ir
from generator.samples import MAX_DEPTH, conforms, sample
from generator.targets.python import twins
from generator.targets.python.types import Annotator
from generator.targets.python.view import Client, Method, TestCase

_LINE = 100  # the width generated code is formatted at


def build(client: Client, annotator: Annotator) -> dict[str, list[TestCase]]:
    """The test cases of every group, by the group's module name."""
    builder = _Cases(client, annotator)
    return {group.module: [builder.case(m) for m in group.methods] for group in client.groups}


class _Cases:
    def __init__(self, client: Client, annotator: Annotator) -> None:
        self._api = client.api
        self._types = annotator
        self._credentials = {wiring.scheme.name: wiring.argument for wiring in client.schemes}

    def case(self, method: Method) -> TestCase:
        """The test of ``method``."""
        op = method.op
        values = {arg: self._sample(p.schema) for p, arg in method.parameters}
        ok = op.success
        response = self._response(op)
        call = [(arg, self._argument(p.schema, values[arg])) for p, arg in method.parameters]
        call += self._body_arguments(method)
        result = self._result_check(method, response)
        # The statement as test_group.py.jinja writes it: a None-returning call is not assigned.
        statement = f"    {'' if result == 'none' else 'result = '}{method.accessor}.{method.name}()"
        pad = not call and len(statement) > _LINE
        page_size = _test_page_size(method, response)
        body = twins.result_body(op) or (ok.bodies[0] if ok is not None and ok.bodies else None)
        return TestCase(
            method=method,
            status=int(ok.status) if ok is not None and ok.status.isdigit() else 200,
            response=response,
            content_type=body.content_type if body is not None else None,
            arguments=tuple(call),
            pad=pad,
            path=_expected_path(op, method, values),
            hidden_query=self._credential_query(op),
            query=_expected_query([(p, arg) for p, arg in method.parameters if p.location == "query"], values),
            headers=tuple((p.name, simple_text(values[arg])) for p, arg in method.parameters if p.location == "header"),
            cookies=tuple(f"{p.name}={wire_text(values[arg])}" for p, arg in method.parameters
                          if p.location == "cookie"),
            auth=self._auth(op),
            body_encoding=op.request_body.preferred.encoding if op.request_body is not None else None,
            body_expected=self._expected_body(method),
            result=result,
            pager_arguments=_pager_arguments(method, call, page_size),
            pager_items=_page_length(method, response),
            page_size=page_size,
            pager_response=_last_page(method, response),
            pager_query=_first_page_query(method, page_size),
            events=self._events(method),
        )

    def _events(self, method: Method) -> bytes | None:
        """The event stream a mock answers a streaming twin with: two events, then ``[DONE]``."""
        events = twins.event_body(method.op)
        if method.streamer is None or events is None:
            return None
        data = sample(self._api, events.schema)
        text = data if isinstance(data, str) and method.streamer.event == "str" else json.dumps(data)
        return f"data: {text}\n\ndata: {text}\n\ndata: [DONE]\n\n".encode()

    # --- arguments ------------------------------------------------------------------------

    def _argument(self, schema: ir.Schema | None, value: Any, binary: bool = False) -> str:
        """A Python expression for an example argument value of ``schema``."""
        if binary:
            return 'b"file-content"'
        if self._needs_adapter(schema):
            return f"pydantic.TypeAdapter({self._types.annotation(schema, 'models.')}).validate_python({value!r})"
        return repr(value)

    def _body_arguments(self, method: Method) -> list[tuple[str, str]]:
        body = method.op.request_body
        if body is None:
            return []
        encoding = body.preferred.encoding
        if method.body_arguments:
            return [(arg, self._argument(f.schema, self._field_sample(f),
                                         encoding == "multipart" and _is_binary(f.schema)))
                    for f, arg in method.body_arguments]
        assert method.body_argument is not None
        if encoding in ("binary", "text"):
            return [(method.body_argument, 'b"binary-content"' if encoding == "binary" else '"text-content"')]
        return [(method.body_argument, self._argument(body.preferred.schema, self._body_sample(body)))]

    def _sample(self, schema: ir.Schema | None) -> Any:
        """An argument's sample as the Python value its annotation takes: lists of two items,
        so an array's wire form is checked, and dates as ``datetime`` objects."""
        return self._typed(schema, sample(self._api, schema, items=2))

    def _typed(self, schema: ir.Schema | None, value: Any, depth: int = 0) -> Any:
        """``value`` (JSON data sampled from ``schema``) with each date or date-time text that
        the annotation types ``datetime.date`` / ``datetime.datetime`` made that object.

        The walk follows the sample's own choices (a union's first concrete variant) and
        stops at object models: their fields are parsed by pydantic from the JSON text.
        """
        if depth > MAX_DEPTH:  # an alias of an alias ... of itself: leave the value alone
            return value
        if isinstance(schema, ir.Primitive) and isinstance(value, str):
            return _date_value(schema.format, value)
        if isinstance(schema, ir.Array) and isinstance(value, list):
            return [self._typed(schema.items, item, depth + 1) for item in value]
        if isinstance(schema, ir.Map) and isinstance(value, dict):
            return {key: self._typed(schema.values, item, depth + 1) for key, item in value.items()}
        if isinstance(schema, ir.Union):
            concrete = [v for v in schema.variants if v != ir.Primitive("null")]
            return self._typed(concrete[0], value, depth + 1) if concrete else value
        if isinstance(schema, ir.Ref) and not self._api.model(schema.name).is_object:
            return self._typed(self._api.model(schema.name).schema, value, depth + 1)
        return value

    def _field_sample(self, f: ir.Field) -> Any:
        return self._sample(f.schema)

    def _body_sample(self, body: ir.RequestBody) -> Any:
        """The sample passed as a whole body: for a form, always a mapping of fields (a form
        body whose schema says nothing about its fields is typed ``Dict[str, Any]``)."""
        value = self._sample(body.preferred.schema)
        if body.preferred.encoding in ("form", "multipart") and not isinstance(value, dict):
            return {"field": value}
        return value

    def _needs_adapter(self, schema: ir.Schema | None) -> bool:
        """True when an example of ``schema`` must be parsed into models before it is passed."""
        if isinstance(schema, ir.Ref):
            model = self._api.model(schema.name)
            return model.is_object or self._needs_adapter(model.schema)
        if isinstance(schema, ir.Array):
            return self._needs_adapter(schema.items)
        if isinstance(schema, ir.Map):
            return self._needs_adapter(schema.values)
        if isinstance(schema, ir.Union):
            return any(self._needs_adapter(v) for v in schema.variants)
        return False

    # --- expectations ---------------------------------------------------------------------

    def _response(self, op: ir.Operation) -> Any:
        """The body a mock answers with: the spec's example if it conforms, else a sample."""
        ok = op.success
        if ok is None or not ok.bodies:
            return None
        body = twins.result_body(op) or ok.bodies[0]
        if body.encoding == "binary":
            return b"binary-response"
        if body.encoding == "text":
            return body.example if isinstance(body.example, str) else "text-response"
        if body.example is not None and conforms(self._api, body.schema, body.example):
            return body.example
        return sample(self._api, body.schema)

    def _credential_query(self, op: ir.Operation) -> list[str]:
        """Query names the client adds as credentials, unless the call has a parameter of that name."""
        own = {p.name for p in op.parameters if p.location == "query"}
        return [s.param_name for s in self._api.auth
                if s.kind == "api_key" and s.location == "query" and s.param_name not in own]

    def _auth(self, op: ir.Operation) -> tuple[tuple[str, str, str], ...]:
        """(kind, wire name, credential argument) of each credential the client sends for
        ``op``: every scheme of the first requirement it can meet (conftest configures them all)."""
        schemes = {s.name: s for s in self._api.auth}
        accepted = self._api.security if op.security is None else op.security
        requirement = next((r for r in accepted if all(name in schemes for name in r)), ())
        checks = []
        for name in requirement:
            scheme = schemes[name]
            kind = scheme.kind if scheme.kind != "api_key" else scheme.location
            checks.append((kind, scheme.param_name, self.credential_argument(scheme)))
        return tuple(checks)

    def credential_argument(self, scheme: ir.AuthScheme) -> str:
        """The client argument carrying ``scheme``'s credential."""
        return self._credentials[scheme.name]

    def _expected_body(self, method: Method) -> Any:
        body = method.op.request_body
        if body is None:
            return None
        encoding = body.preferred.encoding
        if encoding == "multipart":
            return [multipart_name(f.name) for f, _ in method.body_arguments]
        values = ({f.name: self._field_sample(f) for f, _ in method.body_arguments} if method.body_arguments
                  else self._body_sample(body))
        return _form(values) if encoding == "form" else json_data(values)

    def _result_check(self, method: Method, response: Any) -> str:
        """How the test checks what the call returned: none, instance, maybe_null, not_none or ""."""
        ok = method.op.success
        schema = ok.bodies[0].schema if ok is not None and ok.bodies else None
        if method.returns == "None":
            return "none"
        if method.returns.startswith("models.") and self._types.is_object(schema):
            return "instance"
        if response is None:
            return ""
        return "maybe_null" if method.returns == "Any" else "not_none"


def _test_page_size(method: Method, response: Any) -> int | None:
    """A page size larger than the mock's one page that the API allows: its largest page,
    else 100; None when the listing takes no page size."""
    paging = method.op.pagination
    if method.pager is None or paging is None or paging.limit_param is None:
        return None
    size = paging.max_limit if isinstance(paging.max_limit, int) and paging.max_limit > 0 else 100
    return max(size, (_page_length(method, response) or 0) + 1)


def _pager_arguments(method: Method, call: list[tuple[str, str]], page_size: int | None) -> tuple[tuple[str, str], ...]:
    """The call of a method's pager: its arguments less the paging ones, and ``page_size``."""
    paging = method.op.pagination
    if method.pager is None or paging is None:
        return ()
    skipped = {arg for p, arg in method.parameters if p.name in (paging.offset_param, paging.limit_param)}
    size = (("page_size", str(page_size)),) if page_size is not None else ()
    return (*((name, value) for name, value in call if name not in skipped), *size)


def _last_page(method: Method, response: Any) -> Any:
    """The mock's page for a pager's test, saying it is the last: no more, no next cursor or
    link, a total of the items it holds."""
    paging = method.op.pagination
    if method.pager is None or paging is None or not isinstance(response, dict):
        return response
    page = json.loads(json.dumps(response))
    count = _page_length(method, response) or 0
    for path, value in ((paging.has_more, False), (paging.cursor, None), (paging.next_link, None),
                        (paging.total, count)):
        if path is not None:
            _put(page, path, value)
    return page


def _put(data: dict[str, Any], path: str, value: Any) -> None:
    """Set the dotted ``path`` of ``data`` to ``value``, making the objects on the way."""
    *holders, last = path.split(".")
    for part in holders:
        inner = data.get(part)
        data[part] = inner if isinstance(inner, dict) else {}
        data = data[part]
    data[last] = value


def _first_page_query(method: Method, page_size: int | None) -> tuple[tuple[str, str | None], ...]:
    """What the first page's query says of paging: (name, value), None for a name it leaves out."""
    paging = method.op.pagination
    if method.pager is None or paging is None:
        return ()
    found: list[tuple[str, str | None]] = []
    if paging.offset_param is not None:
        first = {"cursor": None, "page": str(paging.first if paging.first is not None else 1)}
        found.append((paging.offset_param, first.get(paging.style, "0")))
    if paging.limit_param is not None:
        found.append((paging.limit_param, str(page_size)))
    return tuple(found)


def _page_length(method: Method, response: Any) -> int | None:
    """How many items the iterator yields from the mock's one page; None without an iterator."""
    paging = method.op.pagination
    if method.pager is None or paging is None:
        return None
    page = response
    for part in (paging.items or "").split(".") if paging.items else ():
        page = page.get(part) if isinstance(page, dict) else None
    return len(page) if isinstance(page, list) else 0


def _is_binary(schema: ir.Schema | None) -> bool:
    return isinstance(schema, ir.Primitive) and schema.format == "binary"


def _date_value(format: str | None, text: str) -> Any:
    """``text`` as the ``datetime.date`` or ``datetime.datetime`` a parameter of this string
    ``format`` is annotated with; any other text (or one that does not parse) as it is."""
    try:
        if format == "date":
            return datetime.date.fromisoformat(text)
        if format == "date-time":
            return datetime.datetime.fromisoformat(text)
    except ValueError:
        pass
    return text


def _iso(value: Any) -> str:
    """A date or date-time as the ISO 8601 text a client sends for it (``isoformat``)."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    raise TypeError(f"not JSON data: {value!r}")


def json_data(value: Any) -> Any:
    """``value`` as the JSON a client sends for it: dates and date-times as ISO 8601 text."""
    return json.loads(json.dumps(value, default=_iso))


def wire_text(value: Any) -> str:
    """How a value appears in a URL, header or form: booleans lower case, dates as ISO 8601
    text, nested data as compact JSON."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value, separators=(",", ":"), default=_iso)
    return str(value)


def simple_text(value: Any) -> str:
    """A path or header value in OpenAPI's ``simple`` style, the default for both: a list's
    items, or an object's keys and values, joined by commas."""
    if isinstance(value, list):
        return ",".join(wire_text(item) for item in value)
    if isinstance(value, dict):
        return ",".join(f"{key},{wire_text(item)}" for key, item in value.items())
    return wire_text(value)


def _expected_path(op: ir.Operation, method: Method, values: dict[str, Any]) -> str:
    """The operation's path with each path parameter's value, as httpx's ``url.path`` shows
    it (percent-decoded)."""
    path = op.path
    for p, arg in method.parameters:
        if p.location == "path":
            path = path.replace("{" + p.name + "}", simple_text(values[arg]))
    return path


def multipart_name(name: str) -> bytes:
    """The ``name="..."`` of a multipart part as httpx writes it (HTML5 escapes)."""
    escaped = "".join("%22" if ch == '"' else "\\\\" if ch == "\\" else
                      f"%{ord(ch):02X}" if ord(ch) < 0x20 and ch != "\x1b" else ch for ch in name)
    return f'name="{escaped}"'.encode()


def _expected_query(params: list[tuple[ir.Parameter, str]], values: dict[str, Any]) -> list[list[str]]:
    """The query string's (name, value) pairs: arrays exploded unless ``explode: false``."""
    pairs: list[list[str]] = []
    for p, arg in params:
        value = values[arg]
        if isinstance(value, list):
            if p.explode is False:
                pairs.append([p.name, ",".join(wire_text(v) for v in value)])
            else:
                pairs.extend([p.name, wire_text(v)] for v in value)
        elif isinstance(value, dict):
            pairs.extend([f"{p.name}[{k}]", wire_text(v)] for k, v in value.items())
        else:
            pairs.append([p.name, wire_text(value)])
    return pairs


def _form(values: Any) -> dict[str, list[str]]:
    """The parsed form (``parse_qs``) a client sends for the sample body arguments."""
    if not isinstance(values, dict):
        return {}
    return {name: [wire_text(v) for v in (value if isinstance(value, list) else [value])]
            for name, value in values.items() if value is not None}
