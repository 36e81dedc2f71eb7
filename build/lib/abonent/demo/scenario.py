"""The disconnection requests of the demo operator's last months: who came, why, what was offered, how it ended.

Planned from the generated subscribers, deterministically, before anything touches the database. Requests that
end in disconnection are the operator's real recent churners: their rows are loaded as the billing showed them
before the request was processed (active, no date, no reason), and closing the request through the churn actions
disconnects them on the generated date with the generated reason, so the register and the base agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np
import polars as pl

from . import data

REQUEST_CHANNELS = ["visit", "phone", "written", "online"]
CHANNEL_WEIGHTS = [0.35, 0.40, 0.10, 0.15]
UNMANAGED = {"moved_out_of_coverage", "business_closed", "death"}
DISCONNECTED_SHARE = 0.35  # of the last 90 days' churners: the rest left without a request (stopped paying, moved)
RECENT_DAYS = 90

# Share of requests per outcome, relative to the requests that ended in disconnection.
RELATIVE_COUNTS = {
    "retained": 0.35,
    "suspended": 0.08,
    "relocated": 0.05,
    "withdrawn": 0.07,
    "new": 0.04,
    "reason_established": 0.04,
    "offer_made": 0.05,
}

# What the subscriber said, by reason.
WORDS = {
    "moved_out_of_coverage": "Переезжаю в другой город",
    "business_closed": "Закрываем офис, компания ликвидируется",
    "death": "Абонент умер, обратилась дочь",
    "not_decision_maker": "Звонит сын, договор на маме, решает она",
    "moving_to_unconnected_building": "Переезжаю в новостройку, вашей сети там нет",
    "could_not_get_through": "Три дня не мог дозвониться в техподдержку",
    "slow_repair": "Неделю ждал мастера",
    "rude_staff": "Оператор нагрубил по телефону",
    "low_speed": "Вечером скорость падает до 5 Мбит/с",
    "outages": "Интернет пропадает каждый день",
    "tv_picture": "Каналы рассыпаются на квадратики",
    "temporary_money_trouble": "Потерял работу, сейчас нечем платить",
    "competitor": "Соседний провайдер даёт 500 Мбит/с за те же деньги",
    "mobile_internet": "Хватает мобильного интернета",
    "price": "Слишком дорого",
    "no_longer_needed": "Телевизор никто не смотрит",
    "temporary_absence": "Уезжаю на полгода на вахту",
    "other": "Не хочет объяснять причину",
}

# Retention offers by reason group (the retention matrix, seed 001).
OFFER_SUSPEND = "Временная блокировка на 2 месяца вместо расторжения"
OFFER_RELOCATE = "Переоформление договора на новый адрес после подключения дома"
OFFERS = {
    "not_decision_maker": ["Встреча с владельцем договора"],
    "moving_uncovered": [OFFER_RELOCATE],
    "service": ["Перерасчёт за 5 дней аварии", "Персональный менеджер и приоритетная линия техподдержки"],
    "quality": [
        "Перерасчёт за 5 дней аварии",
        "Срочный выезд мастера и замена роутера",
        "Переход на тариф 300 Мбит/с за 550 ₽",
    ],
    "financial": [OFFER_SUSPEND, "Обещанный платёж и рассрочка долга на 3 месяца"],
    "preferences": [
        "Переход на тариф 300 Мбит/с за 550 ₽",
        "Годовой контракт: 1 месяц бесплатно",
        "Скидка 20 % на 3 месяца",
    ],
    "other": [OFFER_SUSPEND, "Годовой контракт: 1 месяц бесплатно"],
}
REASON_GROUP = {
    "moved_out_of_coverage": "unmanaged",
    "business_closed": "unmanaged",
    "death": "unmanaged",
    "not_decision_maker": "not_decision_maker",
    "moving_to_unconnected_building": "moving_uncovered",
    "could_not_get_through": "service",
    "slow_repair": "service",
    "rude_staff": "service",
    "low_speed": "quality",
    "outages": "quality",
    "tv_picture": "quality",
    "temporary_money_trouble": "financial",
    "competitor": "preferences",
    "mobile_internet": "preferences",
    "price": "preferences",
    "no_longer_needed": "preferences",
    "temporary_absence": "other",
    "other": "other",
}
# Reasons a retention attempt can win (the rest end in suspension, relocation or go anyway).
RETAINABLE = [
    "could_not_get_through",
    "slow_repair",
    "rude_staff",
    "low_speed",
    "outages",
    "tv_picture",
    "competitor",
    "mobile_internet",
    "price",
    "no_longer_needed",
    "not_decision_maker",
]
SUSPENDABLE = ["temporary_money_trouble", "temporary_absence"]


@dataclass(frozen=True)
class PlannedRequest:
    """One request to replay through the churn actions; times are local (naive), `status` is where it ends."""

    account: str
    business: bool
    status: str
    channel: str
    received_at: datetime
    desired_date: date | None
    reason: str = ""
    comment: str = ""
    reason_at: datetime | None = None
    offer: str = ""
    answer: str = ""
    offer_at: datetime | None = None
    closed_at: datetime | None = None
    disconnected_on: date | None = None
    note: str = ""


def _at(day: date, rng: np.random.Generator, first_hour: int = 9, last_hour: int = 19) -> datetime:
    minute = int(rng.integers(first_hour * 60, last_hour * 60))
    return datetime(day.year, day.month, day.day, minute // 60, minute % 60)


def _minutes(moment: datetime, rng: np.random.Generator, low: int, high: int) -> datetime:
    return moment + timedelta(minutes=int(rng.integers(low, high)))


def _reason_weights(codes: list[str]) -> np.ndarray:
    profile = data.REASON_PROFILES["residential"]
    weights = np.asarray([profile[code] for code in codes], dtype=np.float64)
    return weights / weights.sum()


def plan_requests(subscribers: pl.DataFrame, *, seed: int, today: date) -> list[PlannedRequest]:
    """Requests in every state over the last three months, for a generated subscribers frame.

    About a third of the last 90 days' churners filed a request (ending in disconnection); retained, suspended,
    relocated, withdrawn and still-open requests come in proportion to them, at least one of each.
    """
    rng = np.random.default_rng(np.random.SeedSequence([seed, subscribers.height, 77]))
    frame = subscribers.select("account", "kind", "status", "connected_on", "disconnected_on", "churn_reason")
    recent = frame.filter(
        (pl.col("disconnected_on") >= today - timedelta(days=RECENT_DAYS))
        & (pl.col("disconnected_on") < today)
        & (pl.col("disconnected_on") >= pl.col("connected_on") + timedelta(days=7))
        & pl.col("churn_reason").is_not_null()
    )
    leavers = max(1, round(recent.height * DISCONNECTED_SHARE)) if recent.height else 0
    chosen = rng.permutation(recent.height)[:leavers]
    plans = [_disconnected(row, rng) for row in recent[np.sort(chosen).tolist()].iter_rows(named=True)]

    # Still subscribers: taken in a random order, each at most once.
    settled = today - timedelta(days=130)
    staying = frame.filter(pl.col("status").is_in(["active", "suspended"]) & (pl.col("connected_on") < settled))
    order = rng.permutation(staying.height)
    suspended_first = np.argsort(staying["status"].to_numpy()[order] != "suspended", kind="stable")
    order = order[suspended_first]  # suspended subscribers are the natural cases for "suspended instead"
    queue = iter(staying[order.tolist()].iter_rows(named=True)) if staying.height else iter(())

    base = max(leavers, 1)
    for status, share in RELATIVE_COUNTS.items():
        for _ in range(max(1, round(base * share))):
            row = next(queue, None)
            if row is None:
                break
            plans.append(_staying(status, row, rng, today))
    return sorted(plans, key=lambda p: p.received_at)


def _received(rng: np.random.Generator, latest: date, earliest: date) -> date:
    span = max((latest - earliest).days, 0)
    return latest - timedelta(days=int(rng.integers(0, span + 1)))


def _disconnected(row: dict, rng: np.random.Generator) -> PlannedRequest:
    leaves = row["disconnected_on"]
    earliest = max(row["connected_on"] + timedelta(days=1), leaves - timedelta(days=21))
    received = _at(_received(rng, leaves - timedelta(days=2), earliest), rng)
    reason = row["churn_reason"]
    channel = REQUEST_CHANNELS[int(rng.choice(4, p=CHANNEL_WEIGHTS))]
    reason_at = _minutes(received, rng, 2, 25)
    offer, offer_at = "", None
    if reason not in UNMANAGED:
        options = OFFERS[REASON_GROUP[reason]]
        offer = options[int(rng.integers(0, len(options)))]
        offer_at = _minutes(reason_at, rng, 3, 20)
    closed_at = max(_at(leaves, rng, 10, 18), offer_at or reason_at)
    return PlannedRequest(
        account=row["account"],
        business=row["kind"] == "business",
        status="disconnected",
        channel=channel,
        received_at=received,
        desired_date=leaves,
        reason=reason,
        comment=WORDS[reason],
        reason_at=reason_at,
        offer=offer,
        answer="declined" if offer else "",
        offer_at=offer_at,
        closed_at=closed_at,
        disconnected_on=leaves,
        note="Договор расторгнут, оборудование сдано",
    )


def _staying(status: str, row: dict, rng: np.random.Generator, today: date) -> PlannedRequest:
    """A request on a subscriber who is still with the operator: retained, suspended, relocated, withdrawn, open."""
    channel = REQUEST_CHANNELS[int(rng.choice(4, p=CHANNEL_WEIGHTS))]
    if status in ("new", "reason_established", "offer_made"):
        received = _at(today - timedelta(days=int(rng.integers(1, 4 if status == "new" else 11))), rng)
    else:
        received = _at(_received(rng, today - timedelta(days=12), today - timedelta(days=RECENT_DAYS)), rng)
    desired = received.date() + timedelta(days=int(rng.integers(7, 31)))
    if status == "suspended":
        codes = SUSPENDABLE
    elif status == "relocated":
        codes = ["moving_to_unconnected_building"]
    else:
        codes = RETAINABLE
    reason = codes[int(rng.choice(len(codes), p=_reason_weights(codes)))]
    # What every plan has, however far the request got.
    received_fields = {
        "account": row["account"],
        "business": row["kind"] == "business",
        "status": status,
        "channel": channel,
        "received_at": received,
        "desired_date": desired,
    }
    if status == "new" or (status == "withdrawn" and rng.random() < 0.5):
        closed = _at(received.date() + timedelta(days=int(rng.integers(1, 4))), rng) if status == "withdrawn" else None
        return PlannedRequest(
            **received_fields, closed_at=closed, note="Передумал, отзывает заявление" if closed else ""
        )
    reason_at = _minutes(received, rng, 2, 25)
    reason_fields = {**received_fields, "reason": reason, "comment": WORDS[reason], "reason_at": reason_at}
    if status in ("reason_established", "withdrawn"):
        closed = None
        if status == "withdrawn":
            closed = max(
                _at(reason_at.date() + timedelta(days=int(rng.integers(0, 4))), rng), _minutes(reason_at, rng, 30, 90)
            )
        return PlannedRequest(
            **reason_fields, closed_at=closed, note="Проблема решилась, заявление отозвано" if closed else ""
        )
    if status == "suspended":
        offer = OFFER_SUSPEND
    elif status == "relocated":
        offer = OFFER_RELOCATE
    else:
        options = OFFERS[REASON_GROUP[reason]]
        offer = options[int(rng.integers(0, len(options)))]
    offer_at = _minutes(reason_at, rng, 3, 20)
    answer = "thinking" if status == "offer_made" else "accepted"
    closed = None
    if status != "offer_made":
        # Closed in office hours within a week of the offer, and before today.
        day = min(offer_at.date() + timedelta(days=int(rng.integers(0, 8))), today - timedelta(days=1))
        closed = max(_at(day, rng), _minutes(offer_at, rng, 5, 30))
    notes = {
        "retained": "Остаётся на новых условиях",
        "suspended": "Блокировка оформлена",
        "relocated": "Договор переоформлен на новый адрес",
    }
    return PlannedRequest(
        **reason_fields,
        offer=offer,
        answer=answer,
        offer_at=offer_at,
        closed_at=closed,
        note=notes.get(status, ""),
    )


def before_requests(subscribers: pl.DataFrame, plans: list[PlannedRequest]) -> pl.DataFrame:
    """The subscribers as the billing showed them before the planned disconnections were processed."""
    accounts = [p.account for p in plans if p.status == "disconnected"]
    reopened = pl.col("account").is_in(accounts)
    return subscribers.with_columns(
        pl.when(reopened).then(pl.lit("active")).otherwise(pl.col("status")).alias("status"),
        pl.when(reopened).then(None).otherwise(pl.col("disconnected_on")).alias("disconnected_on"),
        pl.when(reopened).then(None).otherwise(pl.col("churn_reason")).alias("churn_reason"),
    )
