"""Churn diagnostics (форма самостоятельной диагностики оттока, seed 001, 2.2) and churn vs inflow.

Everything is computed with a fixed number of grouped SQL queries, whatever the size of the base or the length of
the period: connections and disconnections grouped by month give the base at any month boundary by cumulative sums
(the base is "connected so far minus disconnected so far"), and one more grouped query gives churn by reason.
Formulas and a worked example: docs/reports/diagnostics.md.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _

from abonent.churn.choices import RequestStatus
from abonent.churn.kept import KEPT, kept_share
from abonent.churn.models import ChurnReason, DisconnectionRequest
from abonent.subscribers.choices import SubscriberKind
from abonent.subscribers.models import SavedSegment, Subscriber, Tariff
from abonent.subscribers.segments import apply_definition
from abonent.subscribers.service_kinds import service_type_labels

# A share of churn with no reason above this (percent) makes the structure untrustworthy: the page warns.
NOT_ESTABLISHED_WARNING_PCT = 5.0
NOT_ESTABLISHED_CODE = "not_established"
NOT_ESTABLISHED_LABEL = _("Reason not established")


# --- months -------------------------------------------------------------------------------------------------------


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(day: date, months: int) -> date:
    """The first day of the month `months` after the month of `day`."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def month_end(day: date) -> date:
    return add_months(day, 1) - timedelta(days=1)


def months_between(start: date, end: date) -> list[date]:
    """First days of every month from start's month to end's month, both included."""
    first, last = month_start(start), month_start(end)
    months = []
    while first <= last:
        months.append(first)
        first = add_months(first, 1)
    return months


def annualise(monthly_pct: float | None) -> float | None:
    """Annual rate from a monthly one, compounding: 1 − (1 − m)^12 (a base losing m a month keeps (1 − m)^12)."""
    if monthly_pct is None:
        return None
    return (1 - (1 - monthly_pct / 100) ** 12) * 100


def monthly_from_annual(annual_pct: float) -> float:
    """The monthly rate that compounds to `annual_pct` a year: 1 − (1 − a)^(1/12)."""
    return (1 - (1 - annual_pct / 100) ** (1 / 12)) * 100


# --- segment --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    """A slice of the base: residential/business, service type, city, district, tariff, and a saved segment
    (analytics.SavedSegment, its conditions applied on top). None means "all"."""

    kind: str | None = None
    service_type: str | None = None
    city: str | None = None
    district: str | None = None
    tariff_id: int | None = None
    saved_segment_id: int | None = None

    def apply(self, queryset: QuerySet[Subscriber]) -> QuerySet[Subscriber]:
        # Filters on Subscriber's own denormalised columns only: no joins over a million rows.
        if self.kind:
            queryset = queryset.filter(kind=self.kind)
        if self.service_type:
            queryset = queryset.filter(service_type=self.service_type)
        if self.city:
            queryset = queryset.filter(city__iexact=self.city)
        if self.district:
            queryset = queryset.filter(district__iexact=self.district)
        if self.tariff_id:
            queryset = queryset.filter(tariff_id=self.tariff_id)
        if self.saved_segment_id:
            definition = SavedSegment.objects.filter(pk=self.saved_segment_id).values_list("definition", flat=True)
            queryset = apply_definition(queryset, definition.first() or {})
        return queryset

    @property
    def is_empty(self) -> bool:
        return not any(dataclasses.astuple(self))


# --- results --------------------------------------------------------------------------------------------------------


@dataclass
class MonthRow:
    """One month of churn vs inflow. Bases are counted at the end of the day; base_start is the previous month's end."""

    month: date
    gross_adds: int
    churned: int
    net_growth: int
    base_start: int
    base_end: int
    churn_pct: float | None  # churned / ((base_start + base_end) / 2), percent a month


@dataclass
class ChurnVsInflow:
    """Gross adds (connected in the month) against churn (disconnected in the month), month by month."""

    start: date
    end: date
    segment: Segment
    months: list[MonthRow]
    gross_adds: int
    churned: int
    net_growth: int
    base_start: int
    base_end: int


@dataclass
class StructureRow:
    """A reason, a group subtotal, or churn with no reason, in the churn structure of the period.

    share_pct is the share of all churn of the period; deviation_pp = share − norm in percentage points;
    excess is how many subscribers over the norm a managed reason lost in the period (0 when not over norm,
    for unmanaged reasons and for churn with no reason, which has no norm).
    """

    level: str  # "group", "reason" or "not_established"
    group_code: str
    group_name: str
    reason_code: str
    reason_name: str
    is_managed: bool
    churned: int
    share_pct: float
    norm_pct: float | None
    deviation_pp: float | None
    over_norm: bool
    mean_arpu: float | None
    excess: float
    excess_revenue: float  # excess × mean ARPU over the period (RUB a month when divided by months)


@dataclass
class GroupStructure:
    """A reason group: its subtotal row and its reasons."""

    total: StructureRow
    reasons: list[StructureRow]


@dataclass
class RetentionWork:
    """Disconnection requests received in the period and how they ended: the retention team's side of churn."""

    received: int
    open: int
    kept: int  # churn.kept.KEPT: retained, suspended instead, or relocated: the subscriber stays
    withdrawn: int
    disconnected: int
    by_status: dict[str, int]

    @property
    def kept_pct(self) -> float | None:
        """The kept share (churn.kept.kept_share) of the requests worked to an end; withdrawn ones are left out."""
        share = kept_share(self.kept, self.disconnected)
        return None if share is None else float(share)


@dataclass
class ChurnDiagnostics:
    """The churn diagnostics of a period and segment (percent values are percents: 2.5 means 2.5 %)."""

    start: date
    end: date
    months: int
    segment: Segment
    churned: int
    gross_adds: int
    net_growth: int
    base_start: int
    base_end: int
    average_base: float
    monthly_churn_pct: float | None
    annual_churn_pct: float | None
    managed_churned: int
    unmanaged_churned: int
    managed_monthly_pct: float | None
    managed_annual_pct: float | None
    unmanaged_monthly_pct: float | None
    unmanaged_annual_pct: float | None
    # Plan of non-retention: the unmanaged rate, or the plan the head set (plan_is_set).
    plan_is_set: bool
    plan_monthly_pct: float | None
    plan_annual_pct: float | None
    actual_monthly_pct: float | None
    actual_annual_pct: float | None
    plan_fulfilment_pct: float | None  # plan / actual × 100 on monthly rates; ≥ 100 means churn at or below plan
    groups: list[GroupStructure]
    not_established: StructureRow
    not_established_warning: bool
    achievable_reduction: float  # subscribers a month
    achievable_revenue: float  # RUB a month
    by_month: list[MonthRow] = field(default_factory=list)
    retention: RetentionWork | None = None

    @property
    def structure_rows(self) -> list[StructureRow]:
        """Group subtotal, then its reasons, for every group; churn with no reason last."""
        rows = []
        for group in self.groups:
            rows.append(group.total)
            rows.extend(group.reasons)
        rows.append(self.not_established)
        return rows

    @property
    def reasons_over_norm(self) -> list[StructureRow]:
        return [row for group in self.groups for row in group.reasons if row.over_norm]

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)


# --- computation ----------------------------------------------------------------------------------------------------


def _as_date(value) -> date:
    return value.date() if isinstance(value, datetime) else value


def _counts_by_month(queryset: QuerySet[Subscriber], field_name: str, last_day: date) -> dict[date, int]:
    """Subscribers per month of `field_name` (connected_on or disconnected_on), up to last_day: one grouped scan."""
    rows = (
        queryset.filter(**{f"{field_name}__lte": last_day})
        .annotate(month=TruncMonth(field_name))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by()  # drop Subscriber.Meta.ordering, or it would join the GROUP BY
    )
    return {_as_date(row["month"]): row["n"] for row in rows}


def _segment_queryset(segment: Segment | None) -> QuerySet[Subscriber]:
    return (segment or Segment()).apply(Subscriber.objects.all())


def _period(start: date, end: date) -> tuple[date, date]:
    start, end = month_start(start), month_start(end)
    if end < start:
        raise ValueError("The period ends before it starts.")
    return start, end


def _last_day(end: date, as_of: date | None) -> date:
    """The last day a period of whole months to `end` counts: its end, or the as-of date when that comes first."""
    return min(month_end(end), as_of) if as_of else month_end(end)


def _monthly_flows(queryset: QuerySet[Subscriber], start: date, end: date, as_of: date | None = None) -> list[MonthRow]:
    months = months_between(start, end)
    connected = _counts_by_month(queryset, "connected_on", _last_day(end, as_of))
    disconnected = _counts_by_month(queryset, "disconnected_on", _last_day(end, as_of))
    # The base at the end of the month before the period: everything connected before it minus everything gone.
    base = sum(n for m, n in connected.items() if m < start) - sum(n for m, n in disconnected.items() if m < start)
    rows = []
    for month in months:
        adds, churned = connected.get(month, 0), disconnected.get(month, 0)
        base_end = base + adds - churned
        average = (base + base_end) / 2
        rows.append(
            MonthRow(
                month=month,
                gross_adds=adds,
                churned=churned,
                net_growth=adds - churned,
                base_start=base,
                base_end=base_end,
                churn_pct=churned / average * 100 if average > 0 else None,
            )
        )
        base = base_end
    return rows


def active_base(on: date, segment: Segment | None = None) -> int:
    """Subscribers active at the end of the day `on`: connected by then and not disconnected by then."""
    queryset = _segment_queryset(segment)
    return queryset.filter(connected_on__lte=on).exclude(disconnected_on__lte=on).count()


def churn_vs_inflow(
    start: date, end: date, segment: Segment | None = None, *, as_of: date | None = None
) -> ChurnVsInflow:
    """Gross adds, churn, net growth and the base, month by month over whole months start..end (two queries);
    nothing after the as-of date counts."""
    start, end = _period(start, end)
    rows = _monthly_flows(_segment_queryset(segment), start, end, as_of)
    adds = sum(r.gross_adds for r in rows)
    churned = sum(r.churned for r in rows)
    return ChurnVsInflow(
        start=start,
        end=end,
        segment=segment or Segment(),
        months=rows,
        gross_adds=adds,
        churned=churned,
        net_growth=adds - churned,
        base_start=rows[0].base_start,
        base_end=rows[-1].base_end,
    )


def _rate(count: int, average_base: float, months: int) -> float | None:
    """Percent of the average base lost a month."""
    if average_base <= 0:
        return None
    return count / average_base / months * 100


def _row(level, group, reason, *, churned, total, norm, arpu_sum, is_managed) -> StructureRow:
    share = churned / total * 100 if total else 0.0
    over = norm is not None and share > norm
    mean_arpu = arpu_sum / churned if churned else None
    # Only a managed reason over its norm can be brought down; the rest is the plan of non-retention.
    excess = churned - norm / 100 * total if over and is_managed and level == "reason" else 0.0
    return StructureRow(
        level=level,
        group_code=group.code if group else "",
        group_name=group.name if group else "",
        reason_code=reason.code if reason else NOT_ESTABLISHED_CODE,
        reason_name=reason.name if reason else str(NOT_ESTABLISHED_LABEL),
        is_managed=is_managed,
        churned=churned,
        share_pct=share,
        norm_pct=norm,
        deviation_pp=share - norm if norm is not None else None,
        over_norm=over,
        mean_arpu=mean_arpu,
        excess=excess,
        excess_revenue=excess * (mean_arpu or 0.0),
    )


def churn_diagnostics(
    start: date,
    end: date,
    segment: Segment | None = None,
    *,
    plan_annual_pct: float | None = None,
    as_of: date | None = None,
) -> ChurnDiagnostics:
    """The churn diagnostics of whole months start..end for a segment of the base.

    Five queries whatever the period: connections by month, disconnections by month, churn of the period by
    reason (count and ARPU sum), the classifier, and the requests received in the period by status.
    `plan_annual_pct` is a plan of non-retention set in advance (percent a year); without it the plan is the
    period's own unmanaged churn rate. Connections and disconnections after the as-of date do not count.
    """
    start, end = _period(start, end)
    queryset = _segment_queryset(segment)
    by_month = _monthly_flows(queryset, start, end, as_of)
    months = len(by_month)
    average_base = sum((r.base_start + r.base_end) / 2 for r in by_month) / months

    churn_by_reason = {
        row["churn_reason_id"]: (row["n"], float(row["arpu_sum"] or 0))
        for row in queryset.filter(disconnected_on__gte=start, disconnected_on__lte=_last_day(end, as_of))
        .values("churn_reason_id")
        .annotate(n=Count("pk"), arpu_sum=Sum("arpu"))
        .order_by()
    }
    total = sum(n for n, _arpu in churn_by_reason.values())

    reasons = (
        ChurnReason.objects.select_related("group")
        .filter(Q(is_archived=False) | Q(pk__in=[pk for pk in churn_by_reason if pk is not None]))
        .order_by("group__order", "group__code", "order", "code")
    )

    rows_by_group: dict = {}  # ReasonGroup -> its reason rows, in classifier order
    for reason in reasons:
        churned, arpu_sum = churn_by_reason.get(reason.pk, (0, 0.0))
        rows_by_group.setdefault(reason.group, []).append(
            _row(
                "reason",
                reason.group,
                reason,
                churned=churned,
                total=total,
                norm=float(reason.norm_percent),
                arpu_sum=arpu_sum,
                is_managed=reason.is_managed,
            )
        )
    groups = [GroupStructure(_group_total(group, rows, total), rows) for group, rows in rows_by_group.items()]

    unknown_count, unknown_arpu = churn_by_reason.get(None, (0, 0.0))
    not_established = _row(
        "not_established",
        None,
        None,
        churned=unknown_count,
        total=total,
        norm=None,
        arpu_sum=unknown_arpu,
        is_managed=True,
    )

    # Churn with no reason counts as managed: nobody showed it could not be prevented.
    unmanaged = sum(r.churned for g in groups for r in g.reasons if not r.is_managed)
    managed = total - unmanaged
    monthly = _rate(total, average_base, months)
    managed_monthly = _rate(managed, average_base, months)
    unmanaged_monthly = _rate(unmanaged, average_base, months)
    plan_monthly = monthly_from_annual(plan_annual_pct) if plan_annual_pct is not None else unmanaged_monthly
    fulfilment = plan_monthly / monthly * 100 if plan_monthly is not None and monthly else None

    excess_rows = [r for g in groups for r in g.reasons if r.excess > 0]
    adds = sum(r.gross_adds for r in by_month)
    return ChurnDiagnostics(
        retention=retention_work(start, end, segment),
        start=start,
        end=end,
        months=months,
        segment=segment or Segment(),
        churned=total,
        gross_adds=adds,
        net_growth=adds - total,
        base_start=by_month[0].base_start,
        base_end=by_month[-1].base_end,
        average_base=average_base,
        monthly_churn_pct=monthly,
        annual_churn_pct=annualise(monthly),
        managed_churned=managed,
        unmanaged_churned=unmanaged,
        managed_monthly_pct=managed_monthly,
        managed_annual_pct=annualise(managed_monthly),
        unmanaged_monthly_pct=unmanaged_monthly,
        unmanaged_annual_pct=annualise(unmanaged_monthly),
        plan_is_set=plan_annual_pct is not None,
        plan_monthly_pct=plan_monthly,
        plan_annual_pct=plan_annual_pct if plan_annual_pct is not None else annualise(unmanaged_monthly),
        actual_monthly_pct=monthly,
        actual_annual_pct=annualise(monthly),
        plan_fulfilment_pct=fulfilment,
        groups=groups,
        not_established=not_established,
        not_established_warning=not_established.share_pct > NOT_ESTABLISHED_WARNING_PCT,
        achievable_reduction=sum(r.excess for r in excess_rows) / months,
        achievable_revenue=sum(r.excess_revenue for r in excess_rows) / months,
        by_month=by_month,
    )


def _group_total(group, rows: list[StructureRow], total: int) -> StructureRow:
    churned = sum(r.churned for r in rows)
    norm = sum(r.norm_pct or 0.0 for r in rows)
    share = churned / total * 100 if total else 0.0
    arpu_sum = sum((r.mean_arpu or 0.0) * r.churned for r in rows)
    return StructureRow(
        level="group",
        group_code=group.code,
        group_name=group.name,
        reason_code="",
        reason_name="",
        is_managed=group.is_managed,
        churned=churned,
        share_pct=share,
        norm_pct=norm,
        deviation_pp=share - norm,
        over_norm=share > norm,
        mean_arpu=arpu_sum / churned if churned else None,
        excess=sum(r.excess for r in rows),
        excess_revenue=sum(r.excess_revenue for r in rows),
    )


def retention_work(start: date, end: date, segment: Segment | None = None) -> RetentionWork:
    """Requests received in whole months start..end (by the day received, in the operator's time zone), by status."""

    start, end = _period(start, end)
    requests = DisconnectionRequest.objects.filter(received_at__date__gte=start, received_at__date__lte=month_end(end))
    if segment is not None and not segment.is_empty:
        requests = requests.filter(subscriber__in=segment.apply(Subscriber.objects.all()).values("pk"))
    by_status = {row["status"]: row["n"] for row in requests.values("status").annotate(n=Count("pk")).order_by()}
    kept = sum(by_status.get(s, 0) for s in KEPT)
    return RetentionWork(
        received=sum(by_status.values()),
        open=sum(by_status.get(s, 0) for s in RequestStatus.open_values()),
        kept=kept,
        withdrawn=by_status.get(RequestStatus.WITHDRAWN, 0),
        disconnected=by_status.get(RequestStatus.DISCONNECTED, 0),
        by_status={s.value: by_status.get(s.value, 0) for s in RequestStatus},
    )


# --- churn vs inflow by segment -------------------------------------------------------------------------------------

BREAKDOWN_FIELDS = {"kind": "kind", "service_type": "service_type", "tariff": "tariff_id", "district": "district"}


@dataclass
class SegmentFlow:
    """Churn vs inflow of one value of a dimension over the period (rates as in ChurnDiagnostics)."""

    value: object
    label: str
    gross_adds: int
    churned: int
    net_growth: int
    base_start: int
    base_end: int
    average_base: float
    monthly_churn_pct: float | None
    annual_churn_pct: float | None


def churn_vs_inflow_by(
    start: date, end: date, dimension: str, segment: Segment | None = None, *, as_of: date | None = None
) -> list[SegmentFlow]:
    """Churn vs inflow over whole months start..end for each value of `dimension` (kind, service type, tariff,
    district): three grouped queries (the base before the period, connections and disconnections by month)."""

    start, end = _period(start, end)
    months = months_between(start, end)
    column = BREAKDOWN_FIELDS[dimension]
    queryset = _segment_queryset(segment)
    end_day = _last_day(end, as_of)
    before = dict(
        queryset.filter(connected_on__lt=start)
        .exclude(disconnected_on__lt=start)
        .values_list(column)
        .annotate(n=Count("pk"))
        .order_by()
    )
    flows: dict[str, dict] = {"connected_on": {}, "disconnected_on": {}}
    for field_name, target in flows.items():
        rows = (
            queryset.filter(**{f"{field_name}__gte": start, f"{field_name}__lte": end_day})
            .annotate(month=TruncMonth(field_name))
            .values_list(column, "month")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for value, month, n in rows:
            target[(value, _as_date(month))] = n
    values = set(before) | {v for v, _m in flows["connected_on"]} | {v for v, _m in flows["disconnected_on"]}
    if dimension == "tariff":
        names = {t.pk: str(t) for t in Tariff.objects.filter(pk__in=[v for v in values if v])}
    else:
        names = {"kind": dict(SubscriberKind.choices), "service_type": service_type_labels()}.get(dimension, {})
    result = []
    for value in values:
        base = before.get(value, 0)
        first, averages, adds, churned = base, [], 0, 0
        for month in months:
            a, c = flows["connected_on"].get((value, month), 0), flows["disconnected_on"].get((value, month), 0)
            averages.append((base + base + a - c) / 2)
            base += a - c
            adds, churned = adds + a, churned + c
        average = sum(averages) / len(months)
        monthly = _rate(churned, average, len(months))
        result.append(
            SegmentFlow(
                value=value,
                label=str(names.get(value, value)) if value not in (None, "") else str(_("(not set)")),
                gross_adds=adds,
                churned=churned,
                net_growth=adds - churned,
                base_start=first,
                base_end=base,
                average_base=average,
                monthly_churn_pct=monthly,
                annual_churn_pct=annualise(monthly),
            )
        )
    result.sort(key=lambda r: -r.average_base)
    return result
