"""State changes of work items: recording a contact's outcome, rescheduling, cancelling items that left the list."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from abonent.core.actions import TransitionError

from .choices import WorkItemStatus, WorkOutcome
from .models import WorkItem


@transaction.atomic
def record_outcome(
    item: WorkItem, *, outcome: str, user, note: str = "", next_action_on: dt.date | None = None
) -> WorkItem:
    """Record what came of a contact. No answer with a next date keeps the item open; anything else closes it."""
    locked = WorkItem.objects.select_for_update().get(pk=item.pk)
    if not locked.is_open:
        raise TransitionError(_("This item is closed; a closed item cannot change."))
    if outcome not in WorkOutcome.values:
        raise TransitionError(_("Unknown outcome."))
    locked.outcome = outcome
    locked.outcome_note = note
    if outcome == WorkOutcome.NO_ANSWER and next_action_on:
        locked.status = WorkItemStatus.IN_PROGRESS
        locked.next_action_on = next_action_on
    else:
        locked.status = WorkItemStatus.DONE
        locked.closed_at = timezone.now()
        locked.closed_by = user
    locked._history_user = user
    locked.save()
    for field in locked._meta.concrete_fields:
        setattr(item, field.attname, getattr(locked, field.attname))
    return item


@transaction.atomic
def reschedule(item: WorkItem, *, next_action_on: dt.date, assigned_to, user, reason: str = "") -> WorkItem:
    """Give an open item a new date (and owner, and why): a second "call back on…" promise on the same item."""
    locked = WorkItem.objects.select_for_update().get(pk=item.pk)
    if not locked.is_open:
        raise TransitionError(_("This item is closed; a closed item cannot change."))
    locked.next_action_on = next_action_on
    locked.assigned_to = assigned_to
    if reason:
        locked.reason = reason[:255]
    locked._history_user = user
    locked.save()
    for field in locked._meta.concrete_fields:
        setattr(item, field.attname, getattr(locked, field.attname))
    return item


def cancel_items(items: list[WorkItem], *, note: str, user, now: dt.datetime) -> None:
    """Cancel open, untouched items that are no longer on their list (a refresh); history in one bulk write."""
    for item in items:
        if item.status != WorkItemStatus.OPEN:
            raise TransitionError(_("Only an open item can be cancelled."))
        item.status = WorkItemStatus.CANCELLED
        item.outcome_note = note
        item.closed_at = now
        item.closed_by = user
        item._history_user = user
    WorkItem.objects.bulk_update(items, ["status", "outcome_note", "closed_at", "closed_by"], batch_size=2000)
    WorkItem.history.bulk_history_create(items, batch_size=2000, update=True, default_date=now)
