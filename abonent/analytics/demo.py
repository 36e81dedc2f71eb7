"""Demo step: competitors' tariffs in the demo city and a few saved segments the head would keep."""

from __future__ import annotations

from abonent.demo import data
from abonent.subscribers.models import SavedSegment
from abonent.subscribers.segments import clean_definition

from .models import CompetitorTariff

ORDER = 95

# (competitor, tariff, service type, speed Mbit/s, price RUB a month, source). Prices of late 2026 in a regional
# city: the federal operators a little above the local ones, business tariffs several times dearer.
COMPETITOR_TARIFFS = [
    ("Ростелеком", "Игровой 100", "internet", 100, 550, "rt.ru"),
    ("Ростелеком", "Технологичный 500", "internet", 500, 850, "rt.ru"),
    ("Ростелеком", "Максимальный 1000", "internet", 1000, 1150, "rt.ru"),
    ("Ростелеком", "Интернет 500 + Wink ТВ", "bundle", 500, 1090, "rt.ru"),
    ("Ростелеком", "Бизнес 100", "internet", 100, 4500, "b2b.rt.ru"),
    ("Дом.ру", "Интернет 300", "internet", 300, 600, "dom.ru"),
    ("Дом.ру", "Интернет 500", "internet", 500, 800, "dom.ru"),
    ("Дом.ру", "Интернет 300 + ТВ", "bundle", 300, 890, "dom.ru"),
    ("Дом.ру", "Кабельное ТВ Базовое", "catv", None, 320, "dom.ru"),
    ("Билайн", "Домашний интернет 100", "internet", 100, 500, "beeline.ru"),
    ("Билайн", "Домашний интернет 500", "internet", 500, 750, "beeline.ru"),
    ("Билайн", "Интернет + ТВ 300", "bundle", 300, 800, "beeline.ru"),
    ("Билайн", "Бизнес 300", "internet", 300, 7900, "beeline.ru/business"),
    ("ЯрНет", "Старт 100", "internet", 100, 390, "листовка в почтовом ящике"),
    ("ЯрНет", "Оптимум 300", "internet", 300, 550, "yarnet.example"),
    ("ЯрНет", "КТВ Социальный", "catv", None, 220, "yarnet.example"),
]

SEGMENTS = [
    (
        "Юрлица с ARPU от 10 000 ₽",
        "Крупные клиенты B2B: ведущий менеджер, проактивные звонки",
        {"kind": ["business"], "arpu": [10000, None]},
    ),
    (
        "Новые абоненты (до 6 месяцев)",
        "Период адаптации: повышенный риск оттока",
        {"tenure_months": [None, 6], "status": ["active"]},
    ),
    (
        "Интернет 3+ года",
        "Лояльное ядро: предложения годового контракта и повышения скорости",
        {"service_type": ["internet"], "tenure_months": [36, None]},
    ),
    ("Только ТВ", "Абоненты кабельного и IPTV без интернета: кандидаты на пакет", {"service_type": ["catv", "iptv"]}),
    (
        "Физлица, ARPU до 400 ₽",
        "Низкий ARPU: сценарий повышения ARPU (3.3.4)",
        {"kind": ["residential"], "arpu": [None, 400]},
    ),
]


def load(ctx) -> dict[str, int]:

    checked = ctx.today.replace(day=1)
    tariffs = [
        CompetitorTariff(
            competitor=competitor,
            name=name,
            service_type=service_type,
            speed_mbps=speed,
            price=price,
            area=data.CITY,
            source=source,
            checked_on=checked,
        )
        for competitor, name, service_type, speed, price, source in COMPETITOR_TARIFFS
    ]
    CompetitorTariff.objects.bulk_create(tariffs, ignore_conflicts=True)
    owner = ctx.users.get("head")
    for name, description, definition in SEGMENTS:
        SavedSegment.objects.update_or_create(
            name=name, defaults={"description": description, "definition": clean_definition(definition), "owner": owner}
        )
    return {"competitor tariffs": CompetitorTariff.objects.count(), "saved segments": SavedSegment.objects.count()}


def operator_models() -> list:

    return [SavedSegment, CompetitorTariff]
