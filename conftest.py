"""Test fixtures shared by every app: users in each role, logged-in clients, the database vendor."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Tests create many users; the production hasher would make each one cost ~0.3 s.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def make_user(db):
    """make_user("retention_manager") -> a user in that role (Django group), password "pass"."""

    def _make(role: str | None = None, username: str | None = None, **extra):
        from abonent.staff.roles import group_name, sync_roles

        if role and not Group.objects.filter(name=group_name(role)).exists():
            sync_roles()
        user = get_user_model().objects.create_user(
            username=username or f"{role or 'user'}-{get_user_model().objects.count() + 1}", password="pass", **extra
        )
        if role:
            user.groups.add(Group.objects.get(name=group_name(role)))
        return user

    return _make


@pytest.fixture
def client_for(client, make_user):
    """client_for("head_of_retention") -> a test client logged in as a new user in that role."""

    def _client(role: str):
        user = make_user(role)
        client.force_login(user)
        client.user = user
        return client

    return _client


@pytest.fixture
def api_client_for(make_user):
    from rest_framework.test import APIClient

    def _client(role: str):
        user = make_user(role)
        api = APIClient()
        api.force_authenticate(user)
        api.user = user
        return api

    return _client


@pytest.fixture
def on_postgres(db):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL-specific test: run with DATABASE_URL pointing at PostgreSQL")
    return True


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def page(live_server):
    """A Playwright page in Debian's chromium (no browser download); skips when chromium is not installed."""
    import os

    if not os.path.exists(CHROMIUM):
        pytest.skip("browser test: Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the test makes are still sync.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        context = browser.new_context(locale="ru-RU", viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.base_url = live_server.url
        yield page
        context.close()
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def default_classifier(db):
    """The shipped classifier (present in every test: see _shipped_data)."""
    from abonent.churn.models import ReasonGroup

    return ReasonGroup.objects.all()


@pytest.fixture(autouse=True)
def _shipped_data(request):
    """Puts back what the data migrations ship when an earlier transactional test's flush removed it."""
    uses_db = request.node.get_closest_marker("django_db") is not None or {"db", "transactional_db"} & set(
        request.fixturenames
    )
    if not uses_db:
        return
    request.getfixturevalue("_django_db_helper")
    from abonent.churn.models import ReasonGroup

    if not ReasonGroup.objects.exists():
        from abonent.core.testing import restore_shipped_data

        restore_shipped_data()
