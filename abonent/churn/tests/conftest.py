"""Fixtures of the churn tests: subscribers, the shipped reasons, and requests brought to a given state.

make_subscriber, manager and reasons come from the root conftest.
"""

import pytest

from abonent.churn import actions
from abonent.subscribers.models import Tariff


@pytest.fixture(autouse=True)
def english(settings):
    # Messages are asserted in English; the Russian catalog must not change what these tests see.
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def subscriber_defaults() -> dict:
    return {"account_prefix": "7", "phones": "79123456789"}


@pytest.fixture
def subscriber(make_subscriber):
    tariff = Tariff.objects.create(code="NET300", name="Интернет 300", service_type="internet", monthly_fee=650)
    return make_subscriber("100001", name="Иванов Иван", tariff=tariff, arpu=650, service_type="internet")


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
        # Issue 12: closing as retained needs an accepted offer, so a request brought to "retained" accepted it.
        answer = "accepted" if state == "retained" else ""
        actions.make_offer(request, offer="Временная блокировка на 2 месяца", user=user, answer=answer)
        if state == "offer_made":
            return request
        return actions.close_request(request, outcome=state, user=user)

    return _bring
