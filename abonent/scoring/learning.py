"""Training, evaluating and explaining the churn model: plain numpy/polars in, plain data out (no database).

The model is LightGBM's gradient boosting on the features of monthly snapshots. Explanations are LightGBM's own
SHAP values (pred_contrib): per subscriber, each feature's contribution to the raw score (log-odds), which with the
bias term sums exactly to the raw score.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import polars as pl
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    import lightgbm as lgb

# LightGBM and scikit-learn (with SciPy) take over a second to load: they are imported in the functions that train,
# load or evaluate a model, so a page or a command that only reaches this module through its imports (every URL
# configuration the system checks load does) does not pay for them.

from abonent.subscribers.service_kinds import service_type_labels

from .features import CATEGORICAL, FEATURES, NO_DATA_DAYS, SERVICE_TYPES

PARAMS = {
    "objective": "binary",
    "learning_rate": 0.05,
    "num_leaves": 15,
    "max_depth": 5,  # small trees: SHAP explanations cost grows with leaves × depth²
    "min_data_in_leaf": 50,
    "feature_fraction": 0.9,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "lambda_l2": 1.0,
    "num_threads": 1,  # OpenMP spinning on a busy 2-core host made 2 threads ten times slower
    "seed": 7,
    "deterministic": True,
    "force_col_wise": True,
    "verbose": -1,
}
ROUNDS = 150
HIGH_QUANTILE = 0.90  # the top decile of the training base is "high"
MEDIUM_QUANTILE = 0.70  # the next two deciles "medium"


def matrix(frame: pl.DataFrame, features: list[str] = FEATURES) -> np.ndarray:
    return frame.select([pl.col(c).cast(pl.Float64) for c in features]).to_numpy()


def fit(X: np.ndarray, y: np.ndarray, features: list[str] = FEATURES, rounds: int = ROUNDS) -> lgb.Booster:
    import lightgbm as lgb

    data = lgb.Dataset(
        X,
        label=y,
        feature_name=features,
        categorical_feature=[f for f in CATEGORICAL if f in features],
        free_raw_data=True,
    )
    return lgb.train(PARAMS, data, num_boost_round=rounds)


class NotTrainable(ValueError):
    """The data cannot give a model worth its figures (no leavers, or every subscriber scored alike)."""


def precision_at(y: np.ndarray, p: np.ndarray, share: float = 0.1) -> float:
    """The share who left among the `share` of subscribers with the highest scores, ties treated fairly.

    The cut takes n = round(share × N) subscribers. When it falls inside a group of equal scores, each member of that
    group counts with weight (places left in the cut) / (group size) — the average over every order of the tied
    ranks — instead of whichever of them came first in the file.
    """
    y = np.asarray(y, dtype=float)
    p = np.asarray(p, dtype=float)
    n = max(1, int(round(len(p) * share)))
    if len(p) == 0:
        return 0.0
    cut = np.sort(p)[::-1][n - 1]
    above = p > cut
    tied = p == cut
    inside = n - int(above.sum())
    hits = float(y[above].sum()) + inside * float(y[tied].mean())
    return hits / n


def top_decile(y: np.ndarray, p: np.ndarray) -> tuple[float, float]:
    """(precision, lift) among the 10 % with the highest predicted probability (ties averaged, see precision_at)."""
    precision = precision_at(y, p, 0.1)
    base = float(np.mean(y)) if len(y) else 0.0
    return precision, (precision / base if base else 0.0)


def check_trainable(y: np.ndarray, what: str) -> None:
    """Refuse to train on labels with no leaver: such a model scores everyone alike and its figures are hollow."""
    positives = int(np.sum(y))
    if positives == 0:
        raise NotTrainable(
            _("cannot train: no subscriber in %(what)s left within the horizon (%(n)d subscribers, 0 churned)")
            % {"what": what, "n": len(y)}
        )
    if positives == len(y):
        raise NotTrainable(
            _("cannot train: every subscriber in %(what)s left (%(n)d of %(n)d)") % {"what": what, "n": len(y)}
        )


def check_separates(p: np.ndarray, what: str) -> None:
    """Refuse a model that gives every subscriber the same score: AUC 0.5 and a lift from file order are hollow."""
    if len(p) and float(np.max(p) - np.min(p)) <= 1e-12:
        raise NotTrainable(
            _("cannot train: the model gives all %(n)d subscribers of %(what)s the same score (%(p)s)")
            % {"n": len(p), "what": what, "p": f"{float(p[0]):.4f}"}
        )


def calibration(y: np.ndarray, p: np.ndarray, bins: int = 10) -> list[dict]:
    """Reliability table: subscribers in deciles of predicted probability, mean predicted against observed rate."""
    order = np.argsort(p, kind="stable")
    rows = []
    for i, chunk in enumerate(np.array_split(order, bins), start=1):
        if len(chunk):
            rows.append(
                {
                    "decile": i,
                    "count": int(len(chunk)),
                    "predicted": round(float(p[chunk].mean()), 4),
                    "observed": round(float(y[chunk].mean()), 4),
                }
            )
    return rows


def evaluate(y: np.ndarray, p: np.ndarray) -> dict:
    from sklearn.metrics import roc_auc_score

    precision, lift = top_decile(y, p)
    auc = float(roc_auc_score(y, p)) if 0 < y.sum() < len(y) else None
    return {
        "auc": round(auc, 4) if auc is not None else None,
        "top_decile_precision": round(precision, 4),
        "top_decile_lift": round(lift, 3),
        "base_rate": round(float(y.mean()), 4),
        "brier": round(float(np.mean((p - y) ** 2)), 5),
        "n_test": int(len(y)),
        "positives_test": int(y.sum()),
        "calibration": calibration(y, p),
    }


def importance(booster: lgb.Booster) -> list[dict]:
    gain = booster.feature_importance("gain")
    total = float(gain.sum()) or 1.0
    pairs = sorted(zip(booster.feature_name(), gain, strict=True), key=lambda x: -x[1])
    return [{"feature": f, "share": round(float(g) / total, 4)} for f, g in pairs]


@dataclass
class Trained:
    booster: lgb.Booster
    metrics: dict
    thresholds: dict


def train_and_evaluate(
    snapshots: list[tuple[dt.date, pl.DataFrame, np.ndarray]], horizon: int, rounds: int = ROUNDS
) -> Trained:
    """Time-based holdout, then the production fit.

    The test set is the last snapshot(s); the model evaluated on it is trained only on snapshots whose whole label
    window ended by the first test date (D + horizon ≤ test date), so no outcome the test period could know leaks
    in. The stored model is then refitted on every snapshot.
    """
    dates = [d for d, _f, _y in snapshots]
    if not dates:
        raise NotTrainable(_("cannot train: no snapshot has any subscriber"))
    test_dates = dates[-2:] if len(dates) >= 4 else dates[-1:]
    first_test = test_dates[0]
    train = [(d, f, y) for d, f, y in snapshots if d + dt.timedelta(days=horizon) <= first_test]
    test = [(d, f, y) for d, f, y in snapshots if d in test_dates]
    if not train:
        train = [s for s in snapshots if s[0] < first_test] or snapshots[:1]
    X_train = np.vstack([matrix(f) for _d, f, _y in train])
    y_train = np.concatenate([y for _d, _f, y in train])
    X_test = np.vstack([matrix(f) for _d, f, _y in test])
    y_test = np.concatenate([y for _d, _f, y in test])
    check_trainable(y_train, _("the training snapshots"))
    check_trainable(y_test, _("the test snapshots"))
    holdout = fit(X_train, y_train, rounds=rounds)
    predicted = holdout.predict(X_test)
    check_separates(predicted, _("the test snapshots"))
    metrics = evaluate(y_test, predicted)
    metrics.update(
        kind="time_based",
        n_train=int(len(y_train)),
        positives_train=int(y_train.sum()),
        train_dates=[d.isoformat() for d, _f, _y in train],
        test_dates=[d.isoformat() for d in test_dates],
        horizon=horizon,
    )
    X_all = np.vstack([matrix(f) for _d, f, _y in snapshots])
    y_all = np.concatenate([y for _d, _f, y in snapshots])
    booster = fit(X_all, y_all, rounds=rounds)
    metrics["importance"] = importance(booster)
    latest = booster.predict(matrix(snapshots[-1][1]))
    check_separates(latest, _("the latest snapshot"))
    return Trained(booster=booster, metrics=metrics, thresholds=_thresholds(latest, metrics))


def _thresholds(latest: np.ndarray, metrics: dict) -> dict:
    thresholds = {
        "high": round(float(np.quantile(latest, HIGH_QUANTILE)), 6),
        "medium": round(float(np.quantile(latest, MEDIUM_QUANTILE)), 6),
    }
    metrics["thresholds"] = thresholds
    return thresholds


TEST_SHARE = 0.3  # the stratified holdout of a cross-sectional model
SPLIT_SEED = 7


def train_cross_sectional(
    X: np.ndarray, y: np.ndarray, X_base: np.ndarray, horizon: int, rounds: int = ROUNDS, meta: dict | None = None
) -> Trained:
    """One snapshot: a stratified random holdout (TEST_SHARE, seed SPLIT_SEED), then the production fit on all rows.

    X, y are the training rows (see services.cross_sectional_sample for how the leavers' rows are cut); X_base is the
    base being scored now, whose score percentiles set the bands. The figures are weaker evidence than a time-based
    holdout: test and training rows come from the same period, so a drift over time cannot show.
    """
    from sklearn.model_selection import train_test_split

    check_trainable(y, _("the snapshot"))
    if min(int(y.sum()), int(len(y) - y.sum())) < 2:
        raise NotTrainable(
            _("cannot train: %(n)d churned of %(total)d is too few to split for a test")
            % {"n": int(y.sum()), "total": len(y)}
        )
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=TEST_SHARE, stratify=y, random_state=SPLIT_SEED)
    holdout = fit(X_train, y_train, rounds=rounds)
    predicted = holdout.predict(X_test)
    check_separates(predicted, _("the test part"))
    metrics = evaluate(y_test, predicted)
    metrics.update(
        kind="cross_sectional",
        n_train=int(len(y_train)),
        positives_train=int(y_train.sum()),
        train_dates=[],
        test_dates=[],
        horizon=horizon,
        split={"test_share": TEST_SHARE, "seed": SPLIT_SEED, "stratified": True},
        **(meta or {}),
    )
    booster = fit(X, y, rounds=rounds)
    metrics["importance"] = importance(booster)
    latest = booster.predict(X_base) if len(X_base) else booster.predict(X)
    check_separates(latest, _("the scored base"))
    return Trained(booster=booster, metrics=metrics, thresholds=_thresholds(latest, metrics))


def load_booster(text: str) -> lgb.Booster:
    import lightgbm as lgb

    return lgb.Booster(model_str=text)


def band(probability: np.ndarray, thresholds: dict) -> np.ndarray:
    return np.where(
        probability >= thresholds["high"], "high", np.where(probability >= thresholds["medium"], "medium", "low")
    )


def contributions(booster: lgb.Booster, X: np.ndarray) -> np.ndarray:
    """SHAP values per feature plus the bias in the last column; each row sums to the raw score (log-odds)."""
    return booster.predict(X, pred_contrib=True)


def top_factors(contrib: np.ndarray, X: np.ndarray, features: list[str], n: int = 3) -> list[list[dict]]:
    """The n features pushing each subscriber's risk up the most (positive contributions only), strongest first."""
    values = contrib[:, : len(features)]
    order = np.argsort(-values, axis=1)[:, :n]
    result = []
    for i in range(len(values)):
        row = []
        for j in order[i]:
            c = float(values[i, j])
            if c <= 0:
                break
            v = X[i, j]
            value = None if np.isnan(v) else round(float(v), 2)
            row.append({"feature": features[j], "value": value, "contribution": round(c, 4)})
        result.append(row)
    return result


def describe(feature: str, value) -> str:
    """A factor as a manager reads it, in the active language: «трафик упал на 70 % за 4 недели»."""
    v = value
    if v is None:
        return {
            "usage_drop_pct": _("no traffic data"),
            "contract_in_force": _("no annual contract"),
            "paid_to_charged_6": _("nothing charged in 6 months"),
        }.get(feature, _("%(feature)s: no data") % {"feature": FEATURE_LABELS().get(feature, feature)})
    n = int(round(v))
    texts = {
        "tenure_months": lambda: _("tenure %(n)d months") % {"n": n},
        "is_business": lambda: _("business subscriber") if v else _("residential subscriber"),
        "monthly_fee": lambda: _("monthly fee %(n)d RUB") % {"n": n},
        "service_type": lambda: _("service: %(name)s") % {"name": SERVICE_NAMES().get(n, "—")},
        "n_services": lambda: _("%(n)d services") % {"n": n},
        "speed_mbps": lambda: _("speed %(n)d Mbit/s") % {"n": n},
        "fee_change_90d": lambda: _("fee changed by %(n)d RUB in 90 days") % {"n": n},
        "downgraded_90d": lambda: _("moved to a cheaper tariff") if v else _("no tariff downgrade"),
        "contract_in_force": lambda: _("annual contract in force") if v else _("no annual contract"),
        "balance_last": lambda: _("balance %(n)d RUB at the last month end") % {"n": n},
        "months_negative_6": lambda: _("negative balance in %(n)d of the last 6 months") % {"n": n},
        "min_balance_6": lambda: _("lowest balance %(n)d RUB in 6 months") % {"n": n},
        "charged_last": lambda: _("charged %(n)d RUB last month") % {"n": n},
        "days_since_payment": lambda: (
            _("no payments at all") if n >= NO_DATA_DAYS else _("no payment for %(n)d days") % {"n": n}
        ),
        "payments_180": lambda: _("%(n)d payments in 180 days") % {"n": n},
        "paid_to_charged_6": lambda: _("paid %(n)d %% of the charges in 6 months") % {"n": int(round(v * 100))},
        "usage_recent_gb": lambda: _("traffic %(gb)s GB a day over 4 weeks") % {"gb": f"{v:.2f}"},
        "usage_baseline_gb": lambda: _("usual traffic %(gb)s GB a day") % {"gb": f"{v:.2f}"},
        "usage_drop_pct": lambda: (
            _("traffic fell by %(n)d %% over 4 weeks") % {"n": n}
            if v > 0
            else _("traffic grew by %(n)d %% over 4 weeks") % {"n": -n}
        ),
        "stopped_using": lambda: _("stopped using the service") if v else _("uses the service"),
        "zero_days_recent": lambda: _("%(n)d days without traffic in 4 weeks") % {"n": n},
        "days_since_traffic": lambda: (
            _("no traffic at all") if n >= NO_DATA_DAYS else _("no traffic for %(n)d days") % {"n": n}
        ),
        "tickets_90": lambda: _("%(n)d tickets in 90 days") % {"n": n},
        "repeat_tickets_90": lambda: _("%(n)d repeat tickets in 90 days") % {"n": n},
        "complaints_90": lambda: _("%(n)d complaints in 90 days") % {"n": n},
        "calls_30": lambda: _("%(n)d calls in 30 days") % {"n": n},
        "calls_90": lambda: _("%(n)d calls in 90 days") % {"n": n},
        "missed_calls_90": lambda: _("%(n)d missed calls in 90 days") % {"n": n},
        "claims_90": lambda: _("%(n)d claims in 90 days") % {"n": n},
        "suspensions_365": lambda: _("%(n)d suspensions in a year") % {"n": n},
    }
    # Lambdas: only the asked feature's text is translated (an export describes tens of thousands of factors).
    text = texts.get(feature)
    return text() if text else f"{feature} = {v}"


def FEATURE_LABELS() -> dict[str, str]:  # noqa: N802 - a function so the labels follow the active language
    return {
        "tenure_months": _("Tenure, months"),
        "is_business": _("Business subscriber"),
        "monthly_fee": _("Monthly fee"),
        "service_type": _("Service type"),
        "n_services": _("Number of services"),
        "speed_mbps": _("Speed"),
        "fee_change_90d": _("Fee change in 90 days"),
        "downgraded_90d": _("Tariff downgrade"),
        "contract_in_force": _("Annual contract"),
        "balance_last": _("Balance"),
        "months_negative_6": _("Months with a debt"),
        "min_balance_6": _("Lowest balance"),
        "charged_last": _("Last charge"),
        "days_since_payment": _("Days since payment"),
        "payments_180": _("Payments in 180 days"),
        "paid_to_charged_6": _("Paid to charged"),
        "usage_recent_gb": _("Recent traffic"),
        "usage_baseline_gb": _("Usual traffic"),
        "usage_drop_pct": _("Traffic drop"),
        "stopped_using": _("Stopped using"),
        "zero_days_recent": _("Days without traffic"),
        "days_since_traffic": _("Days since traffic"),
        "tickets_90": _("Tickets"),
        "repeat_tickets_90": _("Repeat tickets"),
        "complaints_90": _("Complaints"),
        "calls_30": _("Calls in 30 days"),
        "calls_90": _("Calls in 90 days"),
        "missed_calls_90": _("Missed calls"),
        "claims_90": _("Claims"),
        "suspensions_365": _("Suspensions"),
    }


def SERVICE_NAMES() -> dict[int, str]:  # noqa: N802
    labels = service_type_labels()
    return {code: str(labels.get(name, name)) for name, code in SERVICE_TYPES.items()}


def factor_text(score, limit: int = 3) -> str:
    """A RiskScore's top factors in the active language, joined: the reason a work item carries."""
    return "; ".join(describe(f["feature"], f["value"]) for f in score.factors[:limit])
