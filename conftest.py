"""Test fixtures shared by every app: users in each role, logged-in clients, the database vendor, subscribers."""

import datetime as dt
import itertools

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
    """api_client_for("analyst") -> a DRF test client authenticated as a new user in that role.

    Every answer's status line and headers pass wsgiref's validator checks, as a WSGI server (runserver's) needs them:
    the test client alone would pass a header that is not a plain str.
    """
    from wsgiref import validate

    from rest_framework.test import APIClient

    class CheckedAPIClient(APIClient):
        def request(self, **kwargs):
            response = super().request(**kwargs)
            status = f"{response.status_code} {response.reason_phrase}"
            headers = [*response.items(), *(("Set-Cookie", c.output(header="")) for c in response.cookies.values())]
            validate.check_status(status)
            validate.check_headers(headers)
            validate.check_content_type(status, headers)
            return response

    def _client(role: str):
        user = make_user(role)
        api = CheckedAPIClient()
        api.force_authenticate(user)
        api.user = user
        return api

    return _client


@pytest.fixture
def wsgi_app(db):
    """Django's WSGI application behind wsgiref's validator, which fails on anything a WSGI server would refuse.

    Call it through werkzeug's test client (wsgi_client) or schemathesis. The database connection stays open across
    requests, as the test client keeps it, so the requests see the test's data.
    """
    from wsgiref.validate import validator

    from django.core import signals
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield validator(WSGIHandler())
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def token_for(make_user):
    """token_for("analyst") -> the `Authorization` header of a new user in that role (for requests over WSGI)."""
    from rest_framework.authtoken.models import Token

    def _token(role: str) -> dict:
        return {"Authorization": f"Token {Token.objects.create(user=make_user(role)).key}"}

    return _token


@pytest.fixture
def manager(make_user):
    return make_user("retention_manager", username="manager")


@pytest.fixture
def head(make_user):
    return make_user("head_of_retention", username="head")


@pytest.fixture
def subscriber_defaults() -> dict:
    """What make_subscriber fills in unless told; an app's conftest overrides this fixture for its own tests.

    "account_prefix" starts the generated account numbers (the prefix and five digits: 500001, 500002, …).
    """
    return {"account_prefix": "5", "phones": "79123456789"}


@pytest.fixture
def make_subscriber(db, subscriber_defaults):
    """make_subscriber("100001", **fields) -> a Subscriber "Абонент N" connected on 2022-05-10, and the defaults."""
    from abonent.subscribers.models import Subscriber

    defaults = dict(subscriber_defaults)
    prefix = defaults.pop("account_prefix")
    counter = itertools.count(1)

    def _make(account: str | None = None, **extra) -> Subscriber:
        n = next(counter)
        extra.setdefault("name", f"Абонент {n}")
        extra.setdefault("connected_on", dt.date(2022, 5, 10))
        for field, value in defaults.items():
            extra.setdefault(field, value)
        return Subscriber.objects.create(external_id=account or f"{prefix}{n:05d}", **extra)

    return _make


@pytest.fixture
def tariffs(db) -> dict:
    from abonent.subscribers.models import Tariff

    return {
        "NET100": Tariff.objects.create(code="NET100", name="Интернет 100", service_type="internet", monthly_fee=450),
        "NET300": Tariff.objects.create(code="NET300", name="Интернет 300", service_type="internet", monthly_fee=650),
    }


@pytest.fixture
def subscriber(make_subscriber, tariffs):
    """Account 100001, Иванов Иван Петрович on "Интернет 300", with a full address."""
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
def reasons(db) -> dict:
    """The shipped classifier's churn reasons by code."""
    from abonent.churn.models import ChurnReason

    return {r.code: r for r in ChurnReason.objects.select_related("group")}


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
        # Chromium reports every script, style or handler the Content-Security-Policy refused on the console.
        page.csp_violations = []
        page.on(
            "console",
            lambda message: (
                page.csp_violations.append(message.text) if "Content Security Policy" in message.text else None
            ),
        )
        yield page
        context.close()
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    assert not page.csp_violations, f"the Content-Security-Policy refused: {page.csp_violations[:3]}"


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
