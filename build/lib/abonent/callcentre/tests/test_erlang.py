"""Erlang C against published values and an independent closed form (log-gamma) for large agent counts."""

import math

import pytest

from abonent.callcentre import erlang


def closed_form_prob_wait(n: int, a: float) -> float:
    # P(wait) = (Aᴺ/N! · N/(N−A)) / (Σₖ<N Aᵏ/k! + Aᴺ/N! · N/(N−A)), in logs so it works for large N.
    log_terms = [k * math.log(a) - math.lgamma(k + 1) for k in range(n)]
    log_top = n * math.log(a) - math.lgamma(n + 1) + math.log(n / (n - a))
    peak = max(log_terms + [log_top])
    top = math.exp(log_top - peak)
    return top / (sum(math.exp(t - peak) for t in log_terms) + top)


def test_textbook_100_calls_per_half_hour():
    # 100 calls in 30 min, AHT 180 s → A = 100 × 180 / 1800 = 10 erlangs. Published table (e.g. callcentrehelper's
    # Erlang C worked example): 13 agents SL 79.6 %, 14 agents P(wait) 17.4 %, SL 88.8 %, ASA 7.8 s, occupancy 71.4 %.
    assert erlang.traffic(100, 1800, 180) == 10
    assert erlang.agents_needed(10, 180, 0.8, 20) == 14
    assert erlang.service_level(13, 10, 180, 20) == pytest.approx(0.7956, abs=5e-4)
    assert erlang.prob_wait(14, 10) == pytest.approx(0.1741, abs=5e-4)
    assert erlang.service_level(14, 10, 180, 20) == pytest.approx(0.8884, abs=5e-4)
    assert erlang.asa(14, 10, 180) == pytest.approx(7.84, abs=0.01)
    assert erlang.occupancy(14, 10) == pytest.approx(0.7143, abs=1e-4)
    s = erlang.staffing(100, 1800, 180, shrinkage=0.3)
    assert (s.agents, s.scheduled) == (14, 20)  # 14 / 0.7 = 20 scheduled


def test_erlang_b_textbook():
    # Erlang B table: 10 erlangs on 10 lines blocks 21.46 %; 1 erlang on 1 line 50 %.
    assert erlang.erlang_b(10, 10) == pytest.approx(0.2146, abs=1e-4)
    assert erlang.erlang_b(1, 1) == 0.5


@pytest.mark.parametrize("n,a", [(210, 200.0), (250, 240.0), (1100, 1000.0)])
def test_large_agent_counts_match_the_closed_form(n, a):
    assert erlang.prob_wait(n, a) == pytest.approx(closed_form_prob_wait(n, a), rel=1e-9)


def test_200_erlangs_needs_few_more_agents_than_load():
    # Economies of scale: 200 erlangs at 80/20 with AHT 180 s need 208 agents (SL 80.x %), 207 are not enough.
    n = erlang.agents_needed(200, 180, 0.8, 20)
    assert n == 208
    assert erlang.service_level(208, 200, 180, 20) >= 0.8 > erlang.service_level(207, 200, 180, 20)


def test_edge_cases():
    assert erlang.agents_needed(0, 180) == 0
    assert erlang.prob_wait(5, 0) == 0 and erlang.service_level(0, 0, 180, 20) == 1 and erlang.asa(3, 0, 180) == 0
    assert erlang.prob_wait(10, 10) == 1 and erlang.service_level(10, 12, 180, 20) == 0
    assert erlang.asa(10, 10, 180) == math.inf
    assert erlang.occupancy(10, 12) == 1
    assert erlang.with_shrinkage(0, 0.3) == 0 and erlang.with_shrinkage(7, 0) == 7
    with pytest.raises(ValueError):
        erlang.with_shrinkage(5, 1)
    with pytest.raises(ValueError):
        erlang.agents_needed(10, 180, 1.2)
