"""Contract lifecycle: allowed and forbidden transitions, dates, agitation, the offer_accepted receiver."""

import datetime as dt

import pytest
from django.utils import timezone

from abonent.contracts import actions
from abonent.contracts.choices import ContractStatus as S
from abonent.contracts.models import AnnualContract, contract_end

TODAY = dt.date(2026, 3, 10)


def test_contract_end_is_twelve_months_less_a_day():
    assert contract_end(dt.date(2026, 3, 1)) == dt.date(2027, 2, 28)
    assert contract_end(dt.date(2026, 1, 31)) == dt.date(2027, 1, 30)
    assert contract_end(dt.date(2027, 3, 1)) == dt.date(2028, 2, 29)  # leap year


def test_draft_sign_activate_end(make_subscriber, terms, manager):
    sub = make_subscriber()
    contract = actions.create_draft(sub, user=manager, terms=terms, starts_on=dt.date(2025, 3, 1))
    assert (contract.status, contract.kind, contract.service) == (S.DRAFT, "speed_increase", "internet")
    assert contract.ends_on == dt.date(2026, 2, 28)
    assert contract.cost_monthly == 35
    actions.sign(contract, user=manager, signed_on=dt.date(2025, 2, 27))
    assert contract.status == S.SIGNED and contract.signed_by == manager
    actions.activate(contract, user=manager, today=dt.date(2025, 3, 1))
    assert contract.status == S.ACTIVE
    with pytest.raises(actions.TransitionError, match="runs until 28.02.2026"):
        actions.end(contract, user=manager, today=dt.date(2026, 2, 28))
    actions.end(contract, user=manager, today=dt.date(2026, 3, 1))
    contract.refresh_from_db()
    assert (contract.status, contract.ended_on) == (S.ENDED, dt.date(2026, 2, 28))
    # draft, signed, active, ended: four history rows, each by the manager
    assert [h.status for h in contract.history.order_by("history_id")] == ["draft", "signed", "active", "ended"]
    assert {h.history_user for h in contract.history.all()} == {manager}


def test_forbidden_transitions(make_subscriber, terms, manager):
    contract = actions.create_draft(make_subscriber(), user=manager, terms=terms, starts_on=TODAY)
    with pytest.raises(actions.TransitionError):
        actions.activate(contract, user=manager, today=TODAY)  # not signed yet
    with pytest.raises(actions.TransitionError):
        actions.end(contract, user=manager, today=TODAY)
    with pytest.raises(actions.TransitionError):
        actions.renew(contract, user=manager, today=TODAY)
    actions.sign(contract, user=manager, signed_on=TODAY, starts_on=TODAY + dt.timedelta(days=5))
    with pytest.raises(actions.TransitionError, match="starts on 15.03.2026"):
        actions.activate(contract, user=manager, today=TODAY)
    with pytest.raises(actions.TransitionError):
        actions.sign(contract, user=manager)  # twice
    actions.cancel(contract, user=manager, reason="Передумал")
    for step in (actions.sign, actions.cancel):
        with pytest.raises(actions.TransitionError):
            step(contract, user=manager)
    assert AnnualContract.objects.get().status == S.CANCELLED


def test_terminate_needs_reason_and_sets_end(make_subscriber, terms, manager):
    contract = actions.create_draft(make_subscriber(), user=manager, terms=terms, starts_on=dt.date(2026, 1, 1))
    actions.sign(contract, user=manager, signed_on=dt.date(2026, 1, 1))
    actions.activate(contract, user=manager, today=dt.date(2026, 1, 1))
    with pytest.raises(actions.TransitionError, match="reason"):
        actions.terminate(contract, user=manager, reason=" ")
    actions.terminate(contract, user=manager, reason="Переезд", on=dt.date(2026, 2, 15))
    assert (contract.status, contract.ended_on, contract.covered_until) == (
        S.TERMINATED,
        dt.date(2026, 2, 15),
        dt.date(2026, 2, 15),
    )
    with pytest.raises(actions.TransitionError):
        actions.renew(contract, user=manager)


def test_renew_signs_the_next_year(make_subscriber, terms, manager):
    contract = actions.create_draft(make_subscriber(), user=manager, terms=terms, starts_on=dt.date(2025, 4, 1))
    actions.sign(contract, user=manager, signed_on=dt.date(2025, 4, 1))
    actions.activate(contract, user=manager, today=dt.date(2025, 4, 1))
    new = actions.renew(contract, user=manager, today=dt.date(2026, 3, 10))
    contract.refresh_from_db()
    assert contract.status == S.RENEWED and contract.ended_on == dt.date(2026, 3, 31)
    assert (new.status, new.starts_on, new.ends_on, new.renewal_of) == (
        S.SIGNED,
        dt.date(2026, 4, 1),
        dt.date(2027, 3, 31),
        contract,
    )


def test_one_open_contract_per_subscriber(make_subscriber, terms, manager):
    sub = make_subscriber()
    actions.create_draft(sub, user=manager, terms=terms)
    with pytest.raises(actions.TransitionError, match="already has contract"):
        actions.create_draft(sub, user=manager, terms=terms)
    gone = make_subscriber(status="disconnected", disconnected_on=dt.date(2025, 1, 1))
    with pytest.raises(actions.TransitionError, match="disconnected"):
        actions.create_draft(gone, user=manager, terms=terms)


def test_agitation_accepted_opens_a_draft_declined_needs_reason(make_subscriber, terms, manager):
    sub = make_subscriber()
    with pytest.raises(actions.TransitionError) as exc:
        actions.record_agitation(sub, terms=terms, answer="declined", user=manager)
    assert "decline_reason" in exc.value.message_dict
    agitation, contract = actions.record_agitation(sub, terms=terms, answer="thinking", user=manager)
    assert contract is None and agitation.answer == "thinking"
    agitation, contract = actions.record_agitation(sub, terms=terms, answer="accepted", user=manager)
    assert contract.status == S.DRAFT and contract.agitation == agitation and contract.terms == terms


def test_offer_accepted_receiver_creates_a_draft(make_subscriber, terms, manager):
    """The retention step's offer_accepted reaches the contracts receiver (measure process annual_contract)."""
    from django.utils import timezone

    from abonent.contracts.receivers import on_offer_accepted
    from abonent.retention.models import Measure, RetentionOffer
    from abonent.retention.signals import offer_accepted

    sub = make_subscriber(service_type="internet")
    measure = Measure.objects.get(code="annual_speed_increase")  # shipped matrix measure
    offer = RetentionOffer.objects.create(
        subscriber=sub,
        measure=measure,
        made_by=manager,
        made_at=timezone.now(),
        answer="accepted",
        details={"starts_on": "2026-04-01"},
    )
    results = [r for _receiver, r in offer_accepted.send(sender=RetentionOffer, offer=offer, user=manager)]
    contract = next(r for r in results if isinstance(r, AnnualContract))
    # the first active terms of that kind for the subscriber's service (the shipped ones come first)
    assert (contract.status, contract.kind, contract.terms.kind, contract.terms.service) == (
        S.DRAFT,
        "speed_increase",
        "speed_increase",
        "internet",
    )
    assert (contract.retention_offer, contract.starts_on, contract.ends_on) == (
        offer,
        dt.date(2026, 4, 1),
        dt.date(2027, 3, 31),
    )
    assert contract.agitation.channel == "retention" and contract.agitation.answer == "accepted"
    # a second accepted offer returns the contract the subscriber has instead of a second one
    assert on_offer_accepted(RetentionOffer, offer=offer, user=manager) == contract
    other = RetentionOffer(subscriber=sub, measure=Measure.objects.filter(process="suspension").first())
    assert on_offer_accepted(RetentionOffer, offer=other, user=manager) is None


def test_an_agitation_on_a_future_day_is_refused(make_subscriber, terms, manager):
    # Issue 12: a contact (the contract offered) has happened, so its day is not after the local today.
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    offered = timezone.make_aware(dt.datetime.combine(tomorrow, dt.time(0, 5)))
    with pytest.raises(actions.TransitionError) as exc:
        actions.record_agitation(make_subscriber(), terms=terms, answer="thinking", user=manager, offered_at=offered)
    assert "offered_at" in exc.value.message_dict
