"""Fixtures of the process tests; make_subscriber, tariffs, subscriber, manager and head come from the root conftest."""

import pytest


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"
