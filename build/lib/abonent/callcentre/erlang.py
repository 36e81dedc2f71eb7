"""Erlang C: how many agents a queue needs for a service level, written out so its numbers can be checked.

Traffic A (erlangs) = arrivals per interval × average handle time ÷ interval length. With N agents:

    Erlang B by recursion:  B(0) = 1,  B(n) = A·B(n−1) / (n + A·B(n−1))         (no factorials, no powers)
    P(wait) = C(N, A) = N·B(N) / (N − A·(1 − B(N)))                              for N > A, else 1
    service level     = 1 − C · exp(−(N − A) · T / AHT)                          share answered within T seconds
    ASA               = C · AHT / (N − A)                                        average speed of answer, seconds
    occupancy         = A / N

The recursion stays between 0 and 1 at every step, so it is exact to float precision for thousands of agents,
where N!·Aᴺ would overflow at about 170. Shrinkage (breaks, training, offline work) turns agents on the phones
into agents to schedule: scheduled = ⌈needed / (1 − shrinkage)⌉.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


def traffic(calls: float, interval_seconds: float, aht_seconds: float) -> float:
    """Offered load in erlangs."""
    if interval_seconds <= 0:
        raise ValueError("interval_seconds must be positive")
    return max(0.0, calls) * max(0.0, aht_seconds) / interval_seconds


def erlang_b(agents: int, load: float) -> float:
    """Blocking probability of an Erlang loss system, by the stable recursion."""
    if agents < 0 or load < 0:
        raise ValueError("agents and load must not be negative")
    if load == 0:
        return 0.0 if agents > 0 else 1.0
    b = 1.0
    for n in range(1, agents + 1):
        b = load * b / (n + load * b)
    return b


def prob_wait(agents: int, load: float) -> float:
    """Erlang C: the probability that a call waits in the queue (1 when the load is at or above the agents)."""
    if load <= 0:
        return 0.0
    if agents <= load:
        return 1.0
    b = erlang_b(agents, load)
    return agents * b / (agents - load * (1 - b))


def service_level(agents: int, load: float, aht_seconds: float, target_seconds: float) -> float:
    """Share of calls answered within `target_seconds` (0..1)."""
    if load <= 0:
        return 1.0
    if agents <= load:
        return 0.0
    if aht_seconds <= 0:
        return 1.0
    c = prob_wait(agents, load)
    return max(0.0, min(1.0, 1 - c * math.exp(-(agents - load) * target_seconds / aht_seconds)))


def asa(agents: int, load: float, aht_seconds: float) -> float:
    """Average speed of answer in seconds (infinite when the queue never clears)."""
    if load <= 0:
        return 0.0
    if agents <= load:
        return math.inf
    return prob_wait(agents, load) * aht_seconds / (agents - load)


def occupancy(agents: int, load: float) -> float:
    """Share of the agents' time spent handling calls (capped at 1)."""
    if agents <= 0:
        return 0.0 if load <= 0 else 1.0
    return min(1.0, load / agents)


def agents_needed(
    load: float, aht_seconds: float, target_level: float = 0.8, target_seconds: float = 20, max_agents: int = 100_000
) -> int:
    """The fewest agents on the phones that reach `target_level` of calls answered within `target_seconds`.

    Starts just above the load (fewer agents can never clear the queue) and counts up; each step reuses the
    Erlang B value of the previous count, so the search costs one recursion in total.
    """
    if load <= 0:
        return 0
    if not 0 < target_level < 1:
        raise ValueError("target_level must be between 0 and 1")
    b = 1.0
    n = 0
    while n < max_agents:
        n += 1
        b = load * b / (n + load * b)
        if n <= load:
            continue
        c = n * b / (n - load * (1 - b))
        level = 1 - c * math.exp(-(n - load) * target_seconds / aht_seconds) if aht_seconds > 0 else 1.0
        if level >= target_level:
            return n
    raise ValueError("load too high for max_agents")


def with_shrinkage(agents: int, shrinkage: float) -> int:
    """Agents to schedule so that `agents` are on the phones when a share `shrinkage` of paid time is lost."""
    if not 0 <= shrinkage < 1:
        raise ValueError("shrinkage must be in [0, 1)")
    if agents <= 0:
        return 0
    return math.ceil(agents / (1 - shrinkage) - 1e-9)


@dataclass(frozen=True)
class Staffing:
    load: float
    agents: int
    scheduled: int
    service_level: float
    asa: float
    occupancy: float
    prob_wait: float


def staffing(
    calls: float,
    interval_seconds: float,
    aht_seconds: float,
    *,
    target_level: float = 0.8,
    target_seconds: float = 20,
    shrinkage: float = 0.0,
) -> Staffing:
    """Everything about one interval: load, agents needed (on the phones and scheduled), SL, ASA, occupancy."""
    load = traffic(calls, interval_seconds, aht_seconds)
    n = agents_needed(load, aht_seconds, target_level, target_seconds)
    return Staffing(
        load=load,
        agents=n,
        scheduled=with_shrinkage(n, shrinkage),
        service_level=service_level(n, load, aht_seconds, target_seconds),
        asa=asa(n, load, aht_seconds),
        occupancy=occupancy(n, load),
        prob_wait=prob_wait(n, load),
    )
