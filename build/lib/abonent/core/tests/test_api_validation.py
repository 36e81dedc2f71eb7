"""The API enforces the model's rules as the forms do: 400 with the field's error, never the database's 500."""

import importlib
import pkgutil

import pytest
from rest_framework import serializers

import abonent
from abonent.core.api.serializers import ValidatedModelSerializer


def _model_serializers() -> list[type]:
    for module in pkgutil.walk_packages(abonent.__path__, "abonent."):
        if ".api." in module.name and ".tests" not in module.name:
            importlib.import_module(module.name)
    found, todo = [], [serializers.ModelSerializer]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("abonent."):
                found.append(sub)
    return found


def test_every_model_serializer_runs_the_models_validation():
    found = _model_serializers()
    assert len(found) > 40  # the registers of every app, the process serializers among them
    assert [s.__qualname__ for s in found if not issubclass(s, ValidatedModelSerializer)] == []


@pytest.fixture
def admin_api(api_client_for):
    return api_client_for("administrator")


OFFER = {
    "name": "Год с выгодой",
    "kind": "fixed_fee",
    "service": "internet",
    "benefit": "Абонентская плата не растёт год",
    "min_tenure_months": 6,
    "min_arpu": "400.00",
    "cost_monthly": "35.00",
}


def test_contract_offer_with_a_negative_cost_is_refused_on_the_field(admin_api, settings):
    settings.LANGUAGE_CODE = "en"
    from abonent.contracts.models import ContractOffer

    response = admin_api.post("/api/contracts/offers/", {**OFFER, "cost_monthly": -1}, format="json")
    assert response.status_code == 400
    assert response.json() == {"cost_monthly": ["Ensure this value is greater than or equal to 0."]}
    assert not ContractOffer.objects.filter(name="Год с выгодой").exists()

    created = admin_api.post("/api/contracts/offers/", OFFER, format="json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    patched = admin_api.patch(f"/api/contracts/offers/{pk}/", {"min_arpu": "-1"}, format="json")
    assert patched.status_code == 400
    assert list(patched.json()) == ["min_arpu"]
    assert ContractOffer.objects.get(pk=pk).min_arpu == 400


def test_audit_target_with_a_code_already_set_is_refused_on_the_field(admin_api):
    from abonent.audit.models import AuditTarget

    shipped = AuditTarget.objects.get(code="inflow_rate")  # the data migration's default target
    body = {"code": "inflow_rate", "target": "1.00", "amber": "0.50", "direction": "higher"}
    again = admin_api.post("/api/audit/targets/", body, format="json")
    assert again.status_code == 400
    assert list(again.json()) == ["code"]
    assert AuditTarget.objects.get(code="inflow_rate").target == shipped.target
    # Its own code is no conflict for the record itself.
    kept = admin_api.patch(f"/api/audit/targets/{shipped.pk}/", {"code": "inflow_rate", "note": "норма"}, format="json")
    assert kept.status_code == 200, kept.content


def test_a_page_holds_at_most_a_thousand_records_and_a_far_offset_is_an_empty_page(api_client_for, subscriber):
    from abonent.subscribers.models import Payment

    Payment.objects.bulk_create(
        Payment(external_id=f"P{n}", subscriber=subscriber, paid_at="2025-01-10T10:00:00Z", amount=450)
        for n in range(1005)
    )
    api = api_client_for("head_of_retention")
    # Unbounded before: one request could pull a whole register (millions of payments) into one answer.
    page = api.get("/api/subscribers/payments/", {"limit": 100000}).json()
    assert (page["count"], len(page["results"])) == (1005, 1000)
    assert len(api.get("/api/subscribers/payments/").json()["results"]) == 50
    # An offset past the database's integer was a 500 (bigint out of range; SQLite's OverflowError).
    far = api.get("/api/subscribers/payments/", {"offset": 10**20, "limit": 10**20})
    assert far.status_code == 200
    assert (far.json()["count"], far.json()["results"]) == (1005, [])


def test_json_with_a_nul_character_is_refused(admin_api):
    from abonent.calls.models import PbxColumnMapping

    # PostgreSQL stores no NUL in jsonb: this was a 500 there (and stored as sent on SQLite).
    body = {"name": "Своя АТС", "columns": {"caller": "src\u0000"}, "outcome_values": {}}
    response = admin_api.post("/api/calls/mappings/", body, format="json")
    assert response.status_code == 400
    assert "NUL" in response.json()["detail"]
    assert not PbxColumnMapping.objects.filter(name="Своя АТС").exists()
    body["columns"] = {"caller": "src"}
    assert admin_api.post("/api/calls/mappings/", body, format="json").status_code == 201


def test_a_small_integer_column_takes_what_postgresql_would_on_every_database(admin_api):
    from abonent.retention.models import Measure

    measure = Measure.objects.order_by("pk").first()  # the shipped retention measures
    url = f"/api/retention/measures/{measure.pk}/"
    # 10**11 months: DataError on PostgreSQL (smallint), and on SQLite stored, then the total cost overflowed (500).
    response = admin_api.patch(url, {"cost_monthly": "23.00", "cost_months": 10**11}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["cost_months"]
    most = {"cost_one_off": "0", "cost_monthly": "9999999999.99", "cost_months": 32767}
    ok = admin_api.patch(url, most, format="json")
    assert ok.status_code == 200, ok.content
    assert ok.json()["total_cost"] == "327669999999672.33"


REPORTS = [
    "/api/analytics/base/",
    "/api/analytics/churn-vs-inflow/",
    "/api/analytics/cohorts/",
    "/api/analytics/diagnostics/",
    "/api/analytics/tariffs/",
    "/api/audit/scorecard/",
    "/api/callcentre/missed-calls/",
    "/api/callcentre/staffing/",
    "/api/callcentre/statistics/",
    "/api/callcentre/workload/",
    "/api/churn/reasons/norm-proposals/",
    "/api/retention/reports/economics/",
    "/api/retention/reports/effectiveness/",
    "/api/surveys/nps/",
]


def test_a_report_period_at_the_calendars_ends_is_refused_not_a_server_error(admin_api):
    # Year 9999 or 1 made month and week arithmetic leave the calendar: ValueError/OverflowError, a 500 on each.
    for url in REPORTS:
        for start, end in (("2025-01-01", "9999-12-31"), ("0001-01-01", "2025-01-31")):
            response = admin_api.get(url, {"start": start, "end": end})
            assert response.status_code == 400, (url, start, end, response.status_code)
        assert admin_api.get(url, {"start": "2025-01-01", "end": "2025-03-31"}).status_code == 200, url
    assert admin_api.get("/api/retention/reports/bonuses/", {"month": "9999-12-01"}).status_code == 400
    assert admin_api.get("/api/retention/reports/bonuses/", {"month": "2025-03-01"}).status_code == 200
