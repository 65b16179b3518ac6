"""The rule catalogue: every check ``apigen diff`` makes, with an id, a level and an example.

Levels are for an *existing generated client*: ``breaking`` (it can fail or misbehave),
``warning`` (it keeps working but a reviewer should look: data it read is gone, behaviour
changed), ``info`` (a changelog entry). A project may change any level (``--rules FILE``).

Checks on schemas exist once per place a schema sits: ``request-parameter-`` (a parameter's
own value), ``request-property-`` (a request body or anything in it, at any depth) and
``response-property-`` (a success response body, or a webhook payload, at any depth); the
same change is often breaking in one direction and harmless in the other. ``docs/drift.md``
lists the catalogue (``python -m generator.diff.rules`` prints it as a Markdown table).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from generator.prose import findings as prose

LEVELS = ("breaking", "warning", "info")
CATEGORIES = ("operations", "parameters", "request-body", "responses", "properties", "types",
              "enums", "constraints", "formats", "nullable", "read-write", "defaults", "unions",
              "security", "servers", "webhooks", "lifecycle", "client", "coverage")
SCOPES = {"P": "request-parameter", "Q": "request-property", "R": "response-property"}
_B, _W, _I = "breaking", "warning", "info"


@dataclass(frozen=True)
class Rule:
    """One check: its id (stable, used by ``--rules`` and ``--ignore``) and what it reports."""

    id: str
    level: str
    category: str
    description: str
    example: str


# id, level, category, description, example: changes of whole elements.
_ELEMENTS: tuple[tuple[str, str, str, str, str], ...] = (
    ("endpoint-added", _I, "operations", "a new operation", "POST /sites/{site_id}/redirects added"),
    ("endpoint-removed", _B, "operations", "an operation removed without being deprecated first",
     "GET /sites/{site_id}/users removed"),
    ("endpoint-removed-after-deprecation", _W, "lifecycle", "a deprecated operation removed "
     "(after its sunset date, if it had one)", "deprecated GET /old removed"),
    ("endpoint-removed-before-sunset", _B, "lifecycle", "a deprecated operation removed before "
     "the sunset date it announced", "x-sunset: 2999-01-01, removed"),
    ("endpoint-moved", _B, "operations", "the operationId now names another method or path",
     "GET /forms/{id}/submissions → GET /sites/{site_id}/forms/{id}/submissions"),
    ("endpoint-path-placeholder-renamed", _I, "operations", "only a path placeholder's name "
     "changed; the wire path is the same", "/items/{item_id} → /items/{itemId}"),
    ("endpoint-operation-id-changed", _W, "operations", "a regenerated client names the method "
     "after the new operationId", "operationId list-sites → sites-list"),
    ("endpoint-deprecated", _I, "lifecycle", "an operation marked deprecated", "deprecated: true"),
    ("endpoint-reactivated", _I, "lifecycle", "an operation no longer deprecated", "deprecated removed"),
    ("endpoint-sunset-set", _I, "lifecycle", "an operation announces when it goes away", "x-sunset: 2026-01-01"),
    ("endpoint-sunset-earlier", _W, "lifecycle", "the announced sunset date moved earlier",
     "x-sunset: 2026-06-01 → 2026-01-01"),
    ("endpoint-sunset-later", _I, "lifecycle", "the announced sunset date moved later or was dropped",
     "x-sunset: 2026-01-01 → 2027-01-01"),
    ("request-parameter-added-required", _B, "parameters", "a new required parameter existing "
     "clients do not send", "query parameter localeId (required) added"),
    ("request-parameter-added-optional", _I, "parameters", "a new optional parameter", "query parameter limit added"),
    ("request-parameter-removed", _B, "parameters", "a parameter clients send is no longer "
     "documented: the server ignores or rejects it", "query parameter locale removed"),
    ("request-parameter-removed-after-deprecation", _W, "lifecycle", "a deprecated parameter removed",
     "deprecated query parameter sort removed"),
    ("request-parameter-moved", _B, "parameters", "a parameter now travels elsewhere (query, header, …)",
     "query parameter a → header a"),
    ("request-parameter-became-required", _B, "parameters", "clients may omit it today", "required: false → true"),
    ("request-parameter-became-optional", _I, "parameters", "clients may now omit it", "required: true → false"),
    ("request-parameter-deprecated", _I, "lifecycle", "a parameter marked deprecated", "deprecated: true"),
    ("request-parameter-reactivated", _I, "lifecycle", "a parameter no longer deprecated", "deprecated removed"),
    ("request-body-added-required", _B, "request-body", "a required body existing clients do not send",
     "requestBody (required) added"),
    ("request-body-added-optional", _I, "request-body", "an optional body", "requestBody added"),
    ("request-body-removed", _B, "request-body", "the operation no longer takes the body clients send",
     "requestBody removed"),
    ("request-body-became-required", _B, "request-body", "clients may omit the body today", "required: false → true"),
    ("request-body-became-optional", _I, "request-body", "clients may now omit the body", "required: true → false"),
    ("request-body-media-type-removed", _B, "request-body", "the media type clients send is gone",
     "application/json removed"),
    ("request-body-alternate-media-type-removed", _I, "request-body", "a media type clients do "
     "not send is gone", "multipart/form-data removed, application/json kept"),
    ("request-body-media-type-added", _I, "request-body", "another media type accepted", "text/csv added"),
    ("response-success-status-removed", _B, "responses", "a success response clients read is gone",
     "response 200 removed, 204 added beside another 2XX"),
    ("response-success-status-changed", _I, "responses", "the success status changed; clients "
     "accept any 2XX", "200 → 201"),
    ("response-success-status-added", _I, "responses", "another success response", "response 202 added"),
    ("response-non-success-status-removed", _I, "responses", "an error response no longer "
     "documented; errors are raised by status family either way", "response 409 removed"),
    ("response-non-success-status-added", _I, "responses", "another error response", "response 429 added"),
    ("response-body-removed", _B, "responses", "the data clients read is no longer returned", "200 body removed"),
    ("response-body-added", _I, "responses", "data is now returned", "204 → 200 with a body"),
    ("response-media-type-removed", _B, "responses", "the media type clients read is gone",
     "application/json → text/csv only"),
    ("response-alternate-media-type-removed", _I, "responses", "a media type clients do not read is gone",
     "application/xml removed, application/json kept"),
    ("response-media-type-added", _I, "responses", "another media type returned", "text/csv added"),
    ("response-error-body-changed", _I, "responses", "an error body changed; errors reach clients "
     "as untyped JSON", "404 body › code added"),
    ("security-scheme-added", _I, "security", "another way to authenticate", "ApiKey added"),
    ("security-scheme-removed", _B, "security", "clients authenticating with it are refused", "ApiKey removed"),
    ("security-scheme-changed", _B, "security", "credentials are sent differently (kind, place, name)",
     "apiKey header X-Key → query key"),
    ("security-scheme-scope-added", _I, "security", "an OAuth scheme defines another scope", "sites:write defined"),
    ("security-scheme-scope-removed", _W, "security", "an OAuth scheme no longer defines a scope "
     "apps may ask for", "users:read no longer defined"),
    ("security-required", _B, "security", "an operation that took no credentials now requires them",
     "security: [] → [OAuth2]"),
    ("security-requirement-added", _I, "security", "another accepted way to authenticate", "[OAuth2] → [OAuth2, ApiKey]"),
    ("security-requirement-removed", _B, "security", "clients using the dropped alternative are refused",
     "[OAuth2, ApiKey] → [OAuth2]"),
    ("security-scope-added", _B, "security", "tokens must grant another scope; existing tokens may lack it",
     "users:read → users:read, users:write"),
    ("security-scope-removed", _I, "security", "a scope is no longer needed", "users:read, users:write → users:read"),
    ("server-default-changed", _B, "servers", "existing clients use the old default base URL",
     "https://api.webflow.com → https://api.webflow.com/v2"),
    ("server-added", _I, "servers", "another base URL", "https://eu.example.com added"),
    ("server-removed", _I, "servers", "a base URL other than the default is gone", "https://eu.example.com removed"),
    ("server-variable-added-without-default", _B, "servers", "a new URL setting clients do not set",
     "{region} added without default"),
    ("server-variable-added", _I, "servers", "a new URL setting with a default", "{region} added, default eu"),
    ("server-variable-removed", _B, "servers", "clients that set it fail", "{region} removed"),
    ("server-variable-enum-value-removed", _B, "servers", "a value clients may set is no longer allowed",
     "region: [eu, us] → [eu]"),
    ("server-variable-default-changed", _I, "servers", "the value used when clients do not set it changed",
     "region default eu → us"),
    ("webhook-added", _I, "webhooks", "a new event", "webhook comment_created added"),
    ("webhook-removed", _B, "webhooks", "handlers for it never fire again", "webhook user_account_added removed"),
    ("webhook-payload-added", _I, "webhooks", "the payload is now documented", "payload schema added"),
    ("webhook-payload-removed", _B, "webhooks", "the payload is no longer documented", "payload schema removed"),
    ("client-envelope-changed", _B, "client", "the response envelope changed; generated clients unwrap "
     "the old way", "x-apigen-envelope data → result"),
    ("client-error-message-changed", _B, "client", "the error-message field changed", "message → error.detail"),
    ("client-webhook-signature-changed", _B, "client", "webhook deliveries are signed differently",
     "X-Signature sha256 → sha512"),
    ("pagination-added", _I, "client", "the operation now pages automatically", "offset/limit detected"),
    ("pagination-removed", _B, "client", "auto-pagination is no longer possible", "limit parameter removed"),
    ("pagination-changed", _B, "client", "the operation pages differently", "items path data → items"),
    ("pagination-max-limit-decreased", _B, "client", "the largest page size clients may ask for is lower",
     "limit maximum 100 → 50"),
    ("pagination-max-limit-increased", _I, "client", "larger pages allowed", "limit maximum 50 → 100"),
    ("coverage-missing", _I, "coverage", "the prose documents an endpoint the doc spec lacks "
     "(drift of doc-spec APIs)", "DELETE /notes/{id} documented at prose.txt:7"),
)

# stem, category, levels by scope (P, Q, R; None = not checked there), description, example.
_Stem = tuple[str, str, tuple[str | None, str | None, str | None], str, str]
_STEMS: tuple[_Stem, ...] = (
    ("added-required", "properties", (None, _B, None), "a new required property existing "
     "clients do not send (or one no longer read-only)", "required: [name], name added"),
    ("added-optional", "properties", (None, _I, None), "a new optional property", "note added"),
    ("added", "properties", (None, None, _I), "new data; generated models keep unknown "
     "fields", "siteId added"),
    ("removed", "properties", (None, _B, None), "the server no longer documents a property "
     "clients send: it ignores or rejects it", "fieldData.categories removed"),
    ("removed-required", "properties", (None, None, _B), "a property clients rely on "
     "(required) is gone", "itemId (required) removed"),
    ("removed-optional", "properties", (None, None, _W), "an optional property is no longer "
     "returned: clients read None", "isMembersOnly removed"),
    ("became-required", "properties", (None, _B, _I), "request: clients may omit it today; "
     "response: now always present", "required: [] → [slug]"),
    ("became-optional", "properties", (None, _I, _B), "request: clients may omit it; "
     "response: it may be absent", "required: [slug] → []"),
    ("became-read-only", "read-write", (None, _B, None), "the server ignores a property "
     "clients send", "readOnly: true added"),
    ("became-writable", "read-write", (None, _I, None), "clients may now send it", "readOnly removed"),
    ("became-write-only-required", "read-write", (None, None, _B), "a required property is "
     "no longer returned", "writeOnly: true added"),
    ("became-write-only-optional", "read-write", (None, None, _W), "an optional property "
     "is no longer returned", "writeOnly: true added"),
    ("became-readable", "read-write", (None, None, _I), "a write-only property is now returned",
     "writeOnly removed"),
    ("additional-properties-closed", "properties", (None, _B, _I), "no other properties allowed; "
     "clients sending extras are refused", "additionalProperties: false added"),
    ("additional-properties-opened", "properties", (None, _I, _I), "other properties allowed",
     "additionalProperties: false removed"),
    ("additional-properties-changed", "properties", (None, None, _I), "the type of extra properties "
     "changed; generated models keep extras untyped", "additionalProperties: string → integer"),
    ("type-changed", "types", (_B, _B, _B), "an incompatible type", "string → integer"),
    ("type-widened", "types", (_I, _I, _B), "more values allowed (integer → number, a type → any)",
     "integer → number"),
    ("type-narrowed", "types", (_B, _B, _I), "fewer values allowed (number → integer, any → a type)",
     "number → integer"),
    ("became-nullable", "nullable", (_I, _I, _B), "null is now allowed", "type: [string, 'null']"),
    ("became-not-nullable", "nullable", (_B, _B, _I), "null is no longer allowed", "nullable: true removed"),
    ("enum-value-added", "enums", (_I, _I, _I), "another value; generated enums are open, so "
     "clients accept it", "triggerType: + comment_created"),
    ("enum-value-removed", "enums", (_B, _B, _I), "a value clients may send is refused",
     "triggerType: - user_account_added"),
    ("became-enum", "enums", (_B, _B, _I), "now limited to listed values", "string → enum [a, b]"),
    ("no-longer-enum", "enums", (_I, _I, _I), "no longer limited to listed values", "enum [a, b] → string"),
    ("format-added", "formats", (_B, _B, _I), "a format constrains the value", "string → string (email)"),
    ("format-removed", "formats", (_I, _I, _B), "the format is no longer guaranteed", "date-time removed"),
    ("format-changed", "formats", (_B, _B, _B), "another format", "date → date-time"),
    ("default-value-changed", "defaults", (_W, _W, _I), "the value used when it is omitted changed",
     "default: 10 → 20"),
    ("deprecated", "lifecycle", (None, _I, _I), "a property marked deprecated", "deprecated: true"),
    ("reactivated", "lifecycle", (None, _I, _I), "a property no longer deprecated", "deprecated removed"),
    ("variant-added", "unions", (_I, _I, _B), "a oneOf/anyOf variant added: existing clients "
     "cannot parse it", "nodes[]: + Text Input Node"),
    ("variant-removed", "unions", (_B, _B, _I), "a variant clients may send is refused", "- Image Node"),
    ("discriminator-changed", "unions", (None, _B, _B), "variants are told apart by another property",
     "propertyName type → kind"),
    ("discriminator-added", "unions", (None, _I, _I), "variants are now told apart by a property",
     "discriminator: {propertyName: type}"),
    ("discriminator-removed", "unions", (None, _I, _I), "variants are no longer told apart by a property",
     "discriminator removed"),
    ("discriminator-mapping-value-removed", "unions", (None, _B, _I), "a tag value clients may send is "
     "no longer mapped", "mapping: - image"),
    ("discriminator-mapping-value-added", "unions", (None, _I, _I), "another tag value mapped", "mapping: + video"),
)

# stem (tighter), stem (looser), keyword: constraints, breaking in requests only when tighter
# (generated clients do not check what they receive).
_CONSTRAINTS = (
    ("max-length-decreased", "max-length-increased", "maxLength"),
    ("min-length-increased", "min-length-decreased", "minLength"),
    ("max-decreased", "max-increased", "maximum"),
    ("min-increased", "min-decreased", "minimum"),
    ("exclusive-max-decreased", "exclusive-max-increased", "exclusiveMaximum"),
    ("exclusive-min-increased", "exclusive-min-decreased", "exclusiveMinimum"),
    ("max-items-decreased", "max-items-increased", "maxItems"),
    ("min-items-increased", "min-items-decreased", "minItems"),
    ("pattern-added", "pattern-removed", "pattern"),
    ("pattern-changed", None, "pattern"),
    ("multiple-of-added", "multiple-of-removed", "multipleOf"),
    ("multiple-of-changed", None, "multipleOf"),
    ("unique-items-added", "unique-items-removed", "uniqueItems"),
)


def _constraint_stems() -> list[_Stem]:
    """Each constraint keyword as a tighter and a looser stem (lowered, raised, set, unset)."""
    stems: list[_Stem] = []
    for tighter, looser, keyword in _CONSTRAINTS:
        stems.append((tighter, "constraints", (_B, _B, _I), f"{keyword} tightened (or set): fewer "
                      "values accepted", f"{keyword} {tighter.rsplit('-', 1)[-1]}"))
        if looser is not None:
            stems.append((looser, "constraints", (_I, _I, _I), f"{keyword} relaxed (or unset): more "
                          "values accepted", f"{keyword} {looser.rsplit('-', 1)[-1]}"))
    return stems


def _prose_rules() -> list[Rule]:
    """A doc spec's drift: each failing finding of the prose checks (``apigen lint-docs``) as a
    ``prose-<code>`` rule. An example the spec's types cannot parse breaks existing clients;
    the rest are gaps a client lacks, it does not misuse them."""
    return [Rule(f"prose-{code}", _B if code == "example-shape" else _I, "coverage", meaning,
                 f"{code} at prose.txt:12") for code, (severity, meaning) in prose.RULES.items()
            if severity == "error"]


def _catalogue() -> dict[str, Rule]:
    """Every rule by id: the elements, the prose checks, then each stem in each scope it applies to."""
    rules = {row[0]: Rule(*row) for row in _ELEMENTS}
    rules |= {rule.id: rule for rule in _prose_rules()}
    for stem, category, levels, description, example in (*_STEMS, *_constraint_stems()):
        for scope, level in zip(SCOPES.values(), levels, strict=True):
            if level is not None:
                rule = Rule(f"{scope}-{stem}", level, category, description, example)
                rules[rule.id] = rule
    return rules


RULES = _catalogue()


def scoped(scope: str, stem: str) -> str:
    """The id of ``stem`` checked in ``scope`` (request-parameter, request-property, …)."""
    return f"{scope}-{stem}"


def table() -> str:
    """The catalogue as a Markdown table, by category then id (for docs/drift.md)."""
    lines = ["| id | level | category | what it means | example |", "| --- | --- | --- | --- | --- |"]
    for rule in sorted(RULES.values(), key=lambda r: (CATEGORIES.index(r.category), r.id)):
        lines.append(f"| `{rule.id}` | {rule.level} | {rule.category} | {rule.description} "
                     f"| {rule.example} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(table())
