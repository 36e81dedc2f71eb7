"""Survival curves against a hand-worked example and against lifelines fitted on one row per subscriber."""

from datetime import date, timedelta

import numpy as np
import pytest
from dateutil.relativedelta import relativedelta
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lifelines import KaplanMeierFitter
from lifelines.statistics import logrank_test
from lifelines.utils import restricted_mean_survival_time

from abonent.analytics.survival import cohort_table, grouped_durations, survival
from abonent.subscribers.models import SavedSegment, Subscriber

pytestmark = pytest.mark.django_db
TODAY = date(2024, 4, 15)


def add(code, connected, disconnected=None, kind="residential", arpu=500):
    return Subscriber(
        external_id=code,
        name=code,
        kind=kind,
        connected_on=connected,
        disconnected_on=disconnected,
        status="disconnected" if disconnected else "active",
        arpu=arpu,
    )


def make_five():
    """Durations 1 (left), 2 (still here), 3 (left), 4 (left), 5 (still here) calendar months."""
    subs = []
    for i, (months, left) in enumerate([(1, True), (2, False), (3, True), (4, True), (5, False)]):
        if left:
            connected = date(2023, 1 + i, 10)
            subs.append(add(f"f{i}", connected, connected + relativedelta(months=months)))
        else:
            subs.append(add(f"f{i}", TODAY - relativedelta(months=months)))
    Subscriber.objects.bulk_create(subs)


def test_kaplan_meier_by_hand():
    make_five()
    result = survival(horizon_months=6, today=TODAY)
    (curve,) = result.curves
    # At 1 month 5 at risk, 1 leaves: S = 4/5 = 0.8.  At 3 months 3 at risk (the one at 2 was censored):
    # S = 0.8 × 2/3 = 0.5333.  At 4 months 2 at risk: S = 0.5333 × 1/2 = 0.2667.  5 is censored.
    assert (curve.subscribers, curve.events) == (5, 3)
    sf = dict(zip(curve.times, curve.survival, strict=True))
    assert sf[0.0] == 1.0
    # A point a month: the curve steps at whole months.
    assert [round(s, 4) for s in curve.survival[:7]] == [1.0, 0.8, 0.8, 0.5333, 0.2667, 0.2667, 0.2667]
    # Median: the first time S ≤ 0.5 is 4 months.
    assert curve.median_months == 4
    # Expected lifetime to 6 months = area under the steps: 1 × 1 + 2 × 0.8 + 1 × 0.5333 + 2 × 0.2667 = 3.6667.
    assert curve.rmst_months == pytest.approx(1 + 1.6 + 0.8 * 2 / 3 + 2 * 0.8 / 3, rel=1e-6)
    # Lifetime value = mean ARPU 500 × 3.6667 months; with a 40 % margin, 40 % of it.
    assert curve.lifetime_value == pytest.approx(500 * 11 / 3, rel=1e-6)
    margin = survival(horizon_months=6, margin_pct=40, today=TODAY).curves[0]
    assert margin.lifetime_value == pytest.approx(0.4 * 500 * 11 / 3, rel=1e-6)


def calendar_months(start: date, end: date) -> int:
    """The reference: whole calendar months as dateutil counts them (31 January → 29 February is one)."""
    delta = relativedelta(end, start)
    return delta.years * 12 + delta.months


def test_one_calendar_month_is_one_month_against_lifelines():
    """31 days after 15 January is 15 February: one calendar month. As days ÷ 30.4375 it was 1.018 months, so the
    subscriber had not left by month 1 and S(1) came out 1.000."""
    rows = [
        (date(2024, 1, 15), date(2024, 2, 15)),  # exactly one month (31 days)
        (date(2024, 1, 31), date(2024, 2, 29)),  # one month: February has no 31st
        (date(2023, 1, 31), date(2023, 2, 27)),  # not yet a month
        (date(2023, 3, 1), date(2023, 5, 31)),  # two months and 30 days
        (date(2023, 2, 28), date(2023, 3, 28)),  # one month (28 days)
    ]
    rows += [(date(2023, 6, 1) + timedelta(days=9 * i), None) for i in range(13)]  # still connected
    Subscriber.objects.bulk_create([add(f"m{i}", c, d) for i, (c, d) in enumerate(rows)])
    durations = [calendar_months(c, d or TODAY) for c, d in rows]
    assert durations[:5] == [1, 1, 0, 2, 1]
    events = [d is not None for _c, d in rows]
    kmf = KaplanMeierFitter().fit(durations, events)
    (curve,) = survival(horizon_months=12, today=TODAY).curves
    expected = kmf.survival_function_at_times(curve.times).to_numpy()
    np.testing.assert_allclose(curve.survival, expected, atol=1e-5)
    # S(1) = 17/18 (the one gone in month 0) × 14/17 (three of 17 gone at one month) = 14/18.
    assert curve.survival[1] == pytest.approx(float(kmf.survival_function_at_times(1).iloc[0]), abs=1e-5)
    assert curve.survival[1] == pytest.approx(14 / 18, abs=1e-5)
    assert curve.at[3] == pytest.approx(float(kmf.survival_function_at_times(3).iloc[0]))
    assert curve.rmst_months == pytest.approx(restricted_mean_survival_time(kmf, t=12))


def make_random(n=300, seed=7, prefix="r"):
    rng = np.random.default_rng(seed)
    subs = []
    for i in range(n):
        business = rng.random() < 0.3
        connected = date(2019, 1, 1) + timedelta(days=int(rng.integers(0, 1800)))
        left = rng.random() < (0.25 if business else 0.5)
        # Several subscribers share a duration: grouping must keep their weight.
        stay = int(rng.integers(1, 40)) * 30
        disconnected = connected + timedelta(days=stay) if left and connected + timedelta(days=stay) <= TODAY else None
        subs.append(add(f"{prefix}{i}", connected, disconnected, kind="business" if business else "residential"))
    Subscriber.objects.bulk_create(subs)
    return subs


def raw(subs, kind):
    durations, events = [], []
    for s in subs:
        if s.kind != kind:
            continue
        durations.append(calendar_months(s.connected_on, s.disconnected_on or TODAY))
        events.append(1 if s.disconnected_on else 0)
    return np.array(durations), np.array(events)


def test_curves_match_lifelines_on_raw_rows():
    subs = make_random()
    result = survival("kind", horizon_months=60, today=TODAY)
    grouped = grouped_durations("kind", today=TODAY)
    for curve in result.curves:
        durations, events = raw(subs, curve.key)
        # Grouping shrinks the rows but keeps every subscriber as weight.
        assert len(grouped[curve.key][0]) < len(durations)
        assert grouped[curve.key][2].sum() == len(durations)
        kmf = KaplanMeierFitter().fit(durations, events)
        grid = np.array(curve.times)
        assert list(grid[:3]) == [0, 1, 2]
        expected = kmf.survival_function_at_times(grid).to_numpy()
        np.testing.assert_allclose(curve.survival, expected, atol=1e-5)
        # 95 % band (lifelines' exponential Greenwood, i.e. log(−log)) read at the same times.
        ci = kmf.confidence_interval_survival_function_
        index = np.clip(np.searchsorted(ci.index.to_numpy(), grid, side="right") - 1, 0, len(ci) - 1)
        np.testing.assert_allclose(curve.lower, np.nan_to_num(ci.iloc[index, 0].to_numpy(), nan=0.0), atol=1e-5)
        np.testing.assert_allclose(curve.upper, np.nan_to_num(ci.iloc[index, 1].to_numpy(), nan=1.0), atol=1e-5)
        median = kmf.median_survival_time_
        if np.isfinite(median):
            assert curve.median_months == pytest.approx(median)
        else:
            assert curve.median_months is None
        rmst = restricted_mean_survival_time(kmf, t=60)
        assert curve.rmst_months == pytest.approx(rmst, rel=1e-6)
        assert curve.at[12] == pytest.approx(float(kmf.survival_function_at_times(12).iloc[0]))


def test_logrank_matches_lifelines():
    subs = make_random()
    result = survival("kind", today=TODAY)
    residential, business = raw(subs, "residential"), raw(subs, "business")
    expected = logrank_test(residential[0], business[0], residential[1], business[1])
    assert result.logrank_p == pytest.approx(expected.p_value, rel=1e-6)
    assert result.logrank_statistic == pytest.approx(expected.test_statistic, rel=1e-6)
    assert result.logrank_p < 0.05  # business subscribers leave half as often


def test_split_by_saved_segment_and_cohort_year():
    subs = make_random()
    segment = SavedSegment.objects.create(name="B2B", definition={"kind": ["business"]})
    by_segment = survival("segment", split_segment=segment, today=TODAY)
    by_kind = survival("kind", today=TODAY)
    assert {c.key: c.subscribers for c in by_segment.curves} == {
        "in": sum(s.kind == "business" for s in subs),
        "out": sum(s.kind == "residential" for s in subs),
    }
    assert by_segment.logrank_p == pytest.approx(by_kind.logrank_p)
    years = survival("cohort_year", today=TODAY)
    assert sum(c.subscribers for c in years.curves) == len(subs)
    assert {c.key for c in years.curves} <= {"2019", "2020", "2021", "2022", "2023", "2024"}


def test_query_count_is_constant():
    make_random(60)
    with CaptureQueriesContext(connection) as small:
        survival("tariff", today=TODAY)
    make_random(200, seed=8, prefix="more")
    with CaptureQueriesContext(connection) as large:
        survival("tariff", today=TODAY)
    assert len(small) == len(large) <= 4


def test_cohort_table_by_hand():
    # January 2024: 4 new, one leaves 01-20 (month 0), one 03-05 (month 2).  February: 2 new, one leaves 02-10.
    Subscriber.objects.bulk_create(
        [
            add("c1", date(2024, 1, 3), date(2024, 1, 20)),
            add("c2", date(2024, 1, 5), date(2024, 3, 5)),
            add("c3", date(2024, 1, 9)),
            add("c4", date(2024, 1, 31)),
            add("c5", date(2024, 2, 1), date(2024, 2, 10)),
            add("c6", date(2024, 2, 28)),
            add("old", date(2023, 12, 31)),  # another cohort, outside the table
        ]
    )
    table = cohort_table(date(2024, 1, 1), date(2024, 2, 1), today=TODAY)
    # The last complete month on 2024-04-15 is March: months since 0, 1, 2.
    assert table.months_since == [0, 1, 2]
    jan, feb = table.rows
    assert (jan.size, jan.shares) == (4, [0.75, 0.75, 0.5])
    # February's month 2 is April, not over yet.
    assert (feb.size, feb.shares) == (2, [0.5, 0.5, None])


def test_empty_base():
    result = survival("kind", today=TODAY)
    assert (result.curves, result.logrank_p, result.groups_total) == ([], None, 0)
    table = cohort_table(date(2024, 1, 1), date(2024, 2, 1), today=TODAY)
    assert [(row.size, row.shares) for row in table.rows] == [(0, [None, None, None]), (0, [None, None, None])]
