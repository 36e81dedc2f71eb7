"""The audit scorecard's figures (seed 000), one function per metric: `metric(period) -> Figure`.

Each function computes from the data in the system for the period, in a few aggregate queries, and guards apps
that may be absent or empty: a figure without data has value None and says why. Percentages are 0–100.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.db.models import Avg, Count, Max, Q, Sum
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from abonent.calls.choices import CallOutcome
from abonent.calls.models import Call
from abonent.churn.choices import RequestStatus
from abonent.churn.kept import count_kept
from abonent.churn.models import DisconnectionRequest
from abonent.subscribers.choices import SubscriberStatus
from abonent.subscribers.models import MonthlyCharge, Subscriber

from .choices import Area, Direction


@dataclass
class Period:
    """The scorecard's period; `memo` keeps figures several metrics share (flows, call counts) for one scorecard."""

    start: dt.date
    end: dt.date
    cache: dict = field(default_factory=dict, compare=False, repr=False)

    def memo(self, key: str, compute: Callable):
        if key not in self.cache:
            self.cache[key] = compute()
        return self.cache[key]

    @property
    def since(self) -> dt.datetime:
        return dt.datetime.combine(self.start, dt.time.min, tzinfo=timezone.get_current_timezone())

    @property
    def until(self) -> dt.datetime:
        """The first moment after the period (exclusive bound)."""
        return dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min, tzinfo=timezone.get_current_timezone())

    @property
    def months(self) -> float:
        """Length in months (30.44-day months), at least one day's worth."""
        return max(1, (self.end - self.start).days + 1) / 30.4375


@dataclass
class Figure:
    value: float | None
    detail: str = ""
    url: str | None = None
    note: str = ""


@dataclass(frozen=True)
class Metric:
    code: str
    area: str
    name: str
    unit: str  # "%", "s", "ratio"
    compute: Callable[[Period], Figure]
    target: Decimal
    amber: Decimal
    direction: str
    description: str = ""


def link(url_name: str, **query) -> str | None:
    """A register URL filtered by `query`, or None while that register is not installed."""
    try:
        url = reverse(url_name)
    except NoReverseMatch:
        return None
    query = {k: v for k, v in query.items() if v not in (None, "")}
    return f"{url}?{urlencode(query)}" if query else url


def pct(part: int | float, whole: int | float) -> float | None:
    return 100 * part / whole if whole else None


def model_or_none(label: str):
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def _of(part, whole) -> str:
    return _("%(part)s of %(whole)s") % {"part": part, "whole": whole}


# Incoming flow ---------------------------------------------------------------------------------------------------


def _bases(period: Period) -> tuple[int, int]:
    """The active base on the day before the period and on its last day (one query)."""

    def compute():
        before = period.start - dt.timedelta(days=1)
        counts = Subscriber.objects.aggregate(
            start=Count("pk", filter=Q(connected_on__lte=before) & ~Q(disconnected_on__lte=before)),
            end=Count("pk", filter=Q(connected_on__lte=period.end) & ~Q(disconnected_on__lte=period.end)),
        )
        return counts["start"], counts["end"]

    return period.memo("bases", compute)


def _flows(period: Period) -> tuple[int, int]:
    def compute():
        counts = Subscriber.objects.aggregate(
            adds=Count("pk", filter=Q(connected_on__gte=period.start, connected_on__lte=period.end)),
            churned=Count("pk", filter=Q(disconnected_on__gte=period.start, disconnected_on__lte=period.end)),
        )
        return counts["adds"], counts["churned"]

    return period.memo("flows", compute)


def inflow_rate(period: Period) -> Figure:
    """New subscribers a month as a share of the base at the start of the period."""
    adds, _churned = _flows(period)
    base, _end = _bases(period)
    per_month = adds / period.months
    return Figure(
        pct(per_month, base),
        _("%(adds)s new subscribers, %(per_month)s a month; base %(base)s")
        % {"adds": adds, "per_month": f"{per_month:.0f}", "base": base},
        link("subscribers:subscriber_list", connected_on_after=period.start, connected_on_before=period.end),
    )


def inflow_vs_churn(period: Period) -> Figure:
    """Gross adds against churn: above 100 % the base grows."""
    adds, churned = _flows(period)
    return Figure(
        pct(adds, churned),
        _("%(adds)s new against %(churned)s churned") % {"adds": adds, "churned": churned},
        link("subscribers:subscriber_list", disconnected_on_after=period.start, disconnected_on_before=period.end),
        "" if churned else _("No churn in the period."),
    )


def connection_rate(period: Period) -> Figure:
    """Connection applications (tickets of kind "connection") opened in the period that were completed."""
    Ticket = model_or_none("tickets.Ticket")
    if Ticket is None:
        return Figure(None, note=_("The tickets register is not installed."))
    counts = Ticket.objects.filter(
        kind="connection", opened_at__gte=period.since, opened_at__lt=period.until
    ).aggregate(total=Count("pk"), done=Count("pk", filter=Q(status__in=["resolved", "closed"])))
    if not counts["total"]:
        return Figure(None, note=_("No connection applications registered in the period."))
    return Figure(
        pct(counts["done"], counts["total"]),
        _of(counts["done"], counts["total"]),
        link("tickets:ticket_list", kind="connection", opened_after=period.start, opened_before=period.end),
    )


# Retention -------------------------------------------------------------------------------------------------------


def _requests(period: Period):
    return DisconnectionRequest.objects.filter(received_at__gte=period.since, received_at__lt=period.until)


def requests_link(period: Period, **query) -> str | None:
    return link("churn:disconnectionrequest_list", received_after=period.start, received_before=period.end, **query)


def reason_established_share(period: Period) -> Figure:
    """Requests received in the period whose reason was established (withdrawn ones left out)."""
    counts = (
        _requests(period)
        .exclude(status=RequestStatus.WITHDRAWN)
        .aggregate(total=Count("pk"), with_reason=Count("pk", filter=Q(reason__isnull=False)))
    )
    if not counts["total"]:
        return Figure(None, note=_("No disconnection requests in the period."))
    return Figure(
        pct(counts["with_reason"], counts["total"]), _of(counts["with_reason"], counts["total"]), requests_link(period)
    )


def offer_made_share(period: Period) -> Figure:
    """Requests with a managed reason that got a retention offer: the unmanaged ones need none."""
    counts = (
        _requests(period)
        .filter(reason__is_managed=True)
        .aggregate(total=Count("pk"), offered=Count("pk", filter=Q(offer_made_at__isnull=False)))
    )
    if not counts["total"]:
        return Figure(None, note=_("No requests with a managed reason in the period."))
    return Figure(
        pct(counts["offered"], counts["total"]), _of(counts["offered"], counts["total"]), requests_link(period)
    )


def kept_share(period: Period) -> Figure:
    """Requests closed in the period as kept among those closed as kept or disconnected (churn.kept: withdrawn
    requests left out, as the other retention figures leave them out)."""
    counts = count_kept(DisconnectionRequest.objects.filter(closed_at__gte=period.since, closed_at__lt=period.until))
    if not counts.decided:
        return Figure(None, note=_("No requests closed as kept or disconnected in the period."))
    return Figure(
        float(counts.share),
        _of(counts.kept, counts.decided),
        link("churn:disconnectionrequest_list", status="retained"),
    )


def managed_churn_share(period: Period) -> Figure:
    """Subscribers who left in the period for a managed reason, among those who left with a known reason."""
    counts = Subscriber.objects.filter(
        disconnected_on__gte=period.start, disconnected_on__lte=period.end, churn_reason__isnull=False
    ).aggregate(total=Count("pk"), managed=Count("pk", filter=Q(churn_reason__is_managed=True)))
    if not counts["total"]:
        return Figure(None, note=_("No churn with a known reason in the period."))
    return Figure(
        pct(counts["managed"], counts["total"]),
        _of(counts["managed"], counts["total"]),
        link("subscribers:subscriber_list", disconnected_on_after=period.start, disconnected_on_before=period.end),
    )


def monthly_churn_rate(period: Period) -> Figure:
    """Churned a month over the average active base, in percent."""
    _adds, churned = _flows(period)
    start, end = _bases(period)
    base = (start + end) / 2
    if not base:
        return Figure(None, note=_("No subscribers in the base."))
    return Figure(
        pct(churned / period.months, base),
        _("%(churned)s churned, average base %(base)s") % {"churned": churned, "base": f"{base:.0f}"},
        link("subscribers:subscriber_list", disconnected_on_after=period.start, disconnected_on_before=period.end),
    )


# Service ---------------------------------------------------------------------------------------------------------


def _inbound_calls(period: Period):

    return Call.objects.filter(direction="inbound", started_at__gte=period.since, started_at__lt=period.until)


def _call_counts(period: Period) -> dict:

    return period.memo(
        "calls",
        lambda: _inbound_calls(period).aggregate(
            total=Count("pk"),
            answered=Count("pk", filter=Q(outcome=CallOutcome.ANSWERED)),
            abandoned=Count("pk", filter=Q(outcome=CallOutcome.ABANDONED)),
            missed=Count("pk", filter=Q(outcome__in=CallOutcome.missed_values())),
            talk=Avg("talk_seconds", filter=Q(outcome=CallOutcome.ANSWERED)),
        ),
    )


def calls_link(period: Period, **query) -> str | None:
    return link("calls:call_list", period_after=period.start, period_before=period.end, direction="inbound", **query)


def calls_answered_share(period: Period) -> Figure:
    """Inbound calls answered, among all inbound calls (the rest were lost: seed 002's "did not take place")."""
    counts = _call_counts(period)
    if not counts["total"]:
        return Figure(None, note=_("No inbound calls in the period."))
    return Figure(
        pct(counts["answered"], counts["total"]),
        _("%(answered)s answered, %(missed)s lost of %(total)s") % counts,
        calls_link(period),
    )


def abandonment_rate(period: Period) -> Figure:
    """Inbound calls whose caller hung up waiting in the queue."""
    counts = _call_counts(period)
    if not counts["total"]:
        return Figure(None, note=_("No inbound calls in the period."))
    return Figure(
        pct(counts["abandoned"], counts["total"]),
        _of(counts["abandoned"], counts["total"]),
        calls_link(period, outcome="abandoned"),
    )


def average_talk_seconds(period: Period) -> Figure:
    """Mean talk time of answered inbound calls, in seconds."""
    counts = _call_counts(period)
    if not counts["answered"]:
        return Figure(None, note=_("No answered inbound calls in the period."))
    talk = float(counts["talk"] or 0)
    return Figure(
        talk,
        _("%(n)s answered calls, %(min)s min %(sec)s s on average")
        % {"n": counts["answered"], "min": int(talk // 60), "sec": int(talk % 60)},
        calls_link(period),
    )


def callback_reach(period: Period) -> Figure:
    """Callback tasks of the period whose caller was spoken to (reached, got through, called back)."""
    Task = model_or_none("callcentre.CallbackTask")
    if Task is None:
        return Figure(None, note=_("The callback queue is not installed."))
    contact = ["reached", "got_through", "called_back"]
    counts = (
        Task.objects.filter(created_at__gte=period.since, created_at__lt=period.until)
        .exclude(outcome="cancelled")
        .aggregate(total=Count("pk"), reached=Count("pk", filter=Q(outcome__in=contact)))
    )
    if not counts["total"]:
        return Figure(None, note=_("No callback tasks in the period."))
    return Figure(
        pct(counts["reached"], counts["total"]),
        _of(counts["reached"], counts["total"]),
        link("callcentre:callbacktask_list", created_after=period.start, created_before=period.end),
    )


def tariffs_above_market(period: Period) -> Figure:
    """Active subscribers on a tariff dearer than the competitors' median price for the same service type."""
    Competitor = model_or_none("analytics.CompetitorTariff")
    if Competitor is None:
        return Figure(None, note=_("The competitors' tariffs register is not installed."))
    prices: dict[str, list] = {}
    competitors = Competitor.objects.all()
    if any(f.name == "is_archived" for f in Competitor._meta.fields):
        competitors = competitors.filter(is_archived=False)
    for service_type, price in competitors.values_list("service_type", "price"):
        prices.setdefault(service_type, []).append(price)
    if not prices:
        return Figure(None, note=_("No competitors' tariffs entered."))
    medians = {service_type: statistics.median(values) for service_type, values in prices.items()}
    above = Q()
    for service_type, median in medians.items():
        above |= Q(tariff__service_type=service_type, tariff__monthly_fee__gt=median)
    counts = Subscriber.objects.filter(
        status=SubscriberStatus.ACTIVE, tariff__service_type__in=list(medians)
    ).aggregate(total=Count("pk"), above=Count("pk", filter=above))
    if not counts["total"]:
        return Figure(None, note=_("No active subscribers on tariffs of the compared service types."))
    shown = ", ".join(f"{k}: {v:.0f}" for k, v in sorted(medians.items()))
    return Figure(
        pct(counts["above"], counts["total"]),
        _("%(part)s of %(whole)s; market medians %(medians)s RUB")
        % {"part": counts["above"], "whole": counts["total"], "medians": shown},
        link("analytics:competitortariff_list") or link("subscribers:tariff_list"),
        _("As of today."),
    )


# Receivables -----------------------------------------------------------------------------------------------------


def _balance_month(period: Period) -> dt.date | None:
    return period.memo(
        "balance_month", lambda: MonthlyCharge.objects.filter(month__lte=period.end).aggregate(m=Max("month"))["m"]
    )


def _balances(period: Period, month: dt.date) -> dict:
    """Accounts, debtors, the sum of negative balances and the charges of the month (one query)."""
    return period.memo(
        "balances",
        lambda: MonthlyCharge.objects.filter(month=month).aggregate(
            total=Count("pk"),
            debtors=Count("pk", filter=Q(balance__lt=0)),
            debt=Sum("balance", filter=Q(balance__lt=0)),
            charged=Sum("charged"),
        ),
    )


def debtors_share(period: Period) -> Figure:
    """Subscribers of the base with a negative balance at the end of the last charged month of the period."""
    month = _balance_month(period)
    if month is None:
        return Figure(None, note=_("No monthly charges imported."))
    counts = _balances(period, month)
    return Figure(
        pct(counts["debtors"], counts["total"]),
        _("%(part)s of %(whole)s accounts at the end of %(month)s")
        % {"part": counts["debtors"], "whole": counts["total"], "month": f"{month:%m.%Y}"},
        link("subscribers:subscriber_list", status="blocked"),
    )


def receivables_to_billing(period: Period) -> Figure:
    """Receivables (the sum of negative balances) as a share of that month's charges."""
    month = _balance_month(period)
    if month is None:
        return Figure(None, note=_("No monthly charges imported."))
    sums = _balances(period, month)
    debt = -(sums["debt"] or Decimal(0))
    charged = sums["charged"] or Decimal(0)
    return Figure(
        pct(float(debt), float(charged)),
        _("receivables %(debt)s RUB against %(charged)s RUB charged in %(month)s")
        % {
            "debt": f"{debt:,.0f}".replace(",", " "),
            "charged": f"{charged:,.0f}".replace(",", " "),
            "month": f"{month:%m.%Y}",
        },
        link("subscribers:subscriber_list", status="blocked"),
    )


def blocked_share(period: Period) -> Figure:
    """Subscribers blocked for debt among the connected base (active, suspended, blocked), as of today."""
    counts = Subscriber.objects.exclude(status=SubscriberStatus.DISCONNECTED).aggregate(
        total=Count("pk"), blocked=Count("pk", filter=Q(status=SubscriberStatus.BLOCKED))
    )
    if not counts["total"]:
        return Figure(None, note=_("No subscribers in the base."))
    return Figure(
        pct(counts["blocked"], counts["total"]),
        _of(counts["blocked"], counts["total"]),
        link("subscribers:subscriber_list", status="blocked"),
        _("As of today."),
    )


H, L = Direction.HIGHER, Direction.LOWER
D = Decimal

# code, area, name, unit, function, default target, amber threshold, direction
METRIC_LIST = [
    Metric(
        "inflow_rate",
        Area.INFLOW,
        gettext_lazy("New subscribers a month, percent of the base"),
        "%",
        inflow_rate,
        D("2.0"),
        D("1.5"),
        H,
    ),
    Metric(
        "inflow_vs_churn",
        Area.INFLOW,
        gettext_lazy("Inflow against churn"),
        "%",
        inflow_vs_churn,
        D("110"),
        D("100"),
        H,
    ),
    Metric(
        "connection_rate",
        Area.INFLOW,
        gettext_lazy("Connection applications completed"),
        "%",
        connection_rate,
        D("85"),
        D("70"),
        H,
    ),
    Metric(
        "reason_established_share",
        Area.RETENTION,
        gettext_lazy("Requests with the reason established"),
        "%",
        reason_established_share,
        D("95"),
        D("80"),
        H,
    ),
    Metric(
        "offer_made_share",
        Area.RETENTION,
        gettext_lazy("Retention offer made (managed reasons)"),
        "%",
        offer_made_share,
        D("90"),
        D("70"),
        H,
    ),
    Metric(
        "kept_share",
        Area.RETENTION,
        gettext_lazy("Kept share of requests worked to an end"),
        "%",
        kept_share,
        D("40"),
        D("25"),
        H,
    ),
    Metric(
        "managed_churn_share",
        Area.RETENTION,
        gettext_lazy("Managed churn share"),
        "%",
        managed_churn_share,
        D("50"),
        D("65"),
        L,
    ),
    Metric(
        "monthly_churn_rate",
        Area.RETENTION,
        gettext_lazy("Monthly churn rate"),
        "%",
        monthly_churn_rate,
        D("1.5"),
        D("2.5"),
        L,
    ),
    Metric(
        "calls_answered_share",
        Area.SERVICE,
        gettext_lazy("Inbound calls answered"),
        "%",
        calls_answered_share,
        D("90"),
        D("80"),
        H,
    ),
    Metric(
        "abandonment_rate",
        Area.SERVICE,
        gettext_lazy("Calls abandoned in the queue"),
        "%",
        abandonment_rate,
        D("5"),
        D("10"),
        L,
    ),
    Metric(
        "average_talk_seconds",
        Area.SERVICE,
        gettext_lazy("Average dialogue, seconds"),
        "s",
        average_talk_seconds,
        D("240"),
        D("360"),
        L,
    ),
    Metric(
        "callback_reach",
        Area.SERVICE,
        gettext_lazy("Missed callers reached by callback"),
        "%",
        callback_reach,
        D("80"),
        D("60"),
        H,
    ),
    Metric(
        "tariffs_above_market",
        Area.SERVICE,
        gettext_lazy("Subscribers on tariffs above the market median"),
        "%",
        tariffs_above_market,
        D("30"),
        D("50"),
        L,
    ),
    Metric(
        "debtors_share",
        Area.DEBT,
        gettext_lazy("Accounts with a negative balance"),
        "%",
        debtors_share,
        D("5"),
        D("10"),
        L,
    ),
    Metric(
        "receivables_to_billing",
        Area.DEBT,
        gettext_lazy("Receivables as a share of monthly charges"),
        "%",
        receivables_to_billing,
        D("10"),
        D("20"),
        L,
    ),
    Metric(
        "blocked_share", Area.DEBT, gettext_lazy("Subscribers blocked for debt"), "%", blocked_share, D("3"), D("6"), L
    ),
]
METRICS = {m.code: m for m in METRIC_LIST}
