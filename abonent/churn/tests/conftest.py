"""Fixtures of the churn tests: subscribers, the shipped reasons, and requests brought to a given state."""

import datetime as dt

import pytest

from abonent.churn import actions
from abonent.churn.models import ChurnReason
from abonent.subscribers.models import Subscriber, Tariff


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    # make_user sets a password; the default hasher's million rounds would make each test take a second.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def english(settings):
    # Messages are asserted in English; the Russian catalog must not change what these tests see.
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def reasons(db) -> dict[str, ChurnReason]:
    """The shipped classifier's reasons by code."""
    return {r.code: r for r in ChurnReason.objects.select_related("group")}


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
def subscriber(make_subscriber):
    tariff = Tariff.objects.create(code="NET300", name="Интернет 300", service_type="internet", monthly_fee=650)
    return make_subscriber("100001", name="Иванов Иван", tariff=tariff, arpu=650, service_type="internet")


@pytest.fixture
def manager(make_user):
    return make_user("retention_manager", username="manager")


@pytest.fixture
def bring_to(manager, reasons):
    """bring_to(subscriber, "offer_made", reason="competitor") -> a request walked there through the actions."""

    def _bring(subscriber, state: str, reason: str = "competitor", user=None):
        user = user or manager
        request = actions.register_request(subscriber, channel="phone", user=user)
        if state == "new":
            return request
        if state == "withdrawn":
            return actions.close_request(request, outcome="withdrawn", user=user)
        actions.establish_reason(request, reason=reasons[reason], user=user)
        if state == "reason_established":
            return request
        actions.make_offer(request, offer="Временная блокировка на 2 месяца", user=user)
        if state == "offer_made":
            return request
        return actions.close_request(request, outcome=state, user=user)

    return _bring
