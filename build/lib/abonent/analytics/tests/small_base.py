"""A five-subscriber base and its services, worked out by hand for the base-analysis and tariff tests.

Months January–March 2024; "today" for segment conditions is 2024-04-15.

    tariff  service   fee
    A       internet  500   (100 Mbit/s)
    B       internet  900   (300 Mbit/s)
    K       catv      300

    sub  kind         district  connected    disconnected  current tariff  charges Jan / Feb / Mar
    s1   residential  Север     2023-01-10   —             B               500 / 500 / 500
    s2   residential  Юг        2023-12-05   2024-02-20    K               300 / 200 / —
    s3   business     Север     2024-02-01   —             B                 — / 900 / 900
    s4   residential  Юг        2020-06-15   —             A               500 /   0 / 500
    s5   business     Север     2024-03-31   —             B                 — /   — / —
    s6   residential  Юг        2023-05-01   —             K                 — /   — / —

Services:
    s1: A 2023-01-10 … 2024-02-14, then B from 2024-02-15  (an up-sell in February: gap 1 day)
    s2: K 2023-12-05 … 2024-02-20                         (churn, no new service)
    s3: B from 2024-02-01
    s4: B 2020-06-15 … 2024-01-31, then A from 2024-02-03  (a down-sell in February: gap 3 days)
    s6: A 2023-05-01 … 2024-03-01, then K from 2024-03-20  (19 days: a change only with a window ≥ 19)
"""

from datetime import date
from decimal import Decimal

from abonent.subscribers.models import MonthlyCharge, Service, Subscriber, Tariff

TODAY = date(2024, 4, 15)
JAN, FEB, MAR = date(2024, 1, 1), date(2024, 2, 1), date(2024, 3, 1)


def make_small_base() -> dict:
    a = Tariff.objects.create(code="A", name="A", service_type="internet", monthly_fee=500, speed_mbps=100)
    b = Tariff.objects.create(code="B", name="B", service_type="internet", monthly_fee=900, speed_mbps=300)
    k = Tariff.objects.create(code="K", name="K", service_type="catv", monthly_fee=300)
    rows = [
        ("s1", "residential", "Север", date(2023, 1, 10), None, b, "internet", (500, 500, 500)),
        ("s2", "residential", "Юг", date(2023, 12, 5), date(2024, 2, 20), k, "catv", (300, 200, None)),
        ("s3", "business", "Север", date(2024, 2, 1), None, b, "internet", (None, 900, 900)),
        ("s4", "residential", "Юг", date(2020, 6, 15), None, a, "internet", (500, 0, 500)),
        ("s5", "business", "Север", date(2024, 3, 31), None, b, "internet", (None, None, None)),
        ("s6", "residential", "Юг", date(2023, 5, 1), None, k, "catv", (None, None, None)),
    ]
    subs = {}
    for code, kind, district, connected, disconnected, tariff, service_type, charges in rows:
        sub = Subscriber.objects.create(
            external_id=code,
            name=code,
            kind=kind,
            city="Ярославль",
            district=district,
            connected_on=connected,
            disconnected_on=disconnected,
            status="disconnected" if disconnected else "active",
            service_type=service_type,
            tariff=tariff,
            arpu=Decimal(tariff.monthly_fee),
        )
        subs[code] = sub
        for month, amount in zip((JAN, FEB, MAR), charges, strict=True):
            if amount is not None:
                MonthlyCharge.objects.create(subscriber=sub, month=month, charged=amount, balance=0)
    services = [
        ("s1", a, date(2023, 1, 10), date(2024, 2, 14)),
        ("s1", b, date(2024, 2, 15), None),
        ("s2", k, date(2023, 12, 5), date(2024, 2, 20)),
        ("s3", b, date(2024, 2, 1), None),
        ("s4", b, date(2020, 6, 15), date(2024, 1, 31)),
        ("s4", a, date(2024, 2, 3), None),
        ("s6", a, date(2023, 5, 1), date(2024, 3, 1)),
        ("s6", k, date(2024, 3, 20), None),
    ]
    for code, tariff, started, ended in services:
        Service.objects.create(subscriber=subs[code], tariff=tariff, started_on=started, ended_on=ended)
    return {"A": a, "B": b, "K": k, **subs}
