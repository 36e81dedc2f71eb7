"""Training the risk models on the operator's history, scoring the base, hidden churn, and reading the scores.

tasks.start_run(user=request.user, train=True)       # (tasks.py) a ScoringRun; the job runs in the background
execute_run(run, progress=callback)                  # what the job does: load, train, score, store
latest_scores([subscriber ids]) -> {id: ScoreView}   # for other apps (surveys show NPS beside risk)
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import polars as pl
from django.db import transaction
from django.db.models import Max, Q
from django.db.models.functions import TruncDate
from django.utils import timezone, translation
from django.utils.translation import gettext_noop

from abonent.subscribers.models import MonthlyCharge, Payment, Subscriber, Usage

from . import actions, learning
from .choices import Horizon, ModelKind, RunStatus
from .features import FEATURES, NO_DATA_DAYS, History, features_at, labels
from .loader import load_history
from .models import RiskScore, ScoringModel, ScoringRun

# Stages are stored and sent in English (the API's run.stage); pages show them translated.
TRAINING_STAGE = {90: gettext_noop("training the 90-day model"), 30: gettext_noop("training the 30-day model")}
logger = logging.getLogger(__name__)

SNAPSHOTS = 9  # monthly scoring dates the model learns from
HIDDEN_NO_TRAFFIC_DAYS = 14  # N: no traffic for this many days
HIDDEN_DROP_PCT = 70  # X: traffic fell by at least this share against the own baseline (over K = 4 weeks)
PAYING_DAYS = 62  # "still paying": a payment within two months, or no debt
BATCH = 5000
# Explanations (SHAP) cost about a millisecond per subscriber: the job explains the top of the list, where the work
# is; any other subscriber's factors are computed when their score is opened (explain_score).
EXPLAIN_TOP = 5000
LIVE_STATUSES = ("active", "suspended", "blocked")

Progress = Callable[[int, str], None]


@dataclass(frozen=True)
class ScoreView:
    """A subscriber's latest risk as other apps see it."""

    subscriber_id: int
    probability: float  # 90-day horizon
    probability_30: float | None
    band: str
    scored_on: dt.date
    model_version: int
    factors: list


# --- snapshots and training -----------------------------------------------------------------------------------------


def snapshot_dates(today: dt.date, count: int = SNAPSHOTS, horizon: int = Horizon.DAYS_90) -> list[dt.date]:
    """First days of the last `count` months whose label window (D + horizon) had passed by today, oldest first."""
    last = (today - dt.timedelta(days=horizon)).replace(day=1)
    dates = []
    year, month = last.year, last.month
    for _i in range(count):
        dates.append(dt.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return sorted(dates)


def build_snapshots(
    history: History, dates: list[dt.date], horizon: int, cache: dict | None = None
) -> list[tuple[dt.date, pl.DataFrame, np.ndarray]]:
    """(D, features as of D, churned within `horizon` days after D) per date; features are cached across horizons."""
    cache = {} if cache is None else cache
    snapshots = []
    for day in dates:
        if day not in cache:
            cache[day] = features_at(history, day)
        frame = cache[day]
        y = frame.select("subscriber_id").join(labels(history, day, horizon), "subscriber_id", "left")
        if frame.height:
            snapshots.append((day, frame, y["churned"].fill_null(0).to_numpy()))
    return snapshots


MIN_CHURNED = 5  # fewer leavers than this in the training data: no model


STAYER_SEED = 7


def cross_sectional_sample(
    history: History, today: dt.date, horizon: int, earliest: dt.date
) -> tuple[pl.DataFrame, np.ndarray, dict]:
    """One snapshot for an operator whose history cannot be rebuilt month by month (the common first export).

    Leavers: everyone disconnected on a day L between earliest + horizon and today — label 1, features as of the
    Monday on or before L − horizon, so their row holds only what was known at least `horizon` days before they
    left: nothing from the weeks of leaving itself can reach a feature (the Monday keeps the feature dates to one a
    week). Stayers: everyone still connected today — label 0, features as of one of the leavers' dates drawn at
    random (seed STAYER_SEED), so both sides are seen on the same dates and a feature that depends on the day of the
    month (a payment made before the month is closed) cannot tell them apart; their horizon after that date passed
    without leaving. A row needs that much past: a leaver whose Monday falls before they connected, or a stayer
    connected after the drawn date, is left out. The frame has an `as_of` column: the date each row is cut at.
    """
    subs = history["subscribers"]
    leavers = subs.filter(
        pl.col("disconnected_on").is_not_null()
        & (pl.col("disconnected_on") <= today)
        & (pl.col("disconnected_on") >= earliest + dt.timedelta(days=horizon))
    ).with_columns((pl.col("disconnected_on") - pl.duration(days=horizon)).alias("cut"))
    leavers = (
        leavers.with_columns((pl.col("cut") - pl.duration(days=pl.col("cut").dt.weekday() - 1)).alias("cut"))
        .filter(pl.col("cut") >= pl.col("connected_on"))
        .select("subscriber_id", "cut", pl.lit(1, pl.Int8).alias("y"))
    )
    meta = {
        "leavers_from": (earliest + dt.timedelta(days=horizon)).isoformat(),
        "leavers_to": today.isoformat(),
        "leavers_cut": f"Monday on or before the disconnection date - {horizon} days",
        "stayers_cut": f"one of the leavers' dates at random (seed {STAYER_SEED})",
    }
    if not leavers.height:
        return pl.DataFrame(), np.array([], dtype=np.int8), meta
    stayers = subs.filter(
        (pl.col("connected_on") <= today) & (pl.col("disconnected_on").is_null() | (pl.col("disconnected_on") > today))
    ).sort("subscriber_id")
    rng = np.random.default_rng(STAYER_SEED)
    drawn = rng.choice(leavers["cut"].to_numpy(), size=stayers.height)
    stayers = (
        stayers.with_columns(pl.Series("cut", drawn).cast(pl.Date))
        .filter(pl.col("cut") >= pl.col("connected_on"))
        .select("subscriber_id", "cut", pl.lit(0, pl.Int8).alias("y"))
    )
    rows = pl.concat([leavers, stayers])
    frames = []
    for cut, ids in rows.group_by("cut").agg(pl.col("subscriber_id")).sort("cut").rows():
        frame = features_at(history, cut, subscriber_ids=ids)
        if frame.height:
            frames.append(frame.with_columns(pl.lit(cut, pl.Date).alias("as_of")))
    frame = pl.concat(frames).join(rows.select("subscriber_id", "y"), "subscriber_id", "left")
    frame = frame.sort("as_of", "subscriber_id")
    y = frame["y"].to_numpy().astype(np.int8)
    return frame.drop("y"), y, meta


def train_one(
    history: History, today: dt.date, horizon: int, dates: list[dt.date], cache: dict
) -> tuple[learning.Trained, str]:
    """The time-based model where the monthly snapshots allow it, else the cross-sectional one; (result, kind).

    Time-based needs MIN_CHURNED leavers in its snapshots and a training part and a test part that each hold leavers
    and a model that tells subscribers apart; when it cannot, the reason is kept in the cross-sectional metrics.
    Raises ValueError("not enough history to train …") when neither can be trained.
    """
    snapshots = build_snapshots(history, dates, horizon, cache)
    ys = np.concatenate([y for _d, _f, y in snapshots]) if snapshots else np.array([])
    if len(snapshots) < 2 or ys.sum() < MIN_CHURNED or ys.sum() == len(ys):
        why_not = f"{len(snapshots)} snapshots, {int(ys.sum())} churned of {len(ys)}"
    else:
        try:
            return learning.train_and_evaluate(snapshots, horizon), ModelKind.TIME_BASED
        except learning.NotTrainable as exc:
            why_not = str(exc)
    frame, y, meta = cross_sectional_sample(history, today, horizon, dates[0])
    if y.sum() < MIN_CHURNED:
        raise ValueError(
            f"not enough history to train the {horizon}-day model: monthly snapshots: {why_not}; "
            f"one snapshot: {int(y.sum())} churned of {len(y)}"
        )
    base = features_at(history, today)
    try:
        result = learning.train_cross_sectional(
            learning.matrix(frame), y, learning.matrix(base), horizon, meta={**meta, "time_based_refused": why_not}
        )
    except learning.NotTrainable as exc:
        raise ValueError(f"not enough history to train the {horizon}-day model: {why_not}; {exc}") from exc
    return result, ModelKind.CROSS_SECTIONAL


def train_models(
    history: History, today: dt.date, *, user=None, progress: Progress | None = None, count: int = SNAPSHOTS
) -> dict[int, ScoringModel]:
    """Train and store a new version of the 90- and 30-day models from history before `today` (see train_one)."""
    dates = snapshot_dates(today, count)
    version = (ScoringModel.objects.aggregate(v=Max("version"))["v"] or 0) + 1
    results = {}
    cache: dict = {}
    for step, horizon in enumerate((Horizon.DAYS_90, Horizon.DAYS_30)):
        if progress:
            progress(10 + 30 * step, TRAINING_STAGE[int(horizon)])
        results[int(horizon)] = train_one(history, today, int(horizon), dates, cache)
    trained = {}
    for horizon, (result, kind) in results.items():
        trained[horizon] = ScoringModel.objects.create(
            version=version,
            horizon=horizon,
            kind=kind,
            trained_by=user,
            params={**learning.PARAMS, "rounds": learning.ROUNDS},
            features=list(FEATURES),
            metrics=result.metrics,
            snapshot_dates={"all": [d.isoformat() for d in dates]},
            booster=result.booster.model_to_string(),
        )
    return trained


def current_models() -> dict[int, ScoringModel]:
    """The latest version of each horizon's model."""
    models = {}
    for horizon in (Horizon.DAYS_90, Horizon.DAYS_30):
        model = ScoringModel.objects.filter(horizon=horizon).order_by("-version").first()
        if model is not None:
            models[int(horizon)] = model
    return models


# --- scoring --------------------------------------------------------------------------------------------------------


@dataclass
class Scored:
    """Scores of a base as frames (no database): what the job stores and what the benchmark times."""

    frame: pl.DataFrame  # subscriber_id, probability, probability_30, band, rank, features…
    factors: list[list[dict]]


def score_frame(
    features: pl.DataFrame,
    models: dict[int, ScoringModel | object],
    boosters: dict | None = None,
    explain_top: int | None = EXPLAIN_TOP,
) -> Scored:
    """Probabilities, bands and ranks for a feature frame (90-day model required, 30 optional), and the top factors
    of the `explain_top` highest-risk subscribers (all when None; the others get an empty list)."""
    boosters = boosters or {h: learning.load_booster(m.booster) for h, m in models.items()}
    X = learning.matrix(features)
    p90 = boosters[90].predict(X, num_threads=2)
    p30 = boosters[30].predict(X, num_threads=2) if 30 in boosters else np.full(len(p90), np.nan)
    order = np.argsort(-p90, kind="stable")
    rank = np.empty(len(p90), dtype=np.int64)
    rank[order] = np.arange(1, len(p90) + 1)
    explained = order if explain_top is None else order[:explain_top]
    factors: list[list[dict]] = [[] for _i in range(len(p90))]
    if len(explained):
        rows = np.sort(explained)
        contrib = learning.contributions(boosters[90], X[rows])
        for i, row_factors in zip(rows, learning.top_factors(contrib, X[rows], FEATURES), strict=True):
            factors[i] = row_factors
    thresholds = models[90].metrics["thresholds"]
    frame = features.with_columns(
        pl.Series("probability", p90),
        pl.Series("probability_30", p30),
        pl.Series("band", learning.band(p90, thresholds)),
        pl.Series("rank", rank),
    )
    return Scored(frame=frame, factors=factors)


def explain_score(score: RiskScore) -> list[dict]:
    """The score's top factors, computed now (and kept) when the job did not explain it: from the subscriber's own
    history up to the scoring date, with the model version that produced the score."""
    if score.factors or score.model.booster == "":
        return score.factors

    history = load_history(until=score.scored_on, subscriber_ids=[score.subscriber_id])
    features = features_at(history, score.scored_on, subscriber_ids=[score.subscriber_id])
    if not features.height:
        return []
    X = learning.matrix(features)
    contrib = learning.contributions(learning.load_booster(score.model.booster), X)
    with translation.override("ru"):
        factors = [
            {**f, "text": learning.describe(f["feature"], f["value"])}
            for f in learning.top_factors(contrib, X, FEATURES)[0]
        ]
    score.factors = factors
    RiskScore.objects.filter(pk=score.pk).update(factors=factors)
    return factors


def hidden_reasons(frame: pl.DataFrame) -> list[str]:
    """Hidden churn (скрытый отток): pays, but stopped using, or traffic fell sharply, or moved to a cheaper tariff.

    "Pays" = a payment in the last PAYING_DAYS days or no debt at the last month end. Stopped using = no traffic for
    HIDDEN_NO_TRAFFIC_DAYS days (daily data), or none at all in the last 4 weeks against a usual traffic (monthly
    data). Fell sharply = down HIDDEN_DROP_PCT % or more against the subscriber's own 12-week baseline.
    """
    rows = frame.select(
        "days_since_payment",
        "balance_last",
        "stopped_using",
        "days_since_traffic",
        "zero_days_recent",
        "usage_drop_pct",
        "usage_baseline_gb",
        "downgraded_90d",
        "fee_change_90d",
    ).to_dicts()
    out = []
    for r in rows:
        paying = (r["days_since_payment"] is not None and r["days_since_payment"] <= PAYING_DAYS) or (
            r["balance_last"] is not None and r["balance_last"] >= 0
        )
        reasons = []
        if paying:
            had_traffic = (r["usage_baseline_gb"] or 0) > 0
            since = r["days_since_traffic"]
            if r["stopped_using"] or (
                had_traffic and since is not None and HIDDEN_NO_TRAFFIC_DAYS <= since < NO_DATA_DAYS
            ):
                days = since if since is not None and since < NO_DATA_DAYS else None
                reasons.append(
                    learning.describe("days_since_traffic", days)
                    if days and days >= HIDDEN_NO_TRAFFIC_DAYS
                    else learning.describe("stopped_using", 1)
                )
            elif (r["zero_days_recent"] or 0) >= HIDDEN_NO_TRAFFIC_DAYS and had_traffic:
                reasons.append(learning.describe("zero_days_recent", r["zero_days_recent"]))
            elif r["usage_drop_pct"] is not None and r["usage_drop_pct"] >= HIDDEN_DROP_PCT:
                reasons.append(learning.describe("usage_drop_pct", r["usage_drop_pct"]))
            if r["downgraded_90d"]:
                reasons.append(learning.describe("downgraded_90d", 1))
        out.append("; ".join(reasons))
    return out


def score_base(history: History, as_of: dt.date, run: ScoringRun, progress: Progress | None = None) -> int:
    """Score every subscriber not disconnected as of D with the current models and store the scores on the run."""
    models = current_models()
    if 90 not in models:
        raise ValueError("no trained model: run with training first")
    if progress:
        progress(70, gettext_noop("computing features"))
    features = features_at(history, as_of)
    # The base as of D by the dates, not today's status: a run for a past date scores those who have left since
    # (the track record needs them); a disconnected subscriber without a date is left out.
    live = dict(
        Subscriber.objects.filter(connected_on__lte=as_of)
        .filter(Q(disconnected_on__gt=as_of) | Q(disconnected_on__isnull=True, status__in=LIVE_STATUSES))
        .values_list("pk", "arpu")
    )
    features = features.filter(pl.col("subscriber_id").is_in(list(live)))
    if progress:
        progress(80, gettext_noop("scoring"))
    scored = score_frame(features, models)
    active = set(Subscriber.objects.filter(status="active").values_list("pk", flat=True))
    with translation.override("ru"):
        hidden = hidden_reasons(scored.frame)
        texts = [[{**f, "text": learning.describe(f["feature"], f["value"])} for f in row] for row in scored.factors]
    if progress:
        progress(90, gettext_noop("saving scores"))
    rows = scored.frame.select("subscriber_id", "probability", "probability_30", "band", "rank").rows()
    objs = []
    with transaction.atomic():
        for i, (sid, p90, p30, band, rank) in enumerate(rows):
            objs.append(
                RiskScore(
                    run=run,
                    subscriber_id=sid,
                    model=models[90],
                    scored_on=as_of,
                    probability=round(float(p90), 5),
                    probability_30=None if np.isnan(p30) else round(float(p30), 5),
                    band=band,
                    rank=rank,
                    factors=texts[i],
                    arpu=live[sid],
                    hidden_reason=hidden[i][:255] if sid in active else "",
                )
            )
            if len(objs) >= BATCH:
                RiskScore.objects.bulk_create(objs)
                objs = []
        RiskScore.objects.bulk_create(objs)
    run.model = models[90]
    run.model_30 = models.get(30)
    return len(rows)


# --- the job --------------------------------------------------------------------------------------------------------


def _set_progress(run: ScoringRun, percent: int, stage: str) -> None:
    run.progress, run.stage = percent, stage
    ScoringRun.objects.filter(pk=run.pk).update(progress=percent, stage=stage[:200])


def execute_run(run: ScoringRun, progress: Progress | None = None) -> ScoringRun:
    """Do the run's work: load the history, retrain if asked (or if there is no model), score the base."""

    def report(percent: int, stage: str) -> None:
        _set_progress(run, percent, stage)
        if progress:
            progress(percent, stage)

    actions.start_run(run)
    try:
        as_of = run.scored_on
        train = run.train or 90 not in current_models()
        report(2, gettext_noop("loading history"))
        since = snapshot_dates(as_of)[0] if train else as_of
        history = load_history(until=as_of, since=since)
        if train:
            train_models(history, as_of, user=run.user, progress=report)
        scored = score_base(history, as_of, run, progress=report)
        report(100, gettext_noop("done"))
        actions.succeed_run(run, scored=scored)
    except Exception as exc:  # the run records the failure; the worker must not die silently
        logger.exception("scoring run %s failed", run.pk)
        actions.fail_run(run, message=str(exc))
    return run


# --- reading scores -------------------------------------------------------------------------------------------------


def latest_run() -> ScoringRun | None:
    return ScoringRun.objects.filter(status=RunStatus.SUCCEEDED).order_by("-finished_at", "-pk").first()


def latest_scores(subscriber_ids) -> dict[int, ScoreView]:
    """The latest successful run's score of each subscriber asked for; {} when nothing has been scored."""
    run = latest_run()
    if run is None:
        return {}
    scores = RiskScore.objects.filter(run=run, subscriber_id__in=list(subscriber_ids)).select_related("model")
    return {
        s.subscriber_id: ScoreView(
            subscriber_id=s.subscriber_id,
            probability=s.probability,
            probability_30=s.probability_30,
            band=s.band,
            scored_on=s.scored_on,
            model_version=s.model.version,
            factors=s.factors,
        )
        for s in scores
    }


# --- track record: past runs against what happened -----------------------------------------------------------------


def latest_data_date() -> dt.date:
    """The date of the latest imported data (a disconnection, charge month end, payment, traffic day), at most today.

    A run's outcome window counts as closed only when the data reaches its end, not when the wall clock does.
    """
    today = timezone.localdate()
    candidates = [
        Subscriber.objects.filter(disconnected_on__lte=today).aggregate(d=Max("disconnected_on"))["d"],
        Payment.objects.annotate(_on=TruncDate("paid_at")).filter(_on__lte=today).aggregate(d=Max("_on"))["d"],
        Usage.objects.filter(date__lte=today).aggregate(d=Max("date"))["d"],
    ]
    month = MonthlyCharge.objects.filter(month__lte=today).aggregate(d=Max("month"))["d"]
    if month is not None:
        candidates.append(min(today, (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(1)))
    found = [d for d in candidates if d is not None]
    return max(found) if found else today


def floors() -> dict[str, float]:
    """The track record's alert floors: settings SCORING_FLOOR_AUC and SCORING_FLOOR_LIFT (docs/configuration.md)."""
    from django.conf import settings

    return {"auc": float(settings.SCORING_FLOOR_AUC), "top_decile_lift": float(settings.SCORING_FLOOR_LIFT)}


def realised(y: np.ndarray, p: np.ndarray, bands: np.ndarray) -> dict:
    """A past run's figures against who left: AUC, top-decile precision, lift (ties averaged), calibration by band."""
    from sklearn.metrics import roc_auc_score

    precision, lift = learning.top_decile(y, p)
    auc = float(roc_auc_score(y, p)) if 0 < y.sum() < len(y) else None
    calibration = []
    for name in ("high", "medium", "low"):
        inside = bands == name
        if inside.any():
            calibration.append(
                {
                    "band": name,
                    "count": int(inside.sum()),
                    "predicted": round(float(p[inside].mean()), 4),
                    "observed": round(float(y[inside].mean()), 4),
                }
            )
    return {
        "auc": round(auc, 4) if auc is not None else None,
        "top_decile_precision": round(precision, 4),
        "top_decile_lift": round(lift, 3),
        "base_rate": round(float(y.mean()), 4) if len(y) else None,
        "scored": int(len(y)),
        "left": int(y.sum()),
        "calibration": calibration,
    }


def run_track_record(run: ScoringRun, horizon: int, reference: dt.date) -> dict | None:
    """One run's realised figures for one horizon; None while its window (scored_on + horizon) is open or it scored
    nobody.

    Everyone the run scored counts, including those disconnected since (the ones the figures are about); left =
    disconnected on a day in (scored_on, scored_on + horizon].
    """
    model = run.model if horizon == Horizon.DAYS_90 else run.model_30
    end = run.scored_on + dt.timedelta(days=horizon)
    if model is None or end > reference:
        return None
    field = "probability" if horizon == Horizon.DAYS_90 else "probability_30"
    rows = list(
        RiskScore.objects.filter(run=run, **{f"{field}__isnull": False})
        .values_list(field, "subscriber__disconnected_on", "band")
        .order_by("rank", "pk")
    )
    p = np.array([r[0] for r in rows], dtype=float)
    y = np.array([1 if r[1] is not None and run.scored_on < r[1] <= end else 0 for r in rows], dtype=float)
    if not len(p):
        return None
    # Bands: the stored ones (the 90-day model's); the 30-day scores by the 30-day model's own thresholds.
    thresholds = (model.metrics or {}).get("thresholds")
    if horizon == Horizon.DAYS_90 or not thresholds:
        bands = np.array([r[2] for r in rows])
    else:
        bands = learning.band(p, thresholds)
    figures = realised(y, p, bands)
    floor = floors()
    below = [name for name, value in floor.items() if figures[name] is None or figures[name] < value]
    return {
        "run": run.pk,
        "scored_on": run.scored_on,
        "horizon": int(horizon),
        "window_end": end,
        "model": model.pk,
        "model_version": model.version,
        "model_kind": model.kind,
        **figures,
        "holdout_auc": (model.metrics or {}).get("auc"),
        "holdout_top_decile_lift": (model.metrics or {}).get("top_decile_lift"),
        "floors": floor,
        "below_floor": below,
        "alert": bool(below),
    }


def track_record(reference: dt.date | None = None) -> list[dict]:
    """Every succeeded run whose outcome window closed by `reference` (default: the latest imported data's date),
    newest first, for both horizons."""
    reference = reference or latest_data_date()
    out = []
    runs = ScoringRun.objects.filter(status=RunStatus.SUCCEEDED).select_related("model", "model_30")
    for run in runs.order_by("-scored_on", "-pk"):
        for horizon in (Horizon.DAYS_90, Horizon.DAYS_30):
            record = run_track_record(run, int(horizon), reference)
            if record is not None:
                out.append(record)
    return out


def track_record_alerts(reference: dt.date | None = None) -> list[dict]:
    """The latest evaluated run's records that fall below a floor (what the dashboard panel shows)."""
    records = track_record(reference)
    if not records:
        return []
    latest = records[0]["run"]
    return [r for r in records if r["run"] == latest and r["alert"]]
