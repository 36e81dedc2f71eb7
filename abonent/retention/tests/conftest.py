"""Fixtures of the retention tests: subscribers, requests brought to the offer step, the shipped matrix."""

import datetime as dt

import pytest

from abonent.churn import actions
from abonent.churn.models import ChurnReason
from abonent.retention.models import Measure
from abonent.subscribers.models import Subscriber


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def reasons(db) -> dict[str, ChurnReason]:
    return {r.code: r for r in ChurnReason.objects.select_related("group")}


@pytest.fixture
def measures(db) -> dict[str, Measure]:
    return {m.code: m for m in Measure.objects.all()}


@pytest.fixture
def make_subscriber(db):
    counter = {"n": 0}

    def _make(account: str | None = None, **extra) -> Subscriber:
        counter["n"] += 1
        extra.setdefault("name", f"Абонент {counter['n']}")
        extra.setdefault("connected_on", dt.date(2022, 5, 10))
        extra.setdefault("phones", "79123456789")
        extra.setdefault("arpu", 600)
        return Subscriber.objects.create(external_id=account or f"8{counter['n']:05d}", **extra)

    return _make


@pytest.fixture
def manager(make_user):
    return make_user("retention_manager", username="manager")


@pytest.fixture
def at_offer_step(make_subscriber, manager, reasons):
    """A request registered and its reason established (the offer step)."""

    def _make(reason: str = "temporary_money_trouble", subscriber=None, user=None):
        user = user or manager
        request = actions.register_request(subscriber or make_subscriber(), channel="phone", user=user)
        actions.establish_reason(request, reason=reasons[reason], user=user)
        return request

    return _make
