"""The per-manager performance screen on a fixture worked by hand: two managers, June 2026, a day and the month."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from abonent.callcentre.models import CallbackAttempt, CallbackTask
from abonent.churn.models import DisconnectionRequest
from abonent.performance import services
from abonent.retention.models import BonusScheme, Measure, RetentionOffer, RetentionPlan
from abonent.staff.models import Employee
from abonent.worklists.models import WorkItem

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2026, 6, 30)
JUNE = (dt.date(2026, 6, 1), AS_OF)
DAY = (AS_OF, AS_OF)


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def at(day: dt.date, hour: int = 12) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def june(day: int, hour: int = 12) -> dt.datetime:
    return at(dt.date(2026, 6, day), hour)


@pytest.fixture
def team(make_user, make_subscriber):
    """Орлов (A) and Белова (B), managers; Кузнецова, an agent who receives requests and has no row.

    A: r1 received, reason, closed retained on 30.06 (offer 600 accepted); r2 received by the agent, reason 10.06,
    offer 300 declined, closed disconnected 12.06; r3 received, reason 05.06, offer 0 accepted, closed suspended
    06.06; r4 received 28.05, closed relocated 01.06; r5 received 20.06, closed withdrawn 21.06.
    Work items: next action 25.06 open (overdue); 30.06 open (due, not overdue); 20.06 done 28.06 (not open);
    20.06 done 02.07 (open at the end of 30.06: overdue). Callbacks: a task due 30.06 10:00 called at 9:00 and
    11:00; a task due 15.06 10:00 called first at 12:00 (late).
    B: r6 received, reason 15.06, offer 1 200 accepted, closed retained 16.06; r7 received by the agent, reason
    30.06, open.
    The plan of June: 30 kept, shared by the two who worked requests: 15 each.
    """
    a = make_user("retention_manager", username="orlov", first_name="Дмитрий", last_name="Орлов")
    b = make_user("retention_manager", username="belova", first_name="Ольга", last_name="Белова")
    agent = make_user("call_centre_agent", username="kuznetsova")
    for user in (a, b, agent):
        Employee.objects.create(user=user)
    measure = Measure.objects.first()

    def request(received, agent_user, *, reason=None, closed=None, closer=None, status="new"):
        return DisconnectionRequest.objects.create(
            subscriber=make_subscriber(),
            received_at=received,
            channel="phone",
            agent=agent_user,
            reason_established_at=reason[1] if reason else None,
            reason_established_by=reason[0] if reason else None,
            closed_at=closed,
            closed_by=closer,
            status=status,
        )

    def offer(req, user, made, answer, cost):
        RetentionOffer.objects.create(
            subscriber=req.subscriber,
            request=req,
            measure=measure,
            made_by=user,
            made_at=made,
            answer=answer,
            cost=cost,
        )

    r1 = request(june(30, 9), a, reason=(a, june(30, 10)), closed=june(30, 11), closer=a, status="retained")
    offer(r1, a, june(30, 10), "accepted", Decimal(600))
    r2 = request(june(10, 9), agent, reason=(a, june(10)), closed=june(12), closer=a, status="disconnected")
    offer(r2, a, june(10), "declined", Decimal(300))
    r3 = request(june(5, 9), a, reason=(a, june(5)), closed=june(6), closer=a, status="suspended")
    offer(r3, a, june(5), "accepted", Decimal(0))
    request(at(dt.date(2026, 5, 28)), a, closed=june(1), closer=a, status="relocated")
    request(june(20), a, closed=june(21), closer=a, status="withdrawn")
    r6 = request(june(15, 9), b, reason=(b, june(15)), closed=june(16), closer=b, status="retained")
    offer(r6, b, june(15), "accepted", Decimal(1200))
    request(june(30, 9), agent, reason=(b, june(30, 10)), status="reason_established")

    subscriber = make_subscriber()
    for next_action, status, closed in [
        (dt.date(2026, 6, 25), "open", None),
        (dt.date(2026, 6, 30), "open", None),
        (dt.date(2026, 6, 20), "done", june(28)),
        (dt.date(2026, 6, 20), "done", at(dt.date(2026, 7, 2))),
    ]:
        WorkItem.objects.create(
            subscriber=subscriber,
            work_list="hot",
            assigned_to=a,
            next_action_on=next_action,
            status=status,
            closed_at=closed,
            created_at=june(1),
        )
    t1 = CallbackTask.objects.create(phone="79120000001", due_at=june(30, 10), first_attempt_at=june(30, 9))
    CallbackAttempt.objects.create(task=t1, user=a, at=june(30, 9), outcome="no_answer")
    CallbackAttempt.objects.create(task=t1, user=a, at=june(30, 11), outcome="reached")
    t2 = CallbackTask.objects.create(phone="79120000002", due_at=june(15, 10), first_attempt_at=june(15, 12))
    CallbackAttempt.objects.create(task=t2, user=a, at=june(15, 12), outcome="reached")
    RetentionPlan.objects.create(month=dt.date(2026, 6, 1), kept_target=30, budget=Decimal(100000))
    return {"a": a, "b": b, "agent": agent}


def by_name(rows):
    return {row.name: row for row in rows}


def test_the_month_worked_by_hand(team, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):  # a fixed number of grouped queries, whatever the number of managers
        rows = by_name(services.manager_performance(*JUNE, as_of=AS_OF))
    assert list(rows) == ["Ольга Белова", "Дмитрий Орлов"]  # by last name; the agent has no row
    a = rows["Дмитрий Орлов"]
    assert (a.requests, a.reasons, a.offers, a.accepted) == (5, 3, 3, 2)
    # Saves: r1, r3, r4 kept; r2 disconnected; r5 withdrawn counts neither way (churn.kept).
    assert (a.saves, a.decided, a.save_rate) == (3, 4, Decimal("75.0"))
    assert a.cost_per_save == Decimal("200.00")  # (600 + 0) ÷ 3
    assert a.overdue == 2
    # Three attempts; two were a task's first, one of them by the due time.
    assert (a.callbacks, a.first_callbacks, a.within_sla, a.sla_share) == (3, 2, 1, Decimal("50.0"))
    assert (a.plan, a.plan_source, a.plan_pct) == (Decimal("15.0"), "split", Decimal("20.0"))

    b = rows["Ольга Белова"]
    assert (b.requests, b.reasons, b.offers, b.saves, b.decided, b.save_rate) == (2, 2, 1, 1, 1, Decimal("100.0"))
    assert (b.cost_per_save, b.overdue, b.callbacks, b.sla_share) == (Decimal("1200.00"), 0, 0, None)
    assert (b.plan, b.plan_pct) == (Decimal("15.0"), Decimal("6.7"))  # 1 ÷ 15

    total = services.totals(list(rows.values()))
    assert (total.requests, total.reasons, total.offers, total.saves, total.decided) == (7, 5, 4, 4, 5)
    assert (total.save_rate, total.cost_per_save) == (Decimal("80.0"), Decimal("450.00"))  # 1 800 ÷ 4
    assert (total.overdue, total.callbacks, total.sla_share) == (2, 3, Decimal("50.0"))
    assert (total.plan, total.plan_pct) == (Decimal("30.0"), Decimal("13.3"))


def test_the_day_worked_by_hand(team):
    rows = by_name(services.manager_performance(*DAY, as_of=AS_OF))
    a, b = rows["Дмитрий Орлов"], rows["Ольга Белова"]
    assert (a.requests, a.reasons, a.offers, a.saves, a.decided, a.cost_per_save) == (1, 1, 1, 1, 1, Decimal("600"))
    assert (a.callbacks, a.first_callbacks, a.sla_share, a.overdue) == (2, 1, Decimal("100.0"), 2)
    # A day of June gets 1/30 of the month's share of 15.
    assert (a.plan, a.plan_pct) == (Decimal("0.5"), Decimal("200.0"))
    assert (b.requests, b.reasons, b.offers, b.saves, b.save_rate, b.plan, b.plan_pct) == (
        1,
        1,
        0,
        0,
        None,
        Decimal("0.5"),
        Decimal("0.0"),
    )


def test_a_personal_scheme_target_is_the_plan(team):
    BonusScheme.objects.create(
        role="retention_manager", name="Personal", base_bonus=0, per_kept_above_plan=0, personal_target=20
    )
    rows = by_name(services.manager_performance(*JUNE, as_of=AS_OF))
    assert (rows["Дмитрий Орлов"].plan, rows["Дмитрий Орлов"].plan_source) == (Decimal("20.0"), "scheme")


def test_period_dates():
    assert services.period_dates("day", AS_OF) == (AS_OF, AS_OF)
    assert services.period_dates("week", AS_OF) == (dt.date(2026, 6, 24), AS_OF)
    assert services.period_dates("month", dt.date(2026, 6, 3)) == (dt.date(2026, 6, 1), dt.date(2026, 6, 3))


def test_the_head_sees_every_manager_side_by_side(team, client_for, settings):
    settings.LANGUAGE_CODE = "ru"  # the Russian formats: a space between thousands, a decimal comma
    client = client_for("head_of_retention")
    response = client.get(reverse("performance:managers"), {"period": "month", "as_of": "2026-06-30", "sort": "-saves"})
    assert response.status_code == 200
    names = [row.name for row in response.context["rows"]]
    assert names[:2] == ["Дмитрий Орлов", "Ольга Белова"]  # most saves first
    html = response.content.decode()
    assert "1\u00a0200\u00a0₽" in html and "75,0 %" in html
    assert "orlov" not in html  # names, not usernames


def test_a_manager_sees_their_own_row_and_the_total(team, client):
    client.force_login(team["b"])
    response = client.get(reverse("performance:managers"), {"period": "day", "as_of": "2026-06-30"})
    assert response.status_code == 200
    assert [row.name for row in response.context["rows"]] == ["Ольга Белова"]
    assert response.context["total"].requests == 2


@pytest.mark.parametrize("role, status", [("analyst", 200), ("call_centre_agent", 403), ("debt_agent", 403)])
def test_who_may_open_the_page(role, status, client_for):
    assert client_for(role).get(reverse("performance:managers")).status_code == status


def test_the_api_gives_the_same_rows(team, api_client_for):
    api = api_client_for("analyst")
    response = api.get("/api/performance/managers/", {"period": "month", "as_of": "2026-06-30"})
    assert response.status_code == 200
    data = response.json()
    assert (data["first"], data["last"], data["all_managers"]) == ("2026-06-01", "2026-06-30", True)
    a = next(row for row in data["rows"] if row["name"] == "Дмитрий Орлов")
    assert (a["saves"], a["decided"], a["offers"], a["overdue_tasks"], a["callbacks"]) == (3, 4, 3, 2, 3)
    assert (Decimal(a["save_rate"]), Decimal(a["cost_per_save"]), Decimal(a["plan_pct"])) == (75, 200, 20)
    assert data["total"]["requests"] == 7
    assert api.get("/api/performance/managers/", {"period": "year"}).status_code == 400


def test_the_api_gives_a_manager_their_own_row(team, api_client_for):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(team["a"])
    rows = api.get("/api/performance/managers/", {"period": "day", "as_of": "2026-06-30"}).json()["rows"]
    assert [row["name"] for row in rows] == ["Дмитрий Орлов"]
    assert api_client_for("call_centre_agent").get("/api/performance/managers/").status_code == 403
