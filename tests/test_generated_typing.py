"""A generated package passes ``mypy --strict .`` as a whole: its tests are typed code too.

The generated tests call each method with sample arguments; those must be the Python values
the annotations name (a ``datetime.date``, not its ISO text), a call that returns None must
not be assigned, and the runtime's internals are reached only through names it exports.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from generator import cli
from generator.targets.python.testcases import json_data, wire_text
from tests.conftest import ROOT, openapi, parse, python_view, write_spec

DATE = {"type": "string", "format": "date"}
DATE_TIME = {"type": "string", "format": "date-time"}
OK = {"description": "ok", "content": {"application/json": {"schema": {
    "type": "object", "properties": {"id": {"type": "integer"}}}}}}
PATHS: dict[str, Any] = {
    "/days/{day}": {
        "get": {"operationId": "get_day", "responses": {"200": OK}, "parameters": [
            {"name": "day", "in": "path", "required": True, "schema": DATE},
            {"name": "since", "in": "query", "required": True, "schema": DATE_TIME},
            {"name": "days", "in": "query", "schema": {"type": "array", "items": DATE}},
            {"name": "until", "in": "query", "schema": {"type": ["string", "null"], "format": "date-time"}},
            {"name": "alias", "in": "query", "schema": {"$ref": "#/components/schemas/Day"}},
            {"name": "X-As-Of", "in": "header", "schema": DATE_TIME},
        ]},
        "delete": {"operationId": "delete_day", "responses": {"204": {"description": "gone"}},
                   "parameters": [{"name": "day", "in": "path", "required": True, "schema": DATE}]},
        "post": {"operationId": "book_day", "responses": {"201": OK},
                 "parameters": [{"name": "day", "in": "path", "required": True, "schema": DATE}],
                 "requestBody": {"required": True, "content": {"application/json": {"schema": {
                     "type": "object", "required": ["start", "dates"], "properties": {
                         "start": DATE_TIME, "dates": {"type": "array", "items": DATE},
                         "by_name": {"type": "object", "additionalProperties": DATE}}}}}}},
    },
    "/forms": {"post": {"operationId": "send_form", "responses": {"204": {"description": "ok"}},
                        "requestBody": {"required": True, "content": {"application/x-www-form-urlencoded": {
                            "schema": {"type": "object", "required": ["on"], "properties": {"on": DATE}}}}}}},
    # No arguments, returns None, and its call is longer than a line: the padded call.
    "/calendars/every-single-scheduled-event/remove-them-all-right-now": {"post": {
        "operationId": "remove_every_single_scheduled_event_from_the_calendar_now_and_forever_without_asking",
        "responses": {"204": {"description": "ok"}}}},
}
SPEC = openapi(PATHS, components={"schemas": {"Day": DATE}})


def run_module(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``python -m ARGS`` run in ``folder``."""
    return subprocess.run([sys.executable, "-m", *args], cwd=folder, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The package generated from ``SPEC`` (its import name is ``spec``)."""
    folder = tmp_path_factory.mktemp("typing")
    out = folder / "out"
    assert cli.main(["generate", str(write_spec(folder, SPEC)), "--out", str(out),
                     "--registry", str(ROOT / "specs" / "apis.yaml")]) == 0
    return out


def test_the_whole_package_passes_mypy_strict(package: Path) -> None:
    result = run_module(package, "mypy", "--strict", "--no-incremental", ".")
    assert result.returncode == 0, result.stdout[-3000:]


def test_its_tests_pass_with_date_objects_on_the_wire(package: Path) -> None:
    result = run_module(package, "pytest", "-q", "-p", "no:cacheprovider")
    assert result.returncode == 0, result.stdout[-3000:]


def test_date_arguments_are_date_objects(package: Path) -> None:
    tests = (package / "tests" / "test_days.py").read_text(encoding="utf-8")
    assert "day=datetime.date(2024, 1, 2)," in tests
    assert "since=datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)," in tests
    assert "days=[datetime.date(2024, 1, 2), datetime.date(2024, 1, 2)]," in tests
    assert "alias=datetime.date(2024, 1, 2)," in tests
    assert '"2024-01-02"' in tests  # what the wire carries, expected independently of the runtime


def test_a_call_returning_none_is_not_assigned(package: Path) -> None:
    tests = "".join(p.read_text(encoding="utf-8") for p in (package / "tests").glob("test_*.py"))
    assert "    client.days.delete_day(\n" in tests
    assert "result = client.days.delete_day" not in tests
    assert "assert result is None" not in tests
    # Too long for a line without arguments: padded so that black and ruff split it alike.
    assert re.search(r"\n    client\.calendars\.remove_\w+\(\n        max_retries=None,\n    \)\n", tests)
    assert run_module(package, "black", "--check", "--quiet", ".").returncode == 0


def test_the_runtime_tests_patch_sleep_through_the_time_module(package: Path) -> None:
    tests = (package / "tests" / "test_runtime.py").read_text(encoding="utf-8")
    assert "monkeypatch.setattr(time, \"sleep\"" in tests
    assert "_base.time" not in tests


def test_expected_wire_text_of_dates(tmp_path: Path) -> None:
    """The expectations a generated test checks: dates as ISO 8601 text in the query, header,
    path and JSON body (``isoformat``, as a client sends a ``datetime``)."""
    client = python_view(parse(tmp_path, SPEC), package="spec")
    cases = {case.method.name: case for case in client.tests["days"]}
    get = cases["get_day"]
    assert get.path == "/days/2024-01-02"
    assert ["since", "2024-01-02T03:04:05+00:00"] in get.query
    assert get.query.count(["days", "2024-01-02"]) == 2
    assert ("X-As-Of", "2024-01-02T03:04:05+00:00") in get.headers
    book = cases["book_day"]
    assert book.body_expected == {"start": "2024-01-02T03:04:05+00:00", "dates": ["2024-01-02", "2024-01-02"],
                                  "by_name": {"key": "2024-01-02"}}
    assert cases["delete_day"].result == "none"


def test_wire_text_and_json_data_write_dates_in_iso_8601() -> None:
    import datetime

    moment = datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)
    assert wire_text(datetime.date(2024, 1, 2)) == "2024-01-02"
    assert wire_text([moment]) == '["2024-01-02T03:04:05+00:00"]'
    assert json_data({"at": moment, "n": [1.5, True]}) == {"at": "2024-01-02T03:04:05+00:00", "n": [1.5, True]}


UPLOAD_SPEC = openapi({"/photos": {"post": {
    "operationId": "upload_photo", "responses": {"204": {"description": "ok"}},
    "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
        "type": "object", "required": ["file"], "properties": {
            "file": {"type": "string", "format": "binary"}, "caption": {"type": "string"}}}}}}}}})
UPLOAD_SCRIPT = '''
import io
import pathlib

from spec import Client

client = Client(base_url="http://localhost")
client.photos.upload_photo(file=pathlib.Path("photo.png"))
client.photos.upload_photo(file=b"bytes")
client.photos.upload_photo(file=io.BytesIO(b"bytes"))
client.photos.upload_photo(file=("p.png", pathlib.Path("photo.png"), "image/png"))
client.photos.upload_photo(file="photo.png")  # the one error: a str is not a file
'''


def test_file_arguments_accept_paths_bytes_and_io_and_refuse_str_under_mypy(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert cli.main(["generate", str(write_spec(tmp_path, UPLOAD_SPEC)), "--out", str(out),
                     "--registry", str(ROOT / "specs" / "apis.yaml")]) == 0
    (out / "app.py").write_text(UPLOAD_SCRIPT)
    result = run_module(out, "mypy", "--strict", "--no-incremental", "app.py")
    assert "Found 1 error in 1 file" in result.stdout, result.stdout[-3000:]
    assert re.search(r"app\.py:12: error: Argument \"file\" to \"upload_photo\" of \"PhotosResource\"", result.stdout), result.stdout
