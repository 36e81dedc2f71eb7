import datetime as dt

import pytest
from django.utils import timezone

from abonent.subscribers.models import Tariff
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
def subscriber_defaults() -> dict:
    return {"account_prefix": "7", "phones": "79123456789"}


@pytest.fixture
def tariffs(db) -> dict[str, Tariff]:
    return {
        "net": Tariff.objects.create(code="NET300", name="Интернет 300", service_type="internet", monthly_fee=650),
        "tv": Tariff.objects.create(code="TV100", name="ТВ 100", service_type="catv", monthly_fee=300),
    }


def at(day: str, hour: int = 12) -> dt.datetime:
    return timezone.make_aware(dt.datetime.fromisoformat(day).replace(hour=hour))
