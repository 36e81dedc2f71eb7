"""Fixtures of the retention tests: subscribers, requests brought to the offer step, the shipped matrix.

make_subscriber, manager and reasons come from the root conftest.
"""

import pytest

from abonent.churn import actions
from abonent.retention.models import Measure


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def measures(db) -> dict[str, Measure]:
    return {m.code: m for m in Measure.objects.all()}


@pytest.fixture
def subscriber_defaults() -> dict:
    return {"account_prefix": "8", "phones": "79123456789", "arpu": 600}


@pytest.fixture
def at_offer_step(make_subscriber, manager, reasons):
    """A request registered and its reason established (the offer step)."""

    def _make(reason: str = "temporary_money_trouble", subscriber=None, user=None):
        user = user or manager
        request = actions.register_request(subscriber or make_subscriber(), channel="phone", user=user)
        actions.establish_reason(request, reason=reasons[reason], user=user)
        return request

    return _make
