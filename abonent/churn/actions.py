"""State changes of the churn domain: the disconnection-request lifecycle and the classifier's norms.

Views, the API, commands and the demo call these; nothing assigns `DisconnectionRequest.status` directly.
Each action is one transaction, locks the row it changes, records who and when, and saves the history row with
the acting user. The lifecycle (docs/registers/disconnection-request.md):

    new ──establish_reason──▶ reason_established ──make_offer──▶ offer_made ──close──▶ retained | suspended |
                                                                                       relocated | disconnected
    reason_established ──close──▶ disconnected       only for an unmanaged reason
    new | reason_established | offer_made ──close──▶ withdrawn

Every request has an owner (who works it now) and a due date: the receiving user and
`default_due_on` at registration; `assign_request` hands it to someone else; a "will think, call back on <day>"
answer (`make_offer(..., call_back_on=day)`) moves the due date to that day and sends `signals.call_back_promised`.

Closing as retained needs the subscriber's acceptance of the offer, or the closing names the outcome detail
"kept without an offer" (OutcomeDetail): a retained request otherwise says an offer worked when none did.
"""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from abonent.core.actions import TransitionError, save_with_history, sync_copy
from abonent.subscribers.choices import SubscriberStatus
from abonent.subscribers.models import Subscriber

from . import signals
from .choices import NormSource, OfferAnswer, OutcomeDetail, RequestStatus
from .models import ChurnReason, DisconnectionRequest, ReasonGroup

S = RequestStatus


def _locked(request: DisconnectionRequest) -> DisconnectionRequest:
    # The row is re-read under a lock so two agents working the same request cannot both move it.
    return DisconnectionRequest.objects.select_for_update().get(pk=request.pk)


def can_establish_reason(request: DisconnectionRequest) -> bool:
    """The reason may be set, and corrected, while the request is open and no offer has been made."""
    return request.status in (S.NEW, S.REASON_ESTABLISHED)


def can_make_offer(request: DisconnectionRequest) -> bool:
    """An offer follows the reason; a further offer (after "will think") may replace it before closing."""
    return request.status in (S.REASON_ESTABLISHED, S.OFFER_MADE)


def allowed_outcomes(request: DisconnectionRequest) -> list[str]:
    """The outcomes `close_request` accepts for the request in its current state."""
    if request.status == S.NEW:
        return [S.WITHDRAWN]
    if request.status == S.REASON_ESTABLISHED:
        if request.reason_id and not request.reason.is_managed:
            return [S.DISCONNECTED, S.WITHDRAWN]
        return [S.WITHDRAWN]
    if request.status == S.OFFER_MADE:
        return [S.RETAINED, S.SUSPENDED, S.RELOCATED, S.DISCONNECTED, S.WITHDRAWN]
    return []


def _refuse_closed(request: DisconnectionRequest) -> None:
    if not request.is_open:
        raise TransitionError(
            _("Request №%(pk)s is closed (%(status)s); a closed request cannot change.")
            % {"pk": request.pk, "status": request.get_status_display()}
        )


def default_due_on(received_at: dt.datetime) -> dt.date:
    """The day a request received at `received_at` is due: settings.REQUEST_DUE_DAYS days later (the norm)."""
    return timezone.localtime(received_at).date() + dt.timedelta(days=settings.REQUEST_DUE_DAYS)


@transaction.atomic
def assign_request(
    request: DisconnectionRequest, *, owner, user, due_on: dt.date | None = None
) -> DisconnectionRequest:
    """Make `owner` (an active user) the one who works the open request; `due_on` replaces the due date when given,
    else the request keeps its own (or gets the default when it has none)."""
    locked = _locked(request)
    _refuse_closed(locked)
    if owner is None or not owner.is_active:
        raise TransitionError(_("Choose an active employee to hand the request to."))
    locked.owner = owner
    locked.due_on = due_on or locked.due_on or default_due_on(locked.received_at)
    save_with_history(locked, user)
    sync_copy(request, locked)
    return request


@transaction.atomic
def register_request(
    subscriber: Subscriber,
    *,
    channel: str,
    user,
    received_at: dt.datetime | None = None,
    desired_date: dt.date | None = None,
    service_type: str = "",
    note: str = "",
) -> DisconnectionRequest:
    """Receive a disconnection request (visit, phone, written, online); the receiving user becomes its agent.

    Refused for a subscriber already disconnected, and when the subscriber has an open request (work that one).
    The service type defaults to the subscriber's current one.
    """
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    if subscriber.status == SubscriberStatus.DISCONNECTED:
        raise TransitionError(
            _("Subscriber %(account)s is already disconnected.") % {"account": subscriber.external_id}
        )
    open_request = subscriber.disconnection_requests.filter(status__in=S.open_values()).order_by("pk").first()
    if open_request is not None:
        raise TransitionError(
            _("Subscriber %(account)s already has an open request №%(pk)s; work that request.")
            % {"account": subscriber.external_id, "pk": open_request.pk}
        )
    received_at = received_at or timezone.now()
    request = DisconnectionRequest(
        subscriber=subscriber,
        channel=channel,
        received_at=received_at,
        desired_date=desired_date,
        service_type=service_type or subscriber.service_type,
        subscriber_kind=subscriber.kind,
        note=note,
        agent=user,
        owner=user,
        due_on=default_due_on(received_at),
        status=S.NEW,
    )
    request.full_clean()
    save_with_history(request, user)
    return request


@transaction.atomic
def establish_reason(
    request: DisconnectionRequest, *, reason: ChurnReason, user, comment: str = ""
) -> DisconnectionRequest:
    """Record the reason found with the classifier (new → reason_established).

    Repeating it before an offer is made corrects the reason; the history keeps the earlier one.
    """
    locked = _locked(request)
    _refuse_closed(locked)
    if not can_establish_reason(locked):
        raise TransitionError(_("An offer has already been made; the reason can no longer be changed."))
    if reason is None:
        raise TransitionError(_("Choose the reason from the classifier."))
    reason = ChurnReason.objects.select_related("group").get(pk=reason.pk)
    if reason.is_archived or reason.group.is_archived:
        raise TransitionError(_("The reason «%(reason)s» is archived; choose a current one.") % {"reason": reason})
    locked.reason = reason
    locked.reason_comment = comment
    locked.reason_established_at = timezone.now()
    locked.reason_established_by = user
    locked.status = S.REASON_ESTABLISHED
    save_with_history(locked, user)
    sync_copy(request, locked)
    return request


@transaction.atomic
def make_free_offer(
    request: DisconnectionRequest, *, offer: str, user, answer: str = "", call_back_on: dt.date | None = None
) -> DisconnectionRequest:
    """An offer described in words (the card's and the API's make-offer step): the apps listening to
    `signals.free_offer_requested` may refuse it first (retention refuses a holdout control request)."""
    signals.free_offer_requested.send(sender=DisconnectionRequest, request=request, user=user)
    return make_offer(request, offer=offer, user=user, answer=answer, call_back_on=call_back_on)


def check_call_back(answer: str, call_back_on: dt.date | None) -> None:
    """A call-back day goes with the answer "will think" only, and is not in the past."""
    if call_back_on is None:
        return
    if answer != OfferAnswer.THINKING:
        raise TransitionError(_("A call-back date goes with the answer «Will think»."))
    if call_back_on < timezone.localdate():
        raise TransitionError(_("The call-back date is in the past."))


@transaction.atomic
def make_offer(
    request: DisconnectionRequest, *, offer: str, user, answer: str = "", call_back_on: dt.date | None = None
) -> DisconnectionRequest:
    """Record the retention attempt: the measure offered and, if known, the subscriber's answer.

    "Will think" with `call_back_on`: the request is due that day and `signals.call_back_promised` is sent (the
    owner gets a call-back task for the day).
    """
    locked = _locked(request)
    _refuse_closed(locked)
    if locked.status == S.NEW:
        raise TransitionError(_("Establish the reason first: the offer depends on it."))
    if not (offer or "").strip():
        raise TransitionError(_("Describe the retention offer made to the subscriber."))
    if answer and answer not in OfferAnswer.values:
        raise TransitionError(_("Unknown answer to the offer: %(answer)s.") % {"answer": answer})
    check_call_back(answer, call_back_on)
    locked.offer = offer.strip()
    locked.offer_answer = answer
    locked.offer_made_at = timezone.now()
    locked.offer_made_by = user
    locked.status = S.OFFER_MADE
    if call_back_on:
        locked.due_on = call_back_on
    save_with_history(locked, user)
    sync_copy(request, locked)
    if call_back_on:
        signals.call_back_promised.send(sender=DisconnectionRequest, request=request, on=call_back_on, user=user)
    return request


def _refusal(request: DisconnectionRequest, outcome: str) -> str:
    if request.status == S.NEW:
        if outcome == S.DISCONNECTED:
            return _("The reason must be established before the subscriber is disconnected.")
        return _("Establish the reason and make a retention offer first.")
    if request.status == S.REASON_ESTABLISHED:
        if outcome == S.DISCONNECTED:
            return _(
                "The reason «%(reason)s» is managed: record a retention attempt (an offer) before disconnecting."
            ) % {"reason": request.reason}
        return _("Record the retention offer first.")
    return _("This outcome is not allowed now.")


def _refuse_unfounded_retention(request: DisconnectionRequest, outcome: str, detail: str) -> None:
    if detail and detail not in OutcomeDetail.values:
        raise TransitionError(_("Unknown outcome detail: %(detail)s.") % {"detail": detail})
    if detail == OutcomeDetail.KEPT_WITHOUT_OFFER and outcome != S.RETAINED:
        raise TransitionError(_("«Kept without an offer» is an outcome detail of a retained request only."))
    if outcome == S.RETAINED and request.offer_answer != OfferAnswer.ACCEPTED and not detail:
        answer = request.get_offer_answer_display() if request.offer_answer else _("no answer")
        raise TransitionError(
            _(
                "A request is closed as retained only when the subscriber accepted an offer: the offer «%(offer)s» "
                "has %(answer)s. Record the acceptance, or close with the detail «Kept without an offer»."
            )
            % {"offer": request.offer, "answer": answer}
        )


@transaction.atomic
def close_request(
    request: DisconnectionRequest,
    *,
    outcome: str,
    user,
    note: str = "",
    on_date: dt.date | None = None,
    outcome_detail: str = "",
) -> DisconnectionRequest:
    """End the request with its outcome and apply it to the subscriber.

    disconnected: the subscriber becomes disconnected on `on_date` (default today) with the request's reason;
    suspended: the subscriber's services are suspended instead of terminated. Other outcomes leave the
    subscriber as is (a relocated contract keeps its account). Retained needs an accepted offer or
    `outcome_detail="kept_without_offer"`.
    """
    locked = _locked(request)
    _refuse_closed(locked)
    if outcome not in S.closed_values():
        raise TransitionError(_("Unknown outcome: %(outcome)s.") % {"outcome": outcome})
    if outcome not in allowed_outcomes(locked):
        raise TransitionError(_refusal(locked, outcome))
    _refuse_unfounded_retention(locked, outcome, outcome_detail or "")

    subscriber = Subscriber.objects.select_for_update().get(pk=locked.subscriber_id)
    if outcome == S.DISCONNECTED:
        on_date = on_date or timezone.localdate()
        if on_date < subscriber.connected_on:
            raise TransitionError(_("The disconnection date is before the subscriber was connected."))
        subscriber.status = SubscriberStatus.DISCONNECTED
        subscriber.disconnected_on = on_date
        subscriber.churn_reason_id = locked.reason_id
        subscriber.save(update_fields=["status", "disconnected_on", "churn_reason"])
    elif outcome == S.SUSPENDED:
        subscriber.status = SubscriberStatus.SUSPENDED
        subscriber.save(update_fields=["status"])

    locked.status = outcome
    locked.closed_at = timezone.now()
    locked.closed_by = user
    locked.outcome_note = note
    locked.outcome_detail = outcome_detail or ""
    save_with_history(locked, user)
    sync_copy(request, locked)
    return request


# The classifier -------------------------------------------------------------------------------------------------


@transaction.atomic
def save_norms(norms: dict[int, Decimal], *, user, source: str = NormSource.MANUAL) -> list[ChurnReason]:
    """Set the norms of several reasons at once; a reason whose norm changed gets `source`.

    Returns the reasons that changed. The sum is not forced to 100 %: the page warns instead, because a head
    often edits norms in steps.
    """
    changed = []
    for reason in ChurnReason.objects.select_for_update().filter(pk__in=list(norms)):
        value = Decimal(norms[reason.pk]).quantize(Decimal("0.01"))
        if value < 0 or value > 100:
            raise ValidationError(_("A norm is a share of churn between 0 and 100 %."))
        # An unchanged value stays as it is when typed by hand; an applied proposal still marks its source.
        if value == reason.norm_percent and (source == NormSource.MANUAL or reason.norm_source == source):
            continue
        reason.norm_percent = value
        reason.norm_source = source
        save_with_history(reason, user, update_fields=["norm_percent", "norm_source"])
        changed.append(reason)
    return changed


def is_reason_used(reason: ChurnReason) -> bool:
    """A reason is used once any request or subscriber carries it; such a reason is archived, never deleted."""
    return reason.requests.exists() or reason.subscribers.exists()


@transaction.atomic
def retire_reason(reason: ChurnReason, *, user) -> str:
    """Delete an unused reason, archive a used one; returns "deleted" or "archived"."""
    reason = ChurnReason.objects.select_for_update().get(pk=reason.pk)
    if is_reason_used(reason):
        if not reason.is_archived:
            reason.is_archived = True
            save_with_history(reason, user, update_fields=["is_archived"])
        return "archived"
    reason._history_user = user
    reason.delete()
    return "deleted"


@transaction.atomic
def retire_group(group: ReasonGroup, *, user) -> str:
    """Delete a group with no reasons; otherwise archive it and its reasons. Returns "deleted" or "archived"."""
    group = ReasonGroup.objects.select_for_update().get(pk=group.pk)
    reasons = list(group.reasons.all())
    if not reasons:
        group.delete()
        return "deleted"
    group.is_archived = True
    group.save(update_fields=["is_archived"])
    for reason in reasons:
        if not reason.is_archived:
            reason.is_archived = True
            save_with_history(reason, user, update_fields=["is_archived"])
    return "archived"
