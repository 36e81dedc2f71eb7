"""Analysis of the current base (форма анализа текущей базы, seed 004, 2.2.4) and its segmentation (3.2.4).

A pivot: rows are the values of one dimension (kind, service type, tariff, district, tenure band, ARPU band),
columns are months; each cell holds the active base at the month's end, the subscribers charged in the month,
their charges (revenue) and ARPU = revenue / subscribers charged.

Everything is aggregated in the database with a fixed number of grouped queries whatever the size of the base or
the length of the period (at most five): the active base by the cumulative sums of connections and disconnections,
the charges grouped by month and dimension. Formulas: docs/reports/base-analysis.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Case, Count, DecimalField, F, IntegerField, Q, QuerySet, Sum, Value, When
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _

from abonent.subscribers.choices import SubscriberKind
from abonent.subscribers.models import MonthlyCharge, Subscriber, Tariff
from abonent.subscribers.segments import apply_definitions
from abonent.subscribers.service_kinds import service_type_labels

from .diagnostics import _as_date, _period, month_end, months_between

DIMENSIONS = [
    ("kind", _("Residential / business")),
    ("service_type", _("Service type")),
    ("tariff", _("Tariff")),
    ("district", _("District")),
    ("tenure", _("Tenure band")),
    ("arpu_band", _("ARPU band")),
]
METRICS = [
    ("subscribers", _("Active base at month end")),
    ("charged", _("Subscribers charged")),
    ("revenue", _("Revenue, RUB")),
    ("arpu", _("ARPU, RUB")),
]
# Tenure bands in whole calendar months since the connection month: [from, to), None = open.
TENURE_BANDS: list[tuple[int, int | None, str]] = [
    (0, 6, _("under 6 months")),
    (6, 12, _("6–12 months")),
    (12, 24, _("1–2 years")),
    (24, 36, _("2–3 years")),
    (36, None, _("3 years and more")),
]
# ARPU band edges in RUB (the month's charge): under 300, 300–600, …, 10 000 and more.
DEFAULT_ARPU_BANDS = [300.0, 600.0, 1000.0, 3000.0, 10000.0]
# Subscriber's own column for each static dimension (no joins over the base).
STATIC_FIELDS = {"kind": "kind", "service_type": "service_type", "tariff": "tariff_id", "district": "district"}


@dataclass
class PivotRow:
    key: object
    label: str
    subscribers: list[int]
    charged: list[int]
    revenue: list[float]
    arpu: list[float | None] = field(default_factory=list)

    def finish(self) -> PivotRow:
        self.arpu = [r / c if c else None for r, c in zip(self.revenue, self.charged, strict=True)]
        return self

    def values(self, metric: str) -> list:
        return getattr(self, metric)


@dataclass
class BaseAnalysis:
    start: date
    end: date
    dimension: str
    months: list[date]
    rows: list[PivotRow]
    total: PivotRow
    arpu_bands: list[float]


def month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def tenure_band(months: int) -> int:
    """Index in TENURE_BANDS of a tenure of `months` whole months."""
    for index, (low, high, _label) in enumerate(TENURE_BANDS):
        if months >= low and (high is None or months < high):
            return index
    return 0


def arpu_band_labels(edges: list[float]) -> list[str]:
    def rub(value: float) -> str:
        return f"{value:,.0f}".replace(",", " ")

    labels = [str(_("under %(high)s") % {"high": rub(edges[0])})] if edges else [str(_("all"))]
    for low, high in zip(edges, edges[1:], strict=False):
        labels.append(f"{rub(low)}–{rub(high)}")
    if edges:
        labels.append(str(_("%(low)s and more") % {"low": rub(edges[-1])}))
    return labels


def _arpu_band_expression(edges: list[float]) -> Case:
    whens = [When(charged__lt=edge, then=Value(i)) for i, edge in enumerate(edges)]
    return Case(*whens, default=Value(len(edges)), output_field=IntegerField())


def _empty(key, label, n: int) -> PivotRow:
    return PivotRow(key=key, label=str(label), subscribers=[0] * n, charged=[0] * n, revenue=[0.0] * n)


def _active_static(queryset: QuerySet, column: str | None, months: list[date]) -> dict[object, list[int]]:
    """Active base at each month's end per value of `column` (None: the whole base) in three grouped queries."""
    start, end_day = months[0], month_end(months[-1])
    keys = [column] if column else []

    def grouped(qs: QuerySet, month_field: str | None):
        names = keys + (["month"] if month_field else [])
        if month_field:
            qs = qs.annotate(month=TruncMonth(month_field))
        return qs.values(*names).annotate(n=Count("pk")).order_by() if names else [qs.aggregate(n=Count("pk"))]

    base: dict[object, int] = {}
    # Active at the end of the day before the period: connected before it and not gone before it.
    for row in grouped(queryset.filter(connected_on__lt=start).exclude(disconnected_on__lt=start), None):
        base[row.get(column) if column else None] = row["n"]
    adds: dict[tuple, int] = {}
    for row in grouped(queryset.filter(connected_on__gte=start, connected_on__lte=end_day), "connected_on"):
        adds[(row.get(column) if column else None, _as_date(row["month"]))] = row["n"]
    gone: dict[tuple, int] = {}
    for row in grouped(queryset.filter(disconnected_on__gte=start, disconnected_on__lte=end_day), "disconnected_on"):
        gone[(row.get(column) if column else None, _as_date(row["month"]))] = row["n"]
    values = set(base) | {key for key, _m in adds} | {key for key, _m in gone}
    result = {}
    for value in values:
        running = base.get(value, 0)
        series = []
        for month in months:
            running += adds.get((value, month), 0) - gone.get((value, month), 0)
            series.append(running)
        result[value] = series
    return result


def _active_by_tenure(queryset: QuerySet, months: list[date]) -> dict[int, list[int]]:
    """Active base at each month's end by tenure band: one query grouped by connection and disconnection month."""
    start, end_day = months[0], month_end(months[-1])
    rows = (
        queryset.filter(connected_on__lte=end_day)
        .exclude(disconnected_on__lt=start)
        .annotate(joined=TruncMonth("connected_on"), left=TruncMonth("disconnected_on"))
        .values("joined", "left")
        .annotate(n=Count("pk"))
        .order_by()
    )
    result = {i: [0] * len(months) for i in range(len(TENURE_BANDS))}
    indexes = [month_index(m) for m in months]
    for row in rows:
        joined = month_index(_as_date(row["joined"]))
        left = month_index(_as_date(row["left"])) if row["left"] is not None else None
        for position, index in enumerate(indexes):
            # Active at the end of the month: connected by then and not disconnected by then.
            if joined <= index and (left is None or left > index):
                result[tenure_band(index - joined)][position] += row["n"]
    return result


def _charges(charges: QuerySet, dimension: str, months: list[date], edges: list[float]) -> dict[tuple, tuple]:
    """(value, month) -> (revenue, subscribers charged) in one grouped query over the period's charges."""
    if dimension in STATIC_FIELDS:
        charges = charges.annotate(value=F(f"subscriber__{STATIC_FIELDS[dimension]}"))
    elif dimension == "tenure":
        charges = charges.annotate(value=TruncMonth("subscriber__connected_on"))
    else:
        charges = charges.annotate(value=_arpu_band_expression(edges))
    rows = (
        charges.values("month", "value")
        .annotate(
            revenue=Sum("charged", output_field=DecimalField()),
            charged_n=Count("pk", filter=Q(charged__gt=0)),
        )
        .order_by()
    )
    result: dict[tuple, list] = {}
    for row in rows:
        month = _as_date(row["month"])
        value = row["value"]
        if dimension == "tenure":
            value = tenure_band(month_index(month) - month_index(_as_date(value)))
        cell = result.setdefault((value, month), [0.0, 0])
        cell[0] += float(row["revenue"] or 0)
        cell[1] += row["charged_n"]
    return result


def _labels(dimension: str, keys, edges: list[float]) -> dict:
    if dimension == "kind":
        return dict(SubscriberKind.choices)
    if dimension == "service_type":
        return service_type_labels()
    if dimension == "tariff":
        return {pk: str(t) for pk, t in ((t.pk, t) for t in Tariff.objects.filter(pk__in=[k for k in keys if k]))}
    if dimension == "tenure":
        return {i: label for i, (_lo, _hi, label) in enumerate(TENURE_BANDS)}
    if dimension == "arpu_band":
        return dict(enumerate(arpu_band_labels(edges)))
    return {}


def base_analysis(
    start: date,
    end: date,
    dimension: str = "kind",
    *,
    definitions: list[dict] | None = None,
    arpu_bands: list[float] | None = None,
    today: date | None = None,
) -> BaseAnalysis:
    """The pivot of the base over whole months start..end by `dimension`, for the subscribers in every definition.

    Segment conditions are judged today (a segment is who is in it now); tenure and ARPU bands of the rows are
    judged month by month (tenure at the month's end, ARPU band by the month's charge). For the ARPU band the
    "active base" of a band is not known (a subscriber with no charge has no band): its row shows the subscribers
    charged; the total line is always the whole active base.
    """
    start, end = _period(start, end)
    months = months_between(start, end)
    edges = sorted(arpu_bands) if arpu_bands else list(DEFAULT_ARPU_BANDS)
    definitions = definitions or []
    subscribers = apply_definitions(Subscriber.objects.all(), definitions, today=today)
    charges = apply_definitions(
        MonthlyCharge.objects.filter(month__gte=start, month__lte=end), definitions, prefix="subscriber__", today=today
    )
    n = len(months)
    position = {month: i for i, month in enumerate(months)}

    if dimension in STATIC_FIELDS:
        active = _active_static(subscribers, STATIC_FIELDS[dimension], months)
    elif dimension == "tenure":
        active = _active_by_tenure(subscribers, months)
    else:
        active = {}
    # Every subscriber has exactly one value of a static dimension and one tenure band: the rows add up to the base.
    if active:
        total_active = [sum(series[i] for series in active.values()) for i in range(n)]
    else:
        total_active = _active_static(subscribers, None, months).get(None, [0] * n)
    money = _charges(charges, dimension, months, edges)

    keys = set(active) | {key for key, _m in money}
    if dimension == "tenure":
        keys |= set(range(len(TENURE_BANDS)))
    if dimension == "arpu_band":
        keys |= set(range(len(edges) + 1))
    labels = _labels(dimension, keys, edges)
    rows = {}
    for key in keys:
        label = labels.get(key, key) if key not in (None, "") else _("(not set)")
        rows[key] = _empty(key, label, n)
        rows[key].subscribers = list(active.get(key, [0] * n))
    for (key, month), (revenue, charged) in money.items():
        rows[key].revenue[position[month]] += revenue
        rows[key].charged[position[month]] += charged
    if dimension == "arpu_band":
        for row in rows.values():
            row.subscribers = list(row.charged)
    total = _empty("total", _("Total"), n)
    total.subscribers = list(total_active)
    for row in rows.values():
        row.finish()
        for i in range(n):
            total.revenue[i] += row.revenue[i]
            total.charged[i] += row.charged[i]
    total.finish()
    if dimension in ("tenure", "arpu_band"):
        ordered = [rows[key] for key in sorted(rows)]
    else:
        ordered = sorted(rows.values(), key=lambda r: (-r.subscribers[-1], -r.revenue[-1], str(r.label)))
    return BaseAnalysis(
        start=start, end=end, dimension=dimension, months=months, rows=ordered, total=total, arpu_bands=edges
    )
