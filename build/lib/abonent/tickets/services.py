"""Ticket SLA: default deadlines, repeat detection, the overdue rule and the SLA report by responsible person.

Seed 003: tech support dragged out tickets until the deadlines were recorded and the person responsible for a
missed one was named; this module is that record.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from .choices import TicketKind, TicketStatus
from .models import Ticket

# Hours from opening to the deadline, by kind; an urgent ticket gets URGENT_HOURS. Override with TICKET_SLA_HOURS.
SLA_HOURS = {
    TicketKind.REPAIR: 48,
    TicketKind.TECH_SUPPORT: 24,
    TicketKind.CONNECTION: 120,
    TicketKind.COMPLAINT: 72,
    TicketKind.OTHER: 72,
}
URGENT_HOURS = 8
REPEAT_DAYS = 30


def sla_hours(kind: str, urgent: bool = False) -> int:
    custom = getattr(settings, "TICKET_SLA_HOURS", {})
    if urgent:
        return int(custom.get("urgent", URGENT_HOURS))
    return int(custom.get(kind, SLA_HOURS.get(kind, 72)))


def default_deadline(kind: str, opened_at: dt.datetime, urgent: bool = False) -> dt.datetime:
    return opened_at + dt.timedelta(hours=sla_hours(kind, urgent))


def find_repeat(subscriber_id: int, kind: str, opened_at: dt.datetime, exclude_pk: int | None = None) -> Ticket | None:
    """The subscriber's earlier ticket of the same kind opened within 30 days before this one, if any."""
    earlier = Ticket.objects.filter(
        subscriber_id=subscriber_id,
        kind=kind,
        opened_at__lt=opened_at,
        opened_at__gte=opened_at - dt.timedelta(days=REPEAT_DAYS),
    )
    if exclude_pk:
        earlier = earlier.exclude(pk=exclude_pk)
    return earlier.order_by("-opened_at").first()


def mark_repeats(subscriber_ids) -> int:
    """Recompute `is_repeat` of every ticket of these subscribers (after an import); returns how many changed."""
    tickets = list(
        Ticket.objects.filter(subscriber_id__in=list(subscriber_ids))
        .order_by("subscriber_id", "kind", "opened_at", "pk")
        .only("pk", "subscriber_id", "kind", "opened_at", "is_repeat")
    )
    last: dict[tuple[int, str], dt.datetime] = {}
    changed = []
    window = dt.timedelta(days=REPEAT_DAYS)
    for ticket in tickets:
        key = (ticket.subscriber_id, ticket.kind)
        previous = last.get(key)
        repeat = previous is not None and ticket.opened_at - previous <= window and ticket.opened_at > previous
        last[key] = ticket.opened_at
        if repeat != ticket.is_repeat:
            ticket.is_repeat = repeat
            changed.append(ticket)
    Ticket.objects.bulk_update(changed, ["is_repeat"], batch_size=500)
    return len(changed)


def overdue_q(now: dt.datetime | None = None) -> Q:
    """Past the deadline: still open after it, or resolved after it."""
    now = now or timezone.now()
    return Q(deadline__isnull=False) & (
        Q(status__in=TicketStatus.open_values(), deadline__lt=now) | Q(resolved_at__gt=F("deadline"))
    )


def overdue(queryset: QuerySet | None = None, now: dt.datetime | None = None) -> QuerySet:
    return (queryset if queryset is not None else Ticket.objects.all()).filter(overdue_q(now))


@dataclass
class SlaRow:
    responsible: object
    tickets: int
    overdue: int
    open_overdue: int

    @property
    def within_sla_percent(self) -> float | None:
        return None if not self.tickets else round(100 * (self.tickets - self.overdue) / self.tickets, 1)


def sla_report(queryset: QuerySet, now: dt.datetime | None = None) -> list[SlaRow]:
    """Tickets with a deadline per responsible person: how many, how many missed it, how many are open and late.

    Worst first (most missed), so the morning meeting starts with who is answerable.
    """
    from django.contrib.auth import get_user_model

    now = now or timezone.now()
    rows = (
        queryset.filter(deadline__isnull=False)
        .values("responsible")
        .annotate(
            tickets=Count("pk"),
            overdue=Count("pk", filter=overdue_q(now)),
            open_overdue=Count("pk", filter=Q(status__in=TicketStatus.open_values(), deadline__lt=now)),
        )
        .order_by("-overdue", "responsible")
    )
    users = get_user_model().objects.in_bulk([r["responsible"] for r in rows if r["responsible"]])
    return [SlaRow(users.get(r["responsible"]), r["tickets"], r["overdue"], r["open_overdue"]) for r in rows]
