"""Tariff distribution, tariff changes and the market comparison against small_base.py."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from abonent.analytics.diagnostics import add_months
from abonent.analytics.models import CompetitorTariff
from abonent.analytics.tariffs import band_label, market_comparison, speed_band, tariff_distribution, tariff_migrations

from .small_base import FEB, JAN, MAR, TODAY, make_small_base

pytestmark = pytest.mark.django_db


def test_distribution_by_tariff():
    make_small_base()
    result = tariff_distribution(JAN, MAR, today=TODAY)
    rows = {row.tariff.code: row for row in result.rows}
    # A: s1 (to 02-14) and s6 (to 03-01) at the end of January; s4 from 02-03 and s6 in February; s4 in March.
    assert rows["A"].services == [2, 2, 1]
    # B: s4's old service ended on 01-31, its last day, so it is not counted at January's end; s1 and s3 from February.
    assert rows["B"].services == [0, 2, 2]
    # K: s2 until 02-20, s6 from 03-20.
    assert rows["K"].services == [1, 0, 1]
    assert result.total_services == [3, 4, 4]
    # List revenue = services × fee: A 500, B 900, K 300.
    assert rows["A"].revenue == [1000, 1000, 500]
    assert rows["B"].revenue == [0, 1800, 1800]
    assert result.total_revenue == [1300, 2800, 2600]
    # Shares of March's 4 services.
    assert [rows[c].share_pct for c in ("A", "B", "K")] == [25, 50, 25]


def test_distribution_of_a_segment():
    make_small_base()
    result = tariff_distribution(JAN, MAR, definitions=[{"kind": ["business"]}], today=TODAY)
    # Only s3 (B from February); s5 has no service.
    assert {row.tariff.code: row.services for row in result.rows} == {"B": [0, 1, 1]}


def test_migrations_within_a_week():
    t = make_small_base()
    result = tariff_migrations(JAN, MAR, window=7, today=TODAY)
    # s1 A→B on 02-15 (fee 500 → 900: up), s4 B→A on 02-03 (900 → 500: down); s6's 19-day gap is not a change.
    assert result.matrix == {(t["A"].pk, t["B"].pk): 1, (t["B"].pk, t["A"].pk): 1}
    assert [(m.month, m.up, m.down) for m in result.months] == [(JAN, 0, 0), (FEB, 1, 1), (MAR, 0, 0)]
    assert (result.up, result.down, result.lateral) == (1, 1, 0)
    assert result.cell(t["A"], t["B"]) == 1


def test_migration_window():
    t = make_small_base()
    # s6: A ended 03-01, K started 03-20 — 19 days: a change with a window of 19, not of 18.
    assert tariff_migrations(JAN, MAR, window=18, today=TODAY).down == 1
    wide = tariff_migrations(JAN, MAR, window=19, today=TODAY)
    assert wide.down == 2
    assert wide.matrix[(t["A"].pk, t["K"].pk)] == 1
    assert [m.down for m in wide.months] == [0, 1, 1]


def test_migrations_of_a_segment():
    make_small_base()
    assert tariff_migrations(JAN, MAR, definitions=[{"kind": ["business"]}], today=TODAY).months[1].up == 0
    residential = tariff_migrations(JAN, MAR, definitions=[{"district": "север"}], today=TODAY)
    # Север: only s1's up-sell (the district condition ignores case).
    assert (residential.up, residential.down) == (1, 0)


def test_migration_query_count_constant():
    make_small_base()
    counts = []
    for months in (3, 36):
        with CaptureQueriesContext(connection) as queries:
            tariff_distribution(add_months(MAR, -(months - 1)), MAR, today=TODAY)
            tariff_migrations(add_months(MAR, -(months - 1)), MAR, today=TODAY)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_speed_bands():
    assert [band_label(speed_band(s)) for s in (50, 100, 299, 300, 500, 1000, None)] == [
        "0–99",
        "100–299",
        "100–299",
        "300–499",
        "500–999",
        "1000+",
        str(band_label(None)),
    ]


def test_market_comparison():
    make_small_base()
    for competitor, speed, price, service_type in [
        ("X", 100, 400, "internet"),
        ("Y", 150, 600, "internet"),
        ("Z", 300, 700, "internet"),
        ("W", 100, 800, "bundle"),
        ("Old", 100, 100, "internet"),
    ]:
        CompetitorTariff.objects.create(
            competitor=competitor,
            name=f"{competitor} {speed}",
            service_type=service_type,
            speed_mbps=speed,
            price=price,
            checked_on=date(2024, 4, 1),
            is_archived=competitor == "Old",
        )
    rows = {row.tariff.code: row for row in market_comparison()}
    # A (internet 100 Mbit/s, 500 RUB): band 100–299 holds X 400 and Y 600 (W is a bundle, Old is archived).
    a = rows["A"]
    assert (a.offers, a.market_min, a.market_median, a.difference_pct) == (2, 400, 500, 0)
    # Per Mbit/s: ours 500/100 = 5.00; market X 4.00, Y 4.00 → median 4.00.
    assert (a.our_per_mbps, a.market_per_mbps) == (5, 4)
    # B (internet 300, 900 RUB) against Z alone (700): (900 − 700) / 700 = +28.57 %.
    b = rows["B"]
    assert b.market_median == 700
    assert b.difference_pct == pytest.approx(28.5714, abs=1e-3)
    assert b.market_per_mbps == pytest.approx(700 / 300)
    # K (TV, no speed): no offers.
    assert (rows["K"].offers, rows["K"].market_median, rows["K"].difference_pct) == (0, None, None)
