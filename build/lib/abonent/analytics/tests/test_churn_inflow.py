"""Churn vs inflow by segment, the monthly ↔ annual conversion, and the report page (fixtures.make_base)."""

import pytest
from django.urls import reverse

from abonent.analytics.diagnostics import (
    Segment,
    annualise,
    churn_vs_inflow,
    churn_vs_inflow_by,
    monthly_from_annual,
)
from abonent.analytics.models import SavedSegment

from .fixtures import PERIOD, make_base

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def test_conversion_by_hand():
    # 2 % a month keeps 0.98^12 = 0.784717 of the base a year: 21.53 % a year, not 24 %.
    assert annualise(2.0) == pytest.approx(21.5283, abs=1e-4)
    assert monthly_from_annual(21.5283) == pytest.approx(2.0, abs=1e-5)
    # 4 % a year (seed 003's B2B churn) is 1 − 0.96^(1/12) = 0.3396 % a month.
    assert monthly_from_annual(4.0) == pytest.approx(0.33961, abs=1e-5)
    assert annualise(0.0) == 0.0
    assert annualise(None) is None


@pytest.mark.django_db
def test_breakdown_by_kind():
    make_base()
    rows = {row.value: row for row in churn_vs_inflow_by(*PERIOD, "kind")}
    business = rows["business"]
    # Business: 3 slow-repair leavers + 7 stayers at the start; +2 connected in January; leave 01-15, 01-20, 02-29.
    assert (business.base_start, business.gross_adds, business.churned, business.base_end) == (10, 2, 3, 9)
    # Bases by month: Jan 10 → 10, Feb 10 → 9, Mar 9 → 9: average (10 + 9.5 + 9) / 3 = 9.5.
    assert business.average_base == pytest.approx(9.5)
    # 3 / 9.5 / 3 = 10.526 % a month; a year 1 − 0.894737^12 = 1 − 0.263235 = 73.676 %.
    assert business.monthly_churn_pct == pytest.approx(10.5263, abs=1e-4)
    assert business.annual_churn_pct == pytest.approx(73.6765, abs=1e-4)
    # The values add up to the whole base.
    whole = churn_vs_inflow(*PERIOD)
    assert sum(r.churned for r in rows.values()) == whole.churned
    assert sum(r.base_end for r in rows.values()) == whole.base_end
    # And a value equals the report with that segment.
    residential = churn_vs_inflow(*PERIOD, Segment(kind="residential"))
    assert rows["residential"].churned == residential.churned


@pytest.mark.django_db
def test_saved_segment_narrows_churn_vs_inflow():
    make_base()
    segment = SavedSegment.objects.create(name="B2B", definition={"kind": ["business"]})
    flow = churn_vs_inflow(*PERIOD, Segment(saved_segment_id=segment.pk))
    assert (flow.base_start, flow.gross_adds, flow.churned, flow.base_end) == (10, 2, 3, 9)


@pytest.mark.django_db
def test_page(client_for):
    make_base()
    client = client_for("analyst")
    response = client.get(reverse("analytics:churn_inflow"), {"start": "2024-01", "end": "2024-03", "by": "kind"}, **EN)
    assert response.status_code == 200
    html = response.content.decode()
    # The whole base: 12 adds, 10 churned (the diagnostics fixture), 3.27 % a month = 32.88 % a year.
    assert 'id="kpi-adds">12<' in html
    assert 'id="kpi-churned">10<' in html
    assert 'id="kpi-monthly">3,27 %<' in html
    assert 'id="kpi-annual">32,88 %<' in html
    assert 'id="converter"' in html
    export = client.get(reverse("analytics:churn_inflow"), {"start": "2024-01", "end": "2024-03", "export": "xlsx"})
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client_for("call_centre_agent").get(reverse("analytics:churn_inflow")).status_code == 403


@pytest.mark.django_db
def test_api_gives_the_annual_equivalent_of_each_month(api_client_for):
    make_base()
    data = api_client_for("analyst").get("/api/analytics/churn-vs-inflow/", {"start": "2024-01", "end": "2024-03"}).data
    for month in data["months"]:
        assert month["annual_pct"] == pytest.approx(annualise(month["churn_pct"]))
