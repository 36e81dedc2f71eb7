"""The outbox's lifecycle: enqueued once per decision by the processes, sent, confirmed or rejected, cancelled."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from abonent.billing import actions
from abonent.billing.choices import ActionState
from abonent.billing.models import BillingAction
from abonent.core.actions import TransitionError
from abonent.processes import actions as process_actions
from abonent.processes.models import Reactivation, Recalculation, Suspension

pytestmark = pytest.mark.django_db


def test_an_applied_tariff_change_is_enqueued_once_with_its_tariffs(applied_change, head):
    action = BillingAction.objects.get()
    today = timezone.localdate().isoformat()
    assert (action.kind, action.state, action.subscriber.external_id) == ("tariff_change", "pending", "100001")
    assert action.parameters == {"from_tariff": "NET300", "to_tariff": "NET100", "on": today}
    assert action.source == applied_change and action.source_url == applied_change.get_absolute_url()
    assert action.key == f"processes.tariffchange:{applied_change.pk}:applied"
    assert action.created_by == head
    # The same decision again (a retried request, a second receiver) returns the first action.
    again = actions.enqueue(subscriber=action.subscriber, kind="tariff_change", key=action.key, parameters={})
    assert again.pk == action.pk and BillingAction.objects.count() == 1
    assert action.history.count() == 1


def test_suspension_recalculation_and_reactivation_enqueue_their_actions(subscriber, head):
    today = timezone.localdate()
    suspension = process_actions.open_process(
        Suspension, subscriber=subscriber, user=head, starts_on=today, ends_on=today + dt.timedelta(days=29)
    )
    process_actions.start_suspension(suspension, user=head)
    process_actions.end_suspension(suspension, user=head)
    recalculation = process_actions.open_process(
        Recalculation, subscriber=subscriber, user=head, amount=Decimal("350.00"), reason="5 дней без интернета"
    )
    process_actions.approve_recalculation(recalculation, user=head)
    reactivation = process_actions.open_process(Reactivation, subscriber=subscriber, user=head)
    process_actions.reactivate(reactivation, user=head)
    got = [(a.kind, a.parameters) for a in BillingAction.objects.order_by("pk")]
    day, last = today.isoformat(), (today + dt.timedelta(days=29)).isoformat()
    assert got == [
        ("suspend", {"starts_on": day, "ends_on": last}),
        ("resume", {"on": day}),
        ("recalculation", {"amount": "350.00", "reason": "5 дней без интернета"}),
        ("reactivate", {"on": day}),
    ]
    assert BillingAction.objects.get(kind="recalculation").summary == "350,00 ₽"


def test_every_transition_and_its_refusals(applied_change, head, make_user):
    action = BillingAction.objects.get()
    billing = make_user("billing_integration")
    result = actions.mark_sent([action.pk, 999_999], user=billing, via="api", reference="BATCH-7")
    assert (result.sent, result.already, result.unknown) == ([action.pk], [], [999_999])
    again = actions.mark_sent([action.pk], user=billing, via="api", reference="BATCH-8")
    assert (again.sent, again.already) == ([], [action.pk])
    action.refresh_from_db()
    assert (action.state, action.sent_by, action.sent_via, action.billing_reference) == (
        "sent",
        billing,
        "api",
        "BATCH-7",
    )
    with pytest.raises(TransitionError):
        actions.cancel(action, user=head)
    with pytest.raises(TransitionError):
        actions.reject(action, user=billing, message="")
    confirmed = actions.confirm(action, user=billing, reference="ORD-1")
    assert (confirmed.state, confirmed.settled_by, confirmed.billing_reference) == ("confirmed", billing, "ORD-1")
    assert actions.confirm(action, user=billing).settled_at == confirmed.settled_at  # a second confirmation: no-op
    with pytest.raises(TransitionError):
        actions.reject(action, user=billing, message="late")
    assert [h.state for h in action.history.order_by("history_id")] == ["pending", "sent", "confirmed"]


def test_a_cancelled_action_is_refused_to_billing(subscriber, head):
    action = actions.enqueue(subscriber=subscriber, kind="reactivate", key="test:1", parameters={"on": "2026-01-10"})
    actions.cancel(action, user=head, message="Абонент передумал")
    result = actions.mark_sent([action], user=head)
    assert list(result.refused) == [action.pk] and result.sent == []
    action.refresh_from_db()
    assert (action.state, action.billing_message) == (ActionState.CANCELLED, "Абонент передумал")


def test_a_rejected_action_keeps_billings_reason(subscriber, head):
    action = actions.enqueue(subscriber=subscriber, kind="block", key="debts:1:block")
    actions.mark_sent([action], user=head)
    rejected = actions.reject(action, user=head, message="Абонент оплатил долг 01.12")
    assert (rejected.state, rejected.billing_message) == ("rejected", "Абонент оплатил долг 01.12")


def test_a_kind_without_its_parameters_is_refused(subscriber):
    with pytest.raises(Exception, match="to_tariff"):
        actions.enqueue(subscriber=subscriber, kind="tariff_change", key="x:1", parameters={"from_tariff": "NET300"})
    with pytest.raises(Exception, match="colour"):
        actions.enqueue(subscriber=subscriber, kind="warn", key="x:2", parameters={"colour": "red"})
    assert not BillingAction.objects.exists()


def test_billings_confirmation_credits_the_recalculation(subscriber, head):
    recalculation = process_actions.open_process(Recalculation, subscriber=subscriber, user=head, amount=Decimal(200))
    process_actions.approve_recalculation(recalculation, user=head)
    action = BillingAction.objects.get(kind="recalculation")
    actions.mark_sent([action], user=head)
    actions.confirm(action, user=head, reference="ORD-9")
    recalculation.refresh_from_db()
    assert (recalculation.status, recalculation.credited_on) == ("credited", timezone.localdate())
