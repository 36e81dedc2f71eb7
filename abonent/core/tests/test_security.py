"""Production settings from the environment, the Content-Security-Policy, login throttling and password rules."""

import json
import os
import re
import subprocess
import sys

import pytest
from django.urls import reverse

# The production environment of docs/deployment.md (nginx terminating HTTPS in front of gunicorn).
PRODUCTION = {
    "DATABASE_URL": "postgres://abonent@db:5432/abonent",
    "REDIS_URL": "redis://redis:6379/0",
    "SECRET_KEY": "x7Tq-production-secret-key-of-fifty-or-more-characters-2026-abonent",
    "ALLOWED_HOSTS": "abonent.example.net",
    "CSRF_TRUSTED_ORIGINS": "https://abonent.example.net",
    "HTTPS": "1",
    "TRUSTED_PROXY_COUNT": "1",
}


def _environment(tmp_path, extra: dict) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DEBUG", "HTTPS"}}
    env.update(ABONENT_HOME=str(tmp_path), DJANGO_SETTINGS_MODULE="abonent.settings", **extra)
    return env


def settings_with(tmp_path, extra: dict, *names: str) -> dict:
    """The named settings as a fresh process computes them from this environment."""
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n, None) for n in {list(names)!r}}}, default=str))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=_environment(tmp_path, extra), capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def test_check_deploy_is_clean_in_the_documented_production_environment(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=_environment(tmp_path, PRODUCTION),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_https_settings_follow_the_environment(tmp_path):
    names = ("SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_HSTS_SECONDS")
    names += ("SECURE_PROXY_SSL_HEADER", "CSRF_TRUSTED_ORIGINS", "SESSION_COOKIE_AGE")
    production = settings_with(tmp_path, PRODUCTION, *names)
    assert production == {
        "SECURE_SSL_REDIRECT": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "CSRF_TRUSTED_ORIGINS": ["https://abonent.example.net"],
        "SESSION_COOKIE_AGE": 12 * 3600,
    }
    embedded = settings_with(tmp_path, {"SESSION_HOURS": "8"}, *names)
    assert embedded["SECURE_SSL_REDIRECT"] is False and embedded["SESSION_COOKIE_SECURE"] is False
    assert embedded["SECURE_HSTS_SECONDS"] == 0 and embedded["SESSION_COOKIE_AGE"] == 8 * 3600
    assert embedded["SECURE_PROXY_SSL_HEADER"] is None  # without a proxy nobody's X-Forwarded-Proto is believed


def test_rate_limit_cache_is_shared_by_every_process(tmp_path):
    with_redis = settings_with(tmp_path, {"REDIS_URL": "redis://redis:6379/0"}, "CACHES")["CACHES"]["ratelimit"]
    assert with_redis["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    embedded = settings_with(tmp_path, {}, "CACHES")["CACHES"]["ratelimit"]
    assert embedded["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"


def test_postgresql_connection_pool_sizes_from_the_environment(tmp_path):
    env = {"DATABASE_URL": "postgres://abonent@db:5432/abonent", "DB_POOL_MAX_SIZE": "4", "CONN_MAX_AGE": "60"}
    db = settings_with(tmp_path, env, "DATABASES")["DATABASES"]["default"]
    assert db["OPTIONS"]["pool"] == {"min_size": 1, "max_size": 4, "timeout": 30.0}
    assert db["CONN_MAX_AGE"] == 0  # Django refuses persistent connections with a pool
    off = settings_with(tmp_path, {**env, "DB_POOL": "0"}, "DATABASES")["DATABASES"]["default"]
    assert "pool" not in off.get("OPTIONS", {}) and off["CONN_MAX_AGE"] == 60


# Content-Security-Policy ------------------------------------------------------------------------------------------

MAIN_PAGES = [
    "analytics:dashboard",
    "analytics:diagnostics",
    "analytics:churn_inflow",
    "subscribers:subscriber_list",
    "churn:disconnectionrequest_list",
    "churn:norms",
    "calls:call_list",
    "callcentre:my_callback",
    "callcentre:statistics",
]


@pytest.mark.django_db
def test_pages_send_a_csp_without_inline_scripts(client_for):
    client = client_for("head_of_retention")
    for name in MAIN_PAGES:
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        policy = dict(d.strip().split(" ", 1) for d in response["Content-Security-Policy"].split(";") if d.strip())
        assert policy["script-src"] == "'self'" and policy["object-src"] == "'none'", name
        html = response.content.decode()
        # Every <script> is a file or JSON data; no on…= handler attribute on any element.
        inline = [s for s in re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html) if "application/json" not in s]
        assert inline == [], f"{name}: inline script {inline[:1]}"
        assert not re.search(r"<[^>]+\son[a-z]+=", html), f"{name}: inline event handler"


def test_no_template_has_an_inline_script_or_handler():
    """The whole class, not only the main pages: the CSP refuses inline code wherever a template would put it."""
    from pathlib import Path

    import abonent

    found = []
    for template in sorted(Path(abonent.__file__).parent.rglob("templates/**/*.html")):
        html = template.read_text()
        inline = [s for s in re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html) if "application/json" not in s]
        if inline or re.search(r"<[^>]+\son[a-z]+=", html):
            found.append(str(template))
    assert found == [], f"inline scripts or on…= handlers: {found}"


# Login throttling and passwords -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_five_wrong_passwords_lock_that_user_from_that_address(client, make_user, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    make_user("retention_manager", username="ivanova")  # password "pass"
    login = reverse("login")
    office, home = {"HTTP_X_FORWARDED_FOR": "198.51.100.7"}, {"HTTP_X_FORWARDED_FOR": "203.0.113.20"}
    codes = [client.post(login, {"username": "ivanova", "password": "wrong"}, **office).status_code for _ in range(5)]
    assert codes == [200] * 4 + [429]  # the login form again, then the lock page at the fifth failure
    locked = client.post(login, {"username": "ivanova", "password": "pass"}, **office)
    assert locked.status_code == 429  # even the right password, until the cool-off ends
    assert "15" in locked.content.decode()
    assert client.post(login, {"username": "ivanova", "password": "pass"}, **home).status_code == 302
    assert client.get(reverse("subscribers:subscriber_list")).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "password, accepted",
    [
        ("abonent", False),  # too short: the demo password only works because the demo loader bypasses the rules
        ("qwerty123456", False),  # a common password
        ("83920174650", False),  # only digits
        ("ivanova-2026", False),  # too like the user name
        ("Kl7#mwq2Zr", True),
    ],
)
def test_password_rules(make_user, password, accepted):
    from django.contrib.auth.forms import SetPasswordForm

    user = make_user("retention_manager", username="ivanova")
    form = SetPasswordForm(user, {"new_password1": password, "new_password2": password})
    assert form.is_valid() is accepted, form.errors


@pytest.mark.django_db
def test_demo_users_keep_their_public_password(client):
    from abonent.demo.services import create_demo_users

    users = create_demo_users()
    username = next(iter(users))
    response = client.post(reverse("login"), {"username": username, "password": "abonent"})
    # Login now goes home, which sends each role to its own start page (issue 12: no role lands on a page it
    # cannot open); the first demo user is the head, whose start page is still the dashboard.
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.get(response["Location"])["Location"] == reverse("analytics:dashboard")
