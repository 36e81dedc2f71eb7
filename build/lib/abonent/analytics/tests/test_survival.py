"""Survival curves against a hand-worked example and against lifelines fitted on one row per subscriber."""

from datetime import date, timedelta

import numpy as np
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lifelines import KaplanMeierFitter
from lifelines.statistics import logrank_test
from lifelines.utils import restricted_mean_survival_time

from abonent.analytics.models import SavedSegment
from abonent.analytics.survival import DAYS_PER_MONTH, cohort_table, grouped_durations, survival
from abonent.subscribers.models import Subscriber

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
    """Durations 10 (left), 20 (still here), 30 (left), 40 (left), 50 (still here) days."""
    subs = []
    for i, (days, left) in enumerate([(10, True), (20, False), (30, True), (40, True), (50, False)]):
        if left:
            connected = TODAY - timedelta(days=100 + i)
            subs.append(add(f"f{i}", connected, connected + timedelta(days=days)))
        else:
            subs.append(add(f"f{i}", TODAY - timedelta(days=days)))
    Subscriber.objects.bulk_create(subs)


def test_kaplan_meier_by_hand():
    make_five()
    result = survival(horizon_months=2, today=TODAY)
    (curve,) = result.curves
    # At 10 days 5 at risk, 1 leaves: S = 4/5 = 0.8.  At 30 days 3 at risk (the one at 20 was censored):
    # S = 0.8 × 2/3 = 0.5333.  At 40 days 2 at risk: S = 0.5333 × 1/2 = 0.2667.  50 is censored.
    assert (curve.subscribers, curve.events) == (5, 3)
    day = 1 / DAYS_PER_MONTH
    sf = dict(zip(curve.times, curve.survival, strict=True))
    assert sf[0.0] == 1.0
    # The grid is every half month (15.22 days): 15.2 → 0.8, 30.4 → 0.5333, 45.7 → 0.2667.
    assert [round(s, 4) for s in curve.survival[:5]] == [1.0, 0.8, 0.5333, 0.2667, 0.2667]
    # Median: the first time S ≤ 0.5 is 40 days.
    assert curve.median_months == pytest.approx(40 * day)
    # Expected lifetime to 2 months (60.875 days) = area under the steps:
    # 10 × 1 + 20 × 0.8 + 10 × 0.5333 + 20.875 × 0.2667 = 36.9 days.
    assert curve.rmst_months == pytest.approx(36.9 * day, rel=1e-4)
    # Lifetime value = mean ARPU 500 × 36.9 days in months; with a 40 % margin, 40 % of it.
    assert curve.lifetime_value == pytest.approx(500 * 36.9 * day, rel=1e-4)
    margin = survival(horizon_months=2, margin_pct=40, today=TODAY).curves[0]
    assert margin.lifetime_value == pytest.approx(0.4 * 500 * 36.9 * day, rel=1e-4)


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
        end = s.disconnected_on or TODAY
        durations.append((end - s.connected_on).days)
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
        grid = np.array(curve.times) * DAYS_PER_MONTH
        expected = kmf.survival_function_at_times(grid).to_numpy()
        np.testing.assert_allclose(curve.survival, expected, atol=1e-5)
        # 95 % band (lifelines' exponential Greenwood, i.e. log(−log)) read at the same times.
        ci = kmf.confidence_interval_survival_function_
        index = np.clip(np.searchsorted(ci.index.to_numpy(), grid, side="right") - 1, 0, len(ci) - 1)
        np.testing.assert_allclose(curve.lower, np.nan_to_num(ci.iloc[index, 0].to_numpy(), nan=0.0), atol=1e-5)
        np.testing.assert_allclose(curve.upper, np.nan_to_num(ci.iloc[index, 1].to_numpy(), nan=1.0), atol=1e-5)
        median = kmf.median_survival_time_
        if np.isfinite(median):
            assert curve.median_months == pytest.approx(median / DAYS_PER_MONTH)
        else:
            assert curve.median_months is None
        rmst = restricted_mean_survival_time(kmf, t=60 * DAYS_PER_MONTH)
        assert curve.rmst_months == pytest.approx(rmst / DAYS_PER_MONTH, rel=1e-6)
        assert curve.at[12] == pytest.approx(float(kmf.survival_function_at_times(12 * DAYS_PER_MONTH).iloc[0]))


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
