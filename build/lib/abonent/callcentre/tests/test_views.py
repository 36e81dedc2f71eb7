"""Pages and API: register views, permissions, the agent's htmx card, reports, exports, the dashboard panel."""

import datetime as dt

import pytest
from django.urls import reverse

from abonent.callcentre.models import CallbackPolicy, CallbackTask
from abonent.core.testing import check_register_views, xlsx_rows

from .conftest import at
from .test_reports import MON, seed_002_day


def make_task(phone="79120000001", created=None, priority=3):
    created = created or at(MON, 9)
    return CallbackTask.objects.create(
        phone=phone,
        created_at=created,
        last_missed_at=created,
        due_at=created + dt.timedelta(minutes=30),
        priority=priority,
    )


def test_task_register(client_for, policy):
    task = make_task()
    rows = check_register_views(client_for, task, viewer="analyst", outsider="debt_agent")
    assert rows[1][0] == task.pk


def test_policy_page_and_edit(client_for, policy):
    client = client_for("head_of_retention")
    assert client.get(reverse("callcentre:callbackpolicy_detail")).status_code == 200
    response = client.post(
        reverse("callcentre:callbackpolicy_edit"),
        {
            "sla_minutes": 15,
            "work_starts": "08:00",
            "work_ends": "20:00",
            "work_days": ["1", "2", "3", "4", "5", "6"],
            "max_attempts": 4,
            "retry_minutes": 30,
            "max_age_hours": 48,
        },
    )
    assert response.status_code == 302
    policy = CallbackPolicy.current()
    assert (policy.sla_minutes, policy.work_days, policy.max_attempts) == (15, [1, 2, 3, 4, 5, 6], 4)
    agent = client_for("call_centre_agent")
    assert agent.get(reverse("callcentre:callbackpolicy_edit")).status_code == 403


def test_agent_takes_next_and_records_reached_over_htmx(client_for, policy):
    first, second = make_task("79120000001", at(MON, 9)), make_task("79120000002", at(MON, 9, 5))
    client = client_for("call_centre_agent")
    page = client.get(reverse("callcentre:my_callback"))
    assert page.status_code == 200 and b'id="next-callback"' in page.content
    card = client.post(reverse("callcentre:next"), HTTP_HX_REQUEST="true")
    assert f'data-task="{first.pk}"'.encode() in card.content
    done = client.post(
        reverse("callcentre:callbacktask_attempt", args=[first.pk]),
        {"outcome": "reached", "note": "ok", "minutes": 3},
        HTTP_HX_REQUEST="true",
    )
    assert b'id="queue-waiting">1<' in done.content
    first.refresh_from_db()
    assert first.outcome == "reached"
    card = client.post(reverse("callcentre:next"), HTTP_HX_REQUEST="true")
    assert f'data-task="{second.pk}"'.encode() in card.content


def test_only_agents_work_callbacks(client_for, policy):
    task = make_task()
    analyst = client_for("analyst")
    assert analyst.get(reverse("callcentre:my_callback")).status_code == 403
    assert analyst.post(reverse("callcentre:next")).status_code == 403
    assert analyst.post(reverse("callcentre:callbacktask_cancel", args=[task.pk])).status_code == 403


def test_head_cancels(client_for, policy):
    task = make_task()
    client = client_for("head_of_retention")
    client.post(reverse("callcentre:callbacktask_cancel", args=[task.pk]))
    task.refresh_from_db()
    assert task.status == "cancelled"
    assert client.get(task.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("name", ["statistics", "staffing", "workload", "missed_calls"])
def test_report_pages_and_exports(client_for, call_types, name):
    seed_002_day(call_types)
    client = client_for("analyst")
    url = reverse(f"callcentre:{name}")
    params = {"start": MON.isoformat(), "end": MON.isoformat()}
    assert client.get(url).status_code == 200
    assert client.get(url, params).status_code == 200
    rows = xlsx_rows(client.get(url, {**params, "export": "xlsx"}))
    assert len(rows) >= 1
    assert client_for("call_centre_agent").get(url).status_code == 403


def test_statistics_page_shows_the_seed_table(client_for, call_types):
    seed_002_day(call_types)
    html = client_for("analyst").get(reverse("callcentre:statistics"), {"start": "2026-11-23", "end": "2026-11-23"})
    content = html.content.decode()
    assert 'id="classifier-total">75<' in content
    assert (
        '<tr data-type="missed" class="table-warning"><td>missed</td><td class="num">29</td><td class="num">39 %'
        in content
    )


def test_api_next_attempt_and_reports(api_client_for, policy, call_types):
    task = make_task()
    api = api_client_for("call_centre_agent")
    got = api.post("/api/callcentre/callbacks/next/")
    assert got.status_code == 200 and got.json()["id"] == task.pk and got.json()["status"] == "assigned"
    done = api.post(f"/api/callcentre/callbacks/{task.pk}/attempt/", {"outcome": "no_answer"}, format="json")
    assert done.json()["status"] == "open" and done.json()["attempts"] == 1
    assert api.post("/api/callcentre/callbacks/next/").status_code == 204  # retry delay not over
    assert api.get("/api/callcentre/callbacks/").status_code == 200
    assert api.get("/api/callcentre/statistics/", {"start": "2026-11-23", "end": "2026-11-23"}).status_code == 403
    analyst = api_client_for("analyst")
    assert analyst.post("/api/callcentre/callbacks/next/").status_code == 403
    seed_002_day(call_types)
    stats = analyst.get("/api/callcentre/statistics/", {"start": "2026-11-23", "end": "2026-11-23"}).json()
    assert stats["total"] == 75
    assert {r["code"]: r["pct"] for r in stats["classifier"]}["missed"] == 39
    for name in ("staffing", "workload", "missed-calls"):
        assert analyst.get(f"/api/callcentre/{name}/", {"start": "2026-11-23", "end": "2026-11-23"}).status_code == 200
    assert analyst.get("/api/callcentre/statistics/", {"start": "2026-11-23"}).status_code == 400
    head = api_client_for("head_of_retention")
    assert head.patch("/api/callcentre/policy/", {"sla_minutes": 20}, format="json").json()["sla_minutes"] == 20
    assert analyst.patch("/api/callcentre/policy/", {"sla_minutes": 5}, format="json").status_code == 403


def test_dashboard_panel(client_for, policy, settings):
    make_task("79120000001", priority=1)
    make_task("79120000002", priority=3)
    html = client_for("head_of_retention").get(reverse("analytics:dashboard")).content.decode()
    assert 'id="callback-open">2<' in html


def test_menu_entries(client_for):
    html = client_for("head_of_retention").get(reverse("callcentre:callbacktask_list")).content.decode()
    for name in ("my_callback", "statistics", "staffing", "workload", "missed_calls"):
        assert reverse(f"callcentre:{name}") in html


def test_subscriber_card_shows_callbacks(client_for, policy, make_subscriber):
    subscriber = make_subscriber()
    task = make_task()
    task.subscriber = subscriber
    task.save()
    html = client_for("head_of_retention").get(subscriber.get_absolute_url()).content.decode()
    assert 'id="subscriber-callbacks"' in html and f"№{task.pk}" in html


def test_analyst_sees_callback_phones_masked_everywhere(client_for, api_client_for, policy, make_user):
    """No subscribers.view_phone: the API, the card's title, the attempts' task drop-down and both exports mask the
    number; an agent sees it in full."""
    from abonent.callcentre.models import CallbackAttempt

    task = make_task(phone="79123456789")
    CallbackAttempt.objects.create(task=task, user=make_user("call_centre_agent"), outcome="no_answer")
    masked, full = "+7 (912) ***-**-89", "+7 (912) 345-67-89"
    api = api_client_for("analyst")
    assert api.get("/api/callcentre/callbacks/").json()["results"][0]["phone"] == masked
    assert api.get(f"/api/callcentre/callbacks/{task.pk}/").json()["phone"] == masked
    client = client_for("analyst")
    for url in (task.get_absolute_url(), reverse("callcentre:callbackattempt_list")):
        html = client.get(url).content.decode()
        assert "79123456789" not in html and "345-67-89" not in html and masked in html
    for name in ("callcentre:callbacktask_list", "callcentre:callbackattempt_list"):
        cells = [str(v) for row in xlsx_rows(client.get(reverse(name), {"export": "xlsx"})) for v in row]
        assert not any("79123456789" in c or "345-67-89" in c for c in cells) and any(masked in c for c in cells)
    agent = api_client_for("call_centre_agent")
    assert agent.get(f"/api/callcentre/callbacks/{task.pk}/").json()["phone"] == "79123456789"
    assert full in client_for("call_centre_agent").get(task.get_absolute_url()).content.decode()
