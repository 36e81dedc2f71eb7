"""The diagnostics service against the hand-worked base of fixtures.py (January–March 2024)."""

from datetime import date

import pytest

from abonent.analytics.diagnostics import (
    Segment,
    active_base,
    add_months,
    annualise,
    churn_diagnostics,
    churn_vs_inflow,
    monthly_from_annual,
)
from abonent.subscribers.models import Subscriber, Tariff

from .fixtures import PERIOD, make_base

approx = pytest.approx


@pytest.fixture
def base(db):
    return make_base()


def by_code(result, code):
    return next(r for g in result.groups for r in g.reasons if r.reason_code == code)


def group(result, code):
    return next(g.total for g in result.groups if g.total.group_code == code)


def test_month_arithmetic():
    assert add_months(date(2024, 11, 15), 3) == date(2025, 2, 1)
    assert add_months(date(2024, 1, 31), -1) == date(2023, 12, 1)
    # 1 % a month keeps 0.99^12 = 0.8864 of the base: 11.36 % a year, not 12 %.
    assert annualise(1.0) == approx(11.3615, abs=1e-4)
    assert monthly_from_annual(annualise(1.0)) == approx(1.0)


def test_base_churn_and_rates(base):
    result = churn_diagnostics(*PERIOD)
    # Base at the end of each month (connected so far − disconnected so far):
    #   start of January 100 (the old base; the 4 who left 2023-12-31 are gone)
    #   January  +6 −4 = 102;  February +4 −3 = 103;  March +2 −3 = 102
    assert [(m.base_start, m.gross_adds, m.churned, m.net_growth, m.base_end) for m in result.by_month] == [
        (100, 6, 4, 2, 102),
        (102, 4, 3, 1, 103),
        (103, 2, 3, -1, 102),
    ]
    # Monthly churn: January 4 / ((100 + 102) / 2) = 3.9604 %; February and March 3 / 102.5 = 2.9268 %
    assert [m.churn_pct for m in result.by_month] == approx([3.960396, 2.926829, 2.926829], abs=1e-6)
    assert (result.months, result.churned, result.gross_adds, result.net_growth) == (3, 10, 12, 2)
    assert (result.base_start, result.base_end) == (100, 102)
    # Average base = mean(101, 102.5, 102.5) = 102
    assert result.average_base == approx(102)
    # 10 churned / 102 / 3 months = 3.2680 % a month; a year: 1 − (1 − 0.032680)^12 = 1 − 0.6712 = 32.88 %
    assert result.monthly_churn_pct == approx(3.267974, abs=1e-6)
    assert result.annual_churn_pct == approx(32.881319, abs=1e-6)


def test_structure_against_norms(base):
    result = churn_diagnostics(*PERIOD)
    # share = count / 10 churned; deviation = share − norm (pp); over norm when share > norm
    expected = {
        "t_moved": (3, 30.0, 10.0, 20.0, True),
        "t_slow_repair": (3, 30.0, 10.0, 20.0, True),
        "t_rude": (1, 10.0, 5.0, 5.0, True),
        "t_competitor": (2, 20.0, 50.0, -30.0, False),
        "t_price": (0, 0.0, 25.0, -25.0, False),
    }
    for code, (count, share, norm, deviation, over) in expected.items():
        row = by_code(result, code)
        assert (row.churned, row.over_norm) == (count, over), code
        assert (row.share_pct, row.norm_pct, row.deviation_pp) == approx((share, norm, deviation)), code
    # Group subtotals: unmanaged 3 (30 % vs 10), service 3 + 1 = 4 (40 % vs 10 + 5 = 15), preferences 2 (20 vs 75)
    assert (group(result, "t_unmanaged").churned, group(result, "t_unmanaged").deviation_pp) == (3, approx(20))
    assert (group(result, "t_service").churned, group(result, "t_service").norm_pct) == (4, approx(15))
    assert group(result, "t_service").deviation_pp == approx(25) and group(result, "t_service").over_norm
    assert group(result, "t_preferences").deviation_pp == approx(-55)
    assert not group(result, "t_preferences").over_norm
    # One churned with no reason: its own row, 10 % of churn, no norm; over 5 % → a data-quality warning
    unknown = result.not_established
    assert (unknown.level, unknown.churned, unknown.share_pct, unknown.norm_pct) == ("not_established", 1, 10, None)
    assert result.not_established_warning
    assert sum(r.churned for r in result.structure_rows if r.level != "group") == result.churned == 10
    ours = [r.reason_code for r in result.reasons_over_norm if r.reason_code.startswith("t_")]
    assert ours == ["t_moved", "t_slow_repair", "t_rude"]


def test_managed_plan_and_achievable_reduction(base):
    result = churn_diagnostics(*PERIOD)
    # Managed: slow 3 + rude 1 + competitor 2 + no reason 1 = 7; unmanaged: moved 3
    assert (result.managed_churned, result.unmanaged_churned) == (7, 3)
    # 7 / 102 / 3 = 2.2876 % a month (24.25 % a year); 3 / 102 / 3 = 0.9804 % a month (11.15 % a year)
    assert result.managed_monthly_pct == approx(2.287582, abs=1e-6)
    assert result.managed_annual_pct == approx(24.247470, abs=1e-6)
    assert result.unmanaged_monthly_pct == approx(0.980392, abs=1e-6)
    assert result.unmanaged_annual_pct == approx(11.150615, abs=1e-6)
    # The plan of non-retention is the unmanaged rate; actual is all churn: 0.9804 / 3.2680 = 30 % fulfilled
    assert not result.plan_is_set
    assert result.plan_monthly_pct == approx(result.unmanaged_monthly_pct)
    assert result.plan_annual_pct == approx(result.unmanaged_annual_pct)
    assert result.actual_monthly_pct == approx(result.monthly_churn_pct)
    assert result.plan_fulfilment_pct == approx(30.0)
    # Achievable reduction: managed reasons over norm only (moved is unmanaged, so it does not count)
    #   slow repair: 3 − 10 % × 10 = 2 over norm × mean ARPU (500 + 600 + 700) / 3 = 600 → 1 200 RUB
    #   rude staff:  1 − 5 % × 10 = 0.5 over norm × ARPU 300 → 150 RUB
    #   (2 + 0.5) / 3 months = 0.8333 subscribers a month; (1 200 + 150) / 3 = 450 RUB a month
    assert by_code(result, "t_slow_repair").excess == approx(2.0)
    assert by_code(result, "t_slow_repair").mean_arpu == approx(600.0)
    assert by_code(result, "t_rude").excess == approx(0.5)
    assert by_code(result, "t_moved").excess == 0
    assert result.achievable_reduction == approx(2.5 / 3)
    assert result.achievable_revenue == approx(450.0)


def test_plan_set_in_advance(base):
    # A plan of 12 % a year is 1 − 0.88^(1/12) = 1.0596 % a month; actual 3.2680 %: 1.0596 / 3.2680 = 32.42 %
    result = churn_diagnostics(*PERIOD, plan_annual_pct=12)
    assert result.plan_is_set
    assert result.plan_annual_pct == 12
    assert result.plan_monthly_pct == approx(1.059624, abs=1e-6)
    assert result.plan_fulfilment_pct == approx(32.424498, abs=1e-6)


def test_segment_business(base):
    # Business: the 3 slow-repair churners, 7 old, 2 January adds. Bases 10 → 10 → 9 → 9;
    # average = mean(10, 9.5, 9) = 9.5; 3 / 9.5 / 3 = 10.5263 % a month.
    result = churn_diagnostics(*PERIOD, Segment(kind="business"))
    assert [(m.base_start, m.gross_adds, m.churned, m.base_end) for m in result.by_month] == [
        (10, 2, 2, 10),
        (10, 0, 1, 9),
        (9, 0, 0, 9),
    ]
    assert result.average_base == approx(9.5)
    assert result.monthly_churn_pct == approx(10.526316, abs=1e-6)
    # Slow repair is 100 % of churn against 10 %: 3 − 0.3 = 2.7 over norm × 600 RUB / 3 months = 540 RUB a month
    assert by_code(result, "t_slow_repair").share_pct == approx(100)
    assert result.achievable_reduction == approx(0.9)
    assert result.achievable_revenue == approx(540)
    # No unmanaged churn: the plan is 0, and 0 / actual = 0 % fulfilled
    assert (result.unmanaged_churned, result.plan_fulfilment_pct) == (0, approx(0))
    assert not result.not_established_warning


def test_segment_city_unmanaged_over_norm_is_not_achievable(base):
    # Тверь: the 3 moved subscribers + 5 never churned. Bases 8 → 6 → 5 → 5; average mean(7, 5.5, 5) = 5.8333;
    # 3 / 5.8333 / 3 = 17.1429 % a month, all of it unmanaged: plan = actual, fulfilment 100 %.
    result = churn_diagnostics(*PERIOD, Segment(city="Тверь"))
    assert [m.base_end for m in result.by_month] == [6, 5, 5]
    assert result.average_base == approx(17.5 / 3)
    assert result.monthly_churn_pct == approx(17.142857, abs=1e-6)
    assert result.plan_fulfilment_pct == approx(100)
    assert by_code(result, "t_moved").over_norm
    assert result.achievable_reduction == 0 and result.achievable_revenue == 0


def test_segment_tariff_and_service_type(base):
    tariff = Tariff.objects.get(code="T1")
    # Tariff T1: old March churner, the April leaver, and the January add who left in March: 2 → 3 → 3 → 1
    result = churn_vs_inflow(*PERIOD, Segment(tariff_id=tariff.pk))
    assert [(m.base_start, m.base_end) for m in result.months] == [(2, 3), (3, 3), (3, 1)]
    assert (result.gross_adds, result.churned, result.net_growth) == (1, 2, -1)
    # Cable TV: only the rude-staff churner (1 → 0 in February)
    catv = churn_diagnostics(*PERIOD, Segment(service_type="catv"))
    assert (catv.churned, catv.base_start, catv.base_end) == (1, 1, 0)
    assert by_code(catv, "t_rude").share_pct == approx(100)


def test_churn_vs_inflow_matches_diagnostics(base):
    flow = churn_vs_inflow(*PERIOD)
    result = churn_diagnostics(*PERIOD)
    assert flow.months == result.by_month
    assert (flow.gross_adds, flow.churned, flow.net_growth, flow.base_start, flow.base_end) == (12, 10, 2, 100, 102)


def test_active_base_on_a_day(base):
    # End of 2024-03-30: end of February 103, + the 03-01 add, − the 03-05 and 03-15 churners = 102
    assert active_base(date(2024, 3, 30)) == 102
    # End of 2024-03-31: + the add connected that day, − the subscriber disconnected that day = 102
    assert active_base(date(2024, 3, 31)) == 102
    # End of 2024-04-01: − the 04-01 leaver = 101; the 04-02 add comes the next day
    assert active_base(date(2024, 4, 1)) == 101
    assert active_base(date(2024, 4, 2)) == 102
    assert active_base(date(2024, 4, 2), Segment(kind="business")) == 9


def test_empty_base_has_no_rates(db):
    result = churn_diagnostics(date(2024, 1, 1), date(2024, 1, 1))
    assert (result.churned, result.average_base, result.monthly_churn_pct, result.plan_fulfilment_pct) == (
        0,
        0,
        None,
        None,
    )
    assert result.achievable_reduction == 0


def test_period_must_not_run_backwards(db):
    with pytest.raises(ValueError):
        churn_diagnostics(date(2024, 3, 1), date(2024, 1, 1))


def test_query_count_does_not_grow_with_the_period(base, django_assert_num_queries):
    # Connections by month, disconnections by month, churn by reason, the classifier, requests by status: 5,
    # for 1 month or 36.
    with django_assert_num_queries(5):
        churn_diagnostics(date(2024, 1, 1), date(2024, 1, 1))
    with django_assert_num_queries(5):
        churn_diagnostics(date(2022, 1, 1), date(2024, 12, 1), Segment(kind="business"))
    with django_assert_num_queries(2):
        churn_vs_inflow(date(2022, 1, 1), date(2024, 12, 1))


def test_retention_work_counts_requests_of_the_period_by_outcome(base, make_user):
    """Five requests: three received in the period (Jan–Mar 2024), two outside it.

    In the period: one kept (retained), one disconnected, one still open → received 3, kept 1, disconnected 1,
    open 1; kept share of those worked to an end = 1 / (1 + 1) = 50 %. The business segment holds only the
    retained one → received 1, kept 100 %.
    """
    import datetime as dt

    from django.utils import timezone

    from abonent.churn.actions import close_request, establish_reason, make_offer, register_request
    from abonent.churn.models import ChurnReason

    user = make_user("head_of_retention")
    competitor = ChurnReason.objects.get(code="t_competitor")
    active = Subscriber.objects.filter(disconnected_on__isnull=True).order_by("kind", "external_id")
    business = active.filter(kind="business").first()
    residential = list(active.filter(kind="residential")[:4])

    def received(day):
        return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))

    kept = register_request(business, channel="phone", user=user, received_at=received(date(2024, 1, 15)))
    establish_reason(kept, reason=competitor, user=user)
    make_offer(
        kept, offer="Тариф 300 Мбит/с за 550 ₽", user=user, answer="accepted"
    )  # issue 12: closing as retained needs an accepted offer
    close_request(kept, outcome="retained", user=user)
    gone = register_request(residential[0], channel="visit", user=user, received_at=received(date(2024, 2, 3)))
    establish_reason(gone, reason=competitor, user=user)
    make_offer(gone, offer="Скидка 20 %", user=user)
    close_request(gone, outcome="disconnected", user=user, on_date=date(2024, 2, 10))
    register_request(residential[1], channel="online", user=user, received_at=received(date(2024, 3, 31)))
    register_request(residential[2], channel="phone", user=user, received_at=received(date(2023, 12, 31)))
    register_request(residential[3], channel="phone", user=user, received_at=received(date(2024, 4, 1)))

    work = churn_diagnostics(*PERIOD).retention
    assert (work.received, work.kept, work.disconnected, work.open, work.withdrawn) == (3, 1, 1, 1, 0)
    assert work.kept_pct == pytest.approx(50.0)
    assert work.by_status["retained"] == 1 and work.by_status["new"] == 1

    business_work = churn_diagnostics(*PERIOD, Segment(kind="business")).retention
    assert (business_work.received, business_work.kept, business_work.kept_pct) == (1, 1, 100.0)
