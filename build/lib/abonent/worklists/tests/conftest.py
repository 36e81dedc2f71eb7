"""Fixtures of the work-list tests; make_subscriber and manager come from the root conftest."""

import pytest


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def subscriber_defaults() -> dict:
    return {"account_prefix": "5", "service_type": "internet", "arpu": 650}
