"""A small base worked out by hand for the diagnostics tests (numbers in test_diagnostics.py).

Period January–March 2024. Classifier (our own, "t_" codes, so the shipped default one does not matter):

    group            reason         managed  norm %
    t_unmanaged      t_moved        no       10
    t_service        t_slow_repair  yes      10
    t_service        t_rude         yes       5
    t_preferences    t_competitor   yes      50
    t_preferences    t_price        yes      25

Subscribers:
- 4 connected 2023-05-10, disconnected 2023-12-31 (competitor): gone before the period, in nothing.
- 100 "old" subscribers connected 2023-06-01 (the base at the start of January):
    January churn:  2 moved (01-10, 01-31), 2 slow repair (01-15 ARPU 500, 01-20 ARPU 600; business)
    February churn: 1 moved (02-01), 1 slow repair (02-29 ARPU 700, business), 1 rude (02-10 ARPU 300, catv)
    March churn:    1 competitor (03-31 ARPU 400, tariff T1), 1 with no reason (03-15 ARPU 200)
    1 disconnected 2024-04-01 (competitor, tariff T1): after the period, active through March
    90 never churned (7 business, 5 in Тверь)
  The 3 moved subscribers live in Тверь; everyone else in Москва.
- Gross adds: January 6 (2 business; one, tariff T1, connected 01-10 leaves 03-05 to a competitor, ARPU 400),
  February 4, March 2 (one connected 03-31), and 1 connected 2024-04-02 (after the period).
"""

from datetime import date
from decimal import Decimal

from abonent.churn.models import ChurnReason, ReasonGroup
from abonent.subscribers.models import Subscriber, Tariff

PERIOD = (date(2024, 1, 1), date(2024, 3, 1))


def make_classifier() -> dict[str, ChurnReason]:
    unmanaged = ReasonGroup.objects.create(code="t_unmanaged", name_ru="Неуправляемый", order=101, is_managed=False)
    service = ReasonGroup.objects.create(code="t_service", name_ru="Обслуживание", order=102)
    preferences = ReasonGroup.objects.create(code="t_preferences", name_ru="Предпочтения", order=103)
    rows = [
        ("t_moved", unmanaged, False, 10),
        ("t_slow_repair", service, True, 10),
        ("t_rude", service, True, 5),
        ("t_competitor", preferences, True, 50),
        ("t_price", preferences, True, 25),
    ]
    return {
        code: ChurnReason.objects.create(
            code=code, name_ru=code, name_en=code, group=group, is_managed=managed, norm_percent=norm, order=i
        )
        for i, (code, group, managed, norm) in enumerate(rows)
    }


class _Numbers:
    def __init__(self):
        self.n = 0

    def next(self) -> str:
        self.n += 1
        return f"T{self.n:05d}"


def make_base() -> dict[str, ChurnReason]:
    reasons = make_classifier()
    tariff = Tariff.objects.create(code="T1", name="Tariff one", service_type="internet", monthly_fee=400)
    numbers = _Numbers()
    subs: list[Subscriber] = []

    def add(connected, disconnected=None, reason=None, arpu=450, kind="residential", city="Москва", **extra):
        subs.append(
            Subscriber(
                external_id=numbers.next(),
                name="Test",
                kind=kind,
                city=city,
                connected_on=connected,
                disconnected_on=disconnected,
                status="disconnected" if disconnected else "active",
                churn_reason=reasons[reason] if reason else None,
                arpu=Decimal(arpu),
                service_type=extra.get("service_type", "internet"),
                tariff=extra.get("tariff"),
            )
        )

    old = date(2023, 6, 1)
    for _i in range(4):
        add(date(2023, 5, 10), date(2023, 12, 31), "t_competitor")
    # January churn
    add(old, date(2024, 1, 10), "t_moved", city="Тверь")
    add(old, date(2024, 1, 31), "t_moved", city="Тверь")
    add(old, date(2024, 1, 15), "t_slow_repair", arpu=500, kind="business")
    add(old, date(2024, 1, 20), "t_slow_repair", arpu=600, kind="business")
    # February churn
    add(old, date(2024, 2, 1), "t_moved", city="Тверь")
    add(old, date(2024, 2, 29), "t_slow_repair", arpu=700, kind="business")
    add(old, date(2024, 2, 10), "t_rude", arpu=300, service_type="catv")
    # March churn from the old base
    add(old, date(2024, 3, 31), "t_competitor", arpu=400, tariff=tariff)
    add(old, date(2024, 3, 15), None, arpu=200)
    # After the period
    add(old, date(2024, 4, 1), "t_competitor", tariff=tariff)
    for i in range(90):
        add(old, kind="business" if i < 7 else "residential", city="Тверь" if 7 <= i < 12 else "Москва")
    # Gross adds
    add(date(2024, 1, 10), date(2024, 3, 5), "t_competitor", arpu=400, tariff=tariff)
    add(date(2024, 1, 1), kind="business")
    add(date(2024, 1, 2), kind="business")
    for day in (3, 4, 5):
        add(date(2024, 1, day))
    for day in (1, 10, 20, 29):
        add(date(2024, 2, day))
    add(date(2024, 3, 1))
    add(date(2024, 3, 31))
    add(date(2024, 4, 2))
    Subscriber.objects.bulk_create(subs)
    return reasons
