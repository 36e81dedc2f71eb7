"""Report figures computed by hand: seed 002's classifier table, queue statistics, callbacks, staffing, workload
and the missed-call economics."""

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from abonent.callcentre import reports
from abonent.callcentre.models import CallbackTask
from abonent.calls.models import AgentInterval, Call
from abonent.churn.models import ChurnReason
from abonent.staff.models import Employee
from abonent.staff.services import record_time

from .conftest import at

MON = dt.date(2026, 11, 23)

SEED_002 = {
    "internal": 2,
    "payment": 5,
    "conditions": 4,
    "coordination": 6,
    "new_connection": 7,
    "churn": 1,
    "missed": 29,
    "service": 21,
}


def seed_002_day(call_types, day=MON):
    """Seed 002's audited day: 75 calls, 29 of them did not take place (the caller hung up waiting)."""
    calls, n = [], 0
    for code, count in SEED_002.items():
        for _ in range(count):
            n += 1
            missed = code == "missed"
            calls.append(
                Call(
                    call_id=f"seed-{n}",
                    direction="internal" if code == "internal" else "inbound",
                    started_at=at(day, 9) + dt.timedelta(minutes=7 * n),
                    caller=f"7912{n:07d}",
                    outcome="abandoned" if missed else "answered",
                    wait_seconds=60 if missed else 15,
                    talk_seconds=0 if missed else 200,
                    call_type=call_types[code],
                )
            )
    Call.objects.bulk_create(calls)


def test_seed_002_classifier_table(call_types):
    seed_002_day(call_types)
    stats = reports.call_statistics(MON, MON)
    table = {row.code: (row.count, row.pct) for row in stats.classifier}
    # 29/75 = 38.7 → 39 %; 2/75 → 3; 5/75 → 7; 4/75 → 5; 6/75 = 8; 7/75 → 9; 1/75 → 1; 21/75 = 28.
    assert table == {
        "internal": (2, 3),
        "payment": (5, 7),
        "conditions": (4, 5),
        "coordination": (6, 8),
        "new_connection": (7, 9),
        "churn": (1, 1),
        "missed": (29, 39),
        "service": (21, 28),
    }
    assert stats.total == 75


def test_missed_calls_count_as_did_not_take_place_whatever_their_type(call_types, make_call):
    make_call(at(MON, 10), outcome="abandoned", call_type=None)
    make_call(at(MON, 10), outcome="no_answer", call_type=call_types["new_connection"])
    make_call(at(MON, 10), outcome="answered", call_type=None)
    table = {row.code: row.count for row in reports.call_statistics(MON, MON).classifier}
    assert table["missed"] == 2 and table["new_connection"] == 0 and table[""] == 1  # "" = unclassified


def test_queue_figures_by_hand(make_call, make_user):
    ann = make_user("call_centre_agent")
    make_call(at(MON, 10, 5), wait=10, talk=120, user=ann)
    make_call(at(MON, 10, 20), wait=30, talk=240)
    make_call(at(MON, 10, 40), outcome="abandoned", wait=50)
    make_call(at(MON, 11, 10), wait=5, talk=60, user=ann)
    make_call(at(MON, 11, 30), direction="outbound", caller="", callee="79120000009", talk=90, user=ann)
    make_call(at(MON + dt.timedelta(days=1), 10), wait=5, talk=60)  # outside the period
    stats = reports.call_statistics(MON, MON, threshold=20)
    s = stats.summary
    # offered 4 (outbound excluded), answered 3, abandoned 1 → 25 %; within 20 s: 10 s and 5 s → 2/4 = 50 %;
    # ASA (10 + 30 + 5) / 3 = 15 s; talk (120 + 240 + 60) / 3 = 140 s.
    assert (s["offered"], s["answered"], s["abandoned"], s["within"]) == (4, 3, 1, 2)
    assert (s["abandonment_pct"], s["service_level_pct"], s["asa"], s["talk"]) == (25.0, 50.0, 15.0, 140.0)
    hour10 = stats.by_hour[10]
    assert (hour10["offered"], hour10["answered"], hour10["abandoned"], hour10["service_level_pct"]) == (3, 2, 1, 33.3)
    assert stats.by_hour[11]["offered"] == 1 and stats.by_hour[9]["offered"] == 0
    assert stats.by_weekday[0]["offered"] == 4 and stats.by_weekday[1]["offered"] == 0
    # Threshold 30 s: 10, 30 and 5 s are within → 3/4 = 75 %.
    assert reports.call_statistics(MON, MON, threshold=30).summary["service_level_pct"] == 75.0
    # One agent: ann answered 2 calls, talk (120 + 60) / 2 = 90 s.
    mine = reports.call_statistics(MON, MON, agent=ann).summary
    assert (mine["answered"], mine["talk"]) == (2, 90.0)


def test_callback_results_by_hand(db):
    def task(created, due, **kw):
        return CallbackTask.objects.create(phone="7912", created_at=created, last_missed_at=created, due_at=due, **kw)

    task(
        at(MON, 10, 40), at(MON, 11, 10), first_attempt_at=at(MON, 10, 55), outcome="reached", status="done", attempts=1
    )
    task(
        at(MON, 10, 0), at(MON, 10, 30), first_attempt_at=at(MON, 11, 0), outcome="unreached", status="done", attempts=3
    )
    task(at(MON, 10, 30), at(MON, 11, 0), outcome="got_through", status="done", closed_at=at(MON, 10, 45))
    c = reports.callback_results(MON, MON, now=at(MON, 18))
    # 3 tasks: reached 1 (33.3 %), contact 2 (66.7 %); minutes to first attempt 15 and 60 → median = mean = 37.5;
    # SLA met: the reached one (10:55 ≤ 11:10) and the got-through one (10:45 ≤ 11:00) → 2 of 3.
    assert (c["tasks"], c["reached"], c["contact"], c["attempts"]) == (3, 1, 2, 4)
    assert (c["reached_pct"], c["contact_pct"], c["sla_pct"]) == (33.3, 66.7, 66.7)
    assert (c["median_minutes"], c["mean_minutes"]) == (37.5, 37.5)


def test_statistics_queries_do_not_grow_with_the_period(make_call):
    for day in range(60):
        make_call(at(MON - dt.timedelta(days=day), 10), wait=5, talk=60)
    with CaptureQueriesContext(connection) as short:
        reports.call_statistics(MON, MON)
    with CaptureQueriesContext(connection) as long:
        reports.call_statistics(MON - dt.timedelta(days=59), MON)
    assert len(long) == len(short) <= 10


def staffing_fixture(make_call):
    # Monday 10:00–10:30: 100 calls, each answered with 150 s talk; with 30 s wrap-up AHT = 180 s → 10 erlangs →
    # 14 agents for 80/20. Ten agents are logged in 9:00–11:00; one pauses 10:00–10:15 → 9.5 on the phones.
    Call.objects.bulk_create(
        Call(
            call_id=f"s-{i}",
            direction="inbound",
            started_at=at(MON, 10) + dt.timedelta(seconds=18 * i),
            caller=f"7912{i:07d}",
            outcome="answered",
            wait_seconds=5,
            talk_seconds=150,
        )
        for i in range(100)
    )
    AgentInterval.objects.bulk_create(
        AgentInterval(agent=f"Agent/{i}", queue="support", kind="session", started_at=at(MON, 9), ended_at=at(MON, 11))
        for i in range(10)
    )
    AgentInterval.objects.create(
        agent="Agent/0", queue="support", kind="pause", started_at=at(MON, 10), ended_at=at(MON, 10, 15)
    )


def test_staffing_needed_vs_logged_in(make_call):
    staffing_fixture(make_call)
    report = reports.staffing_report(MON, MON, params=reports.StaffingParams(wrap_up_seconds=30, shrinkage=0.3))
    slots = {s.label: s for s in report.slots}
    peak = slots["10:00–10:30"]
    assert (peak.calls, peak.aht, peak.load, peak.needed, peak.scheduled) == (100, 180, 10, 14, 20)
    assert (peak.logged_in, peak.status, peak.occupancy) == (9.5, "under", 71.4)
    # With 9 agents on 10 erlangs the queue never clears: service level 0.
    assert peak.service_level_logged == 0
    assert slots["09:00–09:30"].status == "over" and slots["09:00–09:30"].needed == 0
    assert slots["10:30–11:00"].logged_in == 10
    assert report.under == 1
    assert report.shortage_agent_hours_per_week == 2.2  # (14 − 9.5) × 0.5 h = 2.25 → 2.2 (rounded half-even)


def test_staffing_averages_over_weekday_occurrences(make_call):
    staffing_fixture(make_call)
    # Two weeks (two Mondays): the 100 calls of one Monday average to 50 calls a Monday slot.
    report = reports.staffing_report(MON - dt.timedelta(days=7), MON + dt.timedelta(days=6))
    peak = next(s for s in report.slots if s.label == "10:00–10:30")
    assert (peak.calls, peak.logged_in) == (50, 4.75)


def test_workload(make_call, make_user):
    ann = make_user("call_centre_agent")
    Employee.objects.create(user=ann, paid_hours_per_month=168, monthly_salary=50000)
    make_call(at(dt.date(2026, 11, 3), 10), talk=1800, user=ann)
    make_call(at(dt.date(2026, 11, 20), 10), talk=1800, user=ann)
    record_time(ann, 120, "callback", on=dt.date(2026, 11, 5))
    record_time(ann, 60, "request", on=dt.date(2026, 11, 6))
    row = next(r for r in reports.workload(dt.date(2026, 11, 1), dt.date(2026, 11, 30)) if r["user"] == ann)
    # phone 1 h + offline 3 h (2 h callbacks) = 4 h of 168 paid → 2.4 %.
    assert (row["phone_hours"], row["offline_hours"], row["callback_hours"], row["total_hours"]) == (1, 3, 2, 4)
    assert (row["paid_hours"], row["load_pct"], row["calls"]) == (168, 2.4, 2)
    half = next(r for r in reports.workload(dt.date(2026, 11, 1), dt.date(2026, 11, 15)) if r["user"] == ann)
    # 15 of 30 days → 84 paid hours; 0.5 h phone + 3 h offline = 3.5 h → 4.2 %.
    assert (half["paid_hours"], half["total_hours"], half["load_pct"]) == (84, 3.5, 4.2)


def test_missed_call_economics(make_call, make_subscriber, make_user):
    nov = lambda d, h=10: at(dt.date(2026, 11, d), h)  # noqa: E731
    make_call(nov(2), outcome="abandoned", caller="79120000001")  # Mon: got through the next day → reached
    make_call(nov(3), outcome="answered", caller="79120000001", talk=100)
    make_call(nov(5), outcome="abandoned", caller="79120000002")  # Thu: never reached
    make_call(nov(10), outcome="abandoned", caller="79120000003")  # Tue: called back two hours later
    make_call(nov(10, 12), direction="outbound", caller="", callee="89120000003", talk=60)
    reasons = {r.code: r for r in ChurnReason.objects.all()}
    for arpu, code in (
        (500, "could_not_get_through"),
        (700, "could_not_get_through"),
        (300, "slow_repair"),
        (900, "competitor"),
    ):
        make_subscriber(
            status="disconnected", disconnected_on=dt.date(2026, 11, 15), churn_reason=reasons[code], arpu=Decimal(arpu)
        )
    Employee.objects.create(user=make_user("call_centre_agent"), monthly_salary=50000, paid_hours_per_month=168)
    e = reports.missed_call_economics(dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert (e["offered"], e["missed"], e["missed_pct"], e["missed_per_day"]) == (4, 3, 75.0, 0.1)
    assert (e["never_reached"], e["never_reached_pct"]) == (1, 33.3)
    assert (e["churn_reason"], e["churn_reason_arpu"], e["churn_group"], e["churn_group_arpu"]) == (2, 1200, 3, 1500)
    # 30 days = 0.9856 months: 1 200 / 0.9856 = 1 217.50 a month lost; a year of it 14 610.
    assert e["lost_month"] == Decimal("1217.50")
    assert e["lost_year"] == Decimal("14610.00")
    # Slots with calls and nobody logged in: Mon 10:00, Tue 10:00, Thu 10:00 → 1 agent each, 3 × ½ h = 1.5 h a
    # week; × 52/12 ÷ (1 − 0.3) = 9.3 paid hours a month ÷ 168 = 0.06 → 0.1 FTE × 50 000 = 5 000 a month.
    assert (e["shortage_hours_week"], e["extra_fte"], e["extra_cost"]) == (1.5, Decimal("0.1"), Decimal("5000.00"))
    assert e["breakeven_pct"] == 34.2  # 5 000 / 14 610
    group = reports.missed_call_economics(
        dt.date(2026, 11, 1), dt.date(2026, 11, 30), reports.EconomicsParams(basis="group")
    )
    assert group["lost_month"] == Decimal("1521.88")  # 1 500 / 0.9856
