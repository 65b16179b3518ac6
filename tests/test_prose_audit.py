"""The errors an audit of the doc specs found, one test each: they need no seed document (the
spec's examples files hold what the documents show), so they run on any clone."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import ir
from generator.documents import load_document
from generator.parsers import docspec
from generator.targets.python import lax
from tests.conftest import python_view

ROOT = Path(__file__).resolve().parents[1]


@cache
def api(name: str) -> ir.Api:
    return docspec.parse(load_document(ROOT / "specs" / f"{name}.yaml"), name=name)[0]


@cache
def data(name: str) -> dict[str, Any]:
    loaded = yaml.safe_load((ROOT / "specs" / f"{name}.yaml").read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def op(name: str, key: str) -> ir.Operation:
    return next(o for o in api(name).operations if o.operation_id == key)


def returns(name: str, key: str) -> ir.Schema:
    ok = op(name, key).success
    assert ok is not None
    return ok.bodies[0].schema


def examples(name: str, of: str, key: str) -> list[ir.Example]:
    found = [e for e in api(name).examples if (e.of, e.name) == (of, key)]
    assert found, (of, key)
    return found


def parses(name: str, schema: ir.Schema | None, example: ir.Example, envelope: bool = True) -> list[str]:
    value = example.value["data"] if envelope else example.value
    return lax.problems(api(name), schema, value)


def field(name: str, model: str, wire: str) -> ir.Field:
    return next(f for f in api(name).model(model).fields if f.name == wire)


def body_field(name: str, key: str, wire: str) -> ir.Field:
    body = op(name, key).request_body
    assert body is not None and isinstance(body.preferred.schema, ir.Ref)
    return field(name, body.preferred.schema.name, wire)


# --- Ontraport -----------------------------------------------------------------------------


@pytest.mark.parametrize(("key", "item"), [("calendar_events.list", "CalendarEvent"),
                                           ("calendar_potential_guests.list", "CalendarPotentialGuest")])
def test_lists_return_lists(key: str, item: str) -> None:
    """Both failed on every call: the documented `data` is a list (004:3740, 004:4375)."""
    assert returns("ontraport", key) == ir.Array(ir.Ref(item))
    for example in examples("ontraport", "operation", key):
        assert parses("ontraport", returns("ontraport", key), example) == []


def test_potential_guest_type_may_be_suggested() -> None:
    schema = field("ontraport", "CalendarPotentialGuest", "type").schema
    assert lax.problems(api("ontraport"), schema, "suggested") == []
    assert field("ontraport", "CalendarPotentialGuest", "type").description.count("Inferred:") == 1  # type: ignore[union-attr]


def test_guest_info_and_field_editor_fields_use_their_models() -> None:
    for key in ("calendar_events.create", "calendar_events.update"):
        assert body_field("ontraport", key, "guestInfo").schema == ir.Ref("CalendarGuestInfo")
    assert body_field("ontraport", "objects.create_fields", "fields").schema == ir.Array(ir.Array(ir.Ref("FieldEditorField")))
    assert body_field("ontraport", "objects.update_fields", "fields").schema == ir.Array(
        ir.Array(ir.Ref("FieldEditorFieldUpdate")))
    sample = {"guestList": [{"id": "0_1", "fieldUpdates": {"status": 2}}]}  # 004:3374, as sent
    assert lax.problems(api("ontraport"), ir.Ref("CalendarGuestInfo"), sample) == []


@pytest.mark.parametrize(("key", "names"), [("objects.add_tag_by_name", "add_names"),
                                            ("objects.remove_tag_by_name", "remove_names")])
def test_tag_by_name_sends_arrays(key: str, names: str) -> None:
    assert body_field("ontraport", key, names).schema == ir.Array(ir.Primitive("string"))
    assert body_field("ontraport", key, "ids").schema == ir.Array(ir.Primitive("integer"))


def test_calendar_event_parses_the_create_response() -> None:
    (example,) = examples("ontraport", "operation", "calendar_events.create")
    assert {k: example.value["data"][k] for k in ("repeat_end_modifier", "repeat_end_date", "status")} == {
        "repeat_end_modifier": 5, "repeat_end_date": "", "status": 0}
    assert parses("ontraport", returns("ontraport", "calendar_events.create"), example) == []


def test_spam_score_takes_an_empty_string() -> None:
    (example,) = examples("ontraport", "operation", "messages.retrieve")
    assert example.value["data"]["spam_score"] == ""
    assert parses("ontraport", ir.Ref("Message"), example) == []


def test_task_data_is_open_to_task_form_fields() -> None:
    model = api("ontraport").model("TaskData")
    assert model.additional == ir.Primitive("string")
    assert not any("{" in f.name for m in api("ontraport").models for f in m.fields)


def test_transactional_is_transactional_emails_description() -> None:
    text = (ROOT / "specs" / "ontraport.yaml").read_text(encoding="utf-8")
    assert "Transactional:" not in text
    description = field("ontraport", "Message", "transactional_email").description
    assert description is not None and description.endswith("marked as Transactional Emails.")
    for key in ("messages.create", "messages.update"):
        assert "CAN-SPAM" in str(body_field("ontraport", key, "transactional_email").description)


@pytest.mark.parametrize("key", ["credit_cards.list", "forms.list", "groups.list"])
def test_start_after_an_id_is_a_cursor_not_an_offset(key: str) -> None:
    operation = op("ontraport", key)
    assert operation.pagination is None  # no list_all paging by offset
    assert [p.name for p in operation.parameters if p.name in ("start", "range")] == ["start", "range"]
    assert any("cursor" in note for note in operation.notes)
    assert not any(m.name == "list_all" for g in python_view(api("ontraport")).groups for m in g.methods
                   if m.op is operation)


EVENTS = ["object_submits_form", "object_create", "sub_tag", "unsub_tag", "purchase_product",
          "transaction_created_with_product"]


def test_the_six_webhook_events_are_modelled() -> None:
    hooks = {h.name: h for h in api("ontraport").webhooks}
    assert sorted(hooks) == sorted(EVENTS)
    for name in EVENTS:
        assert hooks[name].payload == ir.Ref("WebhookPayload")
        for example in examples("ontraport", "webhook", name):
            assert parses("ontraport", hooks[name].payload, example, envelope=False) == []


def test_last_code_is_an_integer_with_a_reason() -> None:
    entry = data("ontraport")["models"]["Webhook"]["fields"]["last_code"]
    assert entry["type"] == "integer" and entry["confidence"] == "inferred" and "string" in entry["note"]


# --- MadeWithBree ------------------------------------------------------------------------


def test_delivery_headers_on_every_webhook() -> None:
    for hook in api("bree").webhooks:
        assert [h.name for h in hook.headers] == ["X-Webhook-Id", "X-Webhook-Topic", "X-Webhook-Source"]
    view = python_view(api("bree"))
    assert all(dict(w.headers)["X-Webhook-Topic"] == "The event that was fired." for w in view.webhooks)


def test_updates_whose_prose_sets_only_non_empty_fields_require_none() -> None:
    """Contact, member, product and order updates: one rule, noted on each."""
    for key in ("contacts.update", "members.update", "products.update", "orders.update"):
        body = op("bree", key).request_body
        assert body is not None and isinstance(body.preferred.schema, ir.Ref)
        assert not any(f.required for f in api("bree").model(body.preferred.schema.name).fields), key
        if key != "orders.update":  # the only one 000 did not mark otherwise
            assert any("no field is required" in note for note in op("bree", key).notes), key
    assert body_field("bree", "contacts.create", "email").required  # a create keeps it


# --- Webflow v1 --------------------------------------------------------------------------


def test_enum_value_descriptions_are_carried() -> None:
    counts = {}
    for name in ("FieldType", "InnerFieldType", "TriggerType"):
        description = api("webflow_v1").model(name).description or ""
        counts[name] = description.count("\n- ")
    assert counts == {"FieldType": 14, "InnerFieldType": 2, "TriggerType": 11}  # Set's two rows are one value
    assert "- Bool: Yes/no switch" in str(api("webflow_v1").model("FieldType").description)


def test_integers_the_tables_call_numbers_are_noted() -> None:
    noted = [(model, wire) for model, entry in data("webflow_v1")["models"].items()
             for wire, spec in (entry.get("fields") or {}).items()
             if isinstance(spec, dict) and spec.get("type") == "integer" and "number" in str(spec.get("note", ""))]
    assert len(noted) == 29 and ("Validation", "maxLength") in noted and ("Error", "code") in noted
