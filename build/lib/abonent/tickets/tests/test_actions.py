"""Tickets: SLA deadlines, repeats within 30 days, the overdue rule, the lifecycle, the SLA report."""

import datetime as dt

import pytest
from django.utils import timezone

from abonent.churn.actions import TransitionError
from abonent.tickets import actions, services
from abonent.tickets.models import Ticket


def at(text: str) -> dt.datetime:
    return timezone.make_aware(dt.datetime.fromisoformat(text))


def test_deadline_by_the_sla_of_the_kind(subscriber, manager):
    repair = actions.open_ticket(subscriber, subject="Нет сигнала", user=manager, opened_at=at("2026-03-02T10:00"))
    assert repair.deadline == at("2026-03-04T10:00")  # repair: 48 hours
    support = actions.open_ticket(
        subscriber, subject="Настройка роутера", kind="tech_support", user=manager, opened_at=at("2026-03-02T10:00")
    )
    assert support.deadline == at("2026-03-03T10:00")  # tech support: 24 hours
    urgent = actions.open_ticket(
        subscriber, subject="Авария", urgent=True, user=manager, opened_at=at("2026-03-02T10:00")
    )
    assert urgent.deadline == at("2026-03-02T18:00")  # urgent: 8 hours


def test_sla_hours_configurable(settings, subscriber, manager):
    settings.TICKET_SLA_HOURS = {"repair": 24, "urgent": 4}
    ticket = actions.open_ticket(subscriber, subject="x", user=manager, opened_at=at("2026-03-02T10:00"))
    assert ticket.deadline == at("2026-03-03T10:00")


def test_repeat_same_kind_within_30_days(subscriber, make_subscriber, manager):
    first = actions.open_ticket(subscriber, subject="Нет интернета", user=manager, opened_at=at("2026-03-01T10:00"))
    assert not first.is_repeat
    # 30 days later exactly: still a repeat; another kind, or another subscriber: not.
    again = actions.open_ticket(subscriber, subject="Опять нет", user=manager, opened_at=at("2026-03-31T10:00"))
    other_kind = actions.open_ticket(
        subscriber, subject="Вопрос", kind="tech_support", user=manager, opened_at=at("2026-03-10T10:00")
    )
    other_sub = actions.open_ticket(make_subscriber(), subject="Нет", user=manager, opened_at=at("2026-03-05T10:00"))
    late = actions.open_ticket(subscriber, subject="Снова", user=manager, opened_at=at("2026-05-15T10:00"))
    assert (again.is_repeat, other_kind.is_repeat, other_sub.is_repeat, late.is_repeat) == (True, False, False, False)
    # Recomputing in bulk (after an import) agrees.
    Ticket.objects.update(is_repeat=False)
    assert services.mark_repeats([subscriber.pk, other_sub.subscriber_id]) == 1
    assert set(Ticket.objects.filter(is_repeat=True).values_list("pk", flat=True)) == {again.pk}


def test_lifecycle(subscriber, manager):
    ticket = actions.open_ticket(subscriber, subject="Нет сигнала", user=manager)
    with pytest.raises(TransitionError):
        actions.move_ticket(ticket, "closed", user=manager)
    actions.move_ticket(ticket, "in_progress", user=manager)
    actions.move_ticket(ticket, "resolved", user=manager, at=at("2026-03-03T12:00"))
    assert ticket.resolved_at == at("2026-03-03T12:00")
    actions.move_ticket(ticket, "in_progress", user=manager)  # reopened
    assert ticket.resolved_at is None
    actions.move_ticket(ticket, "resolved", user=manager)
    actions.move_ticket(ticket, "closed", user=manager)
    with pytest.raises(TransitionError):
        actions.move_ticket(ticket, "cancelled", user=manager)
    assert ticket.history.latest().history_user == manager
    assert ticket.history.count() == 6


def test_overdue_and_sla_report(subscriber, manager, make_user):
    now = at("2026-03-10T12:00")
    other = make_user("retention_manager", username="tech2")

    def make(opened, deadline, resolved=None, responsible=manager, status="open"):
        t = Ticket.objects.create(
            subscriber=subscriber,
            subject="x",
            opened_at=at(opened),
            deadline=at(deadline),
            resolved_at=at(resolved) if resolved else None,
            status=status,
            responsible=responsible,
        )
        return t

    open_late = make("2026-03-01T10:00", "2026-03-03T10:00")  # open past the deadline
    resolved_late = make("2026-03-01T10:00", "2026-03-03T10:00", "2026-03-04T10:00", status="resolved")
    in_time = make("2026-03-01T10:00", "2026-03-03T10:00", "2026-03-02T10:00", status="closed")
    open_in_time = make("2026-03-09T10:00", "2026-03-11T10:00", responsible=other)
    assert set(services.overdue(now=now).values_list("pk", flat=True)) == {open_late.pk, resolved_late.pk}
    assert not in_time.is_overdue and resolved_late.is_overdue
    rows = services.sla_report(Ticket.objects.all(), now=now)
    # manager: 3 tickets, 2 past the deadline (67 % missed → 33.3 % within), 1 open and late now; tech2: 1, 0.
    assert [(r.responsible.username, r.tickets, r.overdue, r.open_overdue) for r in rows] == [
        ("manager", 3, 2, 1),
        ("tech2", 1, 0, 0),
    ]
    assert rows[0].within_sla_percent == 33.3 and rows[1].within_sla_percent == 100.0
    assert open_in_time.pk not in services.overdue(now=now).values_list("pk", flat=True)
