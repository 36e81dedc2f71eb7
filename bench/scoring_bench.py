"""Risk scoring at size: features + scores for 1 000 000 active subscribers from 36 months of history.

The history is synthesised with numpy straight into parquet files (one per table, the columns of
abonent.scoring.features.SCHEMAS): 36 months of charges and balances, payments and monthly usage, daily usage for
the current month, tickets and calls. Parquet rather than PostgreSQL because the thing measured is the feature and
scoring code, not the database driver: the production loader (scoring.loader.load_history) reads the same columns
with one SQL query per table and the same date bounds (the lookback), which is what `read_history` does here with
polars' parquet reader.

Then, in one run, it times:
  1. the production path: read the lookback window, `features_at` (polars) and `score_frame` (LightGBM
     probabilities for 90 and 30 days, SHAP explanations and the top three factors for every subscriber);
  2. the baseline: the same features with plain pandas groupby, from the same files.
Target: step 1 under 60 s on 2 cores and a peak RSS under 4 GB (psutil).

    .venv/bin/python bench/scoring_bench.py [--size 1000000] [--months 36] [--keep]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
import threading
import time
from pathlib import Path

import numpy as np
import polars as pl
import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "abonent.settings")

TARGET_SECONDS = 60.0
TARGET_RSS_GB = 4.0
TODAY = dt.date(2026, 11, 15)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--months", type=int, default=36)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--out", type=Path, default=Path("/tmp/abonent-scoring-bench"))
    parser.add_argument("--keep", action="store_true", help="keep the parquet files")
    parser.add_argument("--reuse", action="store_true", help="use the parquet files a --keep run left")
    parser.add_argument("--skip-pandas", action="store_true")
    return parser.parse_args()


class PeakRss:
    """Samples this process's RSS every 50 ms; `peak` in bytes."""

    def __init__(self):
        self.peak = 0
        self._stop = threading.Event()
        self._proc = psutil.Process()

    def __enter__(self):
        self.peak = self._proc.memory_info().rss
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def _run(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, self._proc.memory_info().rss)
            time.sleep(0.05)

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._proc.memory_info().rss)


def month_starts(months: int) -> list[dt.date]:
    first = TODAY.replace(day=1)
    out = []
    y, m = first.year, first.month
    for _i in range(months):
        out.append(dt.date(y, m, 1))
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    return sorted(out)


def synthesise(size: int, months: int, seed: int, out: Path) -> dict[str, int]:
    """Write the history as parquet; returns the row count per table."""
    rng = np.random.default_rng(seed)
    out.mkdir(parents=True, exist_ok=True)
    ids = np.arange(1, size + 1, dtype=np.int64)
    epoch = np.datetime64("1970-01-01")
    today = np.datetime64(TODAY)
    connected = today - rng.integers(30, 365 * 8, size).astype("timedelta64[D]")
    risky = rng.random(size) < 0.08  # their traffic falls and their debt grows lately
    fee = rng.choice([450.0, 600.0, 800.0, 1200.0], size)
    counts = {}
    pl.DataFrame(
        {
            "subscriber_id": ids,
            "kind": np.where(rng.random(size) < 0.1, "business", "residential"),
            "connected_on": connected,
            "disconnected_on": pl.Series([None] * size, dtype=pl.Date),
        }
    ).write_parquet(out / "subscribers.parquet")
    changed = rng.random(size) < 0.15
    change_day = today - rng.integers(1, 700, size).astype("timedelta64[D]")
    services = pl.DataFrame(
        {
            "subscriber_id": np.concatenate([ids, ids[changed]]),
            "fee": np.concatenate([np.where(changed, fee * 1.3, fee), fee[changed]]),
            "service_type": "internet",
            "speed": 300.0,
            "started_on": np.concatenate([connected, change_day[changed]]),
            "ended_on": pl.Series(
                np.concatenate(
                    [np.where(changed, change_day, np.datetime64("NaT")), np.full(changed.sum(), np.datetime64("NaT"))]
                ).astype("datetime64[D]")
            ),
        }
    )
    services.write_parquet(out / "services.parquet")
    counts["services"] = services.height
    starts = month_starts(months + 1)[:-1]  # closed months; the current one is in daily usage
    balance = rng.normal(100, 50, size)
    charge_parts, pay_parts, usage_parts = [], [], []
    base_gb = rng.lognormal(np.log(150), 0.5, size) * 1e9
    for k, month in enumerate(starts):
        live = connected <= np.datetime64(month)
        idx = ids[live]
        late = k >= len(starts) - 3
        charged = fee[live]
        pays = rng.random(idx.size) < np.where(risky[live] & late, 0.3, 0.93)
        paid = np.where(pays, charged, 0.0)
        balance[live] += paid - charged
        m = np.datetime64(month)
        charge_parts.append(
            pl.DataFrame(
                {
                    "subscriber_id": idx,
                    "month": np.full(idx.size, m),
                    "charged": charged,
                    "balance": np.round(balance[live], 2),
                }
            )
        )
        day = m + rng.integers(0, 27, idx.size).astype("timedelta64[D]")
        pay_parts.append(pl.DataFrame({"subscriber_id": idx[pays], "paid_on": day[pays], "amount": paid[pays]}))
        factor = np.where(risky[live] & late, 0.15, 1.0) * rng.lognormal(0, 0.2, idx.size)
        end = np.datetime64(starts[k + 1]) - 1 if k + 1 < len(starts) else np.datetime64(TODAY.replace(day=1)) - 1
        usage_parts.append(
            pl.DataFrame(
                {
                    "subscriber_id": idx,
                    "start": np.full(idx.size, m),
                    "end": np.full(idx.size, end),
                    "bytes": base_gb[live] * factor,
                    "daily": False,
                }
            )
        )
    charges = pl.concat(charge_parts).with_columns(pl.col("month").cast(pl.Date))
    charges.write_parquet(out / "charges.parquet")
    counts["charges"] = charges.height
    del charges, charge_parts
    payments = pl.concat(pay_parts).with_columns(pl.col("paid_on").cast(pl.Date))
    payments.write_parquet(out / "payments.parquet")
    counts["payments"] = payments.height
    del payments, pay_parts
    # The current month so far, day by day.
    first = np.datetime64(TODAY.replace(day=1))
    for d in range((TODAY - TODAY.replace(day=1)).days):
        day = first + d
        on = rng.random(size) < np.where(risky, 0.4, 0.95)
        usage_parts.append(
            pl.DataFrame(
                {
                    "subscriber_id": ids[on],
                    "start": np.full(on.sum(), day),
                    "end": np.full(on.sum(), day),
                    "bytes": base_gb[on] / 30 * rng.lognormal(0, 0.3, on.sum()),
                    "daily": True,
                }
            )
        )
    usage = pl.concat(usage_parts).with_columns(pl.col("start").cast(pl.Date), pl.col("end").cast(pl.Date))
    usage.write_parquet(out / "usage.parquet")
    counts["usage"] = usage.height
    del usage, usage_parts
    n_tickets = int(size * 0.3 * months / 12)
    tickets = pl.DataFrame(
        {
            "subscriber_id": np.where(
                rng.random(n_tickets) < 0.3, rng.choice(ids[risky], n_tickets), rng.integers(1, size + 1, n_tickets)
            ),
            "opened_on": (today - rng.integers(0, months * 30, n_tickets).astype("timedelta64[D]")),
            "is_repeat": rng.random(n_tickets) < 0.2,
            "complaint": rng.random(n_tickets) < 0.1,
        }
    ).with_columns(pl.col("opened_on").cast(pl.Date))
    tickets.write_parquet(out / "tickets.parquet")
    counts["tickets"] = tickets.height
    n_calls = int(size * 0.8 * months / 12)
    calls = pl.DataFrame(
        {
            "subscriber_id": rng.integers(1, size + 1, n_calls),
            "started_on": (today - rng.integers(0, months * 30, n_calls).astype("timedelta64[D]")),
            "missed": rng.random(n_calls) < 0.25,
        }
    ).with_columns(pl.col("started_on").cast(pl.Date))
    calls.write_parquet(out / "calls.parquet")
    counts["calls"] = calls.height
    counts["subscribers"] = size
    del epoch
    return counts


def read_history(out: Path, as_of: dt.date):
    """What load_history does, from parquet: every table cut to the lookback window, in one read each."""
    from abonent.scoring.features import LOOKBACK_DAYS, History

    since = as_of - dt.timedelta(days=LOOKBACK_DAYS)
    bounds = {
        "charges": "month",
        "payments": "paid_on",
        "usage": "start",
        "tickets": "opened_on",
        "calls": "started_on",
    }
    frames = {"subscribers": pl.read_parquet(out / "subscribers.parquet")}
    frames["services"] = (
        pl.scan_parquet(out / "services.parquet")
        .filter(pl.col("ended_on").is_null() | (pl.col("ended_on") >= since))
        .collect()
    )
    for name, column in bounds.items():
        frames[name] = (
            pl.scan_parquet(out / f"{name}.parquet")
            .filter((pl.col(column) >= since) & (pl.col(column) <= as_of))
            .collect()
        )
    return History.from_frames(**frames)


def train_bench_model(history, as_of: dt.date):
    """A model to score with: fitted on a 100 000-subscriber sample labelled by the synthetic risk (not timed)."""
    from abonent.scoring import learning
    from abonent.scoring.features import features_at

    full = features_at(history, as_of)
    sample = full.sample(min(100_000, full.height), seed=1)
    y = (
        ((sample["usage_drop_pct"].fill_null(0) > 50) | (sample["months_negative_6"].fill_null(0) >= 2))
        .to_numpy()
        .astype(bool)
    )
    y = (y & (np.random.default_rng(2).random(len(y)) < 0.5)).astype(int)
    booster = learning.fit(learning.matrix(sample), y, rounds=learning.ROUNDS)
    p = booster.predict(learning.matrix(sample))

    class Model:
        metrics = {"thresholds": {"high": float(np.quantile(p, 0.9)), "medium": float(np.quantile(p, 0.7))}}

    return {90: Model(), 30: Model()}, {90: booster, 30: booster}


def pandas_features(out: Path, as_of: dt.date):
    """The same features with plain pandas groupby (the baseline)."""
    import pandas as pd

    from abonent.scoring.features import BASELINE_DAYS, LOOKBACK_DAYS, RECENT_DAYS

    D = pd.Timestamp(as_of)
    since = D - pd.Timedelta(days=LOOKBACK_DAYS)

    def read(name):  # pandas has no parquet engine here (no pyarrow): polars reads, pandas gets numpy columns
        frame = pl.read_parquet(out / f"{name}.parquet")
        return pd.DataFrame({c: frame[c].to_numpy() for c in frame.columns})

    subs = read("subscribers")
    subs["connected_on"] = pd.to_datetime(subs["connected_on"])
    subs = subs[subs["connected_on"] <= D]
    f = pd.DataFrame(index=subs["subscriber_id"].values)
    f["tenure_months"] = ((D - subs["connected_on"]).dt.days / 30.4375).values
    f["is_business"] = (subs["kind"] == "business").astype(int).values
    svc = read("services")
    for c in ("started_on", "ended_on"):
        svc[c] = pd.to_datetime(svc[c])

    def on(day):
        live = svc[(svc.started_on <= day) & (svc.ended_on.isna() | (svc.ended_on > day))]
        return live.groupby("subscriber_id").agg(fee=("fee", "sum"), n=("fee", "size"), speed=("speed", "max"))

    now, before = on(D), on(D - pd.Timedelta(days=90))
    f["monthly_fee"] = now["fee"]
    f["n_services"] = now["n"]
    f["speed_mbps"] = now["speed"]
    fee_before = before["fee"].reindex(now.index)
    f["fee_change_90d"] = now["fee"] - fee_before
    f["downgraded_90d"] = ((now["fee"] < fee_before) & (fee_before > 0)).astype(int)
    ch = read("charges")
    ch["month"] = pd.to_datetime(ch["month"])
    ch = ch[(ch.month >= since) & (ch.month + pd.offsets.MonthEnd(0) <= D)]
    last = ch.month.max()
    first = (last - pd.DateOffset(months=5)).replace(day=1)
    ch = ch[ch.month >= first].sort_values("month")
    g = ch.groupby("subscriber_id")
    f["balance_last"] = g["balance"].last()
    f["months_negative_6"] = (ch.balance < 0).groupby(ch.subscriber_id).sum()
    f["min_balance_6"] = g["balance"].min()
    f["charged_last"] = g["charged"].last()
    charged6 = g["charged"].sum()
    pay = read("payments")
    pay["paid_on"] = pd.to_datetime(pay["paid_on"])
    pay = pay[(pay.paid_on >= since) & (pay.paid_on <= D)]
    gp = pay.groupby("subscriber_id")
    f["days_since_payment"] = (D - gp["paid_on"].max()).dt.days
    f["payments_180"] = (pay.paid_on > D - pd.Timedelta(days=180)).groupby(pay.subscriber_id).sum()
    f["paid_to_charged_6"] = pay[pay.paid_on >= first].groupby("subscriber_id")["amount"].sum() / charged6
    us = read("usage")
    for c in ("start", "end"):
        us[c] = pd.to_datetime(us[c])
    us = us[(us.start >= since) & (us.end <= D)]
    E = us.end.max()
    r_lo = E - pd.Timedelta(days=RECENT_DAYS - 1)
    b_hi = r_lo - pd.Timedelta(days=1)
    b_lo = b_hi - pd.Timedelta(days=BASELINE_DAYS - 1)
    days = (us.end - us.start).dt.days + 1

    def overlap(lo, hi):
        a = us.start.where(us.start > lo, lo)
        b = us.end.where(us.end < hi, hi)
        return ((b - a).dt.days + 1).clip(lower=0)

    us = us.assign(r=us.bytes * overlap(r_lo, E) / days, b=us.bytes * overlap(b_lo, b_hi) / days)
    gu = us.groupby("subscriber_id")
    conn = subs.set_index("subscriber_id")["connected_on"]
    base_days = ((b_hi - conn.where(conn > b_lo, b_lo)).dt.days + 1).clip(lower=0)
    recent_days = ((E - conn.where(conn > r_lo, r_lo)).dt.days + 1).clip(lower=0)
    f["usage_recent_gb"] = gu["r"].sum() / recent_days / 1e9
    f["usage_baseline_gb"] = (gu["b"].sum() / base_days / 1e9).where(base_days >= 14)
    f["usage_drop_pct"] = 100 * (1 - f.usage_recent_gb / f.usage_baseline_gb)
    f["stopped_using"] = ((f.usage_baseline_gb > 0) & (f.usage_recent_gb == 0)).astype(int)
    active = us[us.daily & (us.bytes > 0) & (us.start >= r_lo)].groupby("subscriber_id")["start"].nunique()
    f["zero_days_recent"] = recent_days - active.reindex(f.index).fillna(0)
    f["days_since_traffic"] = (E - us[us.bytes > 0].groupby("subscriber_id")["end"].max()).dt.days
    t = read("tickets")
    t["opened_on"] = pd.to_datetime(t["opened_on"])
    t = t[(t.opened_on <= D) & (t.opened_on > D - pd.Timedelta(days=90))]
    gt = t.groupby("subscriber_id")
    f["tickets_90"] = gt.size()
    f["repeat_tickets_90"] = gt["is_repeat"].sum()
    f["complaints_90"] = gt["complaint"].sum()
    c = read("calls")
    c["started_on"] = pd.to_datetime(c["started_on"])
    c = c[(c.started_on <= D) & (c.started_on > D - pd.Timedelta(days=90))]
    gc = c.groupby("subscriber_id")
    f["calls_30"] = (c.started_on > D - pd.Timedelta(days=30)).groupby(c.subscriber_id).sum()
    f["calls_90"] = gc.size()
    f["missed_calls_90"] = gc["missed"].sum()
    return f


def main() -> None:
    args = parse_args()
    import django

    django.setup()
    from abonent.scoring.features import features_at
    from abonent.scoring.services import score_frame

    if not (args.reuse and (args.out / "calls.parquet").exists()):
        print(f"Synthesising {args.size:,} subscribers × {args.months} months into {args.out} …", flush=True)
        t = time.perf_counter()
        counts = synthesise(args.size, args.months, args.seed, args.out)
        print(f"  {time.perf_counter() - t:.1f} s: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()), flush=True)
    print(f"Load average now: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (wall times below include waiting)")

    history = read_history(args.out, TODAY)
    models, boosters = train_bench_model(history, TODAY)
    del history

    with PeakRss() as rss:
        c0, t0 = time.process_time(), time.perf_counter()
        history = read_history(args.out, TODAY)
        c1, t1 = time.process_time(), time.perf_counter()
        features = features_at(history, TODAY)
        c2, t2 = time.process_time(), time.perf_counter()
        scored = score_frame(features, models, boosters)  # the job's call: top EXPLAIN_TOP explained
        c3, t3 = time.process_time(), time.perf_counter()
    total = t3 - t0
    n = scored.frame.height
    print(f"\nProduction path (polars + LightGBM), {n:,} subscribers scored:")
    print(f"  read lookback window {t1 - t0:6.1f} s  (CPU {c1 - c0:6.1f} s)")
    print(f"  features            {t2 - t1:6.1f} s  (CPU {c2 - c1:6.1f} s)")
    print(f"  scores + factors    {t3 - t2:6.1f} s  (CPU {c3 - c2:6.1f} s)")
    print(
        f"  total               {total:6.1f} s   target < {TARGET_SECONDS:.0f} s: "
        + ("OK" if total < TARGET_SECONDS else "MISSED")
    )
    print(
        f"  peak RSS            {rss.peak / 2**30:6.2f} GB target < {TARGET_RSS_GB:.0f} GB: "
        f"{'OK' if rss.peak / 2**30 < TARGET_RSS_GB else 'MISSED'}"
    )
    bands = scored.frame["band"].value_counts().sort("band").rows()
    print(f"  bands {bands}")
    del history, features, scored

    if not args.skip_pandas:
        with PeakRss() as prss:
            t, c = time.perf_counter(), time.process_time()
            frame = pandas_features(args.out, TODAY)
            pandas_seconds, pandas_cpu = time.perf_counter() - t, time.process_time() - c
        print(
            f"\nBaseline: the same features with pandas groupby: {pandas_seconds:.1f} s for {len(frame):,} rows "
            f"(CPU {pandas_cpu:.1f} s, peak RSS {prss.peak / 2**30:.2f} GB); polars features {t2 - t1:.1f} s = "
            f"{pandas_seconds / max(t2 - t1, 1e-9):.1f}× faster"
        )
    if not args.keep:
        shutil.rmtree(args.out, ignore_errors=True)


if __name__ == "__main__":
    main()
