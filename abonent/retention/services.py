"""The retention step of a disconnection request: which measures an agent may offer, the holdout draw, recording
offers and answers (through churn.actions, so the request's status has one source), and the subscriber's history.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from abonent.calls.models import Call
from abonent.churn import actions as churn_actions
from abonent.churn.choices import OfferAnswer, RequestStatus
from abonent.churn.models import DisconnectionRequest
from abonent.core.actions import TransitionError
from abonent.tickets.models import Ticket

from .choices import AssignmentGroup, ControlKind, MeasureProcess
from .models import HoldoutPolicy, MatrixEntry, Measure, RetentionAssignment, RetentionOffer
from .signals import offer_accepted

# The request's outcome an accepted measure leads to when the agent closes the request with the offer.
OUTCOME_FOR_PROCESS = {
    MeasureProcess.SUSPENSION: RequestStatus.SUSPENDED,
    MeasureProcess.RELOCATION: RequestStatus.RELOCATED,
}


def outcome_for(measure: Measure) -> str:
    return OUTCOME_FOR_PROCESS.get(measure.process, RequestStatus.RETAINED)


# Who may grant what ----------------------------------------------------------------------------------------------


def user_roles(user) -> set[str]:
    return set(user.groups.values_list("name", flat=True)) if user and user.is_authenticated else set()


def may_grant(user, measure: Measure, roles: set[str] | None = None) -> bool:
    """A measure with a grant role is granted by that role, or by anyone with retention.grant_any_measure."""
    if not measure.grant_role:
        return True
    if user.has_perm("retention.grant_any_measure"):
        return True
    return measure.grant_role in (roles if roles is not None else user_roles(user))


def accepted_within_year(subscriber_id: int, measure: Measure, on: dt.datetime) -> int:
    return RetentionOffer.objects.filter(
        subscriber_id=subscriber_id,
        measure=measure,
        answer=OfferAnswer.ACCEPTED,
        made_at__gt=on - dt.timedelta(days=365),
        made_at__lte=on,
    ).count()


@dataclass
class MeasureOption:
    """A matrix measure for the request's reason, and whether this agent may offer it now (and if not, why)."""

    measure: Measure
    order: int
    allowed: bool
    why_not: str = ""
    times_accepted: int = 0


def offers_for(request: DisconnectionRequest, user, *, on: dt.datetime | None = None) -> list[MeasureOption]:
    """The matrix's measures for the request's reason in order, checked against the grant rights and the limits,
    and narrowed to the standard measure (or none) for a holdout control request."""
    if request.reason_id is None:
        return []
    on = on or timezone.now()
    roles = user_roles(user)
    assignment = getattr(request, "retention_assignment", None) if request.pk else None
    entries = MatrixEntry.objects.filter(reason_id=request.reason_id, measure__is_active=True).select_related("measure")
    options = []
    for entry in entries.order_by("order", "measure__order"):
        measure = entry.measure
        option = MeasureOption(measure=measure, order=entry.order, allowed=True)
        option.times_accepted = accepted_within_year(request.subscriber_id, measure, on)
        if not may_grant(user, measure, roles):
            option.allowed, option.why_not = (
                False,
                _("Granted by: %(role)s") % {"role": measure.get_grant_role_display()},
            )
        elif measure.limit_per_year is not None and option.times_accepted >= measure.limit_per_year:
            option.allowed, option.why_not = (
                False,
                _("Limit reached: %(n)d in 12 months") % {"n": option.times_accepted},
            )
        options.append(option)
    if assignment is not None and assignment.is_control:
        policy = assignment.policy
        for option in options:
            if policy.control == ControlKind.NO_OFFER or option.measure.pk != policy.standard_measure_id:
                option.allowed, option.why_not = False, _("Holdout control group")
        if policy.control == ControlKind.STANDARD_OFFER and not any(
            o.measure.pk == policy.standard_measure_id for o in options
        ):
            options.append(MeasureOption(measure=policy.standard_measure, order=0, allowed=True))
    return options


# The holdout -----------------------------------------------------------------------------------------------------


def active_policy(on: dt.date) -> HoldoutPolicy | None:
    return (
        HoldoutPolicy.objects.filter(active_from__lte=on, share_percent__gt=0)
        .filter(Q(active_to__isnull=True) | Q(active_to__gte=on))
        .order_by("-active_from", "-pk")
        .first()
    )


def draw(policy_id: int, request_id: int) -> float:
    """A uniform 0–1 draw from the policy and request ids: random across requests, yet the same on every run, so
    an assignment can be checked (and tests reproduced) without a stored seed."""
    digest = hashlib.sha256(f"holdout:{policy_id}:{request_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def at_offer_step(request: DisconnectionRequest) -> bool:
    return bool(
        request.reason_id
        and request.reason.is_managed
        and request.status in (RequestStatus.REASON_ESTABLISHED, RequestStatus.OFFER_MADE)
    )


def planned_assignment(request: DisconnectionRequest, *, on: dt.datetime | None = None) -> RetentionAssignment | None:
    """The request's assignment: the stored one, else the one it would draw now (unsaved), else None.

    Reading a card (a GET) uses this and writes nothing; the draw is deterministic (policy, request), so the
    assignment stored later by ensure_assignment() when an offer is recorded is the one the card showed.
    """
    existing = RetentionAssignment.objects.filter(request=request).select_related("policy").first()
    if existing is not None or not at_offer_step(request):
        return existing
    on = on or request.reason_established_at or timezone.now()
    policy = active_policy(timezone.localdate(on) if timezone.is_aware(on) else on.date())
    if policy is None:
        return None
    value = draw(policy.pk, request.pk)
    group = AssignmentGroup.CONTROL if value * 100 < float(policy.share_percent) else AssignmentGroup.TREATMENT
    return RetentionAssignment(request=request, policy=policy, group=group, draw=value, assigned_at=on)


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
) -> OfferResult:
    """Record an offer of `measure` on the request and the subscriber's answer.

    The request moves through churn.actions.make_offer (reason_established → offer_made) with the measure's name;
    an accepted offer sends `offer_accepted` (its processes are created) and, with `close`, closes the request
    with the measure's outcome (suspension → suspended, relocation → relocated, else retained).
    """
    request = DisconnectionRequest.objects.select_related("reason").get(pk=request.pk)
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

    churn_actions.make_offer(request, offer=measure.name, user=user, answer=answer)
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
def answer_offer(offer: RetentionOffer, *, answer: str, user, close: bool = False) -> OfferResult:
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
    offer.answer = answer
    offer.answered_at = timezone.now()
    offer._history_user = user
    offer.save(update_fields=["answer", "answered_at"])
    result = OfferResult(offer=offer)
    request = offer.request
    if request is not None and request.is_open:
        churn_actions.make_offer(request, offer=offer.measure.name, user=user, answer=answer)
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


# The subscriber's history ------------------------------------------------------------------------------------------


def subscriber_history(subscriber, *, limit: int = 5) -> dict:
    """What the agent sees before offering: payments, tickets, calls, previous offers and requests."""

    return {
        "payments": list(subscriber.payments.order_by("-paid_at")[:limit]),
        "payments_12m": sum(
            (
                p
                for p in subscriber.payments.filter(paid_at__gte=timezone.now() - dt.timedelta(days=365)).values_list(
                    "amount", flat=True
                )
            ),
            Decimal(0),
        ),
        "tickets": list(Ticket.objects.filter(subscriber=subscriber).order_by("-opened_at")[:limit]),
        "calls": list(
            Call.objects.filter(subscriber=subscriber).select_related("call_type").order_by("-started_at")[:limit]
        ),
        "offers": list(
            RetentionOffer.objects.filter(subscriber=subscriber).select_related("measure", "made_by")[: limit * 2]
        ),
    }


# The matrix ------------------------------------------------------------------------------------------------------


@transaction.atomic
def save_matrix(cells: dict[tuple[int, int], int | None], *, user) -> int:
    """Set the order of measures per reason: {(reason id, measure id): order or None}; None removes the cell.

    Returns how many cells changed; unchanged cells write no history.
    """
    existing = {(e.reason_id, e.measure_id): e for e in MatrixEntry.objects.select_for_update()}
    changed = 0
    for (reason_id, measure_id), order in cells.items():
        entry = existing.get((reason_id, measure_id))
        if order is None or order <= 0:
            if entry is not None:
                entry._history_user = user
                entry.delete()
                changed += 1
            continue
        if entry is None:
            entry = MatrixEntry(reason_id=reason_id, measure_id=measure_id, order=order)
        elif entry.order == order:
            continue
        entry.order = order
        entry._history_user = user
        entry.save()
        changed += 1
    return changed
