"""The churn REST API: requests worked through the same actions, the classifier, scripts."""

from decimal import Decimal

import pytest

from abonent.churn.models import ChurnReason, DisconnectionRequest

API = "/api/churn"


@pytest.fixture
def manager_api(api_client_for):
    return api_client_for("retention_manager")


def test_request_worked_through_the_api(manager_api, subscriber, reasons):
    created = manager_api.post(f"{API}/requests/", {"account": "100001", "channel": "online"}, format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["status"], body["agent"], body["account"], body["service_type"]) == (
        "new",
        manager_api.user.username,
        "100001",
        "internet",
    )
    url = f"{API}/requests/{body['id']}"
    step = manager_api.post(
        f"{url}/establish-reason/", {"reason_code": "mobile_internet", "comment": "хватает 4G"}, format="json"
    )
    assert step.status_code == 200, step.json()
    assert (step.json()["status"], step.json()["reason_group"]) == ("reason_established", "preferences")
    step = manager_api.post(
        f"{url}/make-offer/", {"offer": "Годовой контракт: +100 Мбит/с", "answer": "accepted"}, format="json"
    )
    assert step.json()["status"] == "offer_made"
    step = manager_api.post(
        f"{url}/close/", {"outcome": "retained", "note": "подписал годовой контракт"}, format="json"
    )
    assert step.status_code == 200
    assert (step.json()["status"], step.json()["closed_by"]) == ("retained", manager_api.user.username)
    request = DisconnectionRequest.objects.get(pk=body["id"])
    assert list(request.history.values_list("history_user__username", flat=True)) == [manager_api.user.username] * 4


def test_forbidden_move_answers_400_with_the_reason(manager_api, bring_to, subscriber):
    request = bring_to(subscriber, "new")
    response = manager_api.post(f"{API}/requests/{request.pk}/close/", {"outcome": "disconnected"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"detail": "The reason must be established before the subscriber is disconnected."}
    request.refresh_from_db()
    assert request.status == "new"


def test_second_open_request_is_refused(manager_api, bring_to, subscriber):
    first = bring_to(subscriber, "new")
    response = manager_api.post(f"{API}/requests/", {"subscriber": subscriber.pk, "channel": "phone"}, format="json")
    assert response.status_code == 400
    assert f"open request №{first.pk}" in response.json()["detail"]


def test_roles_in_the_api(api_client_for, bring_to, subscriber):
    analyst = api_client_for("analyst")
    assert analyst.get(f"{API}/requests/").status_code == 200
    assert analyst.post(f"{API}/requests/", {"account": "100001", "channel": "phone"}, format="json").status_code == 403
    agent = api_client_for("call_centre_agent")
    created = agent.post(f"{API}/requests/", {"account": "100001", "channel": "phone"}, format="json")
    assert created.status_code == 201
    pk = created.json()["id"]
    assert agent.post(f"{API}/requests/{pk}/close/", {"outcome": "withdrawn"}, format="json").status_code == 403
    assert (
        agent.post(f"{API}/requests/{pk}/establish-reason/", {"reason_code": "price"}, format="json").status_code == 403
    )
    assert DisconnectionRequest.objects.get(pk=pk).status == "new"


def test_api_list_uses_the_register_filters(manager_api, bring_to, make_subscriber):
    a = bring_to(make_subscriber(kind="business"), "reason_established", reason="outages")
    bring_to(make_subscriber(), "new")
    data = manager_api.get(f"{API}/requests/", {"subscriber_kind": "business", "status": "open"}).json()
    assert [r["id"] for r in data["results"]] == [a.pk]


def test_norm_patch_needs_the_change_permission_and_marks_manual(api_client_for, reasons):
    url = f"{API}/reasons/{reasons['price'].pk}/"
    assert api_client_for("retention_manager").patch(url, {"norm_percent": "7.5"}, format="json").status_code == 403
    head = api_client_for("head_of_retention")
    response = head.patch(url, {"norm_percent": "7.5"}, format="json")
    assert response.status_code == 200
    assert (response.json()["norm_percent"], response.json()["norm_source"]) == ("7.50", "manual")
    price = ChurnReason.objects.get(code="price")
    assert price.norm_percent == Decimal("7.5") and price.history.first().history_user == head.user
    assert head.patch(url, {"norm_percent": "120"}, format="json").status_code == 400


def test_reasons_groups_and_scripts_are_listed(api_client_for):
    api = api_client_for("analyst")
    groups = api.get(f"{API}/reason-groups/").json()
    assert [g["code"] for g in groups["results"]][:3] == ["unmanaged", "not_decision_maker", "moving_uncovered"]
    reasons = api.get(f"{API}/reasons/", {"limit": 100}).json()
    assert reasons["count"] == 18
    assert sum(Decimal(r["norm_percent"]) for r in reasons["results"]) == 100
    # One shipped script per group; other apps ship their own (win-back, warm and hidden churn) as non-defaults.
    scripts = api.get(f"{API}/scripts/", {"is_default": "true"}).json()
    assert scripts["count"] == 8


def test_used_reason_delete_archives_in_the_api(api_client_for, bring_to, subscriber, reasons):
    bring_to(subscriber, "reason_established", reason="slow_repair")
    admin = api_client_for("administrator")
    response = admin.delete(f"{API}/reasons/{reasons['slow_repair'].pk}/")
    assert response.status_code == 200 and response.json()["is_archived"] is True
    assert ChurnReason.objects.filter(code="slow_repair", is_archived=True).exists()


def test_norm_proposals_endpoint(api_client_for, make_subscriber, reasons):
    import datetime as dt

    for day, code in [("2025-01-10", "competitor"), ("2025-01-11", "price"), ("2025-02-01", "competitor")]:
        make_subscriber(status="disconnected", disconnected_on=dt.date.fromisoformat(day), churn_reason=reasons[code])
    # January: competitor 50 %, price 50 %; February: competitor 100 %, price 0 %.
    # Medians: competitor 75, price 25 — already summing to 100.
    data = api_client_for("analyst").get(f"{API}/reasons/norm-proposals/", {"start": "2025-01-01", "end": "2025-02-28"})
    by_code = {p["code"]: p for p in data.json()}
    assert (by_code["competitor"]["proposed"], by_code["price"]["proposed"]) == ("75.00", "25.00")
