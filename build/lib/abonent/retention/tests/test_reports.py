"""The effectiveness report, the holdout uplift, the economics and the bonus formula on fixtures computed by hand."""

import datetime as dt
import math
from decimal import Decimal

import pytest
from django.utils import timezone

from abonent.churn.models import DisconnectionRequest
from abonent.retention import reports
from abonent.retention.models import BonusScheme, HoldoutPolicy, RetentionAssignment, RetentionOffer, RetentionPlan
from abonent.staff.models import Employee

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2026, 6, 30)


def at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12, 0)))


def request_for(subscriber, reason, day, status="offer_made"):
    return DisconnectionRequest.objects.create(
        subscriber=subscriber, received_at=at(day), channel="phone", reason=reason, status=status
    )


def offer(subscriber, measure, day, answer="accepted", request=None, user=None):
    return RetentionOffer.objects.create(
        subscriber=subscriber,
        request=request,
        measure=measure,
        made_at=at(day),
        answer=answer,
        cost=measure.total_cost,
        made_by=user,
    )


def test_effectiveness_by_measure_and_reason(make_subscriber, measures, reasons):
    competitor, money = reasons["competitor"], reasons["temporary_money_trouble"]
    tariff, suspension = measures["tariff_change"], measures["suspension"]  # 0 + 100 × 6 = 600 RUB; 0 RUB
    a = make_subscriber(arpu=600)
    b = make_subscriber(arpu=900, status="disconnected", disconnected_on=dt.date(2026, 3, 1))
    c = make_subscriber(arpu=500)
    d = make_subscriber(arpu=700)
    offer(a, tariff, dt.date(2026, 1, 10), request=request_for(a, competitor, dt.date(2026, 1, 10)))
    offer(b, tariff, dt.date(2026, 1, 20), request=request_for(b, competitor, dt.date(2026, 1, 20)))
    offer(c, tariff, dt.date(2026, 2, 1), answer="declined", request=request_for(c, competitor, dt.date(2026, 2, 1)))
    offer(d, suspension, dt.date(2026, 6, 15), request=request_for(d, money, dt.date(2026, 6, 15)))
    offer(a, tariff, dt.date(2025, 12, 31))  # before the period: not counted

    report = reports.effectiveness(dt.date(2026, 1, 1), dt.date(2026, 6, 30), as_of=AS_OF)
    row = report.by_measure[0]
    assert (row.key, row.offers, row.accepted, row.accept_rate) == ("tariff_change", 3, 2, Decimal("66.67"))
    # 30 days: A (10.01 → 09.02) and B (20.01 → 19.02, gone 01.03) both still active: 2 of 2 mature.
    assert (row.active[30], row.mature[30], row.active_rate(30)) == (2, 2, Decimal("100.00"))
    # 90 days: A active on 10.04; B gone 01.03 before 20.04: 1 of 2.
    assert (row.active[90], row.mature[90], row.active_rate(90)) == (1, 2, Decimal("50.00"))
    # 180 days: neither offer is 180 days old by 30.06.
    assert (row.mature[180], row.not_mature(180), row.active_rate(180)) == (0, 2, None)
    # Kept so far: A only. Cost 600 + 600; cost per kept 1 200.
    assert (row.kept, row.cost, row.cost_per_kept) == (1, Decimal("1200.00"), Decimal("1200.00"))
    # Revenue kept: A 600 × 171 days (10.01 → 30.06) / 30 = 3 420; B 900 × 40 days (20.01 → 01.03) / 30 = 1 200.
    assert row.revenue == Decimal("4620.00")
    # Return on cost (4 620 − 1 200) / 1 200 = 2.85.
    assert row.return_on_cost == Decimal("2.85")

    susp = report.by_measure[1]
    # D accepted 15.06: not 30 days old, kept, costs nothing, 700 × 15 / 30 = 350 RUB kept so far.
    assert (susp.key, susp.offers, susp.accepted, susp.mature[30], susp.not_mature(30)) == ("suspension", 1, 1, 0, 1)
    assert (susp.kept, susp.cost, susp.cost_per_kept, susp.revenue, susp.return_on_cost) == (
        1,
        Decimal("0"),
        Decimal("0.00"),
        Decimal("350.00"),
        None,
    )
    total = report.total
    # 4 offers, 3 accepted, 2 kept; 1 200 RUB; 600 per kept; revenue 4 970; (4 970 − 1 200) / 1 200 = 3.14.
    assert (total.offers, total.accepted, total.kept, total.cost_per_kept) == (4, 3, 2, Decimal("600.00"))
    assert (total.revenue, total.return_on_cost) == (Decimal("4970.00"), Decimal("3.14"))
    # In classifier order: financial difficulties (group 6) before preferences (group 7).
    assert [(r.key, r.offers, r.accepted) for r in report.by_reason] == [
        ("temporary_money_trouble", 1, 1),
        ("competitor", 3, 2),
    ]
    assert not report.uplift.is_causal  # no holdout at all


def test_holdout_uplift_and_its_interval(make_subscriber, measures, reasons):
    policy = HoldoutPolicy.objects.create(name="h", share_percent=40, active_from=dt.date(2026, 1, 1))
    fee = measures["annual_fixed_fee"]  # 600 RUB
    assigned = dt.date(2026, 2, 1)  # 90 days later is 02.05, before 30.06: mature

    def make(group, kept, accepted=False, day=assigned):
        gone = {} if kept else {"status": "disconnected", "disconnected_on": dt.date(2026, 3, 1)}
        subscriber = make_subscriber(**gone)
        request = request_for(subscriber, reasons["competitor"], day)
        RetentionAssignment.objects.create(request=request, policy=policy, group=group, draw=0.5, assigned_at=at(day))
        if accepted:
            offer(subscriber, fee, day, request=request)

    # Treatment: 40 requests, 30 kept at 90 days, 10 accepted offers (6 000 RUB). Control: 30, 15 kept.
    for i in range(40):
        make("treatment", kept=i < 30, accepted=i < 10)
    for i in range(30):
        make("control", kept=i < 15)
    make("control", kept=True, day=dt.date(2026, 6, 1))  # 30 days old: not yet mature

    u = reports.effectiveness(dt.date(2026, 1, 1), AS_OF, as_of=AS_OF, holdout_days=90).uplift
    assert (u.treatment_n, u.treatment_kept, u.control_n, u.control_kept, u.not_mature) == (40, 30, 30, 15, 1)
    assert u.is_causal
    # p_t = 0.75, p_c = 0.5, uplift 0.25.
    # SE = sqrt(0.75 × 0.25 / 40 + 0.5 × 0.5 / 30) = sqrt(0.0046875 + 0.0083333) = 0.1141088
    # 95 %: 0.25 ± 1.959964 × 0.1141088 = 0.25 ± 0.2236491 → 0.0263509 … 0.4736491
    assert u.difference == pytest.approx(0.25)
    low, high = u.interval
    assert low == pytest.approx(0.0263509, abs=1e-6) and high == pytest.approx(0.4736491, abs=1e-6)
    assert u.display["low"] == Decimal("2.6") and u.display["high"] == Decimal("47.4")
    # Incremental kept 0.25 × 40 = 10; the treatment's offers cost 10 × 600 = 6 000 → 600 per incremental.
    assert u.incremental_kept == pytest.approx(10)
    assert u.treatment_cost == Decimal("6000.00") and u.cost_per_incremental == Decimal("600.00")
    assert math.isclose(u.treatment_rate, 0.75) and math.isclose(u.control_rate, 0.5)


def test_uplift_with_too_small_a_control_is_not_causal(make_subscriber, reasons):
    policy = HoldoutPolicy.objects.create(name="h", share_percent=10, active_from=dt.date(2026, 1, 1))
    for group in ("treatment", "control"):
        request = request_for(make_subscriber(), reasons["price"], dt.date(2026, 1, 5))
        RetentionAssignment.objects.create(
            request=request, policy=policy, group=group, draw=0.1, assigned_at=at(dt.date(2026, 1, 5))
        )
    u = reports.holdout_uplift(dt.date(2026, 1, 1), AS_OF, as_of=AS_OF, horizon=90)
    assert (u.treatment_n, u.control_n, u.is_causal) == (1, 1, False)


@pytest.fixture
def may_team(make_user, make_subscriber, measures):
    """May 2026: plan 20 kept; two managers (55 000 each) and a head (90 000); bonus cards (300 RUB) accepted by
    13 subscribers of the first manager and 8 of the second, one of whom was disconnected in June."""
    head = make_user("head_of_retention", username="head")
    first = make_user("retention_manager", username="m1")
    second = make_user("retention_manager", username="m2")
    Employee.objects.create(user=head, monthly_salary=90000, hired_on=dt.date(2020, 1, 1))
    Employee.objects.create(user=first, monthly_salary=55000, hired_on=dt.date(2020, 1, 1))
    Employee.objects.create(user=second, monthly_salary=55000, hired_on=dt.date(2020, 1, 1))
    Employee.objects.create(
        user=make_user("retention_manager", username="gone"), monthly_salary=55000, left_on=dt.date(2026, 4, 30)
    )
    RetentionPlan.objects.create(month=dt.date(2026, 5, 1), kept_target=20, budget=10000, non_retention_plan=5)
    card = measures["bonus_card"]
    for _ in range(13):
        offer(make_subscriber(arpu=600), card, dt.date(2026, 5, 10), user=first)
    for _ in range(7):
        offer(make_subscriber(arpu=600), card, dt.date(2026, 5, 10), user=second)
    gone = make_subscriber(arpu=600, status="disconnected", disconnected_on=dt.date(2026, 6, 5))
    offer(gone, card, dt.date(2026, 5, 10), user=second)
    offer(make_subscriber(), card, dt.date(2026, 5, 11), user=second, answer="declined")
    bands = [[0, 0], [80, 0.8], [100, 1.0], [120, 1.2]]
    BonusScheme.objects.create(
        role="retention_manager", name="Managers", base_bonus=10000, bands=bands, per_kept_above_plan=500
    )
    BonusScheme.objects.create(role="head_of_retention", name="Head", basis="team", base_bonus=20000, bands=bands)
    return {"head": head, "first": first, "second": second}


def test_bonus_worked_example(may_team):
    lines = {line.employee.user.username: line for line in reports.bonuses(dt.date(2026, 5, 17), as_of=AS_OF)}
    assert set(lines) == {"head", "m1", "m2"}  # the manager who left in April is not paid for May
    m1, m2, head = lines["m1"], lines["m2"], lines["head"]
    # The plan of 20 shared by 2 managers: target 10 each.
    # m1: 13 kept → 130 % → band ≥120 → 1.2 × 10 000 = 12 000; 3 above plan × 500 = 1 500; bonus 13 500.
    assert (m1.kept, m1.target, m1.fulfilment, m1.coefficient) == (
        13,
        Decimal("10.00"),
        Decimal("130.00"),
        Decimal("1.2"),
    )
    assert (m1.base_part, m1.above_plan, m1.above_part, m1.bonus) == (
        Decimal("12000.00"),
        3,
        Decimal("1500.00"),
        Decimal("13500.00"),
    )
    # m2: 7 kept (the 8th left in June, one declined) → 70 % → below 80 → 0; nothing above plan.
    assert (m2.kept, m2.fulfilment, m2.coefficient, m2.bonus) == (7, Decimal("70.00"), Decimal("0"), Decimal("0.00"))
    # head (team): 20 kept of 20 → 100 % → 1.0 × 20 000 = 20 000.
    assert (head.kept, head.fulfilment, head.coefficient, head.bonus) == (
        20,
        Decimal("100.00"),
        Decimal("1.0"),
        Decimal("20000.00"),
    )


def test_economics_worked_example(may_team):
    (may,) = reports.economics(dt.date(2026, 5, 1), dt.date(2026, 5, 31), as_of=AS_OF)
    # Staff: head 90 000 + 2 managers × 55 000 = 200 000 (the one who left in April is not counted).
    assert (may.staff, may.payroll) == (3, Decimal("200000"))
    # Measures: 21 accepted bonus cards × 300 = 6 300; kept 20 (one left in June).
    assert (may.measures_cost, may.kept) == (Decimal("6300.00"), 20)
    # Cost of one kept subscriber (200 000 + 6 300) / 20 = 10 315; fulfilment 20 / 20 = 100 %; budget 63 %.
    assert (may.cost_per_kept, may.fulfilment, may.budget_used) == (
        Decimal("10315.00"),
        Decimal("100.00"),
        Decimal("63.00"),
    )
    # Revenue kept: 20 × 600 × 51 days (10.05 → 30.06) / 30 = 20 400.
    assert may.revenue_kept == Decimal("20400.00")
