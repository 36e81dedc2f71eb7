"""State changes of annual contracts and the agitation register.

Views, the API, the daily command, the offer_accepted receiver and the demo call these; nothing assigns
`AnnualContract.status` directly. Each action is one transaction, locks the row, records who and when and saves
the history row with the acting user. The lifecycle (docs/registers/annual-contracts.md):

    draft ──sign──▶ signed ──activate──▶ active ──end──▶ ended
      │               │                    ├──terminate──▶ terminated
      └──cancel───────┴──▶ cancelled       └──renew──▶ renewed (+ a new signed contract from the day after)
    ended ──renew──▶ renewed (within RENEW_AFTER_END_DAYS of the end)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from abonent.core.actions import TransitionError, save_with_history, sync_copy
from abonent.subscribers.choices import SubscriberStatus
from abonent.subscribers.models import Subscriber

from .choices import AgitationAnswer, AgitationChannel, ContractService, ContractStatus
from .models import Agitation, AnnualContract, ContractOffer, contract_end

S = ContractStatus
RENEW_AFTER_END_DAYS = 60

__all__ = ["TransitionError"]


def _locked(contract: AnnualContract) -> AnnualContract:
    return AnnualContract.objects.select_for_update().get(pk=contract.pk)


def _require(contract: AnnualContract, allowed: list[str], action: str) -> None:
    if contract.status not in allowed:
        raise TransitionError(
            _("Contract №%(pk)s is %(status)s; it cannot be %(action)s.")
            % {"pk": contract.pk, "status": contract.get_status_display().lower(), "action": action}
        )


def open_contract(subscriber: Subscriber, exclude: AnnualContract | None = None) -> AnnualContract | None:
    qs = AnnualContract.objects.filter(subscriber=subscriber, status__in=S.open_values())
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs.order_by("pk").first()


@transaction.atomic
def create_draft(
    subscriber: Subscriber,
    *,
    user,
    terms: ContractOffer | None = None,
    kind: str = "",
    service: str = "",
    starts_on: dt.date | None = None,
    agitation: Agitation | None = None,
    responsible=None,
    note: str = "",
    **links,
) -> AnnualContract:
    """A draft contract for the subscriber, from the terms (kind, service, benefit and cost copied).

    Refused for a disconnected subscriber and for one who already has a draft, signed or active contract.
    `links` takes the retention offer the contract came from (retention_offer=…), when that field exists.
    """
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    if subscriber.status == SubscriberStatus.DISCONNECTED:
        raise TransitionError(_("Subscriber %(account)s is disconnected.") % {"account": subscriber.external_id})
    existing = open_contract(subscriber)
    if existing is not None:
        raise TransitionError(
            _("Subscriber %(account)s already has contract №%(pk)s (%(status)s).")
            % {"account": subscriber.external_id, "pk": existing.pk, "status": existing.get_status_display()}
        )
    starts_on = starts_on or timezone.localdate()
    kind = kind or (terms.kind if terms else "")
    service = service or (terms.service if terms else ContractService.for_subscriber(subscriber.service_type))
    if not kind or not service:
        raise TransitionError(_("Choose the contract terms (kind and service)."))
    contract = AnnualContract(
        subscriber=subscriber,
        terms=terms,
        kind=kind,
        service=service,
        benefit=terms.benefit if terms else "",
        cost_monthly=terms.cost_monthly if terms else 0,
        starts_on=starts_on,
        ends_on=contract_end(starts_on),
        agitation=agitation,
        responsible=responsible or user,
        note=note,
        created_by=user,
        status=S.DRAFT,
    )
    for name, value in links.items():
        if any(f.name == name for f in AnnualContract._meta.fields):
            setattr(contract, name, value)
    contract.full_clean()
    save_with_history(contract, user)
    return contract


@transaction.atomic
def sign(contract: AnnualContract, *, user, signed_on: dt.date | None = None, starts_on: dt.date | None = None):
    """The subscriber signed (draft → signed); the start may be moved, the end follows it (12 months)."""
    locked = _locked(contract)
    _require(locked, [S.DRAFT], _("signed"))
    locked.signed_on = signed_on or timezone.localdate()
    if starts_on is not None:
        locked.starts_on = starts_on
        locked.ends_on = contract_end(starts_on)
    if locked.starts_on < locked.signed_on - dt.timedelta(days=31):
        raise TransitionError(_("A contract cannot start more than a month before it is signed."))
    locked.signed_by = user
    locked.status = S.SIGNED
    save_with_history(locked, user)
    sync_copy(contract, locked)
    return contract


@transaction.atomic
def activate(contract: AnnualContract, *, user, today: dt.date | None = None):
    """Entered into the register and in force (signed → active); not before its start date."""
    today = today or timezone.localdate()
    locked = _locked(contract)
    _require(locked, [S.SIGNED], _("activated"))
    if locked.starts_on > today:
        raise TransitionError(
            _("The contract starts on %(date)s; it can be activated from that day.")
            % {"date": locked.starts_on.strftime("%d.%m.%Y")}
        )
    locked.status = S.ACTIVE
    save_with_history(locked, user)
    sync_copy(contract, locked)
    return contract


@transaction.atomic
def cancel(contract: AnnualContract, *, user, reason: str = ""):
    """Never came into force (draft or signed → cancelled), e.g. the subscriber changed their mind."""
    locked = _locked(contract)
    _require(locked, [S.DRAFT, S.SIGNED], _("cancelled"))
    locked.status = S.CANCELLED
    locked.termination_reason = reason[:255]
    locked.closed_by = user
    save_with_history(locked, user)
    sync_copy(contract, locked)
    return contract


@transaction.atomic
def end(contract: AnnualContract, *, user, today: dt.date | None = None):
    """The twelve months are over (active → ended); only after the end date."""
    today = today or timezone.localdate()
    locked = _locked(contract)
    _require(locked, [S.ACTIVE], _("ended"))
    if today <= locked.ends_on:
        raise TransitionError(
            _("The contract runs until %(date)s; to end it earlier, terminate it with a reason.")
            % {"date": locked.ends_on.strftime("%d.%m.%Y")}
        )
    locked.status = S.ENDED
    locked.ended_on = locked.ends_on
    locked.closed_by = user
    save_with_history(locked, user)
    sync_copy(contract, locked)
    return contract


@transaction.atomic
def terminate(contract: AnnualContract, *, user, reason: str, on: dt.date | None = None):
    """Ended before its term (active → terminated), e.g. the subscriber disconnected or broke the terms."""
    on = on or timezone.localdate()
    locked = _locked(contract)
    _require(locked, [S.ACTIVE, S.SIGNED], _("terminated"))
    if not reason.strip():
        raise TransitionError(_("Give the reason for early termination."))
    if on < locked.starts_on:
        raise TransitionError(_("Terminated before it started: cancel it instead."))
    locked.status = S.TERMINATED
    locked.ended_on = min(on, locked.ends_on)
    locked.termination_reason = reason[:255]
    locked.closed_by = user
    save_with_history(locked, user)
    sync_copy(contract, locked)
    return contract


@transaction.atomic
def renew(
    contract: AnnualContract, *, user, terms: ContractOffer | None = None, today: dt.date | None = None
) -> AnnualContract:
    """Sign the next twelve months (active or lately ended → renewed); returns the new, signed contract.

    The new contract starts the day after the old one ends (today if that day has passed) on the same terms unless
    others are given.
    """
    today = today or timezone.localdate()
    locked = _locked(contract)
    _require(locked, [S.ACTIVE, S.ENDED], _("renewed"))
    if locked.status == S.ENDED and (today - locked.covered_until).days > RENEW_AFTER_END_DAYS:
        raise TransitionError(_("The contract ended too long ago; sign a new one instead."))
    terms = terms or locked.terms
    starts_on = max(locked.ends_on + dt.timedelta(days=1), today)
    new = AnnualContract(
        subscriber=locked.subscriber,
        terms=terms,
        kind=terms.kind if terms else locked.kind,
        service=terms.service if terms else locked.service,
        benefit=terms.benefit if terms else locked.benefit,
        cost_monthly=terms.cost_monthly if terms else locked.cost_monthly,
        starts_on=starts_on,
        ends_on=contract_end(starts_on),
        responsible=locked.responsible or user,
        renewal_of=locked,
        created_by=user,
        signed_on=today,
        signed_by=user,
        status=S.SIGNED,
    )
    new.full_clean()
    save_with_history(new, user)
    if locked.status == S.ACTIVE:
        locked.ended_on = locked.ends_on
    locked.status = S.RENEWED
    locked.closed_by = user
    save_with_history(locked, user)
    sync_copy(contract, locked)
    return new


@transaction.atomic
def record_agitation(
    subscriber: Subscriber,
    *,
    terms: ContractOffer,
    answer: str,
    user,
    channel: str = AgitationChannel.PHONE,
    decline_reason: str = "",
    follow_up_on: dt.date | None = None,
    note: str = "",
    offered_at: dt.datetime | None = None,
    **links,
) -> tuple[Agitation, AnnualContract | None]:
    """Record that the contract was offered and the answer; "accepted" also opens a draft contract.

    Returns (agitation, draft or None).
    """
    agitation = Agitation(
        subscriber=subscriber,
        terms=terms,
        answer=answer,
        offered_by=user,
        offered_at=offered_at or timezone.now(),
        channel=channel,
        decline_reason=decline_reason,
        follow_up_on=follow_up_on if answer == AgitationAnswer.THINKING else None,
        note=note,
    )
    try:
        agitation.full_clean()
    except ValidationError as exc:
        raise TransitionError(exc.message_dict) from exc
    save_with_history(agitation, user)
    contract = None
    if answer == AgitationAnswer.ACCEPTED:
        contract = create_draft(subscriber, user=user, terms=terms, agitation=agitation, **links)
    return agitation, contract


def unsigned_draft(contract: AnnualContract) -> AnnualContract:
    """An unsaved contract stays a draft nobody has signed yet (back-filled history: an offer of the last days)."""
    contract.status, contract.signed_on, contract.signed_by = S.DRAFT, None, None
    return contract


def settle_backdated(
    contract: AnnualContract,
    *,
    disconnected_on: dt.date | None,
    today: dt.date,
    renews: Callable[[], bool],
    reason: str,
) -> AnnualContract:
    """The state an unsaved, signed contract has reached by `today` from its dates alone, for back-filled history.

    The same rules as the one-by-one actions (terminate, end, renew, activate), applied in memory so that years of
    past contracts can be bulk-created: a disconnection inside the term terminates it (with `reason`), a term that
    ran out ends it or — when `renews()` says so — renews it, a future start leaves it signed, else it is active.
    Who closed it is its responsible. Nothing is saved; the caller bulk-creates and writes the history rows.
    """
    if disconnected_on and contract.starts_on <= disconnected_on <= contract.ends_on:
        contract.status, contract.ended_on, contract.termination_reason = S.TERMINATED, disconnected_on, reason
    elif contract.ends_on < today:
        contract.status = S.RENEWED if renews() else S.ENDED
        contract.ended_on = contract.ends_on
    elif contract.starts_on > today:
        contract.status = S.SIGNED
    else:
        contract.status = S.ACTIVE
    if contract.status not in (S.SIGNED, S.ACTIVE):
        contract.closed_by = contract.responsible
    return contract


def allowed_actions(contract: AnnualContract, today: dt.date | None = None) -> list[str]:
    """The transitions the contract's state allows now (for the buttons on its card)."""
    today = today or timezone.localdate()
    status = contract.status
    allowed = []
    if status == S.DRAFT:
        allowed += ["sign", "cancel"]
    if status == S.SIGNED:
        if contract.starts_on <= today:
            allowed.append("activate")
        allowed += ["cancel"]
    if status == S.ACTIVE:
        if today > contract.ends_on:
            allowed.append("end")
        allowed += ["renew", "terminate"]
    if status == S.ENDED and (today - contract.covered_until).days <= RENEW_AFTER_END_DAYS:
        allowed.append("renew")
    return allowed
