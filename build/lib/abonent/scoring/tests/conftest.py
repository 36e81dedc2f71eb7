import datetime as dt

import pytest

from abonent.scoring.models import RiskScore, ScoringModel, ScoringRun
from abonent.subscribers.models import Subscriber

METRICS = {
    "auc": 0.81,
    "top_decile_precision": 0.3,
    "top_decile_lift": 3.0,
    "base_rate": 0.1,
    "brier": 0.08,
    "n_train": 1000,
    "positives_train": 100,
    "n_test": 500,
    "positives_test": 50,
    "train_dates": ["2026-01-01"],
    "test_dates": ["2026-04-01"],
    "calibration": [
        {"decile": 1, "count": 250, "predicted": 0.05, "observed": 0.04},
        {"decile": 2, "count": 250, "predicted": 0.15, "observed": 0.16},
    ],
    "importance": [{"feature": "usage_drop_pct", "share": 0.6}, {"feature": "tenure_months", "share": 0.4}],
    "thresholds": {"high": 0.3, "medium": 0.1},
}


@pytest.fixture
def scored(db):
    """Two scored subscribers (one business) of a finished run, without training: for pages and actions."""
    model = ScoringModel.objects.create(version=1, horizon=90, metrics=METRICS, features=["usage_drop_pct"])
    run = ScoringRun.objects.create(scored_on=dt.date(2026, 6, 15), status="succeeded", model=model, scored=2)
    home = Subscriber.objects.create(external_id="R1", name="Петров", connected_on=dt.date(2020, 1, 1), arpu=600)
    firm = Subscriber.objects.create(
        external_id="B1", name="ООО Ромашка", kind="business", connected_on=dt.date(2020, 1, 1), arpu=12000
    )
    factors = [
        {"feature": "usage_drop_pct", "value": 70.0, "contribution": 0.9, "text": "трафик упал на 70 % за 4 недели"},
        {"feature": "months_negative_6", "value": 3.0, "contribution": 0.4, "text": "…"},
    ]
    a = RiskScore.objects.create(
        run=run,
        subscriber=home,
        model=model,
        scored_on=run.scored_on,
        probability=0.62,
        probability_30=0.3,
        band="high",
        rank=1,
        factors=factors,
        arpu=600,
        hidden_reason="трафик упал на 70 % за 4 недели",
    )
    b = RiskScore.objects.create(
        run=run,
        subscriber=firm,
        model=model,
        scored_on=run.scored_on,
        probability=0.2,
        band="medium",
        rank=2,
        factors=factors[1:],
        arpu=12000,
    )
    return a, b
