"""The demo operator's annual contracts: two years of agitation, the contracts signed from it and from accepted
retention offers, renewals, early terminations of subscribers who left, and the renewal reminders.

About a fifth of the base was offered a contract at some point over the last two years; about a third of them
accepted, more often those who were going to stay anyway (the selection the contracts report warns about).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter, defaultdict
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction

from abonent.subscribers.models import Subscriber

from . import actions, services
from .choices import AgitationAnswer, ContractService, ContractStatus
from .defaults import OFFERS
from .models import Agitation, AnnualContract, ContractOffer, contract_end

ORDER = 60
AGITATED_SHARE = 0.22
ACCEPT = {"stays": 0.38, "leaves": 0.12}
RENEW_SHARE = 0.45
DECLINE_REASONS = [
    "Не хочет обязательств на год",
    "Собирается переезжать",
    "Выгода незначительная",
    "Рассматривает другого оператора",
    "Решение принимает супруг(а)",
    "Недоволен качеством связи",
    "Пользуется услугой нерегулярно",
]


def operator_models() -> list:
    return [
        AnnualContract.history.model,
        AnnualContract,
        Agitation.history.model,
        Agitation,
    ]


def _moment(day: dt.date, rng: random.Random, tz) -> dt.datetime:
    minute = rng.randint(9 * 60, 19 * 60)
    return dt.datetime(day.year, day.month, day.day, minute // 60, minute % 60, tzinfo=tz)


class _Fates:
    """Walks a contract through its life from its start, as its subscriber's disconnection date and today allow."""

    def __init__(self, rng: random.Random, today: dt.date, users: list):
        self.rng, self.today, self.users = rng, today, users
        self.renewals: list[tuple[AnnualContract, dt.date | None]] = []

    def settle(self, contract: AnnualContract, disconnected_on: dt.date | None) -> None:
        actions.settle_backdated(
            contract,
            disconnected_on=disconnected_on,
            today=self.today,
            renews=lambda: self.rng.random() < RENEW_SHARE,
            reason="Абонент расторг договор на услуги",
        )
        if contract.status == ContractStatus.RENEWED:
            self.renewals.append((contract, disconnected_on))

    def renewal(self, old: AnnualContract) -> AnnualContract:
        starts_on = old.ends_on + dt.timedelta(days=1)
        signed_on = old.ends_on - dt.timedelta(days=self.rng.randint(0, 25))
        return AnnualContract(
            subscriber_id=old.subscriber_id,
            terms=old.terms,
            kind=old.kind,
            service=old.service,
            benefit=old.benefit,
            cost_monthly=old.cost_monthly,
            starts_on=starts_on,
            ends_on=contract_end(starts_on),
            signed_on=signed_on,
            responsible=old.responsible,
            signed_by=old.responsible,
            created_by=old.responsible,
            renewal_of=old,
        )


def _save(contracts: list[AnnualContract], tz, rng) -> None:
    for contract in contracts:
        day = contract.signed_on or contract.starts_on
        contract.created_at = _moment(min(day, contract.starts_on), rng, tz)
        contract._history_date = contract.created_at
        contract._history_user = contract.responsible
    AnnualContract.objects.bulk_create(contracts, batch_size=1000)
    AnnualContract.history.bulk_history_create(contracts, batch_size=1000)


def load(ctx) -> dict[str, int]:
    rng = random.Random(ctx.seed * 7 + ORDER)
    tz = ZoneInfo(settings.TIME_ZONE)
    today = ctx.today
    users = [ctx.users["manager"], ctx.users["agent"], ctx.users["head"]]
    if not ContractOffer.objects.exists():
        OFFERS.load()
    by_service: dict[str, list[ContractOffer]] = defaultdict(list)
    for terms in ContractOffer.objects.filter(is_active=True).order_by("pk"):
        by_service[terms.service].append(terms)
    fates = _Fates(rng, today, users)
    counts: Counter = Counter()

    with transaction.atomic():
        # Drafts the retention step opened from accepted "annual contract" offers: signed two days after the offer.
        from_offers = list(
            AnnualContract.objects.filter(status=ContractStatus.DRAFT, retention_offer__isnull=False).select_related(
                "retention_offer", "subscriber"
            )
        )
        for contract in from_offers:
            day = contract.retention_offer.made_at.astimezone(tz).date()
            contract.signed_on = min(day + dt.timedelta(days=rng.randint(0, 3)), today)
            contract.starts_on = contract.signed_on
            contract.ends_on = contract_end(contract.starts_on)
            contract.signed_by = contract.responsible
            if (today - day).days <= 2:
                actions.unsigned_draft(contract)
            else:
                fates.settle(contract, contract.subscriber.disconnected_on)
            contract.created_at = contract.retention_offer.made_at
        AnnualContract.objects.bulk_update(
            from_offers,
            ["signed_on", "starts_on", "ends_on", "signed_by", "status", "ended_on", "termination_reason"]
            + ["closed_by", "created_at"],
            batch_size=500,
        )
        for contract in from_offers:
            contract.history.update(history_date=contract.created_at)
            if contract.status != ContractStatus.DRAFT:
                contract._history_date, contract._history_user = contract.created_at, contract.responsible
        AnnualContract.history.bulk_history_create([c for c in from_offers if c.status != ContractStatus.DRAFT])

        # Agitation over the last two years.
        taken = set(AnnualContract.objects.values_list("subscriber_id", flat=True))
        window_start = today - dt.timedelta(days=730)
        agitations: list[Agitation] = []
        planned: list[tuple[Agitation, ContractOffer, dt.date, dt.date | None]] = []
        rows = Subscriber.objects.exclude(service_type="").values_list(
            "pk", "service_type", "connected_on", "disconnected_on"
        )
        for pk, service_type, connected_on, disconnected_on in rows.order_by("pk").iterator(chunk_size=5000):
            service = ContractService.for_subscriber(service_type)
            if pk in taken or not by_service.get(service) or rng.random() >= AGITATED_SHARE:
                continue
            low = max(connected_on + dt.timedelta(days=120), window_start)
            high = min((disconnected_on or today) - dt.timedelta(days=1), today - dt.timedelta(days=1))
            if low > high:
                continue
            day = low + dt.timedelta(days=rng.randint(0, (high - low).days))
            terms = rng.choice(by_service[service])
            leaves = disconnected_on is not None and disconnected_on <= day + dt.timedelta(days=365)
            roll = rng.random()
            if roll < ACCEPT["leaves" if leaves else "stays"]:
                answer = AgitationAnswer.ACCEPTED
            elif rng.random() < 0.7:
                answer = AgitationAnswer.DECLINED
            else:
                answer = AgitationAnswer.THINKING
            user = rng.choice(users)
            agitation = Agitation(
                subscriber_id=pk,
                terms=terms,
                offered_at=_moment(day, rng, tz),
                offered_by=user,
                channel="phone" if rng.random() < 0.7 else "visit",
                answer=answer,
                decline_reason=rng.choice(DECLINE_REASONS) if answer == AgitationAnswer.DECLINED else "",
                follow_up_on=day + dt.timedelta(days=7) if answer == AgitationAnswer.THINKING else None,
            )
            agitation._history_date, agitation._history_user = agitation.offered_at, user
            agitations.append(agitation)
            if answer == AgitationAnswer.ACCEPTED:
                planned.append((agitation, terms, day, disconnected_on))
        Agitation.objects.bulk_create(agitations, batch_size=1000)
        Agitation.history.bulk_history_create(agitations, batch_size=1000)
        counts["agitations"] = len(agitations)

        contracts: list[AnnualContract] = []
        gone: dict[int, dt.date | None] = {}
        for agitation, terms, day, disconnected_on in planned:
            starts_on = day + dt.timedelta(days=rng.randint(0, 7))
            contract = AnnualContract(
                subscriber_id=agitation.subscriber_id,
                terms=terms,
                kind=terms.kind,
                service=terms.service,
                benefit=terms.benefit,
                cost_monthly=terms.cost_monthly,
                starts_on=starts_on,
                ends_on=contract_end(starts_on),
                signed_on=day + dt.timedelta(days=rng.randint(0, 2)),
                responsible=agitation.offered_by,
                signed_by=agitation.offered_by,
                created_by=agitation.offered_by,
                agitation=agitation,
            )
            if (today - day).days <= 3:
                actions.unsigned_draft(contract)
            else:
                fates.settle(contract, disconnected_on)
            gone[agitation.subscriber_id] = disconnected_on
            contracts.append(contract)
        _save(contracts, tz, rng)
        total = len(contracts) + len(from_offers)
        for contract in from_offers:
            gone[contract.subscriber_id] = contract.subscriber.disconnected_on
        # Renewals, generation after generation, each starting the day after the one before ends.
        while fates.renewals:
            pending, fates.renewals = fates.renewals, []
            renewals = []
            for old, disconnected_on in pending:
                new = fates.renewal(old)
                fates.settle(new, disconnected_on)
                renewals.append(new)
            _save(renewals, tz, rng)
            total += len(renewals)
        counts["annual contracts"] = total
        daily = services.run_daily(today=today)
        counts["renewal reminders"] = daily.reminders
    return dict(counts)
