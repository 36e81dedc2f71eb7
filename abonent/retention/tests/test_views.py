"""Retention pages: registers, the matrix page, the retention step on the request card, reports and staff."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from abonent.core.testing import check_register_views, xlsx_rows
from abonent.retention import actions as retention_actions
from abonent.retention import services
from abonent.retention.models import (
    BonusScheme,
    HoldoutPolicy,
    MatrixEntry,
    RetentionAssignment,
    RetentionOffer,
    RetentionPlan,
)
from abonent.staff.models import Employee, TimeEntry

pytestmark = pytest.mark.django_db


def test_registers(client_for, measures, at_offer_step, manager, make_user):
    check_register_views(client_for, measures["suspension"], viewer="analyst", outsider="debt_agent")
    check_register_views(client_for, MatrixEntry.objects.first(), viewer="call_centre_agent", outsider="debt_agent")
    request = at_offer_step("temporary_money_trouble")
    offer = retention_actions.record_offer(
        request, measure=measures["suspension"], user=manager, answer="thinking"
    ).offer
    rows = check_register_views(client_for, offer, viewer="analyst", outsider="debt_agent")
    assert any(request.subscriber.external_id in [str(c) for c in row] for row in rows)
    policy = HoldoutPolicy.objects.create(name="Holdout", share_percent=10, active_from=dt.date(2026, 1, 1))
    check_register_views(client_for, policy, viewer="analyst", outsider="debt_agent")
    plan = RetentionPlan.objects.create(month=dt.date(2026, 5, 1), kept_target=20, budget=1000)
    check_register_views(client_for, plan, viewer="analyst", outsider="retention_manager")
    scheme = BonusScheme.objects.create(role="retention_manager", name="Managers", base_bonus=1000, bands=[[0, 1]])
    check_register_views(client_for, scheme, viewer="head_of_retention", outsider="retention_manager")
    employee = Employee.objects.create(user=make_user("retention_manager", username="e1"), monthly_salary=55000)
    check_register_views(client_for, employee, viewer="analyst", outsider="call_centre_agent")
    TimeEntry.objects.create(user=employee.user, date=dt.date(2026, 5, 4), minutes=30, activity="visit")
    assert client_for("head_of_retention").get(reverse("staff:timeentry_list")).status_code == 200
    assert client_for("analyst").get(reverse("retention:retentionassignment_list")).status_code == 200


def test_edit_a_measure_and_a_scheme_keeps_history(client_for, measures):
    client = client_for("head_of_retention")
    measure = measures["discount"]
    # Shipped measures may carry more than their first history row when an earlier test restored the shipped data.
    versions = measure.history.count()
    response = client.post(
        reverse("retention:measure_edit", args=[measure.pk]),
        {
            "code": "discount",
            "name_ru": "Скидка",
            "name_en": "Discount",
            "process": "none",
            "contract_kind": "",
            "cost_one_off": "0",
            "cost_monthly": "150",
            "cost_months": "3",
            "grant_role": "head_of_retention",
            "limit_per_year": "1",
            "order": "13",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.total_cost == 450 and measure.history.count() == versions + 1
    # An annual contract without its kind is refused.
    response = client.post(
        reverse("retention:measure_add"),
        {
            "code": "x",
            "name_ru": "X",
            "process": "annual_contract",
            "cost_one_off": "0",
            "cost_monthly": "0",
            "cost_months": "0",
            "order": "1",
        },
    )
    assert response.status_code == 200 and "contract_kind" in response.context["form"].errors
    response = client.post(
        reverse("retention:bonusscheme_add"),
        {
            "role": "retention_manager",
            "name": "M",
            "basis": "personal",
            "base_bonus": "1000",
            "bands": "[[0, 0], [80, 0.8]]",
            "per_kept_above_plan": "100",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert BonusScheme.objects.get(name="M").bands == [[0, 0], [80, 0.8]]
    assert client_for("retention_manager").get(reverse("retention:measure_add")).status_code == 403


def test_matrix_page(client_for, reasons, measures):
    client = client_for("head_of_retention")
    response = client.get(reverse("retention:matrix"))
    assert response.status_code == 200 and response.context["can_change"]
    death, card = reasons["death"], measures["bonus_card"]
    response = client.post(reverse("retention:matrix"), {f"cell_{death.pk}_{card.pk}": "2"})
    assert response.status_code == 302
    assert MatrixEntry.objects.get(reason=death, measure=card).order == 2
    viewer = client_for("call_centre_agent")
    assert viewer.get(reverse("retention:matrix")).status_code == 200
    assert viewer.post(reverse("retention:matrix"), {}).status_code == 403


def test_request_card_shows_the_step_and_records_an_accepted_suspension(client_for, make_user, at_offer_step, measures):
    user = make_user("retention_manager", username="olga")
    client = client_for("retention_manager")
    client.force_login(user)
    request = at_offer_step("temporary_money_trouble", user=user)
    url = request.get_absolute_url()
    response = client.get(url)
    assert response.status_code == 200
    options = response.context["retention_options"]
    assert options[0].measure.code == "suspension"
    assert "retention_offer_form" in response.context and "retention_history" in response.context
    body = response.content.decode()
    assert 'id="retention-offer-form"' in body and 'id="retention-history"' in body

    response = client.post(
        reverse("retention:request_offer", args=[request.pk]),
        {
            "measure": measures["suspension"].pk,
            "answer": "accepted",
            "starts_on": "2026-12-01",
            "ends_on": "2027-01-31",
            "close": "on",
        },
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "suspended"
    offer = RetentionOffer.objects.get(request=request)
    assert offer.made_by == user and offer.details == {"starts_on": "2026-12-01", "ends_on": "2027-01-31"}
    page = client.get(url)
    assert "retention_offer_form" not in page.context and 'id="retention-offers"' in page.content.decode()

    # The subscriber card lists the offer and its answer.
    card = client.get(request.subscriber.get_absolute_url()).content.decode()
    assert 'id="retention-offers-panel"' in card and "Accepted" in card


def test_invalid_offer_shows_an_error(client_for, at_offer_step, measures):
    client = client_for("retention_manager")
    request = at_offer_step("temporary_money_trouble")
    response = client.post(
        reverse("retention:request_offer", args=[request.pk]),
        {"measure": measures["suspension"].pk, "starts_on": "2026-12-10", "ends_on": "2026-12-01"},
        follow=True,
    )
    assert "The end is before the start." in response.content.decode()
    assert not RetentionOffer.objects.exists()
    assert (
        client_for("call_centre_agent").post(reverse("retention:request_offer", args=[request.pk])).status_code == 403
    )


def test_control_request_on_the_card(client_for, at_offer_step):
    HoldoutPolicy.objects.create(name="h", share_percent=50, active_from=dt.date(2020, 1, 1))
    client = client_for("retention_manager")
    for _ in range(30):
        request = at_offer_step("competitor")
        if retention_actions.ensure_assignment(request).is_control:
            break
    body = client.get(request.get_absolute_url()).content.decode()
    assert 'id="holdout-group"' in body and 'id="control-form"' in body
    client.post(reverse("retention:request_control", args=[request.pk]))
    request.refresh_from_db()
    assert request.status == "offer_made"


def test_answer_an_offer_on_its_page(client_for, at_offer_step, measures, manager):
    request = at_offer_step("price")
    offer = retention_actions.record_offer(
        request, measure=measures["annual_fixed_fee"], user=manager, answer="thinking"
    ).offer
    client = client_for("retention_manager")
    assert "answer_form" in client.get(offer.get_absolute_url()).context
    client.post(reverse("retention:retentionoffer_answer", args=[offer.pk]), {"answer": "accepted", "close": "on"})
    offer.refresh_from_db()
    request.refresh_from_db()
    assert offer.answer == "accepted" and request.status == "retained"


def test_the_offer_card_lists_the_records_its_processes_made(client_for, at_offer_step, measures, manager):
    """Processes and contracts answer the offer_records hook; the card shows what each made from the offer."""
    from abonent.contracts.models import AnnualContract
    from abonent.processes import actions as process_actions
    from abonent.processes.models import Recalculation

    request = at_offer_step("price")
    offer = retention_actions.record_offer(
        request, measure=measures["annual_fixed_fee"], user=manager, answer="accepted"
    ).offer
    contract = AnnualContract.objects.get(retention_offer=offer)
    recalculation = process_actions.open_process(
        Recalculation, subscriber=offer.subscriber, user=manager, request=request, offer=offer, reason="price"
    )
    response = client_for("retention_manager").get(offer.get_absolute_url())
    assert response.status_code == 200
    assert set(response.context["records"]) == {recalculation, contract}
    body = response.content.decode()
    assert contract.get_absolute_url() in body and recalculation.get_absolute_url() in body


def test_report_pages_and_exports(client_for, at_offer_step, measures, manager):
    request = at_offer_step("temporary_money_trouble")
    retention_actions.record_offer(request, measure=measures["suspension"], user=manager, answer="accepted")
    client = client_for("head_of_retention")
    today = timezone.localdate()
    response = client.get(reverse("retention:effectiveness"), {"start": today, "end": today})
    assert response.status_code == 200
    assert response.context["report"].total.accepted == 1
    assert 'id="not-causal"' in response.content.decode()
    rows = xlsx_rows(client.get(reverse("retention:effectiveness"), {"start": today, "end": today, "export": "xlsx"}))
    assert rows[1][0] == measures["suspension"].name_en and rows[1][1] == 1
    for name in ("economics", "bonuses"):
        assert client.get(reverse(f"retention:{name}")).status_code == 200
        assert len(xlsx_rows(client.get(reverse(f"retention:{name}"), {"export": "xlsx"}))) >= 1
    assert client_for("retention_manager").get(reverse("retention:economics")).status_code == 403
    assert client_for("debt_agent").get(reverse("retention:effectiveness")).status_code == 403


def test_opening_the_card_draws_no_assignment(client_for, at_offer_step):
    """A GET writes nothing: the card shows the group the request would draw; the offer/control POST stores it."""
    HoldoutPolicy.objects.create(name="h", share_percent=50, active_from=dt.date(2020, 1, 1))
    for _ in range(30):
        request = at_offer_step("competitor")
        if services.planned_assignment(request).is_control:
            break
    assert not RetentionAssignment.objects.exists()
    body = client_for("retention_manager").get(request.get_absolute_url()).content.decode()
    assert 'id="holdout-group"' in body and 'id="control-form"' in body
    assert not RetentionAssignment.objects.exists()
    assert retention_actions.ensure_assignment(request).is_control
    assert RetentionAssignment.objects.count() == 1
