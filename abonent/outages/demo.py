"""The demo operator's outage log: a few dozen outages over the demo buildings.

Where they fall is planted, as the helpdesk's tickets are: the buildings that lost the largest share of their
subscribers over the last year (quality churn — speed, outages, TV picture — weighing most) get three to six
outages each, subscribers who came to disconnect over
"frequent outages" lived through one to three in their building before the request, other buildings get an outage
now and then, and one district had a power cut. So the report shows what an operator with a bad network segment
sees: churn of buildings with outages well above the rest.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from abonent.subscribers.models import Subscriber

from .choices import OutageCause, OutageScope
from .models import Outage

ORDER = 12
QUALITY_REASONS = {"outages", "low_speed", "tv_picture"}
TROUBLED_BUILDINGS = 20
BACKGROUND = 20
HOURS = {
    OutageCause.ACCIDENT: (2, 30),
    OutageCause.PLANNED: (2, 6),
    OutageCause.POWER: (1, 8),
    OutageCause.UPSTREAM: (0.5, 4),
    OutageCause.OTHER: (1, 5),
}
DESCRIPTIONS = {
    OutageCause.ACCIDENT: [
        "Обрыв кабеля в подвале",
        "Вышел из строя коммутатор",
        "Повреждение магистрали при раскопках",
    ],
    OutageCause.PLANNED: ["Замена оборудования узла", "Плановая модернизация сети"],
    OutageCause.POWER: ["Отключение электроэнергии в доме", "Авария на подстанции"],
    OutageCause.UPSTREAM: ["Авария у вышестоящего провайдера"],
    OutageCause.OTHER: ["Работы управляющей компании в подъезде"],
}


def _outage(rng: random.Random, tz, place: dict, day: dt.date, cause: str, now: dt.datetime) -> Outage:
    hour, minute = rng.randint(0, 23), rng.choice([0, 10, 20, 30, 40, 50])
    started = dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz)
    low, high = HOURS[cause]
    ended = started + dt.timedelta(hours=rng.uniform(low, high))
    outage = Outage(
        **place,
        service_type=rng.choices(["internet", "catv", ""], [0.6, 0.2, 0.2])[0],
        started_at=started,
        ended_at=ended if ended < now else None,
        cause=cause,
        description=rng.choice(DESCRIPTIONS[cause]),
    )
    outage.address_key = outage.compute_key()
    outage._history_date = started
    return outage


@transaction.atomic
def load(ctx) -> dict[str, int]:
    rng = random.Random(ctx.seed * 7919 + 12)
    tz = ZoneInfo(settings.TIME_ZONE)
    today = ctx.today
    now = dt.datetime(today.year, today.month, today.day, 18, 0, tzinfo=tz)
    year_ago = today - dt.timedelta(days=365)

    buildings: dict[tuple, dict] = {}
    account_building: dict[str, tuple] = {}
    churn: Counter = Counter()
    quality_churn: Counter = Counter()
    living: Counter = Counter()
    rows = Subscriber.objects.values_list(
        "external_id", "city", "street", "building", "disconnected_on", "churn_reason__code"
    )
    for account, city, street, building, left, reason in rows.iterator(chunk_size=5000):
        if not (street and building):
            continue
        key = (city, street, building)
        buildings.setdefault(key, {"scope": OutageScope.BUILDING, "city": city, "street": street, "building": building})
        account_building[account] = key
        if left is None or left >= year_ago:
            living[key] += 1
        if left and left >= year_ago:
            churn[key] += 1
            quality_churn[key] += reason in QUALITY_REASONS
    if not buildings:
        return {"outages": 0}

    outages: list[Outage] = []
    counts: Counter = Counter()

    def add(key: tuple, day: dt.date, cause: str | None = None, label: str = "") -> None:
        cause = cause or rng.choices(list(HOURS), [0.55, 0.15, 0.15, 0.1, 0.05])[0]
        outages.append(_outage(rng, tz, buildings[key], day, cause, now))
        counts[label] += 1

    def some_day(first: dt.date, last: dt.date) -> dt.date:
        return first + dt.timedelta(days=rng.randint(0, max((last - first).days, 0)))

    # The troubled segment: buildings (of 15 accounts or more) that lost the largest share over the last year,
    # quality churn counting three times.
    score = {key: (churn[key] + 2 * quality_churn[key]) / n for key, n in living.items() if n >= 15}
    troubled = sorted(score, key=lambda key: (-score[key], key))[:TROUBLED_BUILDINGS]
    for key in troubled:
        for _ in range(rng.randint(3, 6)):
            add(key, some_day(year_ago - dt.timedelta(days=60), today - dt.timedelta(days=20)), label="troubled")
    for plan in ctx.plans:
        key = account_building.get(plan.account)
        if plan.reason == "outages" and key is not None:
            received = plan.received_at.date()
            for _ in range(rng.randint(1, 3)):
                add(key, some_day(received - dt.timedelta(days=150), received - dt.timedelta(days=3)), label="requests")
    others = [key for key in buildings if key not in set(troubled)]
    for key in rng.sample(others, min(BACKGROUND, len(others))):
        add(key, some_day(today - dt.timedelta(days=int(ctx.months * 30.4)), today), label="background")

    district = Subscriber.objects.exclude(district="").values_list("city", "district").order_by("district").first()
    if district:
        place = {"scope": OutageScope.DISTRICT, "city": district[0], "district": district[1]}
        day = today - dt.timedelta(days=540)
        outage = _outage(rng, tz, place, day, OutageCause.POWER, now)
        outages.append(outage)
        counts["district"] += 1

    bulk_create_with_history(outages, Outage, batch_size=1000, default_user=ctx.users["head"])
    return {
        "outages": len(outages),
        "outages in troubled buildings": counts["troubled"],
        "outages before 'frequent outages' requests": counts["requests"],
    }


def operator_models() -> list:
    return [Outage.history.model, Outage]
