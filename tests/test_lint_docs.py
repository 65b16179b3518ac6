"""apigen lint-docs (generator.commands.lint_docs) and the Ontraport doc spec it checks."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from generator import cli
from generator.commands.lint_docs import check_coverage, detect_format, extract
from generator.diagnostics import SpecError
from generator.documents import load_document
from generator.parsers import docspec, docspec_schema

ROOT = Path(__file__).resolve().parents[1]
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
ONTRAPORT_DOC = SEEDS / "004_5b3dca496ef9c47c.txt"
BREE_CURRENT = SEEDS / "000_d5c2b50b9fd6fdec.txt"
BREE_OLDER = SEEDS / "001_4ef0cb63f420e725.txt"
ONTRAPORT = ROOT / "specs" / "ontraport.yaml"
BREE = ROOT / "specs" / "bree.yaml"

needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is absent")

# --- extraction, one small text per format ---------------------------------------------------

SLATE = """\
    Retrieve a specific form

    Request Endpoint

    GET https://api.ontraport.com/1/Form

    Required Headers

    Request URL

    GET https://api.ontraport.com/1/form

    Request Endpoint

    POST https://.ontraport.com/1/transaction/processManual
"""

BLUEPRINT = """\
Contacts
GET/contacts{?limit}{?skip}{?created_at_min}
POST/contacts
DELETE/contacts/{id}
"""

REDOC = """\
Contacts

Contacts are all visitors.

List all contacts

Get a paginated list of all contacts.

Authorizations:
bearerAuth

Retrieve a contact

Authorizations:
bearerAuth

New order created Webhook

Fired when a new order is placed on the website.

Authorizations:
bearerAuth
"""


def test_slate_endpoints_keep_letter_case_and_drop_host_and_version() -> None:
    assert detect_format(SLATE) == "slate"
    assert [(e.line, e.method, e.path) for e in extract(SLATE)] == [
        (5, "GET", "/Form"), (11, "GET", "/form"), (15, "POST", "/transaction/processManual")]
    assert extract(SLATE)[0].title == "Retrieve a specific form"  # the block's heading


def test_blueprint_endpoints_drop_query_templates() -> None:
    assert detect_format(BLUEPRINT) == "blueprint"
    assert [(e.line, e.method, e.path) for e in extract(BLUEPRINT)] == [
        (2, "GET", "/contacts"), (3, "POST", "/contacts"), (4, "DELETE", "/contacts/{id}")]


def test_redoc_operations_are_headings_above_authorizations() -> None:
    assert detect_format(REDOC) == "redoc"
    assert [(e.line, e.title, e.webhook) for e in extract(REDOC)] == [
        (5, "List all contacts", False), (12, "Retrieve a contact", False),
        (17, "New order created", True)]


def test_unknown_format_is_bad_input() -> None:
    with pytest.raises(ValueError):
        detect_format("Just prose.\nNo endpoints here.\n")


# --- comparing, on small specs -----------------------------------------------------------------

SMALL_SPEC = {
    "api": "small",
    "title": "Small",
    "version": "1",
    "operations": {
        "forms.retrieve": {"GET": "/Form", "source": "doc.txt:5"},
        "forms.retrieve_html": {"GET": "/form", "source": "doc.txt:11"},
    },
}


def _write(tmp_path: Path, spec: dict[str, object], doc: str) -> tuple[Path, Path]:
    spec_path, doc_path = tmp_path / "small.yaml", tmp_path / "doc.txt"
    spec_path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    doc_path.write_text(doc, encoding="utf-8")
    return spec_path, doc_path


def test_missing_endpoint_and_letter_case(tmp_path: Path) -> None:
    spec_path, doc_path = _write(tmp_path, SMALL_SPEC, SLATE)
    report = check_coverage(spec_path, doc_path)
    assert [str(e) for e in report.missing] == ["POST /transaction/processManual"]
    assert not report.stale
    assert cli.main(["lint-docs", str(spec_path), str(doc_path)]) == 1


def test_ignored_endpoints_are_reported_not_failed(tmp_path: Path) -> None:
    spec = dict(SMALL_SPEC, ignored=[{"endpoint": "POST /transaction/processManual",
                                      "document": "doc.txt", "reason": "Not offered."}])
    spec_path, doc_path = _write(tmp_path, spec, SLATE)
    report = check_coverage(spec_path, doc_path)
    assert report.ok
    assert [(str(e), why) for e, why in report.ignored] == [("POST /transaction/processManual", "Not offered.")]
    assert cli.main(["lint-docs", str(spec_path), str(doc_path)]) == 0


def test_stale_source_and_inferred_correction(tmp_path: Path) -> None:
    ops = {
        "forms.stale": {"GET": "/elsewhere", "source": "doc.txt:15"},  # line 15 shows another endpoint
        "forms.retrieve_html": {"GET": "/form", "source": "doc.txt:11"},
        "transactions.process": {"POST": "/transaction/processManual", "source": "doc.txt:15"},
        "forms.corrected": {"GET": "/Form/renamed", "source": "doc.txt:5", "confidence": "inferred",
                            "note": "The path is corrected."},
    }
    spec_path, doc_path = _write(tmp_path, dict(SMALL_SPEC, operations=ops), SLATE)
    report = check_coverage(spec_path, doc_path)
    assert [s.key for s in report.stale] == ["forms.stale"]
    assert report.missing == []  # GET /Form is covered by the inferred correction at its line
    assert [key for _, key in report.by_source] == ["forms.corrected"]


def test_bad_input_exits_2(tmp_path: Path) -> None:
    spec_path, doc_path = _write(tmp_path, SMALL_SPEC, "Only prose.\n")
    assert cli.main(["lint-docs", str(spec_path), str(doc_path)]) == 2
    assert cli.main(["lint-docs", str(tmp_path / "absent.yaml"), str(doc_path)]) == 2
    bad = dict(SMALL_SPEC, ignored=[{"endpoint": "GET /x"}])  # no reason
    spec_path, doc_path = _write(tmp_path, bad, SLATE)
    with pytest.raises(SpecError):
        check_coverage(spec_path, doc_path)


# --- the real documents -----------------------------------------------------------------------


@needs_seeds
@pytest.mark.parametrize(("spec", "doc"), [(ONTRAPORT, ONTRAPORT_DOC), (BREE, BREE_CURRENT), (BREE, BREE_OLDER)],
                         ids=["ontraport-004", "bree-000", "bree-001"])
def test_no_gaps_in_registered_specs(spec: Path, doc: Path) -> None:
    report = check_coverage(spec, doc)
    assert report.ok, "\n".join(report.lines())


@needs_seeds
def test_a_removed_operation_is_caught(tmp_path: Path) -> None:
    data = yaml.safe_load(ONTRAPORT.read_text(encoding="utf-8"))
    removed = data["operations"].pop("forms.retrieve_html")  # GET /form, not GET /Form
    copy = tmp_path / "ontraport.yaml"
    copy.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    shutil.copy(ROOT / "specs" / "ontraport.examples.json", tmp_path)
    report = check_coverage(copy, ONTRAPORT_DOC)
    assert [str(e) for e in report.missing] == ["GET /form"]
    assert report.missing[0].line == int(removed["source"].rsplit(":", 1)[1])
    assert cli.main(["lint-docs", str(copy), str(ONTRAPORT_DOC)]) == 1


@needs_seeds
def test_a_removed_bree_operation_is_caught_in_both_documents(tmp_path: Path) -> None:
    data = yaml.safe_load(BREE.read_text(encoding="utf-8"))
    del data["operations"]["contacts.delete"]
    copy = tmp_path / "bree.yaml"
    copy.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    shutil.copy(ROOT / "specs" / "bree.examples.json", tmp_path)
    assert [e.title for e in check_coverage(copy, BREE_CURRENT).missing] == ["Delete a contact"]
    assert [str(e) for e in check_coverage(copy, BREE_OLDER).missing] == ["DELETE /contacts/{id}"]


# --- the Ontraport spec -------------------------------------------------------------------------

# Endpoint blocks that are not operations of their own: none. Two blocks' paths are corrected
# (confidence: inferred), and POST /transaction/processManual is documented twice, as two operations.
EXCEPTIONS: dict[int, str] = {}


@pytest.fixture(scope="module")
def ontraport() -> dict[str, object]:
    document = load_document(ONTRAPORT)
    docspec_schema.validate(document)
    data = document.data
    assert isinstance(data, dict)
    return data


def _ops(data: dict[str, object]) -> dict[str, dict[str, object]]:
    ops = data["operations"]
    assert isinstance(ops, dict)
    return ops


@needs_seeds
def test_one_operation_per_endpoint_block(ontraport: dict[str, object]) -> None:
    text = ONTRAPORT_DOC.read_text(encoding="utf-8")
    blocks = [n for n, line in enumerate(text.splitlines(), 1)
              if line.strip() in ("Request Endpoint", "Request URL")]
    assert len(blocks) == 199
    ops = _ops(ontraport)
    assert len(ops) == len(blocks) - len(EXCEPTIONS)
    sources = sorted(int(str(op["source"]).rsplit(":", 1)[1]) for op in ops.values())
    # each operation's source is its block's method-and-URL line, two lines below the label
    assert sources == [n + 2 for n in blocks if n not in EXCEPTIONS]


def test_every_operation_has_a_source_in_004(ontraport: dict[str, object]) -> None:
    for key, op in _ops(ontraport).items():
        assert re.fullmatch(r"004_5b3dca496ef9c47c\.txt:\d+", str(op.get("source"))), key


def test_form_and_json_bodies(ontraport: dict[str, object]) -> None:
    ops = _ops(ontraport)
    assert ops["contacts.create"]["content_type"] == "form"
    assert "content_type" not in ops["transactions.process_manual"]  # JSON, the default
    assert ops["transactions.process_manual"]["body"]["offer"]["type"] == "TransactionOffer"
    forms = [k for k, op in ops.items() if op.get("content_type") == "form"]
    json_bodies = [k for k, op in ops.items() if "body" in op and "content_type" not in op]
    assert len(forms) > 40 and len(json_bodies) > 15
    for key, op in ops.items():
        if "GET" in op:
            assert "body" not in op, key  # GET parameters go in the query string


def test_contradictions_are_kept_or_noted(ontraport: dict[str, object]) -> None:
    ops = _ops(ontraport)
    # /Form and /form are different endpoints
    assert ops["forms.retrieve"]["GET"] == "/Form" and ops["forms.retrieve_html"]["GET"] == "/form"
    # the same method and path documented twice, kept as two methods
    assert ops["transactions.process_manual"]["POST"] == ops["transactions.log"]["POST"]
    # paths corrected from the evidence say so
    for key in ("forms.list_blocks_by_form_name", "landing_pages.retrieve_meta",
                "objects.retrieve_fields", "inboxes.update"):
        assert ops[key].get("confidence") == "inferred" and ops[key].get("note"), key


def test_envelope_auth_and_pagination(ontraport: dict[str, object]) -> None:
    api = docspec.parse(load_document(ONTRAPORT), name="ontraport")[0]
    assert api.envelope is not None and api.envelope.data == "data" and api.envelope.code == "code"
    # both credentials go on every request, as one security requirement
    assert [a.param_name for a in api.auth] == ["Api-Key", "Api-Appid"]
    assert api.security == (("api_key", "app_id"),) and api.headers == ()
    assert api.servers[0].url == "https://api.ontraport.com/1"
    assert api.description is not None and "180 requests per minute" in api.description
    for name in ("X-Rate-Limit-Limit", "X-Rate-Limit-Remaining", "X-Rate-Limit-Reset"):
        assert name in api.description
    contacts = next(op for op in api.operations if op.operation_id == "contacts.list")
    assert contacts.pagination is not None
    assert (contacts.pagination.style, contacts.pagination.offset_param,
            contacts.pagination.limit_param, contacts.pagination.max_limit) == ("start_range", "start", "range", 50)
