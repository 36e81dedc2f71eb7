"""Base analysis against the hand-worked base in small_base.py."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from abonent.analytics.base import base_analysis, tenure_band
from abonent.analytics.diagnostics import add_months

from .small_base import JAN, MAR, TODAY, make_small_base

pytestmark = pytest.mark.django_db


def rows_by_label(result) -> dict:
    return {str(row.label): row for row in result.rows}


def test_tenure_bands():
    # [0, 6) [6, 12) [12, 24) [24, 36) [36, ∞)
    assert [tenure_band(m) for m in (0, 5, 6, 11, 12, 23, 24, 35, 36, 100)] == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4]


def test_by_kind():
    make_small_base()
    result = base_analysis(JAN, MAR, "kind", today=TODAY)
    rows = {row.key: row for row in result.rows}
    res, bus = rows["residential"], rows["business"]
    # Active at month end: residential s1 s2 s4 s6 in January; s2 leaves 02-20 → 3, 3.
    assert res.subscribers == [4, 3, 3]
    # Business: s3 from 02-01, s5 from 03-31 (active at the end of 31 March).
    assert bus.subscribers == [0, 1, 2]
    assert result.total.subscribers == [4, 4, 5]
    # Residential charges: Jan 500 + 300 + 500; Feb 500 + 200 + 0 (s4's zero is not "charged"); Mar 500 + 500.
    assert res.revenue == [1300, 700, 1000]
    assert res.charged == [3, 2, 2]
    assert res.arpu == [pytest.approx(1300 / 3), 350, 500]
    assert bus.revenue == [0, 900, 900]
    assert bus.arpu == [None, 900, 900]
    assert result.total.revenue == [1300, 1600, 1900]
    assert result.total.arpu == [pytest.approx(1300 / 3), pytest.approx(1600 / 3), pytest.approx(1900 / 3)]


def test_by_tenure_band():
    make_small_base()
    result = base_analysis(JAN, MAR, "tenure", today=TODAY)
    by_band = [row.subscribers for row in result.rows]
    # Whole months since the connection month at each month's end:
    #   s1 (Jan 2023): 12, 13, 14 → 1–2 y;  s2 (Dec 2023): 1 → < 6 m, gone in Feb;  s3 (Feb 2024): 0, 1 → < 6 m
    #   s4 (Jun 2020): 43… → 3+ y;  s5 (Mar 2024): 0 → < 6 m;  s6 (May 2023): 8, 9, 10 → 6–12 m
    assert by_band == [[1, 1, 2], [1, 1, 1], [1, 1, 1], [0, 0, 0], [1, 1, 1]]
    # Revenue < 6 m: Jan s2 300; Feb s2 200 + s3 900; Mar s3 900.
    assert result.rows[0].revenue == [300, 1100, 900]
    assert result.total.subscribers == [4, 4, 5]


def test_by_arpu_band_default_edges():
    make_small_base()
    result = base_analysis(JAN, MAR, "arpu_band", today=TODAY)
    # Edges 300, 600, 1000, 3000, 10000 → bands <300, 300–600, 600–1000, 1000–3000, 3000–10000, 10000+.
    # Jan: 500, 300, 500 all in 300–600.  Feb: 200 and 0 under 300 (only 200 is charged), 500, 900.  Mar: 500, 500, 900.
    charged = [row.charged for row in result.rows]
    assert charged[:3] == [[0, 1, 0], [3, 1, 2], [0, 1, 1]]
    assert [row.revenue for row in result.rows][:3] == [[0, 200, 0], [1300, 500, 1000], [0, 900, 900]]
    # The band's row counts subscribers charged; the total line stays the active base.
    assert result.rows[1].subscribers == [3, 1, 2]
    assert result.total.subscribers == [4, 4, 5]


def test_custom_arpu_bands():
    make_small_base()
    result = base_analysis(JAN, MAR, "arpu_band", arpu_bands=[400], today=TODAY)
    # Under 400: Jan 300; Feb 200; Mar none.  400 and more: Jan 500 + 500; Feb 500 + 900; Mar 500 + 500 + 900.
    assert [row.revenue for row in result.rows] == [[300, 200, 0], [1000, 1400, 1900]]
    assert [str(row.label) for row in result.rows][1].startswith("400")


def test_by_district_and_tariff():
    make_small_base()
    result = base_analysis(JAN, MAR, "district", today=TODAY)
    rows = {row.key: row for row in result.rows}
    # Север: s1, then s3 (Feb), then s5 (Mar).  Юг: s2 s4 s6, s2 leaves in February.
    assert rows["Север"].subscribers == [1, 2, 3]
    assert rows["Юг"].subscribers == [3, 2, 2]
    tariffs = base_analysis(JAN, MAR, "tariff", today=TODAY)
    # The current tariff of each subscriber: B s1 s3 s5, K s2 s6, A s4.
    assert {str(r.label): r.subscribers for r in tariffs.rows} == {
        "B — B": [1, 2, 3],
        "K — K": [2, 1, 1],
        "A — A": [1, 1, 1],
    }


def test_segment_conditions_judged_today():
    make_small_base()
    business = base_analysis(JAN, MAR, "kind", definitions=[{"kind": ["business"]}], today=TODAY)
    assert business.total.subscribers == [0, 1, 2]
    assert business.total.revenue == [0, 900, 900]
    # Tenure under 6 months on 2024-04-15: connected after 2023-10-15 → s2, s3, s5.
    new = base_analysis(JAN, MAR, "kind", definitions=[{"tenure_months": [None, 6]}], today=TODAY)
    assert new.total.subscribers == [1, 1, 2]
    assert new.total.revenue == [300, 1100, 900]
    # Two definitions: both apply (new and business → s3, s5).
    both = base_analysis(
        JAN, MAR, "kind", definitions=[{"tenure_months": [None, 6]}, {"kind": "business"}], today=TODAY
    )
    assert both.total.subscribers == [0, 1, 2]


@pytest.mark.parametrize("dimension", ["kind", "tariff", "tenure", "arpu_band"])
def test_query_count_does_not_grow_with_the_period(dimension):
    make_small_base()
    counts = []
    for months in (3, 36):
        with CaptureQueriesContext(connection) as queries:
            base_analysis(add_months(MAR, -(months - 1)), MAR, dimension, today=TODAY)
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 5
