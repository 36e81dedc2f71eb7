"""Fixtures of the annual-contract tests; make_subscriber and manager come from the root conftest."""

import pytest

from abonent.contracts.models import ContractOffer


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def subscriber_defaults() -> dict:
    return {"account_prefix": "5", "service_type": "internet", "arpu": 650}


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
