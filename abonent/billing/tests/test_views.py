"""The outbox's pages: the list and "mark sent" with its confirmation, the card's steps, the subscriber card."""

import pytest
from django.urls import reverse

from abonent.billing import actions
from abonent.billing.models import BillingAction

pytestmark = pytest.mark.django_db


@pytest.fixture
def three(subscriber, make_subscriber):
    other = make_subscriber("100002")
    made = [
        actions.enqueue(subscriber=subscriber, kind="block", key="v:1"),
        actions.enqueue(subscriber=other, kind="unblock", key="v:2"),
        actions.enqueue(subscriber=other, kind="reactivate", key="v:3"),
    ]
    return made


def test_marking_the_filtered_pending_sent_asks_first(client_for, three):
    client = client_for("head_of_retention")
    url = reverse("billing:billingaction_mark_sent")
    form = {"scope": "filtered", "query": "kind=unblock&kind=reactivate", "reference": "FILE-3"}
    asked = client.post(url, form)
    assert asked.status_code == 200
    assert "2 ожидающих действия будут отмечены отправленными" in asked.content.decode()
    assert not BillingAction.objects.filter(state="sent").exists()
    done = client.post(url, {**form, "confirmed": "1"})
    assert done.status_code == 302
    sent = BillingAction.objects.filter(state="sent")
    assert sorted(sent.values_list("key", "sent_via", "billing_reference")) == [
        ("v:2", "file", "FILE-3"),
        ("v:3", "file", "FILE-3"),
    ]


def test_marking_the_ticked_sent_and_the_card_steps(client_for, three):
    client = client_for("head_of_retention")
    block = three[0]
    url = reverse("billing:billingaction_mark_sent")
    asked = client.post(url, {"scope": "selected", "ids": [block.pk]})
    assert "1 ожидающее действие будет отмечено" in asked.content.decode()
    client.post(url, {"scope": "selected", "ids": [block.pk], "confirmed": "1"})
    card = client.get(block.get_absolute_url())
    assert "Подтверждено биллингом" in card.content.decode()
    step = reverse("billing:billingaction_step", args=[block.pk])
    client.post(step, {"step": "reject"})  # no message: refused
    assert BillingAction.objects.get(pk=block.pk).state == "sent"
    client.post(step, {"step": "reject", "message": "Долг погашен"})
    assert BillingAction.objects.get(pk=block.pk).billing_message == "Долг погашен"
    cancel = reverse("billing:billingaction_step", args=[three[1].pk])
    client.post(cancel, {"step": "cancel", "message": "Ошибочно"})
    assert BillingAction.objects.get(pk=three[1].pk).state == "cancelled"


def test_a_manager_sees_the_card_but_may_take_no_step(client_for, three, subscriber):
    client = client_for("retention_manager")
    action = three[0]
    card = client.get(action.get_absolute_url()).content.decode()
    assert "Блокировка" in card and "step-send" not in card
    assert client.post(reverse("billing:billingaction_step", args=[action.pk]), {"step": "send"}).status_code == 403
    assert client.post(reverse("billing:billingaction_mark_sent"), {"ids": [action.pk]}).status_code == 403
    assert BillingAction.objects.get(pk=action.pk).state == "pending"
    listed = client.get(reverse("billing:billingaction_list"), {"state": "pending", "kind": "block"})
    assert listed.context["table"].paginator.count == 1
    panel = client.get(subscriber.get_absolute_url()).content.decode()
    assert 'id="billing-actions-panel"' in panel and action.get_absolute_url() in panel


def test_the_card_links_the_decision_that_made_it(client_for, applied_change):
    action = BillingAction.objects.get()
    card = client_for("head_of_retention").get(action.get_absolute_url()).content.decode()
    assert applied_change.get_absolute_url() in card and "NET300 → NET100" in card
