"""The annual_contract process of an accepted retention offer: a draft contract (and its agitation row), and the
contracts an offer made, for the offer card."""

from __future__ import annotations

import datetime as dt
import logging

from django.utils import timezone

from abonent.retention.choices import ContractKind, MeasureProcess

from . import actions
from .choices import AgitationAnswer, AgitationChannel, ContractService
from .models import Agitation, AnnualContract, ContractOffer

log = logging.getLogger(__name__)


def _date(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def on_offer_accepted(sender, offer, user=None, **kwargs):
    """Create the draft contract for an accepted "annual contract" measure; None for other processes.

    The kind is the measure's `contract_kind` (free period when blank); the terms are the active ones of that kind
    for the subscriber's service. A subscriber who already has a contract gets no second one: None is returned and
    the reason logged.
    """

    measure = getattr(offer, "measure", None)
    if measure is None or getattr(measure, "process", None) != MeasureProcess.ANNUAL_CONTRACT:
        return None
    subscriber = offer.subscriber
    kind = getattr(measure, "contract_kind", "") or ContractKind.FREE_PERIOD
    service = ContractService.for_subscriber(subscriber.service_type) or ContractService.INTERNET
    details = getattr(offer, "details", None) or {}
    terms = (
        ContractOffer.objects.filter(kind=kind, service=service, is_active=True).order_by("pk").first()
        or ContractOffer.objects.filter(kind=kind, is_active=True).order_by("pk").first()
    )
    links = {}
    if any(f.name == "retention_offer" for f in AnnualContract._meta.fields):
        links["retention_offer"] = offer
    existing = actions.open_contract(subscriber)
    if existing is not None:
        log.info("Subscriber %s already has contract %s; no draft from offer %s", subscriber.pk, existing.pk, offer.pk)
        return existing
    agitation = None
    if terms is not None:
        agitation = Agitation(
            subscriber=subscriber,
            terms=terms,
            answer=AgitationAnswer.ACCEPTED,
            offered_by=getattr(offer, "made_by", None) or user,
            offered_at=getattr(offer, "made_at", None) or timezone.now(),
            channel=AgitationChannel.RETENTION,
        )
        agitation._history_user = user
        agitation.save()
    return actions.create_draft(
        subscriber,
        user=user,
        terms=terms,
        kind=kind,
        service=service,
        starts_on=_date(details.get("starts_on")) or timezone.localdate(),
        agitation=agitation,
        **links,
    )


def contracts_of_offer(sender, offer, **kwargs) -> list[AnnualContract]:
    """The annual contracts that came from this offer (one at most in practice; the hook answers with a list)."""
    return list(AnnualContract.objects.filter(retention_offer=offer).order_by("pk"))
