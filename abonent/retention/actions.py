"""State changes of the retention step: the holdout assignment, recording offers and answers (through
churn.actions, so the request's status has one source), the control group's "no offer", and refusing a free-text
offer to a control request. Views, the API, the demo and the CLI call these; services.py only reads.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from abonent.churn import actions as churn_actions
from abonent.churn.choices import OfferAnswer
from abonent.churn.models import DisconnectionRequest
from abonent.core.actions import TransitionError
from abonent.core.validators import refuse_future
from abonent.subscribers.models import Tariff
from abonent.subscribers.services import check_tariff_for

from .choices import MeasureProcess
from .models import Measure, RetentionAssignment, RetentionOffer
from .services import at_offer_step, offers_for, outcome_for, planned_assignment
from .signals import offer_accepted


def ensure_assignment(request: DisconnectionRequest, *, on: dt.datetime | None = None) -> RetentionAssignment | None:
    """Draw the request into treatment or control once it reaches the offer step, while a holdout is active.

    Idempotent: an existing assignment is returned as it is. No policy, no assignment (every request is treated).
    """
    planned = planned_assignment(request, on=on)
    if planned is None or planned.pk is not None:
        return planned
    assignment, _created = RetentionAssignment.objects.get_or_create(
        request=request,
        defaults={
            "policy": planned.policy,
            "group": planned.group,
            "draw": planned.draw,
            "assigned_at": planned.assigned_at,
        },
    )
    return assignment


# Recording offers ------------------------------------------------------------------------------------------------


@dataclass
class OfferResult:
    offer: RetentionOffer
    records: list = field(default_factory=list)
    closed_as: str = ""


def _start_processes(offer: RetentionOffer, user) -> list:
    """Send `offer_accepted`; the records the processes created (None from receivers that do not run it dropped)."""
    responses = offer_accepted.send(sender=RetentionOffer, offer=offer, user=user)
    return [record for _receiver, record in responses if record is not None]


def offered_tariff(details: dict | None) -> Tariff | None:
    """The tariff an offer's details name ({"tariff": id or code}), as the tariff-change process reads it."""
    value = (details or {}).get("tariff") or (details or {}).get("to_tariff")
    if value in (None, ""):
        return None
    found = Tariff.objects.filter(pk=value).first() if str(value).isdigit() else None
    return found or Tariff.objects.filter(code=str(value)).first()


def _clean_details(details: dict | None) -> dict:
    return {key: str(value) for key, value in (details or {}).items() if value not in (None, "")}


@transaction.atomic
def record_offer(
    request: DisconnectionRequest,
    *,
    measure: Measure,
    user,
    answer: str = "",
    details: dict | None = None,
    note: str = "",
    close: bool = False,
    made_at: dt.datetime | None = None,
    confirm_fee_change: bool = False,
    call_back_on: dt.date | None = None,
) -> OfferResult:
    """Record an offer of `measure` on the request and the subscriber's answer.

    The request moves through churn.actions.make_offer (reason_established → offer_made) with the measure's name;
    an accepted offer sends `offer_accepted` (its processes are created) and, with `close`, closes the request
    with the measure's outcome (suspension → suspended, relocation → relocated, else retained). A tariff offered
    must be for the subscriber's kind, and a fee change over settings.RETENTION_TARIFF_FEE_WARN_SHARE needs
    `confirm_fee_change` (subscribers.services.check_tariff_for). "Will think" with `call_back_on`: the owner gets a
    call-back task for that day (churn.actions.make_offer).
    """
    request = DisconnectionRequest.objects.select_related("reason", "subscriber__tariff").get(pk=request.pk)
    refuse_future(made_at, "made_at")
    if not churn_actions.can_make_offer(request) or not request.is_open:
        raise TransitionError(_("An offer can be made once the reason is established and while the request is open."))
    if answer and answer not in OfferAnswer.values:
        raise TransitionError(_("Unknown answer to the offer: %(answer)s.") % {"answer": answer})
    ensure_assignment(request)
    options = {o.measure.pk: o for o in offers_for(request, user, on=made_at)}
    option = options.get(measure.pk)
    if option is None:
        raise TransitionError(
            _("«%(measure)s» is not in the retention matrix for the reason «%(reason)s».")
            % {"measure": measure, "reason": request.reason}
        )
    if not option.allowed:
        raise TransitionError(
            _("«%(measure)s» cannot be offered: %(why)s.") % {"measure": measure, "why": option.why_not}
        )

    if measure.process == MeasureProcess.TARIFF_CHANGE:
        check_tariff_for(
            request.subscriber, offered_tariff(details), confirm_fee_change=confirm_fee_change, field="tariff"
        )

    churn_actions.check_call_back(answer, call_back_on)
    churn_actions.make_offer(request, offer=measure.name, user=user, answer=answer, call_back_on=call_back_on)
    now = made_at or timezone.now()
    offer = RetentionOffer(
        subscriber_id=request.subscriber_id,
        request=request,
        measure=measure,
        made_by=user,
        made_at=now,
        answer=answer,
        answered_at=now if answer else None,
        details=_clean_details(details),
        cost=measure.total_cost,
        note=note,
    )
    offer._history_user = user
    offer.save()
    result = OfferResult(offer=offer)
    if answer == OfferAnswer.ACCEPTED:
        result.records = _start_processes(offer, user)
        if close:
            result.closed_as = outcome_for(measure)
            churn_actions.close_request(request, outcome=result.closed_as, user=user, note=measure.name)
    return result


@transaction.atomic
def answer_offer(
    offer: RetentionOffer, *, answer: str, user, close: bool = False, call_back_on: dt.date | None = None
) -> OfferResult:
    """The subscriber answers an offer they were thinking about; only an unanswered or "thinking" offer may change.

    The request (if still open) carries the new answer; acceptance starts the measure's processes.
    """
    offer = RetentionOffer.objects.select_for_update(of=("self",)).select_related("measure", "request").get(pk=offer.pk)
    if offer.answer not in ("", OfferAnswer.THINKING):
        raise TransitionError(
            _("The answer to this offer is final: %(answer)s.") % {"answer": offer.get_answer_display()}
        )
    if answer not in (OfferAnswer.ACCEPTED, OfferAnswer.DECLINED, OfferAnswer.THINKING):
        raise TransitionError(_("Unknown answer to the offer: %(answer)s.") % {"answer": answer})
    churn_actions.check_call_back(answer, call_back_on)
    offer.answer = answer
    offer.answered_at = timezone.now()
    offer._history_user = user
    offer.save(update_fields=["answer", "answered_at"])
    result = OfferResult(offer=offer)
    request = offer.request
    if request is not None and request.is_open:
        churn_actions.make_offer(request, offer=offer.measure.name, user=user, answer=answer, call_back_on=call_back_on)
    if answer == OfferAnswer.ACCEPTED:
        result.records = _start_processes(offer, user)
        if close and request is not None and request.is_open:
            result.closed_as = outcome_for(offer.measure)
            churn_actions.close_request(request, outcome=result.closed_as, user=user, note=offer.measure.name)
    return result


def refuse_free_offer_to_control(sender=None, *, request: DisconnectionRequest, **kwargs) -> None:
    """Receiver of churn's `free_offer_requested`: an offer described in words, outside the matrix, is refused for a
    holdout control request, whose point is that it gets no offer (or only the standard one through the matrix)."""
    if at_offer_step(request):
        assignment = ensure_assignment(request)
        if assignment is not None and assignment.is_control:
            raise TransitionError(
                _("This request is in the holdout control group: record it with «no offer» or the standard offer.")
            )


def make_free_offer(request: DisconnectionRequest, *, offer: str, user, answer: str = "") -> DisconnectionRequest:
    """An offer outside the matrix, through churn's step (which asks `refuse_free_offer_to_control` first)."""
    return churn_actions.make_free_offer(request, offer=offer, user=user, answer=answer)


@transaction.atomic
def record_control(request: DisconnectionRequest, *, user) -> DisconnectionRequest:
    """A holdout control request with "no offer": the retention step is recorded as deliberately skipped, so the
    request can be closed with the subscriber's decision like any other."""
    assignment = ensure_assignment(request)
    if assignment is None or not assignment.is_control:
        raise TransitionError(_("Only a holdout control request goes without an offer."))
    return churn_actions.make_offer(request, offer=_("No offer: holdout control group"), user=user)
