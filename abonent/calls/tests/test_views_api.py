"""Register views, classification (agent, bulk, rules), the API, the live feed, permissions."""

import pytest
from django.urls import reverse

from abonent.calls import actions
from abonent.calls.models import Call, CallType, CallTypeRule, PbxColumnMapping
from abonent.calls.signals import calls_stored
from abonent.core.testing import check_register_views

from .conftest import CDR_21, QUEUE_LOG, import_kind


@pytest.fixture
def calls(write, subscribers, agents):
    assert import_kind("cdr", write("Master.csv", CDR_21)).status == "succeeded"
    assert import_kind("queue_log", write("queue_log", QUEUE_LOG)).status == "succeeded"
    return {c.call_id: c for c in Call.objects.all()}


def types() -> dict[str, CallType]:
    return CallType.objects.in_bulk(field_name="code")


@pytest.mark.django_db
def test_default_classifier_has_seed_types():
    t = types()
    assert list(CallType.objects.values_list("code", flat=True)) == [
        "internal",
        "payment",
        "conditions",
        "coordination",
        "new_connection",
        "churn",
        "missed",
        "service",
    ]
    assert (t["new_connection"].callback_priority, t["churn"].callback_priority) == (1, 2)
    assert t["missed"].is_missed and t["missed"].name_ru == "Разговор не состоялся"


@pytest.mark.django_db
def test_rules_apply_on_import_and_again_to_past_calls(write, subscribers):
    t = types()
    CallTypeRule.objects.create(field="ivr", value="pay*", call_type=t["payment"], order=1)
    CallTypeRule.objects.create(field="queue", value="support", call_type=t["service"], order=2)
    import_kind("cdr", write("Master.csv", CDR_21))
    calls = {c.call_id: c for c in Call.objects.select_related("call_type")}
    # IVR branch "payment" matches the first rule, though the queue matches the second.
    assert (calls["1762066800.1"].call_type.code, calls["1762066800.1"].classified_by) == ("payment", "rule")
    assert calls["1762066900.2"].call_type.code == "missed"  # missed beats the rules
    assert calls["1762067000.3"].call_type.code == "missed"  # an outbound call nobody answered did not take place
    # The queue rule moved ahead of the IVR one and re-applied to past calls: only the answered queue call changes.
    CallTypeRule.objects.filter(field="queue").update(order=0)
    assert actions.reapply_rules() == 1
    assert Call.objects.get(call_id="1762066800.1").call_type == t["service"]
    # An agent's choice survives re-applying the rules and re-importing.
    actions.classify(Call.objects.get(call_id="1762066800.1"), t["churn"], user=None)
    assert actions.reapply_rules() == 0
    import_kind("cdr", write("Master.csv", CDR_21))
    assert Call.objects.get(call_id="1762066800.1").call_type == t["churn"]


@pytest.mark.django_db
def test_register_views(calls, client_for):
    check_register_views(client_for, calls["1762066800.1"], viewer="call_centre_agent", outsider="debt_agent")
    check_register_views(client_for, types()["payment"], viewer="analyst", outsider="debt_agent")
    rule = CallTypeRule.objects.create(field="queue", value="sales", call_type=types()["new_connection"])
    check_register_views(client_for, rule, viewer="head_of_retention")
    mapping = PbxColumnMapping.objects.create(name="M", columns={"call_id": "id"})
    check_register_views(client_for, mapping, viewer="head_of_retention")


@pytest.mark.django_db
def test_agent_classifies_in_one_click(calls, client_for):
    client = client_for("call_centre_agent")
    call = calls["1762066800.1"]
    page = client.get(call.get_absolute_url())
    assert 'data-type="new_connection"' in page.content.decode()
    response = client.post(
        reverse("calls:call_classify", args=[call.pk]),
        {"call_type": types()["new_connection"].pk},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and "Новое подключение" in response.content.decode()
    call.refresh_from_db()
    assert (call.call_type.code, call.classified_by, call.classified_user) == ("new_connection", "agent", client.user)
    # An analyst may look, not classify.
    analyst = client_for("analyst")
    assert (
        analyst.post(reverse("calls:call_classify", args=[call.pk]), {"call_type": types()["churn"].pk}).status_code
        == 403
    )


@pytest.mark.django_db
def test_todo_and_bulk_classify(calls, client_for):
    client = client_for("call_centre_agent")
    # Answered calls without a type: the inbound queue call only (the internal one is typed "internal").
    listing = client.get(reverse("calls:call_list"), {"classified": "todo"})
    assert listing.context["table"].paginator.count == 1
    assert listing.context["todo_count"] == 1
    bulk = {"call_type": types()["service"].pk, "scope": "filtered", "query": "classified=todo"}
    # Every call of the filter is a bulk change: first the count and the filter, nothing changed (issue 12, item 4).
    asked = client.post(reverse("calls:call_bulk_classify"), bulk)
    assert asked.status_code == 200 and Call.objects.filter(classified_by="bulk").count() == 0
    assert 'name="confirmed" value="1"' in asked.content.decode() and asked.context["question"].startswith("1 ")
    # Set-up adapted: the confirmed POST classifies.
    response = client.post(reverse("calls:call_bulk_classify"), {**bulk, "confirmed": "1"})
    assert response.status_code == 302
    call = Call.objects.get(call_id="1762066800.1")
    assert (call.call_type.code, call.classified_by) == ("service", "bulk")
    ids = [calls["1762067000.3"].pk, calls["1762067200.5"].pk]
    client.post(reverse("calls:call_bulk_classify"), {"call_type": types()["payment"].pk, "ids": ids})
    assert Call.objects.filter(pk__in=ids, call_type__code="payment").count() == 2


@pytest.mark.django_db
def test_subscriber_card_shows_calls(calls, client_for):
    client = client_for("call_centre_agent")
    ivanov = Call.objects.get(call_id="1762066800.1").subscriber
    page = client.get(ivanov.get_absolute_url()).content.decode()
    assert (
        "calls/_subscriber_calls.html" in page and reverse("calls:call_detail", args=[calls["1762066800.1"].pk]) in page
    )


@pytest.mark.django_db
def test_api_read_and_classify(calls, api_client_for):
    api = api_client_for("call_centre_agent")
    listing = api.get("/api/calls/calls/", {"outcome": "missed"})
    assert listing.status_code == 200
    # Missed: the abandoned queue call, the outbound no-answer and the busy one.
    assert listing.json()["count"] == 3
    call = calls["1762066800.1"]
    done = api.post(f"/api/calls/calls/{call.pk}/classify/", {"call_type": "churn"}, format="json")
    assert done.status_code == 200 and done.json()["call_type_code"] == "churn"
    assert api.post(f"/api/calls/calls/{call.pk}/classify/", {"call_type": "nope"}, format="json").status_code == 400
    analyst = api_client_for("analyst")
    assert analyst.get("/api/calls/calls/").status_code == 200
    assert (
        analyst.post(f"/api/calls/calls/{call.pk}/classify/", {"call_type": "churn"}, format="json").status_code == 403
    )
    assert "/api/calls/events/" in api.get("/api/schema/").content.decode()


@pytest.mark.django_db
def test_live_feed(make_user, subscribers):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    pbx = make_user("head_of_retention", username="pbx")
    token = Token.objects.create(user=pbx)
    client = APIClient()
    event = {
        "call_id": "live-1",
        "started_at": "2025-11-02T10:00:00+03:00",
        "ended_at": "2025-11-02T10:00:50+03:00",
        "caller": "8 912 345-67-89",
        "callee": "4952000000",
        "queue": "sales",
        "disposition": "NO ANSWER",
        "wait_seconds": 50,
    }
    assert client.post("/api/calls/events/", event, format="json").status_code in (401, 403)  # anonymous
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    received = []

    def receiver(sender, call_ids, live, **kwargs):
        received.append((list(call_ids), live))

    calls_stored.connect(receiver)
    try:
        response = client.post("/api/calls/events/", event, format="json")
        assert response.status_code == 201, response.json()
        call = Call.objects.get(call_id="live-1")
        assert response.json() == {"added": 1, "updated": 0, "unchanged": 0, "ids": [call.pk]}
        assert received == [([call.pk], True)]
        assert (call.outcome, call.direction, call.subscriber, call.call_type.code) == (
            "no_answer",
            "inbound",
            subscribers["ivanov"],
            "missed",
        )
        # The same call again: nothing changes, nothing is announced.
        again = client.post("/api/calls/events/", [event], format="json")
        assert again.json()["unchanged"] == 1 and len(received) == 1
    finally:
        calls_stored.disconnect(receiver)
    bad = client.post(
        "/api/calls/events/",
        [{**event, "call_id": "x", "ended_at": "2025-11-02T09:00:00+03:00", "outcome": "lost"}],
        format="json",
    )
    assert bad.status_code == 400
    assert set(bad.json()[0]) == {"outcome"}
    no_outcome = client.post("/api/calls/events/", {**event, "disposition": "MAYBE"}, format="json")
    assert no_outcome.status_code == 400 and "outcome" in no_outcome.json()
    agent = make_user("call_centre_agent", username="agent-x")
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=agent).key}")
    assert client.post("/api/calls/events/", event, format="json").status_code == 403


@pytest.mark.django_db
def test_numbers_masked_without_phone_permission(calls, client_for, api_client_for):
    """An analyst (no subscribers.view_phone) sees +7 (912) ***-**-89 in the list, its export, the card and the API."""
    call = calls["1762066800.1"]
    client = client_for("analyst")
    listing = client.get(reverse("calls:call_list")).content.decode()
    assert "+7 (912) ***-**-89" in listing and "79123456789" not in listing
    assert "79123456789" not in client.get(call.get_absolute_url()).content.decode()
    api = api_client_for("analyst")
    assert api.get(f"/api/calls/calls/{call.pk}/").json()["caller"] == "+7 (912) ***-**-89"
    agent = api_client_for("call_centre_agent")
    assert agent.get(f"/api/calls/calls/{call.pk}/").json()["caller"] == "79123456789"  # as stored


def test_deleting_a_call_type_in_use_archives_it(calls, api_client_for, client_for):
    """Deleting a type that calls carry would unclassify them: the UI and the API archive it instead."""
    call = calls["1762066800.1"]
    actions.classify(call, types()["churn"], user=None)
    api = api_client_for("head_of_retention")
    churn = types()["churn"]
    answer = api.delete(f"/api/calls/types/{churn.pk}/")
    assert answer.status_code == 200 and answer.json()["is_archived"] is True
    call.refresh_from_db()
    assert call.call_type_id == churn.pk
    unused = CallType.objects.create(code="unused", name_ru="Не используется", name_en="Unused")
    assert api.delete(f"/api/calls/types/{unused.pk}/").status_code == 204
    assert not CallType.objects.filter(pk=unused.pk).exists()
    other = CallType.objects.create(code="other_used", name_ru="Другой", name_en="Other")
    Call.objects.filter(pk=call.pk).update(call_type=other)
    page = client_for("head_of_retention").post(reverse("calls:calltype_delete", args=[other.pk]))
    assert page.status_code == 302
    assert CallType.objects.get(pk=other.pk).is_archived
