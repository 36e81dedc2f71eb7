"""Contract registers in the browser and the API: lists, cards, steps, permissions, report, panel."""

import datetime as dt

from django.urls import reverse

from abonent.contracts import actions
from abonent.contracts.models import Agitation, AnnualContract
from abonent.core.testing import check_register_views


def test_register_views(client_for, make_subscriber, terms, manager):
    sub = make_subscriber()
    agitation, contract = actions.record_agitation(sub, terms=terms, answer="accepted", user=manager)
    check_register_views(client_for, contract, viewer="analyst", outsider="debt_agent")
    check_register_views(client_for, agitation, viewer="analyst", outsider="debt_agent")
    check_register_views(client_for, terms, viewer="analyst", outsider="debt_agent")


def test_card_steps_and_forbidden_step(client_for, make_subscriber, terms, manager):
    contract = actions.create_draft(make_subscriber(), user=manager, terms=terms)
    client = client_for("retention_manager")
    page = client.get(contract.get_absolute_url()).content.decode()
    assert 'id="step-sign"' in page and 'id="step-activate"' not in page
    client.post(reverse("contracts:annualcontract_step", args=[contract.pk, "sign"]))
    client.post(reverse("contracts:annualcontract_step", args=[contract.pk, "activate"]))
    contract.refresh_from_db()
    assert contract.status == "active"
    response = client.post(reverse("contracts:annualcontract_step", args=[contract.pk, "end"]), follow=True)
    assert "terminate it with a reason" in response.content.decode()
    contract.refresh_from_db()
    assert contract.status == "active"
    analyst = client_for("analyst")
    assert analyst.post(reverse("contracts:annualcontract_step", args=[contract.pk, "terminate"])).status_code == 403


def test_agitation_form_and_offer_list(client_for, make_subscriber, terms):
    sub = make_subscriber("300001")
    client = client_for("retention_manager")
    page = client.get(reverse("contracts:eligible")).content.decode()
    assert "300001" in page
    response = client.post(
        reverse("contracts:agitation_add"),
        {"account": "300001", "terms": terms.pk, "channel": "phone", "answer": "declined", "decline_reason": ""},
    )
    assert response.status_code == 200 and Agitation.objects.count() == 0  # reason missing
    client.post(
        reverse("contracts:agitation_add"),
        {"account": "300001", "terms": terms.pk, "channel": "phone", "answer": "accepted"},
    )
    assert AnnualContract.objects.get().subscriber == sub
    assert "300001" not in client.get(reverse("contracts:eligible")).content.decode()
    card = client.get(sub.get_absolute_url()).content.decode()
    contract = AnnualContract.objects.get()
    assert 'id="current-contract"' in card and contract.get_absolute_url() in card


def test_report_page_shows_figures_and_note(client_for, make_subscriber, terms, manager):
    contract = actions.create_draft(make_subscriber(), user=manager, terms=terms, starts_on=dt.date(2025, 1, 1))
    actions.sign(contract, user=manager, signed_on=dt.date(2025, 1, 1))
    actions.activate(contract, user=manager, today=dt.date(2025, 1, 1))
    page = client_for("analyst").get(reverse("contracts:report"), {"start": "2025-01-01", "end": "2025-03-31"})
    html = page.content.decode()
    assert 'id="not-causal"' in html and 'data-service="internet"' in html
    assert page.context["comparison"][0].contract_months == 3


def test_api_steps(api_client_for, make_subscriber, terms):
    api = api_client_for("retention_manager")
    sub = make_subscriber()
    created = api.post("/api/contracts/contracts/", {"subscriber": sub.pk, "terms": terms.pk}, format="json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert api.post(f"/api/contracts/contracts/{pk}/end/", {}, format="json").status_code == 400
    assert api.post(f"/api/contracts/contracts/{pk}/sign/", {}, format="json").json()["status"] == "signed"
    listed = api.get("/api/contracts/contracts/", {"status": "open"}).json()
    assert listed["count"] == 1 if isinstance(listed, dict) else len(listed) == 1
    assert api_client_for("analyst").post(f"/api/contracts/contracts/{pk}/activate/", {}).status_code == 403
    agitation = api.post(
        "/api/contracts/agitation/",
        {"subscriber": sub.pk, "terms": terms.pk, "answer": "declined", "decline_reason": "Дорого"},
        format="json",
    )
    assert agitation.status_code == 201


def test_renewals_and_offer_list_export(client_for, make_subscriber, terms, manager):
    from django.utils import timezone

    from abonent.core.testing import xlsx_rows

    today = timezone.localdate()
    start = today - dt.timedelta(days=350)  # ends in about two weeks
    contract = actions.create_draft(make_subscriber("400001"), user=manager, terms=terms, starts_on=start)
    actions.sign(contract, user=manager, signed_on=start)
    actions.activate(contract, user=manager, today=start)
    make_subscriber("400002")
    client = client_for("retention_manager")
    rows = xlsx_rows(client.get(reverse("contracts:renewals"), {"export": "xlsx"}))
    assert len(rows) == 2 and "400001" in rows[1]
    assert rows[1][rows[0].index("Days left")] == (contract.ends_on - today).days
    offer_list = xlsx_rows(client.get(reverse("contracts:eligible"), {"export": "xlsx"}))
    assert [r[0] for r in offer_list[1:]] == ["400002"]
