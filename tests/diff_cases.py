"""The adversarial set of ``apigen diff``: small document pairs, each made to trigger rules of
the catalogue, compatible and breaking (tests/test_diff_rules.py runs them).

A schema case is an (old, new) pair of JSON Schemas placed where the test puts it: as a
query parameter's schema (P), as property ``v`` of a request body (Q), as property ``v`` of
a response body (R). Every other case is a pair of whole documents built by :func:`doc`.
"""

from __future__ import annotations

import copy
from typing import Any

Json = dict[str, Any]
S, I, N, B = ({"type": "string"}, {"type": "integer"}, {"type": "number"}, {"type": "boolean"})
PLACES = {"P": "POST /things › query parameter p", "Q": "POST /things › request body › v",
          "R": "POST /things › response 200 › body › v"}


def doc(p: Any = None, q: Any = None, r: Any = None, **more: Any) -> Json:
    """A document with one operation, POST /things, with the schemas ``p`` (a query
    parameter), ``q`` (request property v), ``r`` (response property v); ``more`` adds or
    replaces top-level keys, or the operation's (``op={...}``)."""
    op: Json = {"operationId": "make-thing", "responses": {"200": {"description": "ok"}}}
    if p is not None:
        op["parameters"] = [{"name": "p", "in": "query", "schema": p}]
    if q is not None:
        op["requestBody"] = {"required": True, "content": {"application/json": {
            "schema": {"type": "object", "properties": {"v": q}}}}}
    if r is not None:
        op["responses"]["200"]["content"] = {"application/json": {
            "schema": {"type": "object", "properties": {"v": r}}}}
    op.update(more.pop("op", {}))
    document: Json = {"openapi": "3.1.0", "info": {"title": "T", "version": "1"},
                      "servers": [{"url": "https://api.example.com"}],
                      "paths": {"/things": {"post": op}}}
    document.update(more)
    return copy.deepcopy(document)


def obj(props: Json, required: list[str] | None = None, **more: Any) -> Json:
    """An object schema."""
    return {"type": "object", "properties": props, **({"required": required} if required else {}), **more}


# stem: (old schema, new schema, the scopes it is placed in, path below v)
SCHEMA_CASES: dict[str, tuple[Json, Json, str, str]] = {
    "type-changed": (S, B, "PQR", ""),
    "type-widened": (I, N, "PQR", ""),
    "type-narrowed": (N, I, "PQR", ""),
    "became-nullable": (S, {"type": ["string", "null"]}, "PQR", ""),
    "became-not-nullable": ({"type": "string", "nullable": True}, S, "PQR", ""),
    "enum-value-added": ({"type": "string", "enum": ["a"]}, {"type": "string", "enum": ["a", "b"]}, "PQR", ""),
    "enum-value-removed": ({"type": "string", "enum": ["a", "b"]}, {"type": "string", "enum": ["a"]}, "PQR", ""),
    "became-enum": (S, {"type": "string", "enum": ["a"]}, "PQR", ""),
    "no-longer-enum": ({"type": "string", "enum": ["a", "b"]}, S, "PQR", ""),
    "format-added": (S, {"type": "string", "format": "email"}, "PQR", ""),
    "format-removed": ({"type": "string", "format": "email"}, S, "PQR", ""),
    "format-changed": ({"type": "string", "format": "date"}, {"type": "string", "format": "date-time"}, "PQR", ""),
    "default-value-changed": ({"type": "string", "default": "a"}, {"type": "string", "default": "b"}, "QR", ""),
    "max-length-decreased": ({"type": "string", "maxLength": 100}, {"type": "string", "maxLength": 10}, "PQR", ""),
    "max-length-increased": ({"type": "string", "maxLength": 10}, S, "PQR", ""),
    "min-length-increased": (S, {"type": "string", "minLength": 2}, "PQR", ""),
    "min-length-decreased": ({"type": "string", "minLength": 2}, {"type": "string", "minLength": 1}, "PQR", ""),
    "max-decreased": ({"type": "integer", "maximum": 10}, {"type": "integer", "maximum": 5}, "PQR", ""),
    "max-increased": ({"type": "integer", "maximum": 5}, {"type": "integer", "maximum": 10}, "PQR", ""),
    "min-increased": ({"type": "integer", "minimum": 0}, {"type": "integer", "minimum": 1}, "PQR", ""),
    "min-decreased": ({"type": "integer", "minimum": 1}, I, "PQR", ""),
    "exclusive-max-decreased": (N, {"type": "number", "exclusiveMaximum": 5}, "PQR", ""),
    "exclusive-max-increased": ({"type": "number", "exclusiveMaximum": 5}, {"type": "number", "exclusiveMaximum": 6}, "PQR", ""),
    "exclusive-min-increased": ({"type": "number", "exclusiveMinimum": 0}, {"type": "number", "exclusiveMinimum": 1}, "PQR", ""),
    "exclusive-min-decreased": ({"type": "number", "exclusiveMinimum": 1}, N, "PQR", ""),
    "pattern-added": (S, {"type": "string", "pattern": "^[a-z]+$"}, "PQR", ""),
    "pattern-removed": ({"type": "string", "pattern": "^[a-z]+$"}, S, "PQR", ""),
    "pattern-changed": ({"type": "string", "pattern": "^[a-z]+$"}, {"type": "string", "pattern": "^[0-9]+$"}, "PQR", ""),
    "multiple-of-added": (I, {"type": "integer", "multipleOf": 5}, "PQR", ""),
    "multiple-of-removed": ({"type": "integer", "multipleOf": 5}, I, "PQR", ""),
    "multiple-of-changed": ({"type": "integer", "multipleOf": 5}, {"type": "integer", "multipleOf": 3}, "PQR", ""),
    "max-items-decreased": ({"type": "array", "items": S, "maxItems": 5}, {"type": "array", "items": S, "maxItems": 3}, "PQR", ""),
    "max-items-increased": ({"type": "array", "items": S, "maxItems": 3}, {"type": "array", "items": S}, "PQR", ""),
    "min-items-increased": ({"type": "array", "items": S}, {"type": "array", "items": S, "minItems": 1}, "PQR", ""),
    "min-items-decreased": ({"type": "array", "items": S, "minItems": 2}, {"type": "array", "items": S, "minItems": 1}, "PQR", ""),
    "unique-items-added": ({"type": "array", "items": S}, {"type": "array", "items": S, "uniqueItems": True}, "PQR", ""),
    "unique-items-removed": ({"type": "array", "items": S, "uniqueItems": True}, {"type": "array", "items": S}, "PQR", ""),
    "variant-added": ({"oneOf": [S, I]}, {"oneOf": [S, I, B]}, "PQR", "<3>"),
    "variant-removed": ({"oneOf": [S, I, B]}, {"oneOf": [S, I]}, "PQR", "<3>"),
    "added-required": (obj({"a": S}), obj({"a": S, "x": S}, ["x"]), "Q", ".x"),
    "added-optional": (obj({"a": S}), obj({"a": S, "x": S}), "Q", ".x"),
    "added": (obj({"a": S}), obj({"a": S, "x": S}, ["x"]), "R", ".x"),
    "removed": (obj({"a": S, "x": S}), obj({"a": S}), "Q", ".x"),
    "removed-required": (obj({"a": S, "x": S}, ["x"]), obj({"a": S}), "R", ".x"),
    "removed-optional": (obj({"a": S, "x": S}), obj({"a": S}), "R", ".x"),
    "became-required": (obj({"x": S}), obj({"x": S}, ["x"]), "QR", ".x"),
    "became-optional": (obj({"x": S}, ["x"]), obj({"x": S}), "QR", ".x"),
    "became-read-only": (obj({"x": S}), obj({"x": {"type": "string", "readOnly": True}}), "Q", ".x"),
    "became-writable": (obj({"x": {"type": "string", "readOnly": True}}), obj({"x": S}), "Q", ".x"),
    "became-write-only-required": (obj({"x": S}, ["x"]), obj({"x": {"type": "string", "writeOnly": True}}, ["x"]), "R", ".x"),
    "became-write-only-optional": (obj({"x": S}), obj({"x": {"type": "string", "writeOnly": True}}), "R", ".x"),
    "became-readable": (obj({"x": {"type": "string", "writeOnly": True}}), obj({"x": S}), "R", ".x"),
    "additional-properties-closed": (obj({"a": S}), obj({"a": S}, additionalProperties=False), "QR", "{}"),
    "additional-properties-opened": (obj({"a": S}, additionalProperties=False), obj({"a": S}), "QR", "{}"),
    "additional-properties-changed": (obj({"a": S}, additionalProperties=S), obj({"a": S}, additionalProperties=I), "R", "{}"),
    "deprecated": (obj({"x": S}), obj({"x": {"type": "string", "deprecated": True}}), "QR", ".x"),
    "reactivated": (obj({"x": {"type": "string", "deprecated": True}}), obj({"x": S}), "QR", ".x"),
}

_A = obj({"kind": {"type": "string", "enum": ["a"]}, "x": S}, ["kind"])
_B = obj({"kind": {"type": "string", "enum": ["b"]}, "y": S}, ["kind"])
_COMPONENTS = {"schemas": {"A": _A, "B": _B}}
_REFS = [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}]


def _tagged(prop: str | None = "kind", mapping: Json | None = None) -> Json:
    union: Json = {"oneOf": _REFS}
    if prop is not None:
        union["discriminator"] = {"propertyName": prop, **({"mapping": mapping} if mapping else {})}
    return union


_MAP = {"a": "#/components/schemas/A", "b": "#/components/schemas/B"}
# stem: (old union, new union) of the variants A and B, placed as v in requests and responses
DISCRIMINATOR_CASES: dict[str, tuple[Json, Json]] = {
    "discriminator-added": (_tagged(None), _tagged()),
    "discriminator-removed": (_tagged(), _tagged(None)),
    "discriminator-changed": (_tagged(), _tagged("x")),
    "discriminator-mapping-value-removed": (_tagged(mapping=_MAP), _tagged(mapping={"a": _MAP["a"]})),
    "discriminator-mapping-value-added": (_tagged(mapping={"a": _MAP["a"]}), _tagged(mapping=_MAP)),
}


def discriminator_docs(stem: str) -> tuple[Json, Json]:
    old, new = DISCRIMINATOR_CASES[stem]
    return doc(q=old, r=old, components=_COMPONENTS), doc(q=new, r=new, components=_COMPONENTS)


def _with(document: Json, *path: str, value: Any) -> Json:
    """``document`` with the value at ``path`` set (a copy)."""
    out = copy.deepcopy(document)
    node = out
    for key in path[:-1]:
        node = node.setdefault(key, {})
    node[path[-1]] = value
    return out


def _get(name: str, **op: Any) -> Json:
    """A path item with one GET operation."""
    return {"get": {"operationId": name, "responses": {"200": {"description": "ok"}}, **op}}


_BASE = doc()
_MORE = _with(_BASE, "paths", "/more", value=_get("more"))
_DEPRECATED = _with(_BASE, "paths", "/more", value=_get("more", deprecated=True))
_SUNSET = _with(_BASE, "paths", "/more", value=_get("more", deprecated=True, **{"x-sunset": "2999-01-01"}))
_PARAMS = doc(op={"parameters": [{"name": "a", "in": "query", "schema": S},
                                 {"name": "b", "in": "query", "schema": S, "deprecated": True}]})
_BODY = doc(op={"requestBody": {"content": {"application/json": {"schema": S}, "text/plain": {"schema": S}}}})
_RESPONSES = doc(op={"responses": {
    "200": {"description": "ok", "content": {"application/json": {"schema": obj({"a": S})},
                                              "text/csv": {"schema": S}}},
    "404": {"description": "gone", "content": {"application/json": {"schema": obj({"code": S})}}}}})
_OAUTH = {"type": "oauth2", "flows": {"clientCredentials": {"tokenUrl": "https://example.com/token",
                                                              "scopes": {"read": "", "write": ""}}}}
_SECURED = doc(components={"securitySchemes": {"OAuth2": _OAUTH, "Key": {"type": "apiKey", "in": "header",
                                                                         "name": "X-Key"}}},
               security=[{"OAuth2": ["read"]}, {"Key": []}], op={"security": [{"OAuth2": ["read"]}]})
_SERVERS = doc(servers=[{"url": "https://{region}.example.com", "variables": {
    "region": {"default": "eu", "enum": ["eu", "us"]}}}, {"url": "https://b.example.com"}])
_HOOKS = doc(webhooks={"created": {"post": {"requestBody": {"content": {"application/json": {
    "schema": obj({"id": S, "note": S}, ["id"])}}}, "responses": {"200": {"description": "ok"}}}}})
_PAGED = doc(op={"x-apigen-pagination": {"style": "offset", "offset": "offset", "limit": "limit",
                                         "items": "data", "max_limit": 100}})

# name: (old, new, [(location, rule)]) for changes of whole elements
ELEMENT_CASES: dict[str, tuple[Json, Json, list[tuple[str, str]]]] = {
    "endpoint added": (_BASE, _MORE, [("GET /more", "endpoint-added")]),
    "endpoint removed": (_MORE, _BASE, [("GET /more", "endpoint-removed")]),
    "deprecated endpoint removed": (_DEPRECATED, _BASE, [("GET /more", "endpoint-removed-after-deprecation")]),
    "endpoint removed before its sunset": (_SUNSET, _BASE, [("GET /more", "endpoint-removed-before-sunset")]),
    "endpoint moved": (_BASE, {**_BASE, "paths": {"/v2/things": _BASE["paths"]["/things"]}},
                       [("POST /things", "endpoint-moved")]),
    "placeholder renamed": (_with(_BASE, "paths", "/t/{id}", value=_get("t")),
                            _with(_BASE, "paths", "/t/{t_id}", value=_get("t")),
                            [("GET /t/{id}", "endpoint-path-placeholder-renamed")]),
    "operationId changed": (_BASE, doc(op={"operationId": "create-thing"}),
                            [("POST /things", "endpoint-operation-id-changed")]),
    "deprecated": (_BASE, doc(op={"deprecated": True}), [("POST /things", "endpoint-deprecated")]),
    "reactivated": (doc(op={"deprecated": True}), _BASE, [("POST /things", "endpoint-reactivated")]),
    "sunset set": (_BASE, doc(op={"x-sunset": "2030-01-01"}), [("POST /things", "endpoint-sunset-set")]),
    "sunset earlier": (doc(op={"x-sunset": "2030-01-01"}), doc(op={"x-sunset": "2029-01-01"}),
                       [("POST /things", "endpoint-sunset-earlier")]),
    "sunset later": (doc(op={"x-sunset": "2030-01-01"}), doc(op={"x-sunset": "2031-01-01"}),
                     [("POST /things", "endpoint-sunset-later")]),
    "parameters added": (_BASE, doc(op={"parameters": [{"name": "a", "in": "query", "required": True, "schema": S},
                                                       {"name": "b", "in": "query", "schema": S}]}),
                         [("POST /things › query parameter a", "request-parameter-added-required"),
                          ("POST /things › query parameter b", "request-parameter-added-optional")]),
    "parameters removed": (_PARAMS, _BASE, [("POST /things › query parameter a", "request-parameter-removed"),
                                            ("POST /things › query parameter b",
                                             "request-parameter-removed-after-deprecation")]),
    "parameter moved": (_PARAMS, doc(op={"parameters": [{"name": "a", "in": "header", "schema": S},
                                                        {"name": "b", "in": "query", "schema": S}]}),
                        [("POST /things › query parameter a", "request-parameter-moved"),
                         ("POST /things › query parameter b", "request-parameter-reactivated")]),
    "parameter required, default and deprecated": (
        _PARAMS, doc(op={"parameters": [{"name": "a", "in": "query", "required": True, "deprecated": True,
                                         "schema": {"type": "string", "default": "x"}},
                                        {"name": "b", "in": "query", "schema": S, "deprecated": True}]}),
        [("POST /things › query parameter a", "request-parameter-became-required"),
         ("POST /things › query parameter a", "request-parameter-deprecated"),
         ("POST /things › query parameter a", "request-parameter-default-value-changed")]),
    "parameter optional": (doc(op={"parameters": [{"name": "a", "in": "query", "required": True, "schema": S}]}),
                           doc(op={"parameters": [{"name": "a", "in": "query", "schema": S}]}),
                           [("POST /things › query parameter a", "request-parameter-became-optional")]),
    "body added required": (_BASE, doc(q=S), [("POST /things › request body", "request-body-added-required")]),
    "body added optional": (_BASE, _BODY, [("POST /things › request body", "request-body-added-optional")]),
    "body removed": (_BODY, _BASE, [("POST /things › request body", "request-body-removed")]),
    "body required": (_BODY, _with(_BODY, "paths", "/things", "post", "requestBody", "required", value=True),
                      [("POST /things › request body", "request-body-became-required")]),
    "body optional": (doc(q=S), _with(doc(q=S), "paths", "/things", "post", "requestBody", "required", value=False),
                      [("POST /things › request body", "request-body-became-optional")]),
    "body media types": (_BODY, doc(op={"requestBody": {"content": {"application/xml": {"schema": S}}}}),
                         [("POST /things › request body", "request-body-media-type-removed"),
                          ("POST /things › request body (text/plain)", "request-body-alternate-media-type-removed"),
                          ("POST /things › request body (application/xml)", "request-body-media-type-added")]),
    "success status changed": (_RESPONSES, _with(_RESPONSES, "paths", "/things", "post", "responses", value={
        "201": _RESPONSES["paths"]["/things"]["post"]["responses"]["200"]}),
        [("POST /things › response 200", "response-success-status-changed"),
         ("POST /things › response 404", "response-non-success-status-removed")]),
    "success status removed": (_with(_BASE, "paths", "/things", "post", "responses", "202", value={"description": "x"}),
                               _BASE, [("POST /things › response 202", "response-success-status-removed")]),
    "statuses added": (_BASE, _with(_with(_BASE, "paths", "/things", "post", "responses", "202", value={"description": "x"}),
                                    "paths", "/things", "post", "responses", "429", value={"description": "slow"}),
                       [("POST /things › response 202", "response-success-status-added"),
                        ("POST /things › response 429", "response-non-success-status-added")]),
    "response bodies": (_RESPONSES, _with(_RESPONSES, "paths", "/things", "post", "responses", "404", "content",
                                          value={"application/json": {"schema": obj({"error": S})}}),
                        [("POST /things › response 404", "response-error-body-changed")]),
    "response body removed": (_RESPONSES, _with(_RESPONSES, "paths", "/things", "post", "responses", "200",
                                                value={"description": "ok"}),
                              [("POST /things › response 200 › body", "response-body-removed")]),
    "response body added": (_BASE, doc(r=S), [("POST /things › response 200 › body", "response-body-added")]),
    "response media types": (_RESPONSES, _with(_RESPONSES, "paths", "/things", "post", "responses", "200", "content",
                                               value={"application/xml": {"schema": S}}),
                             [("POST /things › response 200 › body", "response-media-type-removed"),
                              ("POST /things › response 200 › body (text/csv)", "response-alternate-media-type-removed"),
                              ("POST /things › response 200 › body (application/xml)", "response-media-type-added")]),
    "security schemes": (_SECURED, _with(_with(_SECURED, "components", "securitySchemes", "Key", value={
        "type": "apiKey", "in": "query", "name": "key"}), "components", "securitySchemes", "OAuth2", "flows",
        "clientCredentials", "scopes", value={"read": "", "admin": ""}),
        [("security › Key", "security-scheme-changed"), ("security › OAuth2", "security-scheme-scope-removed"),
         ("security › OAuth2", "security-scheme-scope-added")]),
    "security scheme removed and added": (
        _SECURED, _with(_with(_SECURED, "components", "securitySchemes", "Key", value=None),
                        "components", "securitySchemes", "Basic", value={"type": "http", "scheme": "basic"}),
        [("security › Key", "security-scheme-removed"), ("security › Basic", "security-scheme-added")]),
    "scopes": (_SECURED, _with(_SECURED, "paths", "/things", "post", "security", value=[{"OAuth2": ["write"]}]),
               [("POST /things › scopes of OAuth2", "security-scope-added"),
                ("POST /things › scopes of OAuth2", "security-scope-removed")]),
    "requirements": (_SECURED, _with(_SECURED, "paths", "/things", "post", "security",
                                     value=[{"Key": []}]),
                     [("POST /things", "security-requirement-removed"),
                      ("POST /things", "security-requirement-added")]),
    "default requirements": (_SECURED, _with(_SECURED, "security", value=[{"OAuth2": ["read", "write"]}]),
                             [("security", "security-requirement-removed"),
                              ("security › scopes of OAuth2", "security-scope-added")]),
    "authentication required": (_with(_SECURED, "paths", "/things", "post", "security", value=[]), _SECURED,
                                [("POST /things", "security-required")]),
    "servers": (_SERVERS, doc(servers=[{"url": "https://{region}.example.com", "variables": {
        "region": {"default": "us", "enum": ["us"]}, "tier": {}, "zone": {"default": "a"}}}, {"url": "https://c.example.com"}]),
        [("servers › https://{region}.example.com › region", "server-variable-default-changed"),
         ("servers › https://{region}.example.com › region", "server-variable-enum-value-removed"),
         ("servers › https://{region}.example.com › tier", "server-variable-added-without-default"),
         ("servers › https://{region}.example.com › zone", "server-variable-added"),
         ("servers", "server-added"), ("servers", "server-removed")]),
    "server variable removed, default server changed": (
        _SERVERS, doc(servers=[{"url": "https://b.example.com"}, {"url": "https://{region}.example.com"}]),
        [("servers › https://{region}.example.com › region", "server-variable-removed"),
         ("servers", "server-default-changed")]),
    "webhooks": (_HOOKS, _with(_with(_HOOKS, "webhooks", "created", "post", "requestBody", "content", "application/json",
                                     "schema", value=obj({"note": S})), "webhooks", "deleted",
                               value=_HOOKS["webhooks"]["created"]),
                 [("webhook created › payload › id", "response-property-removed-required"),
                  ("webhook deleted", "webhook-added")]),
    "webhook removed": (_HOOKS, _BASE, [("webhook created", "webhook-removed")]),
    "webhook payload": (_HOOKS, _with(_HOOKS, "webhooks", "created", "post", "requestBody", value=None),
                        [("webhook created › payload", "webhook-payload-removed")]),
    "webhook payload added": (_with(_HOOKS, "webhooks", "created", "post", "requestBody", value=None), _HOOKS,
                              [("webhook created › payload", "webhook-payload-added")]),
    "client facts": (_BASE, doc(**{"x-apigen-envelope": {"data": "data"}, "x-apigen-error-message": "message",
                                   "x-apigen-webhook-signature": {"header": "X-Sig", "algorithm": "sha256"}}),
                     [("API", "client-envelope-changed"), ("API", "client-error-message-changed"),
                      ("API", "client-webhook-signature-changed")]),
    "pagination added": (_BASE, _PAGED, [("POST /things › pagination", "pagination-added")]),
    "pagination removed": (_PAGED, _BASE, [("POST /things › pagination", "pagination-removed")]),
    "pagination changed": (_PAGED, doc(op={"x-apigen-pagination": {"style": "offset", "offset": "skip", "limit": "limit",
                                                                   "items": "data", "max_limit": 50}}),
                           [("POST /things › pagination", "pagination-changed"),
                            ("POST /things › pagination", "pagination-max-limit-decreased")]),
    "page size raised": (_PAGED, _with(_PAGED, "paths", "/things", "post", "x-apigen-pagination", "max_limit", value=500),
                         [("POST /things › pagination", "pagination-max-limit-increased")]),
}
