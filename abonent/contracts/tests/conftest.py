import datetime as dt

import pytest

from abonent.contracts.models import ContractOffer
from abonent.subscribers.models import Subscriber


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def make_subscriber(db):
    counter = {"n": 0}

    def _make(account: str | None = None, **extra) -> Subscriber:
        counter["n"] += 1
        extra.setdefault("name", f"Абонент {counter['n']}")
        extra.setdefault("connected_on", dt.date(2022, 5, 10))
        extra.setdefault("service_type", "internet")
        extra.setdefault("arpu", 650)
        return Subscriber.objects.create(external_id=account or f"5{counter['n']:05d}", **extra)

    return _make


@pytest.fixture
def terms(db) -> ContractOffer:
    """Speed increase for internet: tenure of 6 months and ARPU of 400 at least."""
    return ContractOffer.objects.create(
        name="Скорость x2",
        kind="speed_increase",
        service="internet",
        benefit="Скорость вдвое",
        min_tenure_months=6,
        min_arpu=400,
        cost_monthly=35,
    )


@pytest.fixture
def manager(make_user):
    return make_user("retention_manager", username="manager")
