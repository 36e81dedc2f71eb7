"""Handing a request over: a matching rule by priority, else the retention managers in turn."""

import datetime as dt

import pytest
from django.utils import timezone

from abonent.churn.models import ReasonGroup
from abonent.core.actions import TransitionError
from abonent.ownership import actions
from abonent.ownership.models import AssignmentRule, RoundRobinPointer


def test_a_new_request_is_the_agents_and_due_after_the_norm(register, agent, settings):
    settings.REQUEST_DUE_DAYS = 3
    request = register()
    assert request.owner == agent
    assert request.due_on == timezone.localdate(request.received_at) + dt.timedelta(days=3)


def test_the_rule_of_the_lowest_priority_that_matches_wins(register, managers, agent):
    orlov, sokolova, belova = managers
    quality = ReasonGroup.objects.get(code="quality")
    AssignmentRule.objects.create(name="Бизнес", subscriber_kind="business", owner=belova, priority=10)
    AssignmentRule.objects.create(name="Качество", reason_group=quality, owner=sokolova, priority=20)
    AssignmentRule.objects.create(name="Интернет", service_type="internet", owner=orlov, priority=30)
    AssignmentRule.objects.create(name="Отключено", owner=belova, priority=1, is_active=False)

    slow = register("low_speed", service_type="internet")  # quality group and internet: priority 20 beats 30
    done = actions.hand_over(slow, user=agent)
    assert (done.owner, done.by, done.rule.name) == (sokolova, "rule", "Качество")
    slow.refresh_from_db()
    assert slow.owner == sokolova

    price = register("price", service_type="internet")  # preferences group: only the service rule matches
    assert actions.hand_over(price, user=agent).owner == orlov

    business = register("low_speed", kind="business", service_type="internet")
    assert actions.hand_over(business, user=agent).rule.name == "Бизнес"

    no_reason = register(service_type="catv")  # no reason yet: the group rule cannot match, nor the internet rule
    done = actions.hand_over(no_reason, user=agent)
    assert (done.owner, done.by) == (orlov, "turn")


def test_round_robin_goes_through_the_active_managers_in_id_order_and_persists(register, managers, agent):
    orlov, sokolova, belova = managers
    owners = [actions.hand_over(register(), user=agent).owner for _ in range(4)]
    assert owners == [orlov, sokolova, belova, orlov]
    assert RoundRobinPointer.objects.get(pool="retention_manager").last_owner == orlov

    sokolova.is_active = False
    sokolova.save()
    assert [actions.hand_over(register(), user=agent).owner for _ in range(3)] == [belova, orlov, belova]


def test_a_rule_for_an_employee_who_left_is_skipped(register, managers, agent):
    orlov, sokolova, _belova = managers
    AssignmentRule.objects.create(name="Всё Соколовой", owner=sokolova, priority=1)
    sokolova.is_active = False
    sokolova.save()
    assert actions.hand_over(register(), user=agent).by == "turn"


def test_handing_over_by_hand_and_with_a_due_date(register, managers, agent):
    request = register()
    day = timezone.localdate() + dt.timedelta(days=5)
    done = actions.hand_over(request, user=agent, to=managers[2], due_on=day)
    request.refresh_from_db()
    assert (request.owner, request.due_on, done.by) == (managers[2], day, "chosen")
    assert request.history.first().history_user == agent


def test_no_manager_to_hand_to_is_refused(register, agent):
    with pytest.raises(TransitionError):
        actions.hand_over(register(), user=agent)
