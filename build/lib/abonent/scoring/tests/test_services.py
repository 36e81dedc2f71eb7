import datetime as dt

import polars as pl
import pytest

from abonent.scoring import services
from abonent.scoring.choices import RunStatus
from abonent.scoring.models import RiskScore, ScoringModel, ScoringRun

from .fixtures import D, learnable_operator

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator():
    return learnable_operator()


def run(train=True, as_of=D):
    r = ScoringRun.objects.create(train=train, scored_on=as_of, source="cli")
    seen = []
    services.execute_run(r, progress=lambda percent, stage: seen.append(percent))
    return r, seen


def test_snapshot_dates_leave_the_label_window_closed():
    # Scoring on 15.06.2026: the latest snapshot is 01.03.2026 (its 90 days ended 30.05), 9 months back to 01.07.2025.
    dates = services.snapshot_dates(D)
    assert dates[0] == dt.date(2025, 7, 1) and dates[-1] == dt.date(2026, 3, 1) and len(dates) == 9


def test_training_learns_the_signal_and_scores_the_base(operator):
    r, seen = run()
    assert r.status == RunStatus.SUCCEEDED, r.message
    assert seen[0] < seen[-1] == 100 and seen == sorted(seen)
    model = r.model
    assert model.version == 1 and model.horizon == 90 and r.model_30.horizon == 30
    m = model.metrics
    assert m["auc"] > 0.7, m
    assert m["top_decile_lift"] > 1.5
    assert m["n_train"] > 0 and m["n_test"] > 0
    # Holdout: every training snapshot's 90-day window ended by the first test snapshot.
    first_test = dt.date.fromisoformat(m["test_dates"][0])
    assert all(dt.date.fromisoformat(d) + dt.timedelta(days=90) <= first_test for d in m["train_dates"])
    assert sum(row["count"] for row in m["calibration"]) == m["n_test"]
    active = sum(1 for s in operator if s.status == "active")
    assert r.scored == active == RiskScore.objects.filter(run=r).count()
    ranks = list(RiskScore.objects.filter(run=r).order_by("rank").values_list("probability", flat=True))
    assert ranks == sorted(ranks, reverse=True)
    thresholds = m["thresholds"]  # the 90th and 70th percentiles of the latest snapshot's scores
    for score in RiskScore.objects.filter(run=r):
        expected = (
            "high"
            if score.probability >= thresholds["high"]
            else ("medium" if score.probability >= thresholds["medium"] else "low")
        )
        assert score.band == expected or abs(score.probability - thresholds[expected]) < 1e-5
    view = services.latest_scores([operator[1].pk, operator[2].pk])
    for _sid, score in view.items():
        assert 0 <= score.probability <= 1 and score.band in ("high", "medium", "low") and score.scored_on == D
        assert score.model_version == 1


def test_rescoring_keeps_the_model_and_retraining_makes_a_new_version(operator):
    first, _seen = run()
    second, _seen = run(train=False)
    assert second.model == first.model and ScoringModel.objects.count() == 2  # 30 and 90 days, version 1
    third, _seen = run(train=True)
    assert third.model.version == 2 and ScoringModel.objects.count() == 4
    # Scores record the version that produced them; the older run's scores keep theirs.
    assert set(RiskScore.objects.filter(run=first).values_list("model__version", flat=True)) == {1}
    assert set(RiskScore.objects.filter(run=third).values_list("model__version", flat=True)) == {2}
    assert services.latest_run() == third


def test_no_history_fails_the_run_and_says_why():
    r, _seen = run()
    assert r.status == RunStatus.FAILED and "not enough history" in r.message
    assert services.latest_scores([1]) == {}


def test_hidden_churn_rules():
    frame = pl.DataFrame(
        {
            "days_since_payment": [10, 10, 200, 10, 10, 10],
            "balance_last": [0.0, 0.0, -500.0, 0.0, 0.0, 0.0],
            "stopped_using": [1, 0, 1, 0, 0, 0],
            "days_since_traffic": [40, 0, 40, 0, 0, 15],
            "zero_days_recent": [None, None, None, None, None, 15],
            "usage_drop_pct": [100.0, 75.0, 100.0, 30.0, 69.0, 50.0],
            "usage_baseline_gb": [2.0, 2.0, 2.0, 2.0, 2.0, 2.0],
            "downgraded_90d": [0, 0, 0, 1, 0, 0],
            "fee_change_90d": [0, 0, 0, -200, 0, 0],
        }
    )
    from django.utils import translation

    with translation.override("en"):
        reasons = services.hidden_reasons(frame)
    assert reasons == [
        "no traffic for 40 days",  # pays, nothing for 40 days
        "traffic fell by 75 % over 4 weeks",  # 75 % ≥ 70 %
        "",  # stopped, but does not pay: warm churn, not hidden
        "moved to a cheaper tariff",
        "",  # 69 % is below the threshold
        "no traffic for 15 days",  # daily data: 15 days ≥ 14
    ]


def test_factors_computed_on_demand_match_the_job(operator):
    r, _seen = run()
    score = RiskScore.objects.filter(run=r).order_by("rank").first()
    stored = score.factors
    assert stored, "the top subscriber has factors pushing the risk up"
    RiskScore.objects.filter(pk=score.pk).update(factors=[])
    score.refresh_from_db()
    assert services.explain_score(score) == stored
    assert RiskScore.objects.get(pk=score.pk).factors == stored


def test_the_job_explains_only_the_top_of_the_list(operator):
    from abonent.scoring.features import features_at
    from abonent.scoring.loader import load_history

    run()
    frame = features_at(load_history(until=D), D)
    scored = services.score_frame(frame, services.current_models(), explain_top=3)
    explained = [i for i, f in enumerate(scored.factors) if f]
    assert set(scored.frame["rank"].gather(explained).to_list()) <= {1, 2, 3}
