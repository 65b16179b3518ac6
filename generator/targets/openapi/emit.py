"""The openapi target: an OpenAPI 3.1 document of any IR, written by a YAML serializer.

The document is built as data and dumped by PyYAML, so no spec text can break it (quotes,
newlines, keys longer than YAML's 1,024-character limit for plain keys). Facts OpenAPI has
no words for travel as ``x-apigen-*`` extensions (``docs/openapi-out.md``), so the document
reads back into the IR it came from.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from generator import ir
from generator.words import Namer

_COMPONENT_KEY = re.compile(r"[^A-Za-z0-9._-]")


class _Dumper(yaml.SafeDumper):
    """Block-style YAML without anchors: every repeated value is written out again."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def emit_openapi(api: ir.Api, header: str) -> dict[str, str]:
    """``openapi.yaml`` for ``api``, after a comment line holding ``header``."""
    text = yaml.dump(document(api), Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                     default_flow_style=False, width=100)
    return {"openapi.yaml": f"# {' '.join(header.split())}\n{text}"}


def document(api: ir.Api) -> dict[str, Any]:
    """The OpenAPI 3.1 document of ``api`` as data."""
    header_keys = _header_keys(api.headers)
    doc: dict[str, Any] = {"openapi": "3.1.0", "info": _info(api)}
    if api.servers:
        doc["servers"] = [_server(s) for s in api.servers]
    if api.security:
        doc["security"] = _security(api.security, api.scopes)
    extensions = {
        "x-apigen-envelope": {"data": api.envelope.data, "code": api.envelope.code} if api.envelope else None,
        "x-apigen-error-message": api.error_message,
        "x-apigen-webhook-signature": _signature(api.webhook_signature),
        "x-apigen-client-headers": list(header_keys.values()) or None,
    }
    doc.update({key: value for key, value in extensions.items() if value is not None})
    if "Documentation" in dict(api.links):
        doc["externalDocs"] = {"url": dict(api.links)["Documentation"]}
    doc["paths"] = _paths(api, header_keys)
    if api.webhooks:
        doc["webhooks"] = {hook.name: {hook.method.lower(): _webhook(hook)} for hook in api.webhooks}
    doc["components"] = _components(api, header_keys)
    return doc


def _info(api: ir.Api) -> dict[str, Any]:
    info: dict[str, Any] = {"title": api.title, "version": api.version}
    _put(info, "description", api.description)
    links = dict(api.links)
    if "Terms of service" in links:
        info["termsOfService"] = links["Terms of service"]
    if "Homepage" in links:
        info["contact"] = {"url": links["Homepage"]}
    if api.license is not None:
        info["license"] = {"name": api.license} | ({"url": links["License"]} if "License" in links else {})
    return info


def _server(server: ir.Server) -> dict[str, Any]:
    out: dict[str, Any] = {"url": server.url}
    if server.description is not None:
        out["description"] = server.description
    if server.variables:
        out["variables"] = {v.name: _server_variable(v) for v in server.variables}
    return out


def _server_variable(variable: ir.ServerVariable) -> dict[str, Any]:
    # OpenAPI demands a default; x-apigen-no-default says the client must be given one.
    out: dict[str, Any] = {"default": variable.default if variable.default is not None else ""}
    if variable.default is None:
        out["x-apigen-no-default"] = True
    if variable.enum:
        out["enum"] = list(variable.enum)
    if variable.description is not None:
        out["description"] = variable.description
    return out


def _security(alternatives: tuple[tuple[str, ...], ...], scopes: ir.Scopes = ()) -> list[dict[str, list[str]]]:
    asked = dict(scopes)
    return [{name: list(asked.get(name, ())) for name in requirement} for requirement in alternatives]


def _signature(signature: ir.WebhookSignature | None) -> dict[str, Any] | None:
    """The scheme as ``x-apigen-webhook-signature`` declares it: the keys that differ from the defaults."""
    if signature is None:
        return None
    default = ir.WebhookSignature(signature.header, signature.algorithm)
    declared: dict[str, Any] = {"header": signature.header, "algorithm": signature.algorithm,
                                "encoding": signature.encoding}
    declared.update({key: getattr(signature, key) for key in ("prefix", "timestamp_header", "timestamp_unit",
                                                              "tolerance", "payload")
                     if getattr(signature, key) != getattr(default, key)})
    return declared


def _header_keys(headers: tuple[ir.Parameter, ...]) -> dict[str, str]:
    """A ``components/parameters`` key for each client header, by wire name."""
    keys = Namer()
    return {h.name: keys.claim(_COMPONENT_KEY.sub("_", h.name) or "header") for h in headers}


# --- paths ---------------------------------------------------------------------------------


def _paths(api: ir.Api, header_keys: dict[str, str]) -> dict[str, Any]:
    paths: dict[str, dict[str, Any]] = {}
    for op in api.operations:
        item = paths.setdefault(op.path, {})
        method = op.method.lower()
        if method not in item:  # OpenAPI cannot hold two operations with one method and path
            item[method] = _operation(op, api, header_keys)
    return paths


def _operation(op: ir.Operation, api: ir.Api, header_keys: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {"operationId": op.operation_id}
    if op.group:  # for other generators; x-apigen-group is what apigen reads back
        out["x-fern-sdk-group-name"] = op.group[0] if len(op.group) == 1 else list(op.group)
    out["x-apigen-group"] = list(op.group)
    out["x-fern-sdk-method-name"] = op.name
    if op.tags:
        out["tags"] = list(op.tags)
    _put(out, "summary", op.summary)
    if op.description is not None or op.notes:
        out["description"] = _described(op.description, op.notes)
    if op.notes:
        out["x-apigen-notes"] = list(op.notes)
    if op.deprecated:
        out["deprecated"] = True
    _put(out, "x-sunset", op.sunset)
    if op.security is not None:
        out["security"] = _security(op.security, op.scopes)
    own_headers = {p.name for p in op.parameters if p.location == "header"}
    parameters = [_parameter(p) for p in op.parameters]
    parameters += [{"$ref": f"#/components/parameters/{header_keys[h.name]}"}
                   for h in api.headers if h.name not in own_headers]
    if parameters:
        out["parameters"] = parameters
    if op.request_body is not None:
        out["requestBody"] = _request_body(op.request_body)
    if op.responses:
        out["responses"] = {r.status: _response(r) for r in op.responses}
    declared = _pagination(op.pagination) if op.pagination is not None else None
    if declared is not None:
        out["x-apigen-pagination"] = declared
    return out


def _parameter(p: ir.Parameter) -> dict[str, Any]:
    out: dict[str, Any] = {"name": p.name, "in": p.location}
    if p.required:
        out["required"] = True
    _put(out, "description", p.description)
    if p.deprecated:
        out["deprecated"] = True
    _put(out, "style", p.style)
    _put(out, "explode", p.explode)
    _put(out, "example", p.example)
    out["schema"] = schema(p.schema) | ({"default": p.default} if p.default is not None else {})
    return out


def _content(bodies: tuple[ir.Body, ...]) -> dict[str, Any]:
    content = {}
    for body in bodies:
        media: dict[str, Any] = {"schema": schema(body.schema)}
        _put(media, "example", body.example)
        content[body.content_type] = media
    return content


def _request_body(body: ir.RequestBody) -> dict[str, Any]:
    out: dict[str, Any] = {}
    _put(out, "description", body.description)
    if body.required:
        out["required"] = True
    out["content"] = _content(body.bodies)
    return out


def _response(response: ir.Response) -> dict[str, Any]:
    out: dict[str, Any] = {"description": response.description if response.description is not None else ""}
    if response.headers:
        out["headers"] = {name: {"schema": {"type": "string"}} for name in response.headers}
    if response.bodies:
        out["content"] = _content(response.bodies)
    return out


def _pagination(page: ir.Pagination) -> dict[str, Any] | None:
    """``x-apigen-pagination`` for offset-style paging; None for other styles, which readers
    detect again from the operation's shape."""
    if page.offset_param is None or page.limit_param is None or page.style not in ("offset", "start_range"):
        return None
    out: dict[str, Any] = {"style": page.style, "offset": page.offset_param, "limit": page.limit_param}
    _put(out, "items", page.items)
    _put(out, "total", page.total)
    _put(out, "max_limit", page.max_limit)
    if page.item_schema is not None:
        out["item"] = schema(page.item_schema)
    return out


def _webhook(hook: ir.Webhook) -> dict[str, Any]:
    out: dict[str, Any] = {}
    _put(out, "summary", hook.summary)
    _put(out, "description", hook.description)
    if hook.headers:  # what every delivery carries: parameters of the request the API sends
        out["parameters"] = [_parameter(h) for h in hook.headers]
    if hook.payload is not None:
        out["requestBody"] = {"required": True, "content": {"application/json": {"schema": schema(hook.payload)}}}
    return out


# --- components ----------------------------------------------------------------------------


def _components(api: ir.Api, header_keys: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if api.auth:
        out["securitySchemes"] = {s.name: _scheme(s) for s in api.auth}
    if api.headers:
        out["parameters"] = {header_keys[h.name]: _parameter(h) for h in api.headers}
    out["schemas"] = {m.name: _model(m) for m in api.models}
    return out


def _scheme(scheme: ir.AuthScheme) -> dict[str, Any]:
    if scheme.kind == "api_key":
        out: dict[str, Any] = {"type": "apiKey", "in": scheme.location, "name": scheme.param_name}
    else:
        out = {"type": "http", "scheme": "basic" if scheme.kind == "basic" else "bearer"}
        if scheme.kind != "basic" and scheme.param_name != "Authorization":
            out["x-apigen-header"] = scheme.param_name
    _put(out, "description", scheme.description)
    return out


def _model(model: ir.Model) -> dict[str, Any]:
    if not model.is_object:
        out = schema(model.schema, top=True) if model.schema is not None else {}
    else:
        out = {"type": "object"}
    if model.description is not None or model.notes:
        out["description"] = _described(model.description, model.notes)
    if model.notes:
        out["x-apigen-notes"] = list(model.notes)
    if model.is_object:
        out["properties"] = {f.name: _property(f) for f in model.fields}
        required = [f.name for f in model.fields if f.required]
        if required:
            out["required"] = required
        if model.additional is not None:
            out["additionalProperties"] = schema(model.additional)
        elif model.closed:
            out["additionalProperties"] = False
    _put(out, "title", model.title)
    return out


def _property(f: ir.Field) -> dict[str, Any]:
    out = schema(f.schema)
    _put(out, "description", f.description)
    _put(out, "default", f.default)
    for key, flag in (("readOnly", f.read_only), ("writeOnly", f.write_only), ("deprecated", f.deprecated)):
        if flag:
            out[key] = True
    return out


def schema(s: ir.Schema, top: bool = False) -> dict[str, Any]:
    """JSON Schema for an IR schema; ``top`` for a model's own schema (an enum model keeps
    ``enum``; an alias of another model is ``oneOf`` of it, since a bare ``$ref`` would be
    read as that model itself)."""
    rest = [v for v in s.variants if v != ir.Primitive("null")] if isinstance(s, ir.Union) else []
    # A nullable primitive, list or map is a 3.1 type list; anything else nullable is oneOf with null.
    typed = (isinstance(s, ir.Union) and len(rest) == 1 and len(rest) < len(s.variants)
             and isinstance(rest[0], ir.Primitive | ir.Array | ir.Map) and s.discriminator is None)
    return _schema(rest[0] if typed else s, typed, top)


def _schema(s: ir.Schema, nullable: bool, top: bool) -> dict[str, Any]:
    def kind(name: str) -> str | list[str]:
        return [name, "null"] if nullable else name

    if isinstance(s, ir.Primitive):
        out: dict[str, Any] = {"type": kind(s.type)}
        _put(out, "format", s.format)
        for key, value in (("minimum", s.minimum), ("maximum", s.maximum),
                           ("exclusiveMinimum", s.exclusive_minimum),
                           ("exclusiveMaximum", s.exclusive_maximum), ("multipleOf", s.multiple_of),
                           ("minLength", s.min_length), ("maxLength", s.max_length),
                           ("pattern", s.pattern)):
            _put(out, key, value)
        return out
    if isinstance(s, ir.Enum):  # an inline single value is how OpenAPI's const reads
        if len(s.values) == 1 and not top:
            return {"type": s.type, "const": s.values[0]}
        return {"type": s.type, "enum": list(s.values)}
    if isinstance(s, ir.Array):
        out = {"type": kind("array"), "items": schema(s.items)}
        _put(out, "minItems", s.min_items)
        _put(out, "maxItems", s.max_items)
        if s.unique_items:
            out["uniqueItems"] = True
        return out
    if isinstance(s, ir.Map):
        out = {"type": kind("object")}
        if not isinstance(s.values, ir.AnyValue):
            out["additionalProperties"] = schema(s.values)
        return out
    if isinstance(s, ir.Ref):
        reference = {"$ref": f"#/components/schemas/{s.name}"}
        return {"oneOf": [reference]} if top else reference
    if isinstance(s, ir.Union):
        return _union(s)
    return {}


def _union(s: ir.Union) -> dict[str, Any]:
    out: dict[str, Any] = {"oneOf": [schema(v) for v in s.variants]}
    if s.discriminator is not None:
        discriminator: dict[str, Any] = {"propertyName": s.discriminator}
        if s.mapping:
            discriminator["mapping"] = {value: f"#/components/schemas/{name}" for value, name in s.mapping}
        out["discriminator"] = discriminator
    return out


def _described(description: str | None, notes: tuple[str, ...]) -> str:
    """The description and notes of an element as one text (notes are also x-apigen-notes)."""
    return "\n\n".join(([description] if description is not None else []) + list(notes))


def _put(out: dict[str, Any], key: str, value: Any) -> None:
    if value is not None:
        out[key] = value
