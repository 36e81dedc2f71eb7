"""How long subscribers stay: Kaplan–Meier retention curves, log-rank comparison, expected lifetime and lifetime
value per segment, and the cohort retention table.

Durations are whole calendar months (billing months) from `connected_on` to `disconnected_on` (the event) or to
the as-of date (censored: still with us): a subscriber connected on 15 January who leaves on 15 February stayed one
month, one who leaves on 14 February none. The base is never loaded row by row: one grouped query returns (group,
duration in months, event) with a count, and lifelines fits on those rows with the counts as weights — the same
estimates as on one row per subscriber, in a few hundred rows for a million subscribers. Formulas and readings:
docs/reports/survival.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
from django.apps import apps
from django.db import connection
from django.db.models import Avg, Case, CharField, Count, Exists, IntegerField, OuterRef, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, ExtractYear, TruncMonth
from django.utils.translation import gettext_lazy as _

from abonent.subscribers.choices import SubscriberKind
from abonent.subscribers.models import Subscriber, Tariff
from abonent.subscribers.segments import apply_definition, apply_definitions
from abonent.subscribers.service_kinds import service_type_labels
from abonent.subscribers.services import data_as_of

from .diagnostics import _as_date, add_months, month_end, months_between

# Curves on the chart: at most this many groups (the largest); the log-rank test uses them all.
MAX_CURVES = 12
# The survival read off each curve for the table (months).
READ_AT_MONTHS = (3, 6, 12, 24, 36)


def contract_model():
    """abonent.contracts' AnnualContract (built by another part of the project) if it is installed, else None."""
    try:
        return apps.get_model("contracts", "AnnualContract")
    except LookupError:
        return None


def _contracts_of(model):
    """Contracts that were signed (drafts and cancelled ones never bound the subscriber)."""
    queryset = model.objects.filter(subscriber=OuterRef("pk"))
    if any(f.name == "status" for f in model._meta.get_fields()):
        queryset = queryset.exclude(status__in=["draft", "cancelled"])
    return queryset


def split_choices() -> list[tuple[str, str]]:
    splits = [
        ("none", _("Whole base")),
        ("kind", _("Residential / business")),
        ("service_type", _("Service type")),
        ("tariff", _("Tariff")),
        ("district", _("District")),
        ("cohort_year", _("Acquisition year")),
        ("cohort_month", _("Acquisition month")),
        ("segment", _("Saved segment: in it or not")),
    ]
    if contract_model() is not None:
        splits.insert(4, ("contract", _("Annual contract")))
    return splits


@dataclass
class Curve:
    """One group's Kaplan–Meier curve (times in months) and what is read off it."""

    key: str
    label: str
    subscribers: int
    events: int
    times: list[float]
    survival: list[float]
    lower: list[float]
    upper: list[float]
    median_months: float | None  # None: the curve never falls to 50 % within the data
    rmst_months: float  # restricted mean survival time up to the horizon: the expected lifetime
    mean_arpu: float | None
    lifetime_value: float | None  # ARPU × expected lifetime (× margin)
    at: dict[int, float | None] = field(default_factory=dict)  # survival at READ_AT_MONTHS


@dataclass
class SurvivalResult:
    split: str
    today: date  # the as-of date: durations of subscribers still connected run to it
    horizon_months: int
    margin_pct: float | None
    curves: list[Curve]
    logrank_p: float | None
    logrank_statistic: float | None
    groups_total: int


@dataclass
class CohortRow:
    month: date
    size: int
    shares: list[float | None]  # share still active at the end of month k after the acquisition month (k = 0…)


@dataclass
class CohortTable:
    start: date
    end: date
    months_since: list[int]
    rows: list[CohortRow]


# --- grouped durations ----------------------------------------------------------------------------------------------


def _duration_sql(today: date) -> RawSQL:
    """Whole calendar months from connection to disconnection, or to `today` when still connected (or disconnected
    after it). Month k is complete when the end is on or after the connection day in the k-th month after it, or
    on the last day of that month when it is shorter (31 January → 28 February is one month), as
    dateutil's relativedelta counts them."""
    table = connection.ops.quote_name(Subscriber._meta.db_table)
    start = f"{table}.connected_on"
    if connection.vendor == "postgresql":
        end = f"LEAST(COALESCE({table}.disconnected_on, %s::date), %s::date)"
        sql = (
            f"((EXTRACT(YEAR FROM {end}) - EXTRACT(YEAR FROM {start})) * 12"
            f" + EXTRACT(MONTH FROM {end}) - EXTRACT(MONTH FROM {start})"
            f" - CASE WHEN EXTRACT(DAY FROM {end}) < EXTRACT(DAY FROM {start})"
            f" AND EXTRACT(DAY FROM {end} + 1) <> 1 THEN 1 ELSE 0 END)::integer"
        )
    else:
        end = f"MIN(COALESCE({table}.disconnected_on, %s), %s)"
        sql = (
            f"((CAST(strftime('%%Y', {end}) AS INTEGER) - CAST(strftime('%%Y', {start}) AS INTEGER)) * 12"
            f" + CAST(strftime('%%m', {end}) AS INTEGER) - CAST(strftime('%%m', {start}) AS INTEGER)"
            f" - CASE WHEN CAST(strftime('%%d', {end}) AS INTEGER) < CAST(strftime('%%d', {start}) AS INTEGER)"
            f" AND strftime('%%d', date({end}, '+1 day')) <> '01' THEN 1 ELSE 0 END)"
        )
    # The end expression appears four times (twice in the last-day check on PostgreSQL as on SQLite).
    count = sql.count("%s")
    return RawSQL(sql, (today.isoformat(),) * count, output_field=IntegerField())


def _group_expression(split: str, split_segment=None):
    if split == "kind":
        return Cast("kind", CharField())
    if split == "service_type":
        return Cast("service_type", CharField())
    if split == "tariff":
        return Cast("tariff_id", CharField())
    if split == "district":
        return Cast("district", CharField())
    if split == "cohort_year":
        return Cast(ExtractYear("connected_on"), CharField())
    if split == "cohort_month":
        return TruncMonth("connected_on")
    if split == "contract":
        return Case(
            When(Exists(_contracts_of(contract_model())), then=Value("yes")),
            default=Value("no"),
            output_field=CharField(),
        )
    if split == "segment":
        members = apply_definition(Subscriber.objects.all(), split_segment.definition if split_segment else {})
        return Case(When(pk__in=members.values("pk"), then=Value("in")), default=Value("out"), output_field=CharField())
    return Value("all", output_field=CharField())


def _key(value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return f"{_as_date(value):%Y-%m}"
    return str(value)


def grouped_durations(
    split: str = "none",
    *,
    definitions: list[dict] | None = None,
    split_segment=None,
    connected_from: date | None = None,
    connected_to: date | None = None,
    today: date | None = None,
) -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """group -> (durations in whole calendar months, events 0/1, counts): one grouped query over the base, with
    durations to `today` (the as-of date, by default the date of the latest imported data)."""
    today = today or data_as_of()
    queryset = _population(definitions, connected_from, connected_to, today)
    rows = (
        queryset.annotate(
            group=_group_expression(split, split_segment),
            months=_duration_sql(today),
            event=Case(When(disconnected_on__lte=today, then=Value(1)), default=Value(0), output_field=IntegerField()),
        )
        .values("group", "months", "event")
        .annotate(n=Count("pk"))
        .order_by()
    )
    collected: dict[str, list] = {}
    for row in rows:
        collected.setdefault(_key(row["group"]), []).append((row["months"], row["event"], row["n"]))
    result = {}
    for key, items in collected.items():
        array = np.array(items, dtype=float)
        result[key] = (array[:, 0], array[:, 1], array[:, 2])
    return result


def _population(definitions, connected_from, connected_to, today) -> QuerySet:
    queryset = apply_definitions(Subscriber.objects.filter(connected_on__lte=today), definitions or [], today=today)
    if connected_from:
        queryset = queryset.filter(connected_on__gte=connected_from)
    if connected_to:
        queryset = queryset.filter(connected_on__lte=connected_to)
    return queryset


def _labels(split: str, keys) -> dict[str, str]:
    if split == "kind":
        return {k: str(v) for k, v in SubscriberKind.choices}
    if split == "service_type":
        return service_type_labels()
    if split == "tariff":
        ids = [int(k) for k in keys if k and k.isdigit()]
        return {str(t.pk): str(t) for t in Tariff.objects.filter(pk__in=ids)}
    if split == "contract":
        return {"yes": str(_("With an annual contract")), "no": str(_("Without"))}
    if split == "segment":
        return {"in": str(_("In the segment")), "out": str(_("Not in it"))}
    if split == "none":
        return {"all": str(_("Whole base"))}
    return {}


# --- fitting --------------------------------------------------------------------------------------------------------


def _step_at(times: np.ndarray, values: np.ndarray, at: np.ndarray) -> np.ndarray:
    """A right-continuous step function known at `times` (sorted, starting at 0) read at `at`."""
    index = np.searchsorted(times, at, side="right") - 1
    return values[np.clip(index, 0, len(values) - 1)]


def fit_curve(durations, events, weights, *, horizon_months: float, label: str = "KM"):
    """A lifelines KaplanMeierFitter on the grouped rows (counts as weights); returns the fitter and the RMST."""
    from lifelines import KaplanMeierFitter
    from lifelines.utils import restricted_mean_survival_time

    fitter = KaplanMeierFitter(label=label)
    fitter.fit(durations, event_observed=events, weights=weights)
    rmst = float(restricted_mean_survival_time(fitter, t=horizon_months))
    return fitter, rmst


def logrank(groups: dict[str, tuple]) -> tuple[float | None, float | None]:
    """Log-rank test of equal survival across the groups (lifelines): p-value and the chi-squared statistic."""
    from lifelines.statistics import multivariate_logrank_test

    if len(groups) < 2:
        return None, None
    durations, events, weights, labels = [], [], [], []
    for key, (d, e, w) in groups.items():
        durations.append(d)
        events.append(e)
        weights.append(w)
        labels.extend([key] * len(d))
    result = multivariate_logrank_test(
        np.concatenate(durations), np.array(labels), np.concatenate(events), weights=np.concatenate(weights)
    )
    return float(result.p_value), float(result.test_statistic)


def _mean_arpu(split, definitions, split_segment, connected_from, connected_to, today) -> dict[str, float]:
    queryset = _population(definitions, connected_from, connected_to, today)
    rows = (
        queryset.annotate(group=_group_expression(split, split_segment))
        .values("group")
        .annotate(arpu=Avg("arpu"))
        .order_by()
    )
    return {_key(row["group"]): float(row["arpu"] or 0) for row in rows}


def survival(
    split: str = "none",
    *,
    definitions: list[dict] | None = None,
    split_segment=None,
    connected_from: date | None = None,
    connected_to: date | None = None,
    horizon_months: int = 60,
    margin_pct: float | None = None,
    today: date | None = None,
) -> SurvivalResult:
    """Kaplan–Meier curves per group with 95 % bands (Greenwood, log(−log) as lifelines), median lifetime,
    expected lifetime up to the horizon (RMST), lifetime value = mean ARPU × RMST (× margin), and the log-rank
    p-value between the groups, all in calendar months to the as-of date `today` (by default the date of the latest
    imported data). Three queries (durations, ARPU, labels) whatever the size of the base."""
    today = today or data_as_of()
    options = {
        "definitions": definitions,
        "split_segment": split_segment,
        "connected_from": connected_from,
        "connected_to": connected_to,
        "today": today,
    }
    groups = grouped_durations(split, **options)
    arpu = _mean_arpu(split, **options)
    labels = _labels(split, groups.keys())
    p_value, statistic = logrank(groups)
    largest = sorted(groups, key=lambda k: -groups[k][2].sum())[:MAX_CURVES]
    # The chart runs to the horizon or the longest observed duration, whichever is later (at most 20 years), a point
    # a month: durations are whole months, so the curve only steps there.
    longest = max((float(d.max()) for d, _e, _w in groups.values() if len(d)), default=0.0)
    grid = np.arange(0, min(max(horizon_months, longest), 240) + 1, 1.0)
    curves = []
    for key in sorted(largest):
        durations, events, weights = groups[key]
        fitter, rmst = fit_curve(durations, events, weights, horizon_months=horizon_months, label=key)
        times = fitter.survival_function_.index.to_numpy(dtype=float)
        values = fitter.survival_function_.iloc[:, 0].to_numpy()
        bounds = fitter.confidence_interval_survival_function_
        lower = _step_at(times, bounds.iloc[:, 0].to_numpy(), grid)
        upper = _step_at(times, bounds.iloc[:, 1].to_numpy(), grid)
        shown = _step_at(times, values, grid)
        median = fitter.median_survival_time_
        mean_arpu = arpu.get(key)
        value = mean_arpu * rmst if mean_arpu is not None else None
        if value is not None and margin_pct is not None:
            value *= margin_pct / 100
        last_time = times[-1] if len(times) else 0
        curves.append(
            Curve(
                key=key,
                label=labels.get(key, key or str(_("(not set)"))),
                subscribers=int(weights.sum()),
                events=int((weights * events).sum()),
                times=[float(t) for t in grid],
                survival=[round(float(v), 5) for v in shown],
                lower=[round(float(v), 5) for v in np.nan_to_num(lower, nan=0.0)],
                upper=[round(float(v), 5) for v in np.nan_to_num(upper, nan=1.0)],
                median_months=None if not np.isfinite(median) else float(median),
                rmst_months=rmst,
                mean_arpu=mean_arpu,
                lifetime_value=value,
                at={
                    m: float(_step_at(times, values, np.array([float(m)]))[0]) if m <= last_time else None
                    for m in READ_AT_MONTHS
                },
            )
        )
    return SurvivalResult(
        split=split,
        today=today,
        horizon_months=horizon_months,
        margin_pct=margin_pct,
        curves=curves,
        logrank_p=p_value,
        logrank_statistic=statistic,
        groups_total=len(groups),
    )


# --- cohorts --------------------------------------------------------------------------------------------------------


def cohort_table(start: date, end: date, *, definitions: list[dict] | None = None, today: date | None = None):
    """Acquisition month × months since: the share of each month's new subscribers still active at the end of the
    k-th month after it (k = 0 is the acquisition month itself). One grouped query; cells after the last complete
    month before the as-of date `today` (by default the date of the latest imported data) are empty."""
    today = today or data_as_of()
    months = months_between(start, end)
    last_complete = add_months(today.replace(day=1), -1)
    queryset = apply_definitions(
        Subscriber.objects.filter(connected_on__gte=months[0], connected_on__lte=month_end(months[-1])),
        definitions or [],
        today=today,
    )
    rows = (
        queryset.annotate(joined=TruncMonth("connected_on"), left=TruncMonth("disconnected_on"))
        .values("joined", "left")
        .annotate(n=Count("pk"))
        .order_by()
    )
    sizes: dict[date, int] = {}
    left_by: dict[date, dict[date, int]] = {}
    for row in rows:
        joined = _as_date(row["joined"])
        sizes[joined] = sizes.get(joined, 0) + row["n"]
        if row["left"] is not None:
            left = _as_date(row["left"])
            left_by.setdefault(joined, {})[left] = left_by.setdefault(joined, {}).get(left, 0) + row["n"]
    span = len(months_between(months[0], last_complete)) if last_complete >= months[0] else 0
    since = list(range(span))
    table = []
    for month in months:
        size = sizes.get(month, 0)
        shares: list[float | None] = []
        gone = 0
        for k in since:
            at = add_months(month, k)
            if at > last_complete:
                shares.append(None)
                continue
            gone += left_by.get(month, {}).get(at, 0)
            shares.append((size - gone) / size if size else None)
        table.append(CohortRow(month=month, size=size, shares=shares))
    return CohortTable(start=months[0], end=months[-1], months_since=since, rows=table)
