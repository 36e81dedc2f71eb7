"""Two buildings worked by hand: ул. Ленина 10 (10 accounts at the start, 3 outages, 3 gone) and пр. Мира 5к2
(20 accounts, no outage, 2 gone) over the first half of 2026."""

import datetime as dt

import pytest
from django.utils import timezone

from abonent.outages.models import Outage

START, END = dt.date(2026, 1, 1), dt.date(2026, 6, 30)


def at(day: dt.date, hour: int = 12) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def outage(street="ул. Ленина", building="10", day=dt.date(2026, 2, 1), hours=5, **fields) -> Outage:
    values = {"scope": "building", "city": "Екатеринбург", "street": street, "building": building}
    values.update(fields)
    return Outage.objects.create(started_at=at(day), ended_at=at(day) + dt.timedelta(hours=hours), **values)


@pytest.fixture
def two_buildings(make_subscriber, reasons):
    """{"lenina": [10 accounts], "mira": [20 accounts], "late": …, "gone": …} and the three outages of Ленина 10."""
    lenina = [
        make_subscriber(f"10{n:04d}", city="Екатеринбург", street="ул. Ленина", building="10", service_type="internet")
        for n in range(10)
    ]
    mira = [
        make_subscriber(
            f"20{n:04d}", city="Екатеринбург", street="пр-т Мира", building="5 корп. 2", service_type="catv"
        )
        for n in range(20)
    ]
    outages_reason, price = reasons["outages"], reasons["price"]
    for left, reason in zip(lenina[:3], (outages_reason, outages_reason, price), strict=True):
        left.status, left.disconnected_on, left.churn_reason = "disconnected", dt.date(2026, 4, 15), reason
        left.save()
    for left in mira[:2]:
        left.status, left.disconnected_on, left.churn_reason = "disconnected", dt.date(2026, 5, 20), price
        left.save()
    # Not in the base at the start: connected during the period, and gone before it.
    late = make_subscriber(
        "109998", city="Екатеринбург", street="Ленина", building="10", connected_on=dt.date(2026, 3, 1)
    )
    gone = make_subscriber(
        "109999",
        city="Екатеринбург",
        street="Ленина",
        building="10",
        status="disconnected",
        disconnected_on=dt.date(2025, 12, 20),
    )
    # The same building as the billing writes it, and in the outage log written otherwise.
    outages = [
        outage(day=dt.date(2026, 1, 20)),
        outage(street="Ленина улица", building="д. 10", day=dt.date(2026, 3, 3), cause="power"),
        outage(street="ЛЕНИНА", building="10", day=dt.date(2026, 4, 1), service_type="internet"),
    ]
    return {"lenina": lenina, "mira": mira, "late": late, "gone": gone, "outages": outages}
