"""Computations over the churn classifier and the request register; they return plain data."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from statistics import median

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from abonent.subscribers.models import Subscriber
from abonent.subscribers.services import show_phones

from .choices import NormSource
from .models import ChurnReason

CENT = Decimal("0.01")
HUNDRED = Decimal(100)


@dataclass
class NormProposal:
    """A norm proposed for one reason from the operator's own churn over a baseline period.

    Shares are percent of the month's churn with a known reason. `median_share`, `min_share` and `max_share` are
    the observed monthly values; `proposed` is the median normalised so all proposals sum to 100.
    """

    reason_id: int
    code: str
    name: str
    group_name: str
    is_managed: bool
    current_norm: Decimal
    current_source: str
    proposed: Decimal | None
    median_share: Decimal | None
    min_share: Decimal | None
    max_share: Decimal | None
    monthly_shares: list[Decimal] = field(default_factory=list)

    @property
    def current_source_label(self) -> str:
        return str(dict(NormSource.choices).get(self.current_source, self.current_source))

    @property
    def change(self) -> Decimal | None:
        return None if self.proposed is None else self.proposed - self.current_norm


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def next_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def baseline_months(start: dt.date, end: dt.date) -> list[dt.date]:
    """The whole months from the month of `start` to the month of `end`, as their first days."""
    months, month = [], month_start(start)
    while month <= end:
        months.append(month)
        month = next_month(month)
    return months


def monthly_churn(start: dt.date, end: dt.date) -> dict[dt.date, dict[int, int]]:
    """Subscribers disconnected in each baseline month, by churn reason (subscribers with no reason left out)."""
    months = baseline_months(start, end)
    counts: dict[dt.date, dict[int, int]] = {month: {} for month in months}
    if not months:
        return counts
    rows = (
        Subscriber.objects.filter(
            disconnected_on__gte=months[0], disconnected_on__lt=next_month(months[-1]), churn_reason__isnull=False
        )
        .annotate(month=TruncMonth("disconnected_on"))
        .values("month", "churn_reason")
        .annotate(n=Count("id"))
    )
    for row in rows:
        month = row["month"]
        month = month.date() if isinstance(month, dt.datetime) else month
        counts[month][row["churn_reason"]] = row["n"]
    return counts


def _round_to_hundred(values: dict[int, Decimal]) -> dict[int, Decimal]:
    """Fractions summing to 1 as percents to 0.01 that sum to exactly 100.00.

    Largest remainder: the cents left after flooring go to the largest fractional parts, so applying every
    proposal gives a classifier whose norms add up.
    """
    cents = {key: fraction * HUNDRED * HUNDRED for key, fraction in values.items()}
    floors = {key: c.to_integral_value(rounding=ROUND_FLOOR) for key, c in cents.items()}
    left = int(HUNDRED * HUNDRED - sum(floors.values()))
    for key in sorted(cents, key=lambda k: (cents[k] - floors[k], cents[k]), reverse=True)[:left]:
        floors[key] += 1
    return {key: (floor / HUNDRED).quantize(CENT) for key, floor in floors.items()}


def propose_norms(start: dt.date, end: dt.date) -> list[NormProposal]:
    """Norms from the operator's history: per reason, the median over the baseline months of its monthly share.

    A month's share of a reason is its churn (subscribers with `disconnected_on` in the month and that
    `churn_reason`) over the month's churn with any reason. Months with no churn have no share and are skipped;
    a month in which a reason had no churn counts as 0. The medians of the current (non-archived) reasons are
    scaled to sum to 100. When no month has churn, or every median is 0, nothing is proposed (`proposed` None).
    """
    counts = monthly_churn(start, end)
    totals = {month: sum(by_reason.values()) for month, by_reason in counts.items()}
    active_months = [month for month, total in totals.items() if total]
    reasons = list(ChurnReason.objects.filter(is_archived=False, group__is_archived=False).select_related("group"))

    shares: dict[int, list[Decimal]] = {}
    medians: dict[int, Decimal] = {}
    for reason in reasons:
        shares[reason.pk] = [
            Decimal(counts[month].get(reason.pk, 0)) * HUNDRED / Decimal(totals[month]) for month in active_months
        ]
        if active_months:
            medians[reason.pk] = Decimal(median(shares[reason.pk]))

    total_median = sum(medians.values(), Decimal(0))
    proposed = _round_to_hundred({pk: m / total_median for pk, m in medians.items()}) if total_median > 0 else {}

    def q(value: Decimal | None) -> Decimal | None:
        return None if value is None else value.quantize(CENT, rounding=ROUND_HALF_UP)

    return [
        NormProposal(
            reason_id=reason.pk,
            code=reason.code,
            name=reason.name,
            group_name=reason.group.name,
            is_managed=reason.is_managed,
            current_norm=reason.norm_percent,
            current_source=reason.norm_source,
            proposed=proposed.get(reason.pk),
            median_share=q(medians.get(reason.pk)),
            min_share=q(min(shares[reason.pk])) if active_months else None,
            max_share=q(max(shares[reason.pk])) if active_months else None,
            monthly_shares=[q(s) for s in shares[reason.pk]],
        )
        for reason in reasons
    ]


def default_baseline(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The last 12 whole months before the current one."""
    today = today or timezone.localdate()
    end = month_start(today) - dt.timedelta(days=1)
    start = month_start(end)
    for _ in range(11):
        start = month_start(start - dt.timedelta(days=1))
    return start, end


def tenure_months(connected_on: dt.date, until: dt.date) -> int:
    """Whole months a subscriber has been with the operator."""
    months = (until.year - connected_on.year) * 12 + until.month - connected_on.month
    if until.day < connected_on.day:
        months -= 1
    return max(months, 0)


def subscriber_summary(subscriber: Subscriber, user) -> dict:
    """What the agent needs to see of a subscriber on a request card; phones masked unless the user may see them."""
    until = subscriber.disconnected_on or timezone.localdate()
    months = tenure_months(subscriber.connected_on, until)
    return {
        "subscriber": subscriber,
        "tenure_months": months,
        "tenure_years": months // 12,
        "tenure_rest_months": months % 12,
        "phones": show_phones(user, subscriber.phones),
    }
