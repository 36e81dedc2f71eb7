"""The retention step: which measures an agent may offer, recording offers through the request's actions, the
signal to the processes, and the holdout draw."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from abonent.core.actions import TransitionError
from abonent.retention import actions as retention_actions
from abonent.retention import services
from abonent.retention.models import HoldoutPolicy, MatrixEntry, RetentionAssignment, RetentionOffer
from abonent.retention.signals import offer_accepted

pytestmark = pytest.mark.django_db


@pytest.fixture
def received():
    """Collects what offer_accepted was sent with; returns a marker record as a receiver would."""
    calls = []

    def receiver(sender, offer, user=None, **kwargs):
        calls.append((offer.pk, offer.measure.process, dict(offer.details), user))
        return f"process for offer {offer.pk}"

    offer_accepted.connect(receiver, dispatch_uid="retention-tests")
    yield calls
    offer_accepted.disconnect(dispatch_uid="retention-tests")


def test_shipped_matrix_covers_the_seed_measures(measures, reasons):
    assert {
        "tariff_change",
        "recalculation",
        "urgent_repair",
        "suspension",
        "relocation",
        "annual_free_period",
        "annual_fixed_fee",
        "annual_free_equipment",
        "annual_speed_increase",
        "bonus_card",
        "free_equipment_rental",
        "speed_increase",
        "discount",
    } <= set(measures)
    first = MatrixEntry.objects.filter(reason__code="temporary_money_trouble").order_by("order").first()
    assert first.measure.code == "suspension"
    assert MatrixEntry.objects.filter(reason__code="moving_to_unconnected_building", order=1).get().measure.code == (
        "relocation"
    )
    assert set(MatrixEntry.objects.filter(reason__code="competitor").values_list("measure__code", flat=True)) >= {
        "tariff_change",
        "annual_fixed_fee",
        "discount",
    }
    # 0 one-off + 50 a month for 12 months = 600 RUB per accepted annual fixed-fee contract.
    assert measures["annual_fixed_fee"].total_cost == Decimal("600.00")


def test_offers_follow_the_matrix_order_grant_rights_and_limits(at_offer_step, manager, measures, make_user):
    request = at_offer_step("competitor")
    options = services.offers_for(request, manager)
    assert [o.measure.code for o in options] == [
        "tariff_change",
        "annual_fixed_fee",
        "annual_free_period",
        "annual_speed_increase",
        "discount",
    ]
    # The discount is the head's to grant; the manager sees it but may not offer it.
    discount = options[-1]
    assert not discount.allowed and "Head of retention" in discount.why_not
    head = make_user("head_of_retention", username="head")
    assert all(o.allowed for o in services.offers_for(request, head))

    # The tariff change may be accepted twice in 12 months: after two acceptances it is no longer offered.
    for _ in range(2):
        RetentionOffer.objects.create(
            subscriber=request.subscriber,
            measure=measures["tariff_change"],
            made_at=timezone.now(),
            answer="accepted",
        )
    tariff = services.offers_for(request, manager)[0]
    assert not tariff.allowed and tariff.times_accepted == 2 and "Limit" in tariff.why_not
    with pytest.raises(TransitionError, match="cannot be offered"):
        retention_actions.record_offer(request, measure=measures["tariff_change"], user=manager, answer="accepted")


def test_accepted_suspension_starts_its_process_and_closes_the_request_as_suspended(
    at_offer_step, manager, measures, received
):
    request = at_offer_step("temporary_money_trouble")
    result = retention_actions.record_offer(
        request,
        measure=measures["suspension"],
        user=manager,
        answer="accepted",
        details={"starts_on": dt.date(2026, 12, 1), "ends_on": dt.date(2026, 12, 31)},
        close=True,
    )
    request.refresh_from_db()
    assert request.status == "suspended" and request.offer in (
        measures["suspension"].name_ru,
        measures["suspension"].name_en,
    )
    assert request.offer_answer == "accepted" and request.offer_made_by == manager
    assert request.subscriber.status == "suspended"
    offer = result.offer
    assert offer.cost == Decimal("0.00") and offer.details == {"starts_on": "2026-12-01", "ends_on": "2026-12-31"}
    assert received == [(offer.pk, "suspension", {"starts_on": "2026-12-01", "ends_on": "2026-12-31"}, manager)]
    assert f"process for offer {offer.pk}" in result.records
    assert result.closed_as == "suspended"


def test_declined_offer_leaves_the_request_at_offer_made_and_sends_nothing(at_offer_step, manager, measures, received):
    request = at_offer_step("competitor")
    retention_actions.record_offer(
        request, measure=measures["tariff_change"], user=manager, answer="declined", close=True
    )
    request.refresh_from_db()
    assert request.status == "offer_made" and request.offer_answer == "declined"
    assert received == []
    # A second offer on the same request is allowed (the request stays at offer_made).
    retention_actions.record_offer(request, measure=measures["annual_fixed_fee"], user=manager, answer="thinking")
    assert request.retention_offers.count() == 2


def test_thinking_then_accepted(at_offer_step, manager, measures, received):
    request = at_offer_step("price")
    offer = retention_actions.record_offer(
        request, measure=measures["annual_fixed_fee"], user=manager, answer="thinking"
    ).offer
    result = retention_actions.answer_offer(offer, answer="accepted", user=manager, close=True)
    request.refresh_from_db()
    assert result.offer.answer == "accepted" and request.status == "retained"
    assert len(received) == 1
    with pytest.raises(TransitionError, match="final"):
        retention_actions.answer_offer(offer, answer="declined", user=manager)


def test_forbidden_offers(at_offer_step, make_subscriber, manager, measures, reasons):
    from abonent.churn import actions

    new = actions.register_request(make_subscriber(), channel="phone", user=manager)
    with pytest.raises(TransitionError, match="reason is established"):
        retention_actions.record_offer(new, measure=measures["suspension"], user=manager)
    request = at_offer_step("temporary_money_trouble")
    with pytest.raises(TransitionError, match="not in the retention matrix"):
        retention_actions.record_offer(request, measure=measures["urgent_repair"], user=manager)
    retention_actions.record_offer(request, measure=measures["suspension"], user=manager, answer="accepted", close=True)
    with pytest.raises(TransitionError):
        retention_actions.record_offer(request, measure=measures["tariff_change"], user=manager)


def test_holdout_draw_is_reproducible_and_control_gets_no_offer(at_offer_step, manager, measures):
    policy = HoldoutPolicy.objects.create(
        name="Holdout 50", share_percent=50, active_from=dt.date(2020, 1, 1), control="no_offer"
    )
    assignments = [retention_actions.ensure_assignment(at_offer_step("competitor")) for _ in range(40)]
    for assignment in assignments:
        assert assignment.draw == services.draw(policy.pk, assignment.request_id)
        assert assignment.is_control == (assignment.draw < 0.5)
    controls = [a for a in assignments if a.is_control]
    assert 8 <= len(controls) <= 32  # 50 % of 40, far from all or none
    # Drawn once: asking again returns the same assignment.
    assert retention_actions.ensure_assignment(controls[0].request) == controls[0]
    assert RetentionAssignment.objects.count() == 40

    control = controls[0].request
    assert not any(o.allowed for o in services.offers_for(control, manager))
    with pytest.raises(TransitionError, match="cannot be offered"):
        retention_actions.record_offer(control, measure=measures["tariff_change"], user=manager)
    # Nor an offer described in words outside the matrix (the request card's free-text form and the API).
    with pytest.raises(TransitionError, match="holdout control group"):
        retention_actions.make_free_offer(control, offer="Скидка 50 % на полгода", user=manager)
    retention_actions.record_control(control, user=manager)
    control.refresh_from_db()
    assert control.status == "offer_made" and "holdout" in control.offer
    treatment = next(a for a in assignments if not a.is_control).request
    with pytest.raises(TransitionError, match="Only a holdout control"):
        retention_actions.record_control(treatment, user=manager)
    retention_actions.make_free_offer(treatment, offer="Скидка 10 %", user=manager, answer="thinking")
    treatment.refresh_from_db()
    assert (treatment.status, treatment.offer) == ("offer_made", "Скидка 10 %")


def test_control_with_the_standard_offer(at_offer_step, manager, measures):
    HoldoutPolicy.objects.create(
        name="All control",
        share_percent=50,
        active_from=dt.date(2020, 1, 1),
        control="standard_offer",
        standard_measure=measures["bonus_card"],
    )
    for _ in range(20):
        request = at_offer_step("competitor")
        if retention_actions.ensure_assignment(request).is_control:
            break
    allowed = [o.measure.code for o in services.offers_for(request, manager) if o.allowed]
    assert allowed == ["bonus_card"]
    retention_actions.record_offer(request, measure=measures["bonus_card"], user=manager, answer="declined")


def test_no_policy_no_assignment_and_unmanaged_reasons_are_not_drawn(at_offer_step):
    assert retention_actions.ensure_assignment(at_offer_step("competitor")) is None
    HoldoutPolicy.objects.create(name="h", share_percent=10, active_from=dt.date(2020, 1, 1))
    assert retention_actions.ensure_assignment(at_offer_step("moved_out_of_coverage")) is None


def test_save_matrix(reasons, measures, manager):
    reason = reasons["death"]
    changed = services.save_matrix(
        {(reason.pk, measures["bonus_card"].pk): 1, (reason.pk, measures["discount"].pk): None}, user=manager
    )
    assert changed == 1
    entry = MatrixEntry.objects.get(reason=reason)
    assert entry.order == 1 and entry.history.first().history_user == manager
    assert services.save_matrix({(reason.pk, measures["bonus_card"].pk): 1}, user=manager) == 0
    assert services.save_matrix({(reason.pk, measures["bonus_card"].pk): None}, user=manager) == 1
    assert not MatrixEntry.objects.filter(reason=reason).exists()
