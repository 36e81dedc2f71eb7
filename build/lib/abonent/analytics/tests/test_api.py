"""The diagnostics API returns the same numbers as the service and the page."""

import pytest
from django.urls import reverse

from .fixtures import make_base

QUERY = {"start": "2024-01", "end": "2024-03"}


@pytest.fixture
def base(db):
    return make_base()


def test_diagnostics_api(base, api_client_for):
    response = api_client_for("analyst").get(reverse("analytics-api:diagnostics"), QUERY)
    assert response.status_code == 200
    data = response.json()
    assert (data["start"], data["end"], data["months"]) == ("2024-01-01", "2024-03-01", 3)
    assert (data["churned"], data["gross_adds"], data["net_growth"]) == (10, 12, 2)
    assert data["average_base"] == pytest.approx(102)
    assert data["monthly_churn_pct"] == pytest.approx(3.267974, abs=1e-6)
    assert data["annual_churn_pct"] == pytest.approx(32.881319, abs=1e-6)
    assert (data["managed_churned"], data["unmanaged_churned"]) == (7, 3)
    assert data["plan_fulfilment_pct"] == pytest.approx(30)
    assert data["achievable_reduction"] == pytest.approx(2.5 / 3)
    assert data["achievable_revenue"] == pytest.approx(450)
    assert data["not_established"]["churned"] == 1 and data["not_established_warning"] is True
    service = next(g for g in data["groups"] if g["total"]["group_code"] == "t_service")
    slow = next(r for r in service["reasons"] if r["reason_code"] == "t_slow_repair")
    assert [slow[k] for k in ("churned", "share_pct", "norm_pct", "deviation_pp", "over_norm")] == [3, 30, 10, 20, True]
    assert [m["base_end"] for m in data["by_month"]] == [102, 103, 102]
    assert data["segment"] == {
        "kind": None,
        "service_type": None,
        "city": None,
        "district": None,
        "tariff_id": None,
        "saved_segment_id": None,
    }


def test_diagnostics_api_segment_and_plan(base, api_client_for):
    response = api_client_for("head_of_retention").get(
        reverse("analytics-api:diagnostics"), {**QUERY, "kind": "business", "plan": "12"}
    )
    data = response.json()
    assert (data["churned"], data["average_base"]) == (3, 9.5)
    assert data["segment"]["kind"] == "business"
    # 12 % a year = 1.0596 % a month against 10.5263 % actual: 10.07 % fulfilled
    assert data["plan_is_set"] is True
    assert data["plan_fulfilment_pct"] == pytest.approx(1.059624 / 10.526316 * 100, abs=1e-4)


def test_churn_vs_inflow_api(base, api_client_for):
    response = api_client_for("analyst").get(reverse("analytics-api:churn-vs-inflow"), QUERY)
    assert response.status_code == 200
    data = response.json()
    assert [(m["month"], m["gross_adds"], m["churned"], m["net_growth"]) for m in data["months"]] == [
        ("2024-01-01", 6, 4, 2),
        ("2024-02-01", 4, 3, 1),
        ("2024-03-01", 2, 3, -1),
    ]
    assert (data["base_start"], data["base_end"]) == (100, 102)


def test_api_permission_and_validation(db, api_client_for, client):
    agent = api_client_for("call_centre_agent")
    assert agent.get(reverse("analytics-api:diagnostics")).status_code == 403
    assert agent.get(reverse("analytics-api:churn-vs-inflow")).status_code == 403
    assert client.get(reverse("analytics-api:diagnostics")).status_code in (401, 403)
    bad = api_client_for("analyst").get(reverse("analytics-api:diagnostics"), {"start": "2024-05", "end": "2024-01"})
    assert bad.status_code == 400 and "__all__" in bad.json()


def test_schema_documents_the_endpoints(db, api_client_for):
    response = api_client_for("administrator").get(reverse("api-schema"), {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    operation = schema["paths"]["/api/analytics/diagnostics/"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"start", "end", "kind", "city", "tariff", "plan"}
    assert "achievable_revenue" in schema["components"]["schemas"]["ChurnDiagnostics"]["properties"]
    assert "/api/analytics/churn-vs-inflow/" in schema["paths"]
