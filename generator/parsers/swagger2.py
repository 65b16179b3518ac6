"""Upgrade a Swagger 2.0 document to the OpenAPI 3.0 shape the parser reads.

Only what changes shape is converted: definitions, parameters (body and formData become
request bodies), responses (schema becomes content), security definitions and the server.
References are rewritten to their 3.0 homes so the usual resolver follows them.
"""

from __future__ import annotations

from typing import Any

_REF_HOMES = {
    "#/definitions/": "#/components/schemas/",
    "#/parameters/": "#/components/parameters/",
    "#/responses/": "#/components/responses/",
}
_METHODS = ("get", "put", "post", "delete", "options", "head", "patch")


def upgrade(spec: dict[str, Any]) -> dict[str, Any]:
    """Return an OpenAPI 3.0 dict equivalent to the Swagger 2.0 dict ``spec``."""
    spec = _rewrite_refs(spec)
    consumes = spec.get("consumes") or ["application/json"]
    produces = spec.get("produces") or ["application/json"]
    shared_params = spec.get("parameters") or {}
    upgraded: dict[str, Any] = {
        "openapi": "3.0.3",
        "info": spec.get("info") or {},
        "servers": _servers(spec),
        "paths": {},
        "components": {
            "schemas": spec.get("definitions") or {},
            "parameters": {k: p for k, p in shared_params.items()
                           if isinstance(p, dict) and p.get("in") not in ("body", "formData")},
            "responses": {k: _response(r, produces) for k, r in (spec.get("responses") or {}).items()},
            "securitySchemes": {k: _security_scheme(s)
                                for k, s in (spec.get("securityDefinitions") or {}).items()},
        },
    }
    for key in ("security", "tags", "externalDocs"):
        if key in spec:
            upgraded[key] = spec[key]
    upgraded.update({k: v for k, v in spec.items() if k.startswith("x-")})
    for path, item in (spec.get("paths") or {}).items():
        upgraded["paths"][path] = _path_item(item, consumes, produces, shared_params)
    return upgraded


def _rewrite_refs(value: Any) -> Any:
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if key == "$ref" and isinstance(item, str):
                for old, new in _REF_HOMES.items():
                    if item.startswith(old):
                        item = new + item[len(old):]
            out[key] = _rewrite_refs(item)
        return out
    if isinstance(value, list):
        return [_rewrite_refs(v) for v in value]
    return value


def _servers(spec: dict[str, Any]) -> list[dict[str, Any]]:
    host = spec.get("host")
    base = spec.get("basePath") or ""
    if not host:
        return [{"url": base or "/"}]
    schemes = spec.get("schemes") or ["https"]
    scheme = "https" if "https" in schemes else schemes[0]
    return [{"url": f"{scheme}://{host}{base}"}]


def _security_scheme(scheme: dict[str, Any]) -> dict[str, Any]:
    kind = scheme.get("type")
    if kind == "basic":
        return {"type": "http", "scheme": "basic", "description": scheme.get("description")}
    if kind == "oauth2":
        flow = {k: scheme[k] for k in ("authorizationUrl", "tokenUrl", "scopes") if k in scheme}
        return {"type": "oauth2", "flows": {scheme.get("flow", "implicit"): flow}}
    return dict(scheme)


def _path_item(item: Any, consumes: list[str], produces: list[str],
               shared: dict[str, Any]) -> dict[str, Any]:
    if not isinstance(item, dict):
        return {}
    out: dict[str, Any] = {k: v for k, v in item.items() if k not in _METHODS}
    common = [_inline(p, shared) for p in item.get("parameters") or []]
    out["parameters"] = [_parameter(p) for p in common if p.get("in") not in ("body", "formData")]
    for method in _METHODS:
        if isinstance(item.get(method), dict):
            out[method] = _operation(item[method], common, consumes, produces, shared)
    return out


def _inline(param: Any, shared: dict[str, Any]) -> dict[str, Any]:
    """Body and form parameters must be seen in place to become a request body."""
    if isinstance(param, dict) and isinstance(param.get("$ref"), str):
        name = param["$ref"].rsplit("/", 1)[-1]
        target = shared.get(name)
        if isinstance(target, dict) and target.get("in") in ("body", "formData"):
            return target
    return param if isinstance(param, dict) else {}


def _operation(op: dict[str, Any], common: list[dict[str, Any]], consumes: list[str],
               produces: list[str], shared: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in op.items() if k not in ("parameters", "responses", "consumes", "produces")}
    own = [_inline(p, shared) for p in op.get("parameters") or []]
    own_keys = {(p.get("name"), p.get("in")) for p in own}
    params = [p for p in common if (p.get("name"), p.get("in")) not in own_keys] + own
    consumes = op.get("consumes") or consumes
    out["parameters"] = [_parameter(p) for p in params if p.get("in") not in ("body", "formData")]
    body = _request_body(params, consumes)
    if body:
        out["requestBody"] = body
    out["responses"] = {str(code): _response(r, op.get("produces") or produces)
                        for code, r in (op.get("responses") or {}).items()}
    return out


def _parameter(param: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in param:
        return param
    schema_keys = ("type", "format", "items", "enum", "default", "minimum", "maximum",
                   "maxLength", "minLength", "pattern", "maxItems", "minItems")
    out = {k: v for k, v in param.items() if k not in schema_keys and k != "collectionFormat"}
    out["schema"] = {k: param[k] for k in schema_keys if k in param}
    if param.get("collectionFormat") == "multi":
        out["explode"] = True
    elif param.get("type") == "array":
        out["explode"] = False
    return out


def _request_body(params: list[dict[str, Any]], consumes: list[str]) -> dict[str, Any] | None:
    body = next((p for p in params if p.get("in") == "body"), None)
    if body is not None:
        content = {ct: {"schema": body.get("schema") or {}} for ct in consumes}
        return {"content": content, "required": bool(body.get("required")),
                "description": body.get("description")}
    form = [p for p in params if p.get("in") == "formData"]
    if not form:
        return None
    schema = {
        "type": "object",
        "properties": {p.get("name", ""): _form_property(p) for p in form},
        "required": [p.get("name", "") for p in form if p.get("required")],
    }
    multipart = any(p.get("type") == "file" for p in form) or "multipart/form-data" in consumes
    media = "multipart/form-data" if multipart else "application/x-www-form-urlencoded"
    return {"content": {media: {"schema": schema}}, "required": any(p.get("required") for p in form)}


def _form_property(param: dict[str, Any]) -> dict[str, Any]:
    if param.get("type") == "file":
        return {"type": "string", "format": "binary", "description": param.get("description")}
    schema: dict[str, Any] = _parameter(param)["schema"]
    return schema | {"description": param.get("description")}


def _response(response: Any, produces: list[str]) -> Any:
    if not isinstance(response, dict) or "$ref" in response:
        return response
    out = {k: v for k, v in response.items() if k not in ("schema", "examples")}
    out.setdefault("description", "")
    if "schema" in response:
        examples = response.get("examples") or {}
        out["content"] = {}
        for ct in produces:
            media: dict[str, Any] = {"schema": response["schema"]}
            if ct in examples:
                media["example"] = examples[ct]
            out["content"][ct] = media
    if isinstance(response.get("headers"), dict):
        out["headers"] = {name: {"schema": {k: v for k, v in h.items() if k != "description"},
                                 "description": h.get("description")}
                          for name, h in response["headers"].items() if isinstance(h, dict)}
    return out
