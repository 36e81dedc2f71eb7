"""Issue 12, item 2: the dashboard's churn, on a small base with figures worked out by hand.

As of 2 December 2026 (the issue's morning), 1 000 subscribers connected on 01.01.2024, and:

- October: 20 leave on 10.10 (5 of them for an unmanaged reason, moved away); base at 31.10: 980.
- November: 4 leave on 01.11 and 26 on 20.11; 5 join on 02.11; base at 30.11: 980 − 30 + 5 = 955.
- December to date: 6 leave and 8 join on 01.12.

This month to date (1–2 Dec): 6 of the 955 at the month start = 0,63 %; the same days of November (1–2 Nov):
4 of 980 = 0,41 %: churn is worse (+2, +0,22 pp, red), inflow better (8 against 5, +3, green), net growth better
(2 against 1, +1, green). The last full month, November: 30 ÷ ((980 + 955) ÷ 2 = 967,5) = 3,10 % a month, the
diagnostics' figure for November. The trend's plan: November has a retention plan of 12 disconnections
(12 ÷ 967,5 = 1,24 %); October has none, so its plan is its unmanaged churn, 5 ÷ ((1 000 + 980) ÷ 2 = 990) = 0,51 %.
"""

import json
import re
from datetime import date

import pytest
from django.urls import reverse

from abonent.analytics import dashboard
from abonent.analytics.diagnostics import churn_diagnostics
from abonent.retention.models import RetentionPlan
from abonent.subscribers.models import Subscriber

from .fixtures import make_classifier

AS_OF = date(2026, 12, 2)
RU = {"HTTP_ACCEPT_LANGUAGE": "ru"}


@pytest.fixture
def base(db, monkeypatch):
    monkeypatch.setattr("abonent.analytics.views.data_as_of", lambda: AS_OF)
    reasons = make_classifier()
    subs = [Subscriber(external_id=f"B{i:04d}", name="B", connected_on=date(2024, 1, 1)) for i in range(1000)]

    def leave(rows, day, reason="t_competitor"):
        for sub in rows:
            sub.status, sub.disconnected_on, sub.churn_reason = "disconnected", day, reasons[reason]

    leave(subs[0:5], date(2026, 10, 10), "t_moved")
    leave(subs[5:20], date(2026, 10, 10))
    leave(subs[20:24], date(2026, 11, 1))
    leave(subs[24:50], date(2026, 11, 20))
    leave(subs[50:56], date(2026, 12, 1))
    subs += [Subscriber(external_id=f"N{i}", name="N", connected_on=date(2026, 11, 2)) for i in range(5)]
    subs += [Subscriber(external_id=f"D{i}", name="D", connected_on=date(2026, 12, 1)) for i in range(8)]
    Subscriber.objects.bulk_create(subs)
    RetentionPlan.objects.create(month=date(2026, 11, 1), kept_target=10, budget=1000, non_retention_plan=12)


def test_month_to_date_against_the_same_days_and_the_last_full_month(base, client_for):
    response = client_for("head_of_retention").get(reverse("analytics:dashboard"), **RU)
    assert response.status_code == 200
    ctx = response.context
    this, last, full = ctx["this_month"], ctx["last_month"], ctx["last_full_month"]
    assert (this.start, this.end, last.start, last.end) == (
        date(2026, 12, 1),
        AS_OF,
        date(2026, 11, 1),
        date(2026, 11, 2),
    )
    assert (this.base_start, this.churned, this.gross_adds) == (955, 6, 8)
    assert (last.base_start, last.churned, last.gross_adds) == (980, 4, 5)
    assert this.churn_pct == pytest.approx(6 / 955 * 100) and last.churn_pct == pytest.approx(4 / 980 * 100)
    assert (full.month, full.churned, full.base_start, full.base_end) == (date(2026, 11, 1), 30, 980, 955)
    assert full.churn_pct == pytest.approx(30 / 967.5 * 100)
    # The last full month's rate is the diagnostics' monthly churn for that month.
    november = churn_diagnostics(date(2026, 11, 1), date(2026, 11, 1), as_of=AS_OF)
    assert full.churn_pct == pytest.approx(november.monthly_churn_pct)

    html = response.content.decode()
    assert 'id="kpi-churn">6<' in html and 'id="kpi-churn-last">4<' in html
    assert 'id="kpi-churn-rate">0,63 %<' in html and 'id="kpi-churn-last-rate">0,41 %<' in html
    assert 'id="kpi-churn-full-rate">3,10 %<' in html
    # Coloured by the metric's direction: more churn is worse (red), more inflow and net growth are better (green).
    assert '<span id="kpi-churn-delta" class="text-danger">(+2)</span>' in html
    assert re.search(r'id="kpi-churn-rate-delta" class="text-danger">\+0,22 ', html)
    assert '<span id="kpi-adds-delta" class="text-success">(+3)</span>' in html
    assert '<span id="kpi-net-delta" class="text-success">(+1)</span>' in html


def test_better_is_green_whatever_the_sign():
    assert dashboard.Delta(-208, more_is_better=False).css == "text-success"
    assert dashboard.Delta(2, more_is_better=False).css == "text-danger"
    assert dashboard.Delta(-3, more_is_better=True).css == "text-danger"
    assert dashboard.Delta(0, more_is_better=True).css == ""


def test_same_days_of_a_shorter_last_month_end_with_it():
    assert dashboard.same_days_last_month(date(2026, 3, 31)) == (date(2026, 2, 1), date(2026, 2, 28))
    assert dashboard.same_days_last_month(date(2026, 12, 2)) == (date(2026, 11, 1), date(2026, 11, 2))


def test_the_trend_chart_has_twelve_full_months_against_the_plan_in_plain_numbers(base, client_for):
    html = client_for("head_of_retention").get(reverse("analytics:dashboard"), **RU).content.decode()
    found = re.search(r'<script id="trend-chart" type="application/json">(.*?)</script>', html, re.S)
    chart = json.loads(found.group(1))  # parses: no decimal comma in the chart's numbers
    assert chart["months"][0] == "2025-12" and chart["months"][-1] == "2026-11" and len(chart["months"]) == 12
    assert chart["churn_pct"][-2:] == [round(20 / 990 * 100, 2), round(30 / 967.5 * 100, 2)] == [2.02, 3.1]
    assert chart["plan_pct"][-2:] == [0.51, 1.24] and chart["plan_is_set"][-2:] == [False, True]
    assert chart["churn_pct"][:10] == [0.0] * 10
    assert 'id="chart-trend"' in html and "analytics/dashboard.js" in html and "plotly.min.js" in html
