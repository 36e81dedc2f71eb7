"""The retention API: registers, recording offers with the request card's rules, reports, staff; in the schema."""

import datetime as dt

import pytest
from django.utils import timezone

from abonent.retention.models import RetentionPlan
from abonent.staff.models import Employee

pytestmark = pytest.mark.django_db
API = "/api/retention"


def test_record_an_offer_through_the_api(api_client_for, at_offer_step, measures):
    api = api_client_for("retention_manager")
    request = at_offer_step("temporary_money_trouble")
    response = api.post(
        f"{API}/offers/",
        {
            "request": request.pk,
            "measure": measures["suspension"].pk,
            "answer": "accepted",
            "details": {"starts_on": "2026-12-01", "ends_on": "2026-12-31"},
            "close": True,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["process"] == "suspension" and body["closed_as"] == "suspended"
    assert body["details"] == {"starts_on": "2026-12-01", "ends_on": "2026-12-31"}
    request.refresh_from_db()
    assert request.status == "suspended"
    # A closed request takes no further offer: 400 with the reason.
    again = api.post(f"{API}/offers/", {"request": request.pk, "measure": measures["tariff_change"].pk}, format="json")
    assert again.status_code == 400 and "request is open" in again.json()["detail"]
    assert api.get(f"{API}/offers/", {"answer": "accepted"}).json()["count"] == 1
    # An analyst reads but may not record.
    analyst = api_client_for("analyst")
    assert analyst.get(f"{API}/offers/").status_code == 200
    assert analyst.post(f"{API}/offers/", {}, format="json").status_code == 403
    # A measure that offers refer to cannot be deleted: 409 saying what uses it, and the measure stays.
    admin = api_client_for("administrator")
    in_use = admin.delete(f"{API}/measures/{measures['suspension'].pk}/")
    assert in_use.status_code == 409, in_use.content
    assert in_use.json()["used_by"] and in_use.json()["detail"]
    assert admin.get(f"{API}/measures/{measures['suspension'].pk}/").status_code == 200


def test_no_offer_for_a_holdout_control_request(api_client_for, at_offer_step):
    from abonent.retention import actions as retention_actions
    from abonent.retention.models import HoldoutPolicy

    HoldoutPolicy.objects.create(
        name="Holdout 50", share_percent=50, active_from=dt.date(2020, 1, 1), control="no_offer"
    )
    assignments = [retention_actions.ensure_assignment(at_offer_step("competitor")) for _ in range(12)]
    control = next(a for a in assignments if a.is_control).request
    treatment = next(a for a in assignments if not a.is_control).request
    api = api_client_for("retention_manager")
    response = api.post(f"{API}/offers/no-offer/", {"request": control.pk}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "offer_made"
    # A treated request must get a real offer: 400, and it stays at the reason step.
    refused = api.post(f"{API}/offers/no-offer/", {"request": treatment.pk}, format="json")
    assert refused.status_code == 400
    treatment.refresh_from_db()
    assert treatment.status == "reason_established"
    assert api_client_for("analyst").post(f"{API}/offers/no-offer/", {"request": control.pk}).status_code == 403


def test_answer_through_the_api(api_client_for, at_offer_step, measures):
    api = api_client_for("retention_manager")
    request = at_offer_step("price")
    offer = api.post(
        f"{API}/offers/",
        {"request": request.pk, "measure": measures["tariff_change"].pk, "answer": "thinking"},
        format="json",
    ).json()
    response = api.post(f"{API}/offers/{offer['id']}/answer/", {"answer": "declined"}, format="json")
    assert response.status_code == 200 and response.json()["answer"] == "declined"


def test_registers_and_reports(api_client_for, make_user):
    head = api_client_for("head_of_retention")
    assert head.get(f"{API}/measures/").json()["count"] == 13
    assert head.get(f"{API}/matrix/", {"reason": 12}).status_code == 200
    bad = head.post(f"{API}/holdout-policies/", {"name": "h", "share_percent": "60", "active_from": "2026-01-01"})
    assert bad.status_code == 400
    ok = head.post(
        f"{API}/holdout-policies/",
        {"name": "h", "share_percent": "10", "active_from": "2026-01-01", "control": "no_offer"},
    )
    assert ok.status_code == 201
    assert head.post(f"{API}/plans/", {"month": "2026-05-01", "kept_target": 20, "budget": "1000"}).status_code == 201
    assert RetentionPlan.objects.get().kept_target == 20
    today = str(timezone.localdate())
    effect = head.get(f"{API}/reports/effectiveness/", {"start": today, "end": today}).json()
    assert effect["total"]["offers"] == 0 and effect["holdout"]["is_causal"] is False
    economics = head.get(f"{API}/reports/economics/", {"start": "2026-05-01", "end": "2026-05-31"}).json()
    assert economics[0]["kept_target"] == 20
    assert head.get(f"{API}/reports/bonuses/", {"month": "2026-05-01"}).status_code == 200
    assert head.get(f"{API}/reports/bonuses/").status_code == 400
    assert api_client_for("retention_manager").get(f"{API}/reports/economics/").status_code == 403

    user = make_user("retention_manager", username="e1")
    created = head.post("/api/staff/employees/", {"user": user.pk, "monthly_salary": "55000", "position": "Менеджер"})
    assert created.status_code == 201
    assert Employee.objects.get(user=user).monthly_salary == 55000
    assert head.get("/api/staff/time-entries/").status_code == 200
    bad_dates = head.patch(
        f"/api/staff/employees/{created.json()['id']}/", {"hired_on": "2026-05-01", "left_on": "2026-04-01"}
    )
    assert bad_dates.status_code == 400


def test_in_the_schema(api_client_for):
    schema = api_client_for("analyst").get("/api/schema/").content.decode()
    for path in ("/api/retention/offers/", "/api/retention/reports/effectiveness/", "/api/staff/employees/"):
        assert path in schema
