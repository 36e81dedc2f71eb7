"""«Will think, call back on <date>»: the request is due that day and its owner gets a task for it."""

import datetime as dt

import pytest
from django.utils import timezone

from abonent.churn import actions as churn_actions
from abonent.core.actions import TransitionError
from abonent.ownership import actions
from abonent.retention import actions as retention_actions
from abonent.retention.models import Measure
from abonent.worklists.models import WorkItem


def test_a_free_offer_answered_will_think_makes_a_task_for_the_owner(register, managers, agent):
    request = register("low_speed")
    actions.hand_over(request, user=agent, to=managers[0])
    day = timezone.localdate() + dt.timedelta(days=4)
    churn_actions.make_free_offer(request, offer="Скидка 20 %", user=managers[0], answer="thinking", call_back_on=day)
    request.refresh_from_db()
    assert request.due_on == day
    item = WorkItem.objects.get(work_list="call_back")
    assert (item.assigned_to, item.next_action_on, item.subscriber_id, item.source) == (
        managers[0],
        day,
        request.subscriber_id,
        request,
    )
    assert day.strftime("%d.%m.%Y") in item.reason

    later = day + dt.timedelta(days=3)  # thinks again: the same task moves to the new day
    churn_actions.make_free_offer(request, offer="Скидка 30 %", user=managers[0], answer="thinking", call_back_on=later)
    assert list(WorkItem.objects.values_list("next_action_on", flat=True)) == [later]


def test_a_call_back_date_needs_will_think_and_a_day_not_past(register, agent):
    request = register("low_speed")
    with pytest.raises(TransitionError):
        churn_actions.make_offer(request, offer="x", user=agent, answer="declined", call_back_on=timezone.localdate())
    with pytest.raises(TransitionError):
        churn_actions.make_offer(
            request, offer="x", user=agent, answer="thinking", call_back_on=timezone.localdate() - dt.timedelta(days=1)
        )
    assert not WorkItem.objects.exists()
    request.refresh_from_db()
    assert request.status == "reason_established"


def test_a_matrix_offer_answered_later_will_think(register, agent):
    request = register("low_speed")
    measure = Measure.objects.filter(matrix_entries__reason__code="low_speed", is_active=True).first()
    result = retention_actions.record_offer(request, measure=measure, user=agent)
    day = timezone.localdate() + dt.timedelta(days=2)
    retention_actions.answer_offer(result.offer, answer="thinking", user=agent, call_back_on=day)
    item = WorkItem.objects.get(work_list="call_back")
    assert (item.assigned_to, item.next_action_on) == (agent, day)  # the agent still owns the request


def test_the_api_make_offer_takes_the_call_back_day(api_client_for, register):
    api = api_client_for("retention_manager")
    request = register("low_speed")
    day = timezone.localdate() + dt.timedelta(days=1)
    response = api.post(
        f"/api/churn/requests/{request.pk}/make-offer/",
        {"offer": "Скидка", "answer": "thinking", "call_back_on": day.isoformat()},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["due_on"] == day.isoformat()
    assert WorkItem.objects.get(work_list="call_back").next_action_on == day
    refused = api.post(
        f"/api/churn/requests/{request.pk}/make-offer/",
        {"offer": "Скидка", "answer": "declined", "call_back_on": day.isoformat()},
        format="json",
    )
    assert refused.status_code == 400
