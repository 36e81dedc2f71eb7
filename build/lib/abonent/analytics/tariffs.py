"""Distribution of subscribers by tariff (форма анализа распределения абонентов по тарифам, seed 004, 2.2.5):
services and list-price revenue by tariff month by month, migrations between tariffs (up- and down-sells), and the
operator's tariffs beside the competitors' offers.

Services are counted from subscribers.Service (a subscriber with internet and TV counts once on each tariff);
revenue by tariff is services × the tariff's monthly fee, because charges are per account and a bundle of two
services cannot be split. A tariff change is a service ending and another one, on a different tariff, starting for
the same subscriber within `window` days. Fixed number of grouped queries. Formulas: docs/reports/tariffs.md.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date

from django.db import connection
from django.db.models import Count, QuerySet
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _

from abonent.subscribers.models import Service, Subscriber, Tariff

from .diagnostics import _as_date, _period, month_end, month_start, months_between
from .models import CompetitorTariff
from .segments import apply_definitions

# Internet speed bands for the market comparison, Mbit/s: [edge_i, edge_i+1).
SPEED_BANDS = [0, 100, 300, 500, 1000]


@dataclass
class TariffRow:
    tariff: Tariff
    services: list[int]  # active at each month's end
    revenue: list[float]  # services × monthly fee
    share_pct: float = 0.0  # of all services at the last month's end

    @property
    def current(self) -> int:
        return self.services[-1]


@dataclass
class TariffDistribution:
    start: date
    end: date
    months: list[date]
    rows: list[TariffRow]
    total_services: list[int]
    total_revenue: list[float]


@dataclass
class MigrationMonth:
    month: date
    up: int
    down: int
    lateral: int

    @property
    def total(self) -> int:
        return self.up + self.down + self.lateral


@dataclass
class Migrations:
    start: date
    end: date
    window: int
    months: list[MigrationMonth]
    tariffs: list[Tariff]  # the rows and columns of the matrix
    matrix: dict[tuple[int, int], int] = field(default_factory=dict)  # (from id, to id) -> changes
    up: int = 0
    down: int = 0
    lateral: int = 0

    def cell(self, source: Tariff, target: Tariff) -> int:
        return self.matrix.get((source.pk, target.pk), 0)


@dataclass
class MarketRow:
    """One of our tariffs against the competitors' offers of the same service type and speed band."""

    tariff: Tariff
    band: str
    offers: int
    market_min: float | None
    market_median: float | None
    difference_pct: float | None  # our fee against the market median, %
    our_per_mbps: float | None
    market_per_mbps: float | None  # median price per Mbit/s of the offers
    competitors: list[CompetitorTariff]


def speed_band(speed: int | None) -> tuple[int, int | None] | None:
    """The band [low, high) of a speed, or None for offers without a speed (TV)."""
    if not speed:
        return None
    for low, high in zip(SPEED_BANDS, SPEED_BANDS[1:] + [None], strict=True):
        if speed >= low and (high is None or speed < high):
            return low, high
    return None


def band_label(band: tuple[int, int | None] | None) -> str:
    if band is None:
        return str(_("no speed"))
    low, high = band
    return f"{low}–{high - 1}" if high else f"{low}+"


def _services(definitions: list[dict] | None, today: date | None) -> QuerySet:
    return apply_definitions(Service.objects.all(), definitions or [], prefix="subscriber__", today=today)


def tariff_distribution(
    start: date, end: date, *, definitions: list[dict] | None = None, today: date | None = None
) -> TariffDistribution:
    """Services on each tariff at each month's end (three grouped queries: before, starts, ends) and list revenue."""
    start, end = _period(start, end)
    months = months_between(start, end)
    end_day = month_end(end)
    services = _services(definitions, today)
    # A service counts at a month's end when it started by then and did not end by then (ended_on is its last day).
    base = dict(
        services.filter(started_on__lt=start)
        .exclude(ended_on__lt=start)
        .values_list("tariff_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    starts, ends = {}, {}
    for target, field_name in ((starts, "started_on"), (ends, "ended_on")):
        rows = (
            services.filter(**{f"{field_name}__gte": start, f"{field_name}__lte": end_day})
            .annotate(month=TruncMonth(field_name))
            .values_list("tariff_id", "month")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for tariff_id, month, n in rows:
            target[(tariff_id, _as_date(month))] = n
    ids = set(base) | {t for t, _m in starts} | {t for t, _m in ends}
    tariffs = {t.pk: t for t in Tariff.objects.filter(pk__in=ids)}
    rows = []
    for tariff_id, tariff in tariffs.items():
        running = base.get(tariff_id, 0)
        series = []
        for month in months:
            running += starts.get((tariff_id, month), 0) - ends.get((tariff_id, month), 0)
            series.append(running)
        fee = float(tariff.monthly_fee)
        rows.append(TariffRow(tariff=tariff, services=series, revenue=[n * fee for n in series]))
    total_services = [sum(r.services[i] for r in rows) for i in range(len(months))]
    total_revenue = [sum(r.revenue[i] for r in rows) for i in range(len(months))]
    for row in rows:
        row.share_pct = row.current / total_services[-1] * 100 if total_services[-1] else 0.0
    rows.sort(key=lambda r: (r.tariff.service_type, -r.current, r.tariff.code))
    return TariffDistribution(
        start=start,
        end=end,
        months=months,
        rows=[r for r in rows if any(r.services)],
        total_services=total_services,
        total_revenue=total_revenue,
    )


def _migration_pairs(
    start: date, end: date, window: int, definitions: list[dict] | None, today: date | None
) -> list[tuple[int, int, date, int]]:
    """(from tariff, to tariff, day the new service started, count): one self-join of services, grouped."""
    table = connection.ops.quote_name(Service._meta.db_table)
    if connection.vendor == "postgresql":
        within, day = "b.started_on <= a.ended_on + CAST(%s AS integer)", "CAST(%s AS date)"
    else:
        within, day = "b.started_on <= date(a.ended_on, '+' || %s || ' days')", "%s"
    params: list = [window, start.isoformat(), month_end(end).isoformat()]
    subscriber_filter = ""
    if definitions:
        members = apply_definitions(Subscriber.objects.all(), definitions, today=today).values("pk")
        sql, member_params = members.query.sql_with_params()
        subscriber_filter = f" AND a.subscriber_id IN ({sql})"
        params += list(member_params)
    query = (
        f"SELECT a.tariff_id, b.tariff_id, b.started_on, COUNT(*) FROM {table} a "
        f"JOIN {table} b ON b.subscriber_id = a.subscriber_id AND b.tariff_id <> a.tariff_id "
        f"AND b.started_on >= a.ended_on AND {within} AND b.started_on > a.started_on "
        f"WHERE a.ended_on IS NOT NULL AND b.started_on >= {day} AND b.started_on <= {day}{subscriber_filter} "
        "GROUP BY a.tariff_id, b.tariff_id, b.started_on"
    )
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        rows = cursor.fetchall()
    return [(a, b, day if isinstance(day, date) else date.fromisoformat(str(day)[:10]), n) for a, b, day, n in rows]


def tariff_migrations(
    start: date,
    end: date,
    *,
    window: int = 7,
    definitions: list[dict] | None = None,
    today: date | None = None,
) -> Migrations:
    """Tariff changes in whole months start..end: the from→to matrix and monthly up-, down- and lateral moves.

    Up-sell: the new tariff's monthly fee is higher; down-sell: lower; lateral: the same fee.
    """
    start, end = _period(start, end)
    months = months_between(start, end)
    pairs = _migration_pairs(start, end, window, definitions, today)
    ids = {a for a, _b, _d, _n in pairs} | {b for _a, b, _d, _n in pairs}
    tariffs = {t.pk: t for t in Tariff.objects.filter(pk__in=ids)}
    by_month = {month: MigrationMonth(month, 0, 0, 0) for month in months}
    result = Migrations(start=start, end=end, window=window, months=list(by_month.values()), tariffs=[])
    for source, target, day, n in pairs:
        result.matrix[(source, target)] = result.matrix.get((source, target), 0) + n
        old, new = tariffs[source].monthly_fee, tariffs[target].monthly_fee
        row = by_month[month_start(day)]
        if new > old:
            row.up += n
            result.up += n
        elif new < old:
            row.down += n
            result.down += n
        else:
            row.lateral += n
            result.lateral += n
    result.tariffs = sorted(tariffs.values(), key=lambda t: (t.service_type, t.monthly_fee, t.code))
    return result


def market_comparison(*, include_archived: bool = False) -> list[MarketRow]:
    """Each current tariff of ours beside the competitors' current offers of the same service type and speed band:
    market minimum and median, our fee against the median, price per Mbit/s. Two queries."""
    offers = list(CompetitorTariff.objects.filter(is_archived=False))
    ours = Tariff.objects.all() if include_archived else Tariff.objects.filter(is_archived=False)
    rows = []
    for tariff in ours.order_by("service_type", "monthly_fee", "code"):
        band = speed_band(tariff.speed_mbps)
        same = [o for o in offers if o.service_type == tariff.service_type and speed_band(o.speed_mbps) == band]
        prices = [float(o.price) for o in same]
        per_mbps = [float(o.price) / o.speed_mbps for o in same if o.speed_mbps]
        fee = float(tariff.monthly_fee)
        median = statistics.median(prices) if prices else None
        rows.append(
            MarketRow(
                tariff=tariff,
                band=band_label(band),
                offers=len(same),
                market_min=min(prices) if prices else None,
                market_median=median,
                difference_pct=(fee - median) / median * 100 if median else None,
                our_per_mbps=fee / tariff.speed_mbps if tariff.speed_mbps else None,
                market_per_mbps=statistics.median(per_mbps) if per_mbps else None,
                competitors=sorted(same, key=lambda o: o.price),
            )
        )
    return rows
