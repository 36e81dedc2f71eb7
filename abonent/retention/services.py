"""The retention step of a disconnection request, read side: which measures an agent may offer, the holdout draw
(planned, not written), the subscriber's history and the matrix editor. What changes state is in actions.py.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from abonent.calls.models import Call
from abonent.churn.choices import OfferAnswer, RequestStatus
from abonent.churn.models import DisconnectionRequest
from abonent.tickets.models import Ticket

from .choices import AssignmentGroup, ControlKind, MeasureProcess
from .models import HoldoutPolicy, MatrixEntry, Measure, RetentionAssignment, RetentionOffer, RetentionPlan

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


def plans_of_non_retention(sender=None, *, start, end, **kwargs) -> dict:
    """Receiver of churn's `non_retention_plans`: the months start..end with a retention plan, and the
    disconnections each plan allows (RetentionPlan.non_retention_plan; a plan left at 0 sets none)."""
    return dict(
        RetentionPlan.objects.filter(month__gte=start, month__lte=end, non_retention_plan__gt=0).values_list(
            "month", "non_retention_plan"
        )
    )
