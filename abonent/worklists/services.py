"""Putting subscribers on work lists and closing items; every app that hands work to people goes through here."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from abonent.churn.actions import TransitionError

from .choices import WorkItemStatus, WorkOutcome
from .models import Campaign, WorkItem


def add_to_work_list(
    subscriber,
    work_list: str,
    *,
    user=None,
    assigned_to=None,
    reason: str = "",
    source=None,
    campaign: Campaign | None = None,
    script=None,
    next_action_on: dt.date | None = None,
) -> tuple[WorkItem, bool]:
    """The subscriber's open item on that list, created if there is none; returns (item, created).

    One open item per subscriber and list, so a subscriber flagged twice (two risk runs, two surveys) is worked once.
    """
    existing = WorkItem.objects.filter(
        subscriber=subscriber, work_list=work_list, status__in=WorkItemStatus.open_values()
    ).first()
    if existing is not None:
        return existing, False
    item = WorkItem(
        subscriber=subscriber,
        work_list=work_list,
        campaign=campaign,
        reason=reason[:255],
        script=script,
        assigned_to=assigned_to,
        next_action_on=next_action_on or timezone.localdate(),
        created_by=user,
    )
    if source is not None:
        item.source_type = ContentType.objects.get_for_model(source)
        item.source_id = source.pk
    item._history_user = user
    item.save()
    return item, True


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
