import datetime as dt

import pytest
from django.utils import timezone

from abonent.subscribers.models import Subscriber, Tariff
from abonent.surveys.models import Question, Survey


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def survey(db) -> Survey:
    survey = Survey.objects.create(name="NPS 2026", starts_on=dt.date(2025, 1, 1))
    Question.objects.create(survey=survey, order=1, text="Что улучшить?", kind="text")
    Question.objects.create(survey=survey, order=2, text="Скорость", kind="choice", options="Устраивает\nНе устраивает")
    Question.objects.create(survey=survey, order=3, text="Оцените поддержку", kind="scale")
    return survey


@pytest.fixture
def make_subscriber(db):
    counter = {"n": 0}

    def _make(account: str | None = None, **extra) -> Subscriber:
        counter["n"] += 1
        extra.setdefault("name", f"Абонент {counter['n']}")
        extra.setdefault("connected_on", dt.date(2022, 5, 10))
        extra.setdefault("phones", "79123456789")
        return Subscriber.objects.create(external_id=account or f"7{counter['n']:05d}", **extra)

    return _make


@pytest.fixture
def tariffs(db) -> dict[str, Tariff]:
    return {
        "net": Tariff.objects.create(code="NET300", name="Интернет 300", service_type="internet", monthly_fee=650),
        "tv": Tariff.objects.create(code="TV100", name="ТВ 100", service_type="catv", monthly_fee=300),
    }


def at(day: str, hour: int = 12) -> dt.datetime:
    return timezone.make_aware(dt.datetime.fromisoformat(day).replace(hour=hour))
