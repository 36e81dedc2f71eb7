"""State changes of tickets: open (with the SLA deadline and repeat detection) and move along the lifecycle.

open ──▶ in_progress ──▶ resolved ──▶ closed
open ──▶ resolved;  open | in_progress ──▶ cancelled;  resolved ──▶ in_progress (reopened)
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from abonent.churn.actions import TransitionError

from . import services
from .choices import TicketKind, TicketStatus
from .models import Ticket

TRANSITIONS: dict[str, tuple[str, ...]] = {
    TicketStatus.OPEN: (TicketStatus.IN_PROGRESS, TicketStatus.RESOLVED, TicketStatus.CANCELLED),
    TicketStatus.IN_PROGRESS: (TicketStatus.RESOLVED, TicketStatus.CANCELLED),
    TicketStatus.RESOLVED: (TicketStatus.CLOSED, TicketStatus.IN_PROGRESS),
}


def allowed(ticket: Ticket) -> tuple[str, ...]:
    return TRANSITIONS.get(ticket.status, ())


@transaction.atomic
def open_ticket(
    subscriber,
    *,
    subject: str,
    user,
    kind: str = TicketKind.REPAIR,
    urgent: bool = False,
    opened_at: dt.datetime | None = None,
    deadline: dt.datetime | None = None,
    responsible=None,
    description: str = "",
    disconnection_request=None,
    external_id: str | None = None,
) -> Ticket:
    """Open a ticket; the deadline defaults to the SLA of its kind (urgent: 8 hours), a repeat is flagged."""
    opened_at = opened_at or timezone.now()
    ticket = Ticket(
        subscriber=subscriber,
        kind=kind,
        urgent=urgent,
        subject=subject,
        description=description,
        opened_at=opened_at,
        deadline=deadline or services.default_deadline(kind, opened_at, urgent),
        responsible=responsible,
        disconnection_request=disconnection_request,
        external_id=external_id or None,
    )
    ticket.is_repeat = services.find_repeat(subscriber.pk, kind, opened_at) is not None
    ticket.full_clean(exclude=["subscriber", "responsible", "disconnection_request", "import_run"])
    ticket._history_user = user
    ticket.save()
    return ticket


@transaction.atomic
def move_ticket(ticket: Ticket, to: str, *, user, at: dt.datetime | None = None) -> Ticket:
    """Move the ticket to `to` if its lifecycle allows; resolving records when, reopening clears it."""
    locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if to not in allowed(locked):
        raise TransitionError(
            _("Ticket %(ticket)s is %(status)s; it cannot become %(to)s.")
            % {"ticket": locked, "status": locked.get_status_display(), "to": TicketStatus(to).label}
        )
    if to == TicketStatus.RESOLVED:
        locked.resolved_at = at or timezone.now()
    elif to == TicketStatus.IN_PROGRESS:
        locked.resolved_at = None
    locked.status = to
    locked._history_user = user
    locked.save()
    for field in locked._meta.concrete_fields:
        setattr(ticket, field.attname, getattr(locked, field.attname))
    return ticket
