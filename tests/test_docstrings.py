"""Method docstrings document every argument, what the call returns and raises, and show a call."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import openapi, parse, python_view

PAGE = {"type": "object", "properties": {"items": {"type": "array", "items": {"type": "string"}},
                                         "total": {"type": "integer"}}}
SPEC = openapi({
    "/things/{thing_id}": {"put": {
        "operationId": "updateThing", "description": "Replace a thing. Every field is sent.",
        "parameters": [
            {"name": "thing_id", "in": "path", "required": True, "description": "Which thing.",
             "example": "t-42", "schema": {"type": "string"}},
            {"name": "dry", "in": "query", "description": "Only check.", "schema": {"type": "boolean", "default": False}},
            {"name": "X-Trace", "in": "header", "schema": {"type": "string"}}],
        "requestBody": {"required": True, "content": {"application/json": {"schema": {
            "type": "object", "required": ["name"], "properties": {
                "name": {"type": "string", "description": "What it is called."},
                "size": {"type": "integer", "minimum": 1, "maximum": 9, "description": "How big."}}}}}},
        "responses": {"204": {"description": "Replaced."}, "404": {"description": "No such thing."}}}},
    "/things": {"get": {
        "operationId": "listThings", "summary": "List things",
        "parameters": [{"name": "offset", "in": "query", "schema": {"type": "integer"}},
                       {"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 50}}],
        "responses": {"200": {"description": "A page.", "content": {"application/json": {"schema": PAGE}}}}}},
})


def methods(tmp_path: Path) -> dict[str, str]:
    client = python_view(parse(tmp_path, SPEC))
    found = {m.name: m.docstring for m in client.methods}
    found |= {m.pager.name: m.pager.docstring for m in client.methods if m.pager is not None}
    return found


def test_every_argument_is_documented_with_its_constraints_and_default(tmp_path: Path) -> None:
    text = methods(tmp_path)["update_thing"]
    args = text.split("Args:\n", 1)[1].split("\n\n", 1)[0]
    assert "    thing_id: Which thing." in args
    assert "    dry: Only check. Default: ``False``." in args
    assert "    x_trace: The header parameter." in args
    assert "    name: What it is called." in args  # body fields too (none were before)
    assert "    size: How big. At least 1; at most 9." in args


def test_returns_raises_and_an_example_built_from_the_specs_examples(tmp_path: Path) -> None:
    text = methods(tmp_path)["update_thing"]
    assert text.startswith("Replace a thing.\n")  # no summary: the description's first sentence, not the path
    assert "Returns:\n    None: Replaced." in text
    assert "    NotFoundError: No such thing." in text and "    APIStatusError:" in text
    assert "Example:\n    result = client.things.update_thing(\n        thing_id='t-42'," in text


def test_an_iterator_documents_page_size_not_offset_and_limit(tmp_path: Path) -> None:
    text = methods(tmp_path)["list_things_all"]
    assert text.startswith("Every item of :meth:`list_things`, page after page.")
    assert "Returns:\n    The first page: iterate it for every item of every page" in text
    assert "page_size: How many items to fetch per request (default 50" in text
    assert "    offset:" not in text and "    limit:" not in text
