"""Who may be offered an annual contract, which contracts are due for renewal, the daily run, churn under contract."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from abonent.subscribers.choices import ServiceType, SubscriberStatus
from abonent.subscribers.models import Subscriber
from abonent.subscribers.segments import _months_before
from abonent.worklists.choices import WorkList
from abonent.worklists.services import add_to_work_list

from . import actions
from .choices import ContractService, ContractStatus
from .models import Agitation, AnnualContract, ContractOffer

RENEWAL_NOTICE_DAYS = 30


def terms_condition(terms: ContractOffer, today: dt.date, prefix: str = "") -> Q:
    """The subscribers the terms' own rules admit: their service, tenure and ARPU."""
    condition = Q(**{f"{prefix}service_type__in": ContractService.service_types(terms.service)})
    if terms.min_tenure_months:
        condition &= Q(**{f"{prefix}connected_on__lte": _months_before(today, terms.min_tenure_months)})
    if terms.min_arpu:
        condition &= Q(**{f"{prefix}arpu__gte": terms.min_arpu})
    return condition


def eligible_subscribers(terms: ContractOffer | None = None, *, today: dt.date | None = None) -> QuerySet:
    """Active subscribers who may be offered a contract: no draft, signed or active contract, and admitted by the
    given terms (or by at least one of the terms offered now), with their last agitation date and answer.
    """
    today = today or timezone.localdate()
    offers = [terms] if terms is not None else list(ContractOffer.objects.filter(is_active=True))
    admitted = Q(pk__in=[])
    for offer in offers:
        admitted |= terms_condition(offer, today)
    last = Agitation.objects.filter(subscriber=OuterRef("pk")).order_by("-offered_at")
    return (
        Subscriber.objects.filter(status=SubscriberStatus.ACTIVE)
        .filter(admitted)
        .filter(
            ~Exists(AnnualContract.objects.filter(subscriber=OuterRef("pk"), status__in=ContractStatus.open_values()))
        )
        .annotate(
            last_offered_at=Subquery(last.values("offered_at")[:1]), last_answer=Subquery(last.values("answer")[:1])
        )
        .select_related("tariff")
    )


def is_eligible(subscriber: Subscriber, terms: ContractOffer, today: dt.date | None = None) -> bool:
    return eligible_subscribers(terms, today=today).filter(pk=subscriber.pk).exists()


def due_for_renewal(*, days: int = RENEWAL_NOTICE_DAYS, today: dt.date | None = None) -> QuerySet:
    """Active contracts ending within `days` days (or already past their end) and not yet renewed."""
    today = today or timezone.localdate()
    return (
        AnnualContract.objects.filter(status=ContractStatus.ACTIVE, ends_on__lte=today + dt.timedelta(days=days))
        .select_related("subscriber", "terms", "responsible")
        .order_by("ends_on", "pk")
    )


@dataclass
class DailyResult:
    activated: int = 0
    ended: int = 0
    reminders: int = 0


def run_daily(*, today: dt.date | None = None, days: int = RENEWAL_NOTICE_DAYS, user=None) -> DailyResult:
    """The daily contracts run (`abonent contracts_daily`): idempotent, safe to repeat the same day.

    Signed contracts whose start has come become active; active ones past their end become ended; every active
    contract ending within `days` days gets a renewal work item for its responsible person (one open item each).
    """

    today = today or timezone.localdate()
    result = DailyResult()
    for contract in AnnualContract.objects.filter(status=ContractStatus.SIGNED, starts_on__lte=today):
        actions.activate(contract, user=user, today=today)
        result.activated += 1
    for contract in AnnualContract.objects.filter(status=ContractStatus.ACTIVE, ends_on__lt=today):
        actions.end(contract, user=user, today=today)
        result.ended += 1
    for contract in due_for_renewal(days=days, today=today):
        with translation.override(settings.LANGUAGE_CODE):  # stored text: in the operator's language
            reason = _("Annual contract №%(pk)s ends %(date)s") % {
                "pk": contract.pk,
                "date": contract.ends_on.strftime("%d.%m.%Y"),
            }
        _item, created = add_to_work_list(
            contract.subscriber,
            WorkList.RENEWAL,
            user=user,
            assigned_to=contract.responsible,
            reason=reason,
            source=contract,
            next_action_on=today,
        )
        result.reminders += int(created)
    return result


# The contract's effect on churn ------------------------------------------------------------------------------------


@dataclass
class ChurnComparison:
    service: str
    label: str
    contract_months: int = 0
    contract_churned: int = 0
    other_months: int = 0
    other_churned: int = 0

    @property
    def contract_rate(self) -> float | None:
        """Monthly churn of subscribers under contract, in percent."""
        return 100 * self.contract_churned / self.contract_months if self.contract_months else None

    @property
    def other_rate(self) -> float | None:
        return 100 * self.other_churned / self.other_months if self.other_months else None

    @property
    def difference(self) -> float | None:
        if self.contract_rate is None or self.other_rate is None:
            return None
        return self.contract_rate - self.other_rate


def month_starts(start: dt.date, end: dt.date) -> list[dt.date]:
    months, month = [], start.replace(day=1)
    while month <= end:
        months.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return months


def churn_under_contract(start: dt.date, end: dt.date) -> list[ChurnComparison]:
    """Monthly churn of subscribers under an annual contract against those without one, by contract service.

    For each month from `start` to `end`, a subscriber active on the 1st counts one subscriber-month: "under
    contract" when a contract (not a draft or cancelled one) covered that day, else "without". They churned that
    month if disconnected within it. Rates are churned ÷ subscriber-months, in percent, per service type (TV, internet,
    bundle) and in total. Subscribers choose to sign, so the difference is not the contract's causal effect.
    """
    import numpy as np

    months = month_starts(start, end)
    if not months:
        return []
    first, last_day = months[0], (months[-1] + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    never = dt.date.max.toordinal()
    services = [service for service, _label in ContractService.choices]
    # Only the service types a contract can cover (telephony, mobile and other are left out of the comparison).
    code_of = {t: services.index(s) for t in ServiceType.values if (s := ContractService.for_subscriber(t))}
    rows = list(
        Subscriber.objects.filter(connected_on__lt=last_day, service_type__in=list(code_of))
        .filter(Q(disconnected_on__isnull=True) | Q(disconnected_on__gte=first))
        .values_list("pk", "service_type", "connected_on", "disconnected_on")
        .iterator(chunk_size=20000)
    )
    ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
    service = np.fromiter((code_of[r[1]] for r in rows), dtype=np.int8, count=len(rows))
    connected = np.fromiter((r[2].toordinal() for r in rows), dtype=np.int64, count=len(rows))
    gone = np.fromiter((r[3].toordinal() if r[3] else never for r in rows), dtype=np.int64, count=len(rows))
    spans = np.array(
        [
            (subscriber_id, starts_on.toordinal(), (ended_on or ends_on).toordinal())
            for subscriber_id, starts_on, ends_on, ended_on in AnnualContract.objects.exclude(
                status__in=[ContractStatus.DRAFT, ContractStatus.CANCELLED]
            )
            .filter(starts_on__lte=last_day)
            .values_list("subscriber_id", "starts_on", "ends_on", "ended_on")
        ],
        dtype=np.int64,
    ).reshape(-1, 3)
    result = {code: ChurnComparison(code, str(label)) for code, label in ContractService.choices}
    for month in months:
        day = month.toordinal()
        next_day = ((month + dt.timedelta(days=32)).replace(day=1)).toordinal()
        at_risk = (connected < day) & (gone >= day)
        churned = gone < next_day
        covering = spans[(spans[:, 1] <= day) & (spans[:, 2] >= day), 0]
        covered = np.isin(ids, covering)
        for index, code in enumerate(services):
            mine = at_risk & (service == index)
            row = result[code]
            row.contract_months += int(np.count_nonzero(mine & covered))
            row.contract_churned += int(np.count_nonzero(mine & covered & churned))
            row.other_months += int(np.count_nonzero(mine & ~covered))
            row.other_churned += int(np.count_nonzero(mine & ~covered & churned))
    rows = result
    total = ChurnComparison("total", _("Total"))
    for row in rows.values():
        total.contract_months += row.contract_months
        total.contract_churned += row.contract_churned
        total.other_months += row.other_months
        total.other_churned += row.other_churned
    return [*rows.values(), total]


@dataclass
class ContractCounts:
    active: int
    signed_in_period: int
    agitations: int
    accepted: int
    declined: int
    thinking: int
    due_for_renewal: int
    monthly_cost: float

    @property
    def acceptance_rate(self) -> float | None:
        return 100 * self.accepted / self.agitations if self.agitations else None


def contract_counts(start: dt.date, end: dt.date, today: dt.date | None = None) -> ContractCounts:
    from django.db.models import Count, Sum

    today = today or timezone.localdate()
    active = AnnualContract.objects.filter(status=ContractStatus.ACTIVE)
    answers = dict(
        Agitation.objects.filter(offered_at__date__gte=start, offered_at__date__lte=end)
        .values_list("answer")
        .annotate(n=Count("pk"))
        .values_list("answer", "n")
    )
    return ContractCounts(
        active=active.count(),
        signed_in_period=AnnualContract.objects.filter(signed_on__gte=start, signed_on__lte=end).count(),
        agitations=sum(answers.values()),
        accepted=answers.get("accepted", 0),
        declined=answers.get("declined", 0),
        thinking=answers.get("thinking", 0),
        due_for_renewal=due_for_renewal(today=today).count(),
        monthly_cost=float(active.aggregate(s=Sum("cost_monthly"))["s"] or 0),
    )
