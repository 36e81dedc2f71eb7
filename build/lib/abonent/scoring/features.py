"""Features of a subscriber as of a scoring date D, computed in bulk with polars from data dated on or before D.

The history is pulled with a handful of SQL queries (`load_history`), never one query per subscriber; the features
for any date are then `features_at(history, D)`, which filters every frame to rows dated on or before D before it
computes anything. That filter is the leakage guard: training snapshots in the past see only what was known then,
and the leakage test adds payments, usage, tickets, calls and a disconnection after D and checks nothing changes.

What is not used: the subscriber's current status, tariff, service type and ARPU columns (they describe today, not
D); tariff and fee come from the service history instead. Status history (suspensions, blocks) is not kept by the
billing import, so suspension history counts only processes.Suspension records when that model exists.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import polars as pl

RECENT_DAYS = 28  # K = 4 weeks: the recent traffic window
BASELINE_DAYS = 84  # the 12 weeks before it: the subscriber's own baseline
BALANCE_MONTHS = 6
PAYMENT_DAYS = 180
LOOKBACK_DAYS = 400  # the oldest data any feature reads, counted back from D
DOWNGRADE_DAYS = 90
NO_DATA_DAYS = 9999  # "never" for days-since features

SERVICE_TYPES = {"internet": 0, "catv": 1, "iptv": 2, "bundle": 3}

FEATURES = [
    "tenure_months",
    "is_business",
    "monthly_fee",
    "service_type",
    "n_services",
    "speed_mbps",
    "fee_change_90d",
    "downgraded_90d",
    "contract_in_force",
    "balance_last",
    "months_negative_6",
    "min_balance_6",
    "charged_last",
    "days_since_payment",
    "payments_180",
    "paid_to_charged_6",
    "usage_recent_gb",
    "usage_baseline_gb",
    "usage_drop_pct",
    "stopped_using",
    "zero_days_recent",
    "days_since_traffic",
    "tickets_90",
    "repeat_tickets_90",
    "complaints_90",
    "calls_30",
    "calls_90",
    "missed_calls_90",
    "claims_90",
    "suspensions_365",
]
CATEGORICAL = ["service_type"]


def _empty(schema: dict) -> pl.DataFrame:
    return pl.DataFrame(schema=schema)


SCHEMAS = {
    "subscribers": {"subscriber_id": pl.Int64, "kind": pl.Utf8, "connected_on": pl.Date, "disconnected_on": pl.Date},
    "services": {
        "subscriber_id": pl.Int64,
        "fee": pl.Float64,
        "service_type": pl.Utf8,
        "speed": pl.Float64,
        "started_on": pl.Date,
        "ended_on": pl.Date,
    },
    "charges": {"subscriber_id": pl.Int64, "month": pl.Date, "charged": pl.Float64, "balance": pl.Float64},
    "payments": {"subscriber_id": pl.Int64, "paid_on": pl.Date, "amount": pl.Float64},
    # Usage rows as periods: a day row has start == end, a month row its first and last day.
    "usage": {"subscriber_id": pl.Int64, "start": pl.Date, "end": pl.Date, "bytes": pl.Float64, "daily": pl.Boolean},
    "tickets": {"subscriber_id": pl.Int64, "opened_on": pl.Date, "is_repeat": pl.Boolean, "complaint": pl.Boolean},
    "calls": {"subscriber_id": pl.Int64, "started_on": pl.Date, "missed": pl.Boolean},
    "claims": {"subscriber_id": pl.Int64, "on": pl.Date},
    "suspensions": {"subscriber_id": pl.Int64, "on": pl.Date},
    "contracts": {"subscriber_id": pl.Int64, "starts_on": pl.Date, "ends_on": pl.Date},
}


@dataclass
class History:
    """The operator's history as polars frames (see SCHEMAS); any frame may be empty."""

    frames: dict[str, pl.DataFrame] = field(default_factory=dict)
    has_contracts: bool = False

    def __getitem__(self, name: str) -> pl.DataFrame:
        frame = self.frames.get(name)
        return frame if frame is not None else _empty(SCHEMAS[name])

    @classmethod
    def from_frames(cls, has_contracts: bool = False, **frames: pl.DataFrame) -> History:
        cast = {}
        for name, frame in frames.items():
            schema = SCHEMAS[name]
            cast[name] = (
                frame.select([pl.col(c).cast(t) for c, t in schema.items()]) if frame.height else _empty(schema)
            )
        return cls(frames=cast, has_contracts=has_contracts)


def population(history: History, as_of: dt.date) -> pl.DataFrame:
    """Subscribers connected on or before D and not disconnected by D: the base a score as of D is for."""
    subs = history["subscribers"]
    return subs.filter(
        (pl.col("connected_on") <= as_of) & (pl.col("disconnected_on").is_null() | (pl.col("disconnected_on") > as_of))
    )


def labels(history: History, as_of: dt.date, horizon: int) -> pl.DataFrame:
    """1 when the subscriber was disconnected within `horizon` days after D (on D+1 … D+horizon), else 0."""
    base = population(history, as_of)
    end = as_of + dt.timedelta(days=horizon)
    return base.select(
        "subscriber_id",
        (pl.col("disconnected_on").is_not_null() & (pl.col("disconnected_on") <= end)).cast(pl.Int8).alias("churned"),
    )


def _window_overlap(start: pl.Expr, end: pl.Expr, lo: dt.date, hi: dt.date) -> pl.Expr:
    """Days of [start, end] inside [lo, hi] (0 when apart)."""
    first = pl.max_horizontal(start, pl.lit(lo))
    last = pl.min_horizontal(end, pl.lit(hi))
    return pl.max_horizontal((last - first).dt.total_days() + 1, pl.lit(0))


def features_at(history: History, as_of: dt.date, subscriber_ids=None) -> pl.DataFrame:
    """One row per subscriber in the base as of D (or in `subscriber_ids`), columns subscriber_id + FEATURES.

    Every frame is cut to rows dated on or before D first; nothing after D can reach a feature.
    """
    D = as_of
    base = population(history, D)
    if subscriber_ids is not None:
        base = base.filter(pl.col("subscriber_id").is_in(list(subscriber_ids)))
    out = base.select(
        "subscriber_id",
        ((pl.lit(D) - pl.col("connected_on")).dt.total_days() / 30.4375).alias("tenure_months"),
        (pl.col("kind") == "business").cast(pl.Int8).alias("is_business"),
    )
    ids = out.select("subscriber_id")

    # Tariff, fee and service type as of D, and 90 days before (downgrade), from the service history.
    services = history["services"].filter(pl.col("started_on") <= D)

    def on(day: dt.date) -> pl.DataFrame:
        live = services.filter(
            (pl.col("started_on") <= day) & (pl.col("ended_on").is_null() | (pl.col("ended_on") > day))
        )
        return (
            live.sort("fee", descending=True)
            .group_by("subscriber_id")
            .agg(
                pl.col("fee").sum().alias("monthly_fee"),
                pl.col("service_type").first().alias("service_type_name"),
                pl.len().alias("n_services"),
                pl.col("speed").max().alias("speed_mbps"),
            )
        )

    now, before = on(D), on(D - dt.timedelta(days=DOWNGRADE_DAYS))
    tariff = now.join(
        before.select("subscriber_id", pl.col("monthly_fee").alias("fee_before")), "subscriber_id", "left"
    )
    tariff = tariff.select(
        "subscriber_id",
        "monthly_fee",
        pl.col("service_type_name")
        .replace_strict(SERVICE_TYPES, default=None, return_dtype=pl.Int32)
        .alias("service_type"),
        pl.col("n_services").cast(pl.Int32),
        "speed_mbps",
        (pl.col("monthly_fee") - pl.col("fee_before")).alias("fee_change_90d"),
        ((pl.col("monthly_fee") < pl.col("fee_before")) & (pl.col("fee_before") > 0))
        .cast(pl.Int8)
        .alias("downgraded_90d"),
    )

    # Balance: only months closed by D (the balance is at month end).
    charges = history["charges"].filter(pl.col("month").dt.month_end() <= D)
    last_closed = charges.select(pl.col("month").max()).item() if charges.height else None
    if last_closed is not None:
        first_month = last_closed - dt.timedelta(days=31 * (BALANCE_MONTHS - 1))
        recent = charges.filter(pl.col("month") >= first_month.replace(day=1))
        balance = (
            recent.sort("month")
            .group_by("subscriber_id")
            .agg(
                pl.col("balance").last().alias("balance_last"),
                (pl.col("balance") < 0).sum().cast(pl.Int32).alias("months_negative_6"),
                pl.col("balance").min().alias("min_balance_6"),
                pl.col("charged").last().alias("charged_last"),
                pl.col("charged").sum().alias("_charged_6"),
            )
        )
        since = first_month.replace(day=1)
    else:
        balance = _empty({"subscriber_id": pl.Int64})
        since = D - dt.timedelta(days=183)

    payments = history["payments"].filter(pl.col("paid_on") <= D)
    pay = payments.group_by("subscriber_id").agg(
        ((pl.lit(D) - pl.col("paid_on").max()).dt.total_days()).cast(pl.Int32).alias("days_since_payment"),
        (pl.col("paid_on") > D - dt.timedelta(days=PAYMENT_DAYS)).sum().cast(pl.Int32).alias("payments_180"),
        pl.col("amount").filter(pl.col("paid_on") >= since).sum().alias("_paid_6"),
    )

    usage = _usage_features(history["usage"].filter(pl.col("end") <= D), D, base)
    tickets = (
        history["tickets"]
        .filter((pl.col("opened_on") <= D) & (pl.col("opened_on") > D - dt.timedelta(days=90)))
        .group_by("subscriber_id")
        .agg(
            pl.len().cast(pl.Int32).alias("tickets_90"),
            pl.col("is_repeat").sum().cast(pl.Int32).alias("repeat_tickets_90"),
            pl.col("complaint").sum().cast(pl.Int32).alias("complaints_90"),
        )
    )
    calls = (
        history["calls"]
        .filter((pl.col("started_on") <= D) & (pl.col("started_on") > D - dt.timedelta(days=90)))
        .group_by("subscriber_id")
        .agg(
            (pl.col("started_on") > D - dt.timedelta(days=30)).sum().cast(pl.Int32).alias("calls_30"),
            pl.len().cast(pl.Int32).alias("calls_90"),
            pl.col("missed").sum().cast(pl.Int32).alias("missed_calls_90"),
        )
    )
    claims = (
        history["claims"]
        .filter((pl.col("on") <= D) & (pl.col("on") > D - dt.timedelta(days=90)))
        .group_by("subscriber_id")
        .agg(pl.len().cast(pl.Int32).alias("claims_90"))
    )
    suspensions = (
        history["suspensions"]
        .filter((pl.col("on") <= D) & (pl.col("on") > D - dt.timedelta(days=365)))
        .group_by("subscriber_id")
        .agg(pl.len().cast(pl.Int32).alias("suspensions_365"))
    )
    contracts = (
        history["contracts"]
        .filter((pl.col("starts_on") <= D) & (pl.col("ends_on").is_null() | (pl.col("ends_on") >= D)))
        .group_by("subscriber_id")
        .agg(pl.lit(1, dtype=pl.Int8).alias("contract_in_force"))
    )

    for frame in (tariff, balance, pay, usage, tickets, calls, claims, suspensions, contracts):
        out = out.join(frame, "subscriber_id", "left")
    zero = ["tickets_90", "repeat_tickets_90", "complaints_90", "calls_30", "calls_90", "missed_calls_90"]
    zero += ["claims_90", "suspensions_365", "payments_180", "n_services"]
    out = out.with_columns(
        [pl.col(c).fill_null(0) for c in zero]
        + [
            pl.col("days_since_payment").fill_null(NO_DATA_DAYS),
            pl.col("contract_in_force").fill_null(0) if history.has_contracts else pl.lit(None, pl.Int8),
            pl.when(pl.col("_charged_6") > 0)
            .then(pl.col("_paid_6").fill_null(0) / pl.col("_charged_6"))
            .otherwise(None)
            .alias("paid_to_charged_6")
            if "_charged_6" in out.columns
            else pl.lit(None, pl.Float64).alias("paid_to_charged_6"),
        ]
    )
    for name in FEATURES:
        if name not in out.columns:
            out = out.with_columns(pl.lit(None, pl.Float64).alias(name))
    out = out.select("subscriber_id", *[pl.col(c).cast(pl.Float64) for c in FEATURES])
    del ids
    return out.sort("subscriber_id")


def _usage_features(usage: pl.DataFrame, D: dt.date, base: pl.DataFrame) -> pl.DataFrame:
    """Traffic over the last 4 weeks against the 12 weeks before, per day, from day or month rows.

    Windows end at the last day the usage data covers (E ≤ D), not at D: a monthly export covers only closed months.
    A month row counts in a window in proportion to the days it shares with it; the baseline of a subscriber
    connected during it is taken over the days they were connected.
    """
    if not usage.height:
        return _empty({"subscriber_id": pl.Int64})
    E = usage.select(pl.col("end").max()).item()
    recent_lo = E - dt.timedelta(days=RECENT_DAYS - 1)
    base_hi = recent_lo - dt.timedelta(days=1)
    base_lo = base_hi - dt.timedelta(days=BASELINE_DAYS - 1)
    period_days = (pl.col("end") - pl.col("start")).dt.total_days() + 1
    rows = usage.filter(pl.col("end") >= base_lo).with_columns(
        (pl.col("bytes") * _window_overlap(pl.col("start"), pl.col("end"), recent_lo, E) / period_days).alias("_r"),
        (pl.col("bytes") * _window_overlap(pl.col("start"), pl.col("end"), base_lo, base_hi) / period_days).alias("_b"),
    )
    daily = bool(usage.select(pl.col("daily").any()).item())
    agg = rows.group_by("subscriber_id").agg(
        pl.col("_r").sum().alias("_recent"),
        pl.col("_b").sum().alias("_baseline"),
        pl.col("start")
        .filter(pl.col("daily") & (pl.col("bytes") > 0) & (pl.col("start") >= recent_lo))
        .n_unique()
        .alias("_active_days"),
    )
    last = (
        usage.filter(pl.col("bytes") > 0)
        .group_by("subscriber_id")
        .agg(((pl.lit(E) - pl.col("end").max()).dt.total_days()).alias("days_since_traffic"))
    )
    connected = base.select(
        "subscriber_id",
        _window_overlap(pl.col("connected_on"), pl.lit(E), base_lo, base_hi).alias("_base_days"),
        _window_overlap(pl.col("connected_on"), pl.lit(E), recent_lo, E).alias("_recent_days"),
    )
    gb = 1e9
    out = connected.join(agg, "subscriber_id", "left").join(last, "subscriber_id", "left")
    out = out.with_columns(
        pl.when(pl.col("_recent_days") > 0)
        .then(pl.col("_recent").fill_null(0) / pl.col("_recent_days") / gb)
        .alias("usage_recent_gb"),
        pl.when(pl.col("_base_days") >= 14)
        .then(pl.col("_baseline").fill_null(0) / pl.col("_base_days") / gb)
        .alias("usage_baseline_gb"),
    )
    out = out.with_columns(
        pl.when(pl.col("usage_baseline_gb") > 0)
        .then(100 * (1 - pl.col("usage_recent_gb") / pl.col("usage_baseline_gb")))
        .alias("usage_drop_pct"),
        ((pl.col("usage_baseline_gb") > 0) & (pl.col("usage_recent_gb") == 0)).cast(pl.Int8).alias("stopped_using"),
        (pl.col("_recent_days") - pl.col("_active_days").fill_null(0)).alias("zero_days_recent")
        if daily
        else pl.lit(None, pl.Float64).alias("zero_days_recent"),
        pl.col("days_since_traffic").fill_null(NO_DATA_DAYS),
    )
    return out.select(
        "subscriber_id",
        "usage_recent_gb",
        "usage_baseline_gb",
        "usage_drop_pct",
        "stopped_using",
        "zero_days_recent",
        "days_since_traffic",
    )
