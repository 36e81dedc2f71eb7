"""Handing a disconnection request over (by hand, by an assignment rule or in turn) and the call-back task of a
"will think" answer. The request's owner changes only through churn.actions.assign_request; the task is a work item
(worklists.services.add_to_work_list, worklists.actions.reschedule)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from abonent.churn import actions as churn_actions
from abonent.churn.models import DisconnectionRequest
from abonent.core.actions import TransitionError
from abonent.worklists import actions as worklist_actions
from abonent.worklists.choices import WorkList
from abonent.worklists.services import add_to_work_list

from .choices import HandOverBy
from .models import AssignmentRule, RoundRobinPointer
from .services import POOL, matching_rule, pool_members


@dataclass
class HandOver:
    request: DisconnectionRequest
    owner: object
    by: str
    rule: AssignmentRule | None = None


def _next_in_turn(pool: str = POOL):
    """The pool's member after the last one handed to (by id, wrapping round); the pointer moves to them."""
    members = list(pool_members(pool))
    if not members:
        raise TransitionError(_("There is no active retention manager to hand the request to."))
    pointer, _created = RoundRobinPointer.objects.select_for_update().get_or_create(pool=pool)
    last = pointer.last_owner_id or 0
    chosen = next((user for user in members if user.pk > last), members[0])
    pointer.last_owner = chosen
    pointer.save(update_fields=["last_owner", "updated_at"])
    return chosen


@transaction.atomic
def hand_over(request: DisconnectionRequest, *, user, to=None, due_on: dt.date | None = None) -> HandOver:
    """Hand the open request to `to`, or when none is chosen to the owner of the first matching assignment rule, or
    else to the next retention manager in turn."""
    request = DisconnectionRequest.objects.select_related("reason", "subscriber").get(pk=request.pk)
    if not request.is_open:
        raise TransitionError(_("A closed request is not handed over."))
    rule = None
    if to is not None:
        owner, by = to, HandOverBy.CHOSEN
    else:
        rule = matching_rule(request)
        if rule is not None:
            owner, by = rule.owner, HandOverBy.RULE
        else:
            owner, by = _next_in_turn(), HandOverBy.TURN
    churn_actions.assign_request(request, owner=owner, user=user, due_on=due_on)
    return HandOver(request=request, owner=owner, by=by, rule=rule)


def schedule_call_back(sender=None, *, request: DisconnectionRequest, on: dt.date, user, **kwargs):
    """Receiver of churn's `call_back_promised`: the request's owner (else who recorded the answer) gets a task on
    the call-back list due that day; an open task of the subscriber on that list is moved to the day instead."""
    owner = request.owner if request.owner_id else user
    if owner is None or not owner.is_active:
        owner = user
    with translation.override(settings.LANGUAGE_CODE):  # the reason is stored: in the operator's language
        reason = _("Will think: call back on %(date)s (request №%(pk)s)") % {
            "date": on.strftime("%d.%m.%Y"),
            "pk": request.pk,
        }
    item, created = add_to_work_list(
        request.subscriber,
        WorkList.CALL_BACK,
        user=user,
        assigned_to=owner,
        reason=reason,
        source=request,
        next_action_on=on,
    )
    if not created:
        worklist_actions.reschedule(item, next_action_on=on, assigned_to=owner, user=user, reason=reason)
    return item
