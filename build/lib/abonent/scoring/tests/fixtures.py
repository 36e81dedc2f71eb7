"""Histories for the scoring tests: one subscriber worked out by hand, and a small operator with a learnable signal."""

import datetime as dt
from decimal import Decimal

import numpy as np
from django.utils import timezone

from abonent.calls.models import Call
from abonent.subscribers.models import MonthlyCharge, Payment, Service, Subscriber, Tariff, Usage
from abonent.tickets.models import Ticket

D = dt.date(2026, 6, 15)
GB = 10**9


def at(day: dt.date, hour: int = 12) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour))


def tariffs():
    t500 = Tariff.objects.create(
        code="I500", name="Интернет 500", service_type="internet", monthly_fee=500, speed_mbps=500
    )
    t700 = Tariff.objects.create(
        code="I700", name="Интернет 700", service_type="internet", monthly_fee=700, speed_mbps=700
    )
    return t500, t700


def hand_subscriber() -> Subscriber:
    """The subscriber whose features as of D = 15.06.2026 the tests compute by hand (see test_features)."""
    t500, t700 = tariffs()
    s = Subscriber.objects.create(external_id="A1", name="Иванов", connected_on=dt.date(2025, 6, 15), arpu=500)
    Service.objects.create(subscriber=s, tariff=t700, started_on=dt.date(2025, 6, 15), ended_on=dt.date(2026, 4, 1))
    Service.objects.create(subscriber=s, tariff=t500, started_on=dt.date(2026, 4, 1))
    balances = {(2025, 12): 100, (2026, 1): -50, (2026, 2): -20, (2026, 3): 30, (2026, 4): -10, (2026, 5): 40}
    for (y, m), balance in balances.items():
        MonthlyCharge.objects.create(subscriber=s, month=dt.date(y, m, 1), charged=500, balance=balance)
    Payment.objects.create(external_id="p1", subscriber=s, paid_at=at(dt.date(2026, 5, 2)), amount=500)
    Payment.objects.create(external_id="p2", subscriber=s, paid_at=at(dt.date(2026, 6, 1)), amount=500)
    rows = []
    day = dt.date(2026, 2, 1)
    while day <= D:
        gap = dt.date(2026, 6, 10) <= day <= dt.date(2026, 6, 12)
        if not gap:
            volume = GB if day < dt.date(2026, 5, 19) else 3 * GB // 10
            rows.append(Usage(subscriber=s, period="day", date=day, bytes=volume))
        day += dt.timedelta(days=1)
    Usage.objects.bulk_create(rows)
    Ticket.objects.create(subscriber=s, subject="нет связи", opened_at=at(D - dt.timedelta(days=20)), is_repeat=True)
    Ticket.objects.create(subscriber=s, subject="жалоба", kind="complaint", opened_at=at(D - dt.timedelta(days=60)))
    Ticket.objects.create(subscriber=s, subject="давно", opened_at=at(D - dt.timedelta(days=100)))
    for i, (days, outcome) in enumerate([(10, "abandoned"), (40, "answered"), (100, "answered")]):
        Call.objects.create(
            call_id=f"c{i}",
            direction="inbound",
            started_at=at(D - dt.timedelta(days=days)),
            outcome=outcome,
            subscriber=s,
        )
    return s


def add_after(s: Subscriber, day: dt.date = D) -> None:
    """Everything that happens after D: it must not change a score as of D."""
    later = day + dt.timedelta(days=1)
    MonthlyCharge.objects.create(subscriber=s, month=dt.date(2026, 6, 1), charged=500, balance=-999)
    Payment.objects.create(external_id="late", subscriber=s, paid_at=at(later, 9), amount=5000)
    Payment.objects.create(external_id="late-night", subscriber=s, paid_at=at(later, 0), amount=700)
    Usage.objects.bulk_create(
        [Usage(subscriber=s, period="day", date=later + dt.timedelta(days=i), bytes=50 * GB) for i in range(5)]
    )
    Ticket.objects.create(subscriber=s, subject="после", kind="complaint", opened_at=at(later), is_repeat=True)
    Call.objects.create(call_id="late", direction="inbound", started_at=at(later), outcome="abandoned", subscriber=s)
    s.status, s.disconnected_on = "disconnected", day + dt.timedelta(days=5)
    s.save()


def month_start(day: dt.date, back: int) -> dt.date:
    y, m = divmod(day.year * 12 + day.month - 1 - back, 12)
    return dt.date(y, m + 1, 1)


def learnable_operator(n: int = 400, months: int = 18, today: dt.date = D, seed: int = 3) -> list[Subscriber]:
    """A small operator whose leavers' traffic falls and debt grows in the two months before they leave."""
    rng = np.random.default_rng(seed)
    t500, t700 = tariffs()
    start = month_start(today, months)
    subs = []
    for i in range(n):
        connected = start - dt.timedelta(days=int(rng.integers(0, 400)))
        leaves = rng.random() < 0.45
        gone = month_start(today, int(rng.integers(0, months - 3))) + dt.timedelta(days=int(rng.integers(0, 27)))
        subs.append(
            Subscriber(
                external_id=f"L{i:04d}",
                name=f"Абонент {i}",
                kind="business" if i % 10 == 0 else "residential",
                connected_on=connected,
                status="disconnected" if leaves and gone <= today else "active",
                disconnected_on=gone if leaves and gone <= today else None,
                arpu=Decimal(500),
            )
        )
    Subscriber.objects.bulk_create(subs)
    subs = list(Subscriber.objects.filter(external_id__startswith="L").order_by("external_id"))
    Service.objects.bulk_create(
        [Service(subscriber=s, tariff=t500 if s.pk % 2 else t700, started_on=s.connected_on) for s in subs]
    )
    charges, usage = [], []
    for s in subs:
        balance = 0.0
        for k in range(months, 0, -1):
            month = month_start(today, k)
            if s.disconnected_on and month > s.disconnected_on:
                break
            months_left = None
            if s.disconnected_on:
                months_left = (s.disconnected_on.year * 12 + s.disconnected_on.month) - (month.year * 12 + month.month)
            warning = months_left is not None and months_left <= 2
            balance += -300 if warning else float(rng.normal(0, 50))
            charges.append(MonthlyCharge(subscriber=s, month=month, charged=500, balance=round(balance, 2)))
            volume = (0.1 if warning else 1.0) * 100 * GB * float(rng.lognormal(0, 0.3))
            usage.append(Usage(subscriber=s, period="month", date=month, bytes=int(volume)))
    MonthlyCharge.objects.bulk_create(charges)
    Usage.objects.bulk_create(usage)
    return subs
