"""The outbox's settings (environment variables read in abonent/settings.py; docs/billing/outbox.md)."""

from django.conf import settings


def webhook_url() -> str:
    return getattr(settings, "BILLING_WEBHOOK_URL", "") or ""


def webhook_secret() -> str:
    return getattr(settings, "BILLING_WEBHOOK_SECRET", "") or ""


def confirm_days() -> int:
    """Days after sending when an action billing's data still does not show is flagged "not applied"."""
    return int(getattr(settings, "BILLING_CONFIRM_DAYS", 3))


def webhook_attempts() -> int:
    return int(getattr(settings, "BILLING_WEBHOOK_ATTEMPTS", 5))
