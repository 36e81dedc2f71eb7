"""Settings, all from environment variables (docs/configuration.md).

DATABASE_URL  defaults to a SQLite file in ABONENT_HOME, so the app runs with no server.
REDIS_URL     when set, Celery uses Redis and tasks run in workers; otherwise tasks run in-process.
SECRET_KEY    when unset, one is generated on first run and kept in ABONENT_HOME/secret_key.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
HOME = Path(os.environ.get("ABONENT_HOME", BASE_DIR.parent / "var")).resolve()
HOME.mkdir(parents=True, exist_ok=True)


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    path = HOME / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = _env_bool("DEBUG", False)
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",") if h.strip()
]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_tables2",
    "django_htmx",
    "simple_history",
    "abonent.core",
    "abonent.staff",
    "abonent.subscribers",
    "abonent.churn",
    "abonent.imports",
    "abonent.billing",
    "abonent.tickets",
    "abonent.calls",
    "abonent.debts",
    "abonent.outages",
    "abonent.callcentre",
    "abonent.retention",
    "abonent.processes",
    "abonent.contracts",
    "abonent.worklists",
    "abonent.scoring",
    "abonent.performance",
    "abonent.surveys",
    "abonent.ownership",
    "abonent.audit",
    "abonent.analytics",
    "abonent.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "abonent.core.middleware.UploadLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "abonent.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "abonent.core.context_processors.navigation",
            ],
            "builtins": ["django.templatetags.i18n", "django.templatetags.static", "abonent.core.templatetags.abonent"],
        },
    }
]
WSGI_APPLICATION = "abonent.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        # An empty DATABASE_URL means the default, as an unset one does.
        os.environ.get("DATABASE_URL") or f"sqlite:///{HOME / 'abonent.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while an import writes; a busy timeout instead of "database is locked".
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 30, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )

# PostgreSQL connection pool (issue 9, docs/configuration.md#database-connections) ----------------------------------
# One pool per process (a gunicorn worker, a Celery worker child, a management command): however many threads serve
# requests, the process holds at most DB_POOL_MAX_SIZE connections and a request waits up to DB_POOL_TIMEOUT seconds
# for a free one instead of opening another. Persistent per-thread connections (CONN_MAX_AGE) opened one per thread
# and ran the server out of connections; Django refuses CONN_MAX_AGE with a pool, so it is 0 here. DB_POOL=0 turns
# the pool off (e.g. behind PgBouncer in transaction mode), and CONN_MAX_AGE applies again.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and _env_bool("DB_POOL", True):
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": int(os.environ.get("DB_POOL_MIN_SIZE", "1")),
        "max_size": int(os.environ.get("DB_POOL_MAX_SIZE", "8")),
        "timeout": float(os.environ.get("DB_POOL_TIMEOUT", "30")),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Django's standard validators for every password a person sets (forms, `abonent createsuperuser`,
# `abonent changepassword`). The demo users' public password "abonent" is set by the demo loader, which bypasses
# them on purpose (docs/demo.md).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
# Each role lands on its own start page (core.views.home, core.access.start_url).
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "ru")
LANGUAGES = [("ru", _("Russian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Moscow")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = HOME / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns on a missing root even when it serves from the finders
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "abonent.core.staticfinders.VendorFinder",
]
# Serve assets straight from the installed packages, so the app needs no collectstatic step to start.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = HOME / "media"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024
# Uploads stream to a temporary file, never into memory; an import upload is then moved, not copied.
FILE_UPLOAD_HANDLERS = ["django.core.files.uploadhandler.TemporaryFileUploadHandler"]

# Imports (docs/configuration.md, "Imports"): what one upload and one import may be.
UPLOAD_MAX_MB = int(os.environ.get("UPLOAD_MAX_MB", "1024"))
IMPORT_TIME_LIMIT = int(os.environ.get("IMPORT_TIME_LIMIT", "3600"))
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "50000000"))
IMPORT_MAX_COLUMNS = int(os.environ.get("IMPORT_MAX_COLUMNS", "500"))
IMPORT_XLSX_MAX_ROWS = int(os.environ.get("IMPORT_XLSX_MAX_ROWS", "1048576"))
IMPORT_XLSX_MAX_UNPACKED_MB = int(os.environ.get("IMPORT_XLSX_MAX_UNPACKED_MB", "1024"))
# The risk model's track record alerts when a past run's realised figures fall below these floors.
SCORING_FLOOR_AUC = float(os.environ.get("SCORING_FLOOR_AUC", "0.6"))
SCORING_FLOOR_LIFT = float(os.environ.get("SCORING_FLOOR_LIFT", "1.5"))
# A tariff offered for retention (or a tariff change applied) that moves the monthly fee by more than this share
# of the current fee, up or down, needs the user's explicit confirmation (issue 12).
RETENTION_TARIFF_FEE_WARN_SHARE = float(os.environ.get("RETENTION_TARIFF_FEE_WARN_SHARE", "0.3"))
# Days a disconnection request's owner has to work it from the day it was received (its default due date).
REQUEST_DUE_DAYS = int(os.environ.get("REQUEST_DUE_DAYS", "3"))

# The outbox of billing actions (docs/billing/outbox.md): the optional signed webhook, and the days after which an
# action billing's imported data still does not show is flagged "not applied".
BILLING_WEBHOOK_URL = os.environ.get("BILLING_WEBHOOK_URL", "")
BILLING_WEBHOOK_SECRET = os.environ.get("BILLING_WEBHOOK_SECRET", "")
BILLING_WEBHOOK_ATTEMPTS = int(os.environ.get("BILLING_WEBHOOK_ATTEMPTS", "5"))
BILLING_CONFIRM_DAYS = int(os.environ.get("BILLING_CONFIRM_DAYS", "3"))
# Outages on the subscriber and request cards: the months looked back, and how many make "frequent outages".
OUTAGES_CARD_MONTHS = int(os.environ.get("OUTAGES_CARD_MONTHS", "6"))
OUTAGES_FREQUENT = int(os.environ.get("OUTAGES_FREQUENT", "3"))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["abonent.core.api.permissions.ModelPermissions"],
    "DEFAULT_PARSER_CLASSES": [
        "abonent.core.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "abonent.core.api.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "abonent.core.api.exceptions.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Abonent API",
    "DESCRIPTION": "Subscriber retention: subscribers, churn reasons, disconnection requests, diagnostics, imports.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # One schema name per choice set that several serializers share.
    "ENUM_NAME_OVERRIDES": {
        "OfferAnswerEnum": "abonent.churn.choices.OfferAnswer",
        "SubscriberKindEnum": "abonent.subscribers.choices.SubscriberKind",
        # Fields of the same name ("kind", "channel", "status", "outcome", "direction") with different choice sets.
        "ContractKindEnum": "abonent.retention.choices.ContractKind",
        "ImportKindEnum": "abonent.imports.kinds.kind_choices",
        "AgitationChannelEnum": "abonent.contracts.choices.AgitationChannel",
        "RequestChannelEnum": "abonent.churn.choices.RequestChannel",
        "RunStatusEnum": "abonent.imports.choices.ImportStatus",  # scoring's RunStatus is the same set
        "TicketStatusEnum": "abonent.tickets.choices.TicketStatus",
        "WorkOutcomeEnum": "abonent.worklists.choices.WorkOutcome",
        "CallbackAttemptOutcomeEnum": "abonent.callcentre.choices.AttemptOutcome",
        "CallOutcomeEnum": "abonent.calls.choices.CallOutcome",
        "CallDirectionEnum": "abonent.calls.choices.CallDirection",
        "RoleEnum": "abonent.retention.choices.RoleChoice",
    },
}

DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5.html"

REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
# Daily housekeeping for `celery -A abonent beat` (with REDIS_URL); without Redis, run the same commands from cron:
# abonent processes_daily, abonent contracts_daily, abonent worklists_refresh, abonent score --train.
CELERY_BEAT_SCHEDULE = {
    "processes-daily": {"task": "processes.daily", "schedule": crontab(hour=6, minute=0)},
    "contracts-daily": {"task": "contracts.daily", "schedule": crontab(hour=6, minute=10)},
    "worklists-refresh": {"task": "worklists.refresh", "schedule": crontab(hour=6, minute=20)},
    "scoring-weekly": {"task": "scoring.scheduled_rescore", "schedule": crontab(hour=5, minute=0, day_of_week=1)},
    # Imports whose worker died are marked failed (without Redis: at start-up and when the register is listed).
    "imports-sweep-stale": {"task": "imports.sweep_stale", "schedule": crontab(minute="*/10")},
}
CACHES = (
    {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    if REDIS_URL
    else {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
)
# Counters that every process must share (the public survey link's limits): Redis with REDIS_URL, else a table in
# the database (created by `abonent migrate`), never one process's memory: behind gunicorn each worker would count
# on its own.
CACHES["ratelimit"] = (
    {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": "ratelimit"}
    if REDIS_URL
    else {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "abonent_cache",
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}


# Production security (issue 9; docs/configuration.md#https-and-security, docs/deployment.md) -----------------------
# Everything here is off in the embedded default (plain HTTP on 127.0.0.1) and on with HTTPS=1, as the documented
# production layout (nginx terminating TLS in front of gunicorn) sets it; `abonent check --deploy` is clean there.
import datetime as _dt  # noqa: E402 - kept inside this block

from csp.constants import NONE, SELF, UNSAFE_INLINE  # noqa: E402

HTTPS = _env_bool("HTTPS", False)
SECURE_SSL_REDIRECT = _env_bool("SECURE_SSL_REDIRECT", HTTPS)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("HSTS_SECONDS", "31536000" if HTTPS else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = _env_bool("HSTS_PRELOAD", False)
if not SECURE_HSTS_PRELOAD:
    # Asking browsers to preload HTTPS for the whole registered domain is the operator's decision, not Abonent's.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in CSRF_TRUSTED_ORIGINS if o.strip()]
SESSION_COOKIE_AGE = int(float(os.environ.get("SESSION_HOURS", "12")) * 3600)  # a working day, not two weeks
SESSION_EXPIRE_AT_BROWSER_CLOSE = _env_bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", False)

# Reverse proxies in front of Abonent. Only with TRUSTED_PROXY_COUNT > 0 are the forwarded headers believed: the
# scheme (X-Forwarded-Proto, so request.is_secure() and the SSL redirect see the client's HTTPS) and the client's
# address (abonent.core.http.client_ip: login lockout, survey link limits). Without a proxy anyone could send them.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
CLIENT_IP_HEADER = "HTTP_" + os.environ.get("CLIENT_IP_HEADER", "X-Forwarded-For").upper().replace("-", "_")
if TRUSTED_PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = (
        "HTTP_" + os.environ.get("PROXY_SSL_HEADER", "X-Forwarded-Proto").upper().replace("-", "_"),
        "https",
    )

# Content-Security-Policy (django-csp): scripts only from this site, no inline <script> or on…= handlers (every
# page's behaviour is a static file). Styles allow 'unsafe-inline': Plotly and htmx add <style> and style
# attributes at run time, and a style cannot run code.
INSTALLED_APPS += ["csp", "axes"]
MIDDLEWARE += [
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],  # as X-Frame-Options: DENY
    }
}

# Login throttling (django-axes): after LOGIN_FAILURE_LIMIT wrong passwords for one user name from one address,
# that pair is locked for LOGIN_COOLOFF_MINUTES. The pair, not the address alone: a call centre behind one office
# address must not be locked out by one agent's typos. Attempts live in the database, shared by every process.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = _dt.timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # failures only: no row for every successful login
AXES_CLIENT_IP_CALLABLE = "abonent.core.http.client_ip"
AXES_LOCKOUT_CALLABLE = "abonent.core.views.login_locked_out"
AXES_VERBOSE = False
