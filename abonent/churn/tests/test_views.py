"""The request register in the browser: list filters, export, the card and its step forms, roles, query count."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from abonent.churn import actions
from abonent.churn.models import DisconnectionRequest, Script
from abonent.core.testing import check_register_views, xlsx_rows

LIST = reverse("churn:disconnectionrequest_list")


def at(day: str) -> dt.datetime:
    return timezone.make_aware(dt.datetime.fromisoformat(day))


@pytest.fixture
def register(make_subscriber, make_user, reasons):
    """Five requests differing in every filtered attribute; returns them by a short name."""
    ivanova, petrov = (
        make_user("retention_manager", username="ivanova"),
        make_user("retention_manager", username="petrov"),
    )

    def make(name, account, kind, service, received, agent, reason=None, close=None):
        sub = make_subscriber(account, name=name, kind=kind, service_type=service)
        request = actions.register_request(sub, channel="phone", user=agent, received_at=at(received))
        if reason:
            actions.establish_reason(request, reason=reasons[reason], user=agent)
        if close:
            # Issue 12: closing as retained needs an accepted offer.
            actions.make_offer(
                request, offer="Смена тарифа", user=agent, answer="accepted" if close == "retained" else ""
            )
            actions.close_request(request, outcome=close, user=agent)
        return request

    return {
        "a": make("Антонов", "200001", "residential", "internet", "2025-03-03T10:00", ivanova, "competitor"),
        "b": make("ООО Ромашка", "200002", "business", "internet", "2025-03-20T12:00", petrov, "low_speed", "retained"),
        "c": make("Сидоров", "200003", "residential", "catv", "2025-04-01T09:00", ivanova, "tv_picture"),
        "d": make("Кузнецова", "200004", "residential", "bundle", "2025-04-30T18:00", petrov),
        "e": make("ИП Белов", "200005", "business", "catv", "2025-05-02T08:00", ivanova, "price", "disconnected"),
    }


@pytest.mark.parametrize(
    "params, expected",
    [
        ({}, "abcde"),
        ({"status": "reason_established"}, "ac"),
        ({"status": "open"}, "acd"),
        ({"status": "retained"}, "b"),
        ({"reason_group": "quality"}, "bc"),
        ({"reason": "price"}, "e"),
        ({"received_after": "2025-03-20", "received_before": "2025-04-30"}, "bcd"),
        ({"agent": "petrov"}, "bd"),
        ({"service_type": "catv"}, "ce"),
        ({"subscriber_kind": "business"}, "be"),
        ({"q": "200003"}, "c"),
        ({"q": "Ромашка"}, "b"),
        ({"subscriber_kind": "residential", "status": "open", "service_type": "internet"}, "a"),
    ],
)
def test_list_filters(params, expected, register, client_for, reasons):
    from django.contrib.auth import get_user_model

    from abonent.churn.models import ReasonGroup

    query = dict(params)
    if "reason_group" in query:
        query["reason_group"] = ReasonGroup.objects.get(code=query["reason_group"]).pk
    if "reason" in query:
        query["reason"] = reasons[query["reason"]].pk
    if "agent" in query:
        query["agent"] = get_user_model().objects.get(username=query["agent"]).pk
    response = client_for("analyst").get(LIST, query)
    assert response.status_code == 200
    found = {r.pk for r in response.context["table"].data}
    assert found == {register[k].pk for k in expected}


def test_received_period_includes_the_whole_last_day(register, client_for):
    response = client_for("analyst").get(LIST, {"received_after": "2025-04-30", "received_before": "2025-04-30"})
    assert [r.pk for r in response.context["table"].data] == [register["d"].pk]


def test_xlsx_export_of_the_filtered_list(register, client_for):
    client = client_for("analyst")
    rows = xlsx_rows(client.get(LIST, {"subscriber_kind": "business", "export": "xlsx"}))
    header, body = rows[0], rows[1:]
    assert header[:4] == ["№", "Received at", "Account number", "Subscriber"]
    status = header.index("Status")
    reason = header.index("Reason")
    assert sorted((r[2], r[3], r[status], r[reason]) for r in body) == [
        ("200002", "ООО Ромашка", "Retained", "Low internet speed"),
        ("200005", "ИП Белов", "Disconnected", "Price too high"),
    ]


def test_list_query_count_does_not_grow_with_rows(
    make_subscriber, make_user, client_for, reasons, django_assert_max_num_queries
):
    agent = make_user("call_centre_agent")
    for i in range(30):
        request = actions.register_request(make_subscriber(f"3{i:05d}"), channel="phone", user=agent)
        if i % 2:
            actions.establish_reason(request, reason=reasons["competitor"], user=agent)
    client = client_for("analyst")
    client.get(LIST)  # warm the session and permission caches the way a second page view finds them
    with django_assert_max_num_queries(12):
        response = client.get(LIST)
    assert len(response.context["table"].rows) == 30


def test_register_views_and_roles(register, client_for):
    rows = check_register_views(client_for, register["a"], viewer="analyst", outsider="debt_agent", max_queries=20)
    assert len(rows) == 6


def test_analyst_lists_but_cannot_create(client_for, subscriber):
    client = client_for("analyst")
    assert client.get(LIST).status_code == 200
    assert client.get(reverse("churn:disconnectionrequest_add")).status_code == 403
    response = client.post(
        reverse("churn:disconnectionrequest_add"),
        {"account": "100001", "channel": "phone", "received_at": "2025-05-01T10:00"},
    )
    assert response.status_code == 403
    assert not DisconnectionRequest.objects.exists()


def test_agent_creates_from_the_subscriber_card_but_cannot_close(client_for, subscriber):
    client = client_for("call_centre_agent")
    form = client.get(reverse("churn:disconnectionrequest_add"), {"subscriber": subscriber.pk})
    assert form.context["form"].initial["account"] == "100001"
    response = client.post(
        reverse("churn:disconnectionrequest_add"),
        {
            "account": "100001",
            "channel": "visit",
            "received_at": "2025-05-01T10:00",
            "desired_date": "2025-05-31",
            "note": "переезжает",
        },
    )
    request = DisconnectionRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == request.get_absolute_url()
    assert (request.agent, request.channel, request.status) == (client.user, "visit", "new")
    assert request.desired_date == dt.date(2025, 5, 31)
    assert request.service_type == "internet", "taken from the subscriber"
    card = client.get(request.get_absolute_url())
    assert "reason_form" not in card.context and "close_form" not in card.context
    refused = client.post(reverse("churn:disconnectionrequest_close", args=[request.pk]), {"outcome": "withdrawn"})
    assert refused.status_code == 403
    request.refresh_from_db()
    assert request.status == "new"


def test_create_with_an_unknown_account_shows_the_error(client_for):
    client = client_for("call_centre_agent")
    response = client.post(
        reverse("churn:disconnectionrequest_add"),
        {"account": "999999", "channel": "phone", "received_at": "2025-05-01T10:00"},
    )
    assert response.status_code == 200
    assert "No subscriber with account number 999999." in response.content.decode()


def test_card_shows_summary_steps_and_script(client_for, bring_to, subscriber):
    request = bring_to(subscriber, "new")
    client = client_for("retention_manager")
    response = client.get(request.get_absolute_url())
    html = response.content.decode()
    assert response.context["summary"]["tenure_months"] >= 36
    assert "+7 (912) 345-67-89" in html, "a manager sees the phone"
    assert "reason_form" in response.context and "offer_form" not in response.context
    assert [c[0] for c in response.context["close_form"].fields["outcome"].choices] == ["withdrawn"]
    assert 'hx-get="/churn/scripts/panel/"' in html and 'hx-target="#script-panel"' in html
    assert "Choose a reason to see the script of its group." in html


def test_analyst_sees_masked_phones_and_no_step_forms(client_for, bring_to, subscriber):
    request = bring_to(subscriber, "reason_established")
    response = client_for("analyst").get(request.get_absolute_url())
    html = response.content.decode()
    assert "+7 (912) ***-**-89" in html and "345-67-89" not in html
    assert not {"reason_form", "offer_form", "close_form"} & set(response.context.keys())


def test_script_panel_loads_the_group_script(client_for, reasons):
    response = client_for("call_centre_agent").get(
        reverse("churn:script_panel"), {"reason": reasons["outages"].pk}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert 'data-group="quality"' in html
    assert escape(Script.objects.get(group__code="quality").body_en.splitlines()[0]) in html


def test_working_a_request_through_the_card(client_for, bring_to, subscriber, reasons):
    request = bring_to(subscriber, "new")
    client = client_for("retention_manager")

    def step(name, data):
        response = client.post(reverse(f"churn:disconnectionrequest_{name}", args=[request.pk]), data)
        assert response.status_code == 302, response.content.decode()[-2000:]
        return response

    step("establish_reason", {"reason": reasons["temporary_money_trouble"].pk, "comment": "потерял работу"})
    card = client.get(request.get_absolute_url())
    assert card.context["scripts"][0].group.code == "financial"
    assert "temporary suspension instead of termination" in card.content.decode()
    step("make_offer", {"offer": "Временная блокировка на 2 месяца", "answer": "accepted"})
    step("close", {"outcome": "suspended", "note": "заявление подписано"})
    request.refresh_from_db()
    subscriber.refresh_from_db()
    assert (request.status, request.closed_by, subscriber.status) == ("suspended", client.user, "suspended")
    history = client.get(request.get_absolute_url()).context["history"]
    assert [row["user"] for row in history] == [client.user, client.user, client.user, request.agent]
    changes = {(c["field"], str(c["old"]), str(c["new"])) for c in history[0]["changes"]}
    assert ("status", "Retention offer made", "Suspended instead") in changes
    reason_change = {(c["field"], str(c["new"])) for c in history[2]["changes"]}
    assert ("reason", "Temporary money trouble") in reason_change


def test_forbidden_step_in_the_card_shows_the_reason(client_for, bring_to, subscriber):
    request = bring_to(subscriber, "new")
    client = client_for("retention_manager")
    response = client.post(
        reverse("churn:disconnectionrequest_close", args=[request.pk]), {"outcome": "disconnected"}, follow=True
    )
    assert "The reason must be established before the subscriber is disconnected." in response.content.decode()
    request.refresh_from_db()
    assert request.status == "new"


def test_classifier_and_script_registers(client_for, reasons):
    from abonent.churn.models import ReasonGroup

    group = ReasonGroup.objects.get(code="service")
    check_register_views(client_for, group, viewer="analyst")
    check_register_views(client_for, reasons["slow_repair"], viewer="call_centre_agent")
    script = Script.objects.get(group=group)
    check_register_views(client_for, script, viewer="analyst")


def test_script_edit_is_kept_in_history(client_for):
    script = Script.objects.get(group__code="quality")
    client = client_for("head_of_retention")
    data = {
        "group": script.group_id,
        "title": script.title,
        "title_en": script.title_en,
        "body_ru": script.body_ru + "\n13. Предложите роутер в аренду.",
        "body_en": script.body_en,
    }
    assert client.post(reverse("churn:script_edit", args=[script.pk]), data).status_code == 302
    history = client.get(script.get_absolute_url()).context["history"]
    assert history[0]["user"] == client.user
    assert [c["field"] for c in history[0]["changes"]] == ["text (Russian)"]
    assert client_for("retention_manager").post(reverse("churn:script_edit", args=[script.pk]), data).status_code == 403
