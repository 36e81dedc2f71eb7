import numpy as np
import pytest

from abonent.scoring import learning
from abonent.scoring.features import FEATURES


def test_top_decile_and_calibration_by_hand():
    # 20 subscribers, 4 churned; the two highest scores (the top 10 %) are one churner and one stayer.
    p = np.linspace(0.01, 0.20, 20)
    y = np.zeros(20)
    y[[19, 5, 6, 7]] = 1
    precision, lift = learning.top_decile(y, p)
    assert precision == 0.5  # scores 0.20 (churned) and 0.19 (stayed)
    assert lift == pytest.approx(0.5 / 0.2)  # base rate 4 / 20
    table = learning.calibration(y, p, bins=2)
    # Lower half: scores 0.01…0.10 (mean 0.055), churners at 5, 6, 7 → 3 / 10; upper half 0.11…0.20, 1 / 10.
    assert table == [
        {"decile": 1, "count": 10, "predicted": 0.055, "observed": 0.3},
        {"decile": 2, "count": 10, "predicted": 0.155, "observed": 0.1},
    ]


def test_explanations_sum_to_the_raw_score():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(2000, len(FEATURES)))
    y = (X[:, 0] + 0.5 * X[:, 3] + rng.normal(scale=0.5, size=2000) > 1).astype(int)
    booster = learning.fit(X, y, rounds=30)
    contrib = learning.contributions(booster, X[:50])
    raw = booster.predict(X[:50], raw_score=True)
    assert np.allclose(contrib.sum(axis=1), raw)
    factors = learning.top_factors(contrib, X[:50], FEATURES)
    for row, c in zip(factors, contrib, strict=True):
        assert [f["contribution"] for f in row] == sorted((f["contribution"] for f in row), reverse=True)
        assert all(f["contribution"] > 0 for f in row)
        if row:
            assert row[0]["contribution"] == pytest.approx(c[:-1].max(), abs=1e-4)


def test_factor_texts_read_like_a_manager_speaks():
    from django.utils import translation

    with translation.override("ru"):
        assert learning.describe("usage_drop_pct", 70.4) == "трафик упал на 70 % за 4 недели"
    with translation.override("en"):
        assert learning.describe("usage_drop_pct", 70.4) == "traffic fell by 70 % over 4 weeks"
        assert learning.describe("days_since_payment", 45) == "no payment for 45 days"
