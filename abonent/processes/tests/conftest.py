import datetime as dt

import pytest

from abonent.subscribers.models import Subscriber, Tariff


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def tariffs(db):
    return {
        "NET100": Tariff.objects.create(code="NET100", name="Интернет 100", service_type="internet", monthly_fee=450),
        "NET300": Tariff.objects.create(code="NET300", name="Интернет 300", service_type="internet", monthly_fee=650),
    }


@pytest.fixture
def make_subscriber(db):
    counter = {"n": 0}

    def _make(account: str | None = None, **extra) -> Subscriber:
        counter["n"] += 1
        extra.setdefault("name", f"Абонент {counter['n']}")
        extra.setdefault("connected_on", dt.date(2022, 5, 10))
        extra.setdefault("phones", "79123456789")
        return Subscriber.objects.create(external_id=account or f"5{counter['n']:05d}", **extra)

    return _make


@pytest.fixture
def subscriber(make_subscriber, tariffs):
    return make_subscriber(
        "100001",
        name="Иванов Иван Петрович",
        tariff=tariffs["NET300"],
        city="Екатеринбург",
        street="ул. Ленина",
        building="10",
        flat="25",
    )


@pytest.fixture
def manager(make_user):
    return make_user("retention_manager", username="manager")


@pytest.fixture
def head(make_user):
    return make_user("head_of_retention", username="head")
