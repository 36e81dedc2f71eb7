"""Background jobs of the contracts app; schedule `contracts.daily` once a day with Celery beat, e.g.

CELERY_BEAT_SCHEDULE = {"contracts-daily": {"task": "contracts.daily", "schedule": crontab(hour=6, minute=10)}}
(or run `abonent contracts_daily` from cron).
"""

from celery import shared_task

from . import services


@shared_task(name="contracts.daily")
def daily() -> dict[str, int]:
    """Idempotent: activate started contracts, end expired ones, one renewal reminder per contract."""
    result = services.run_daily()
    return {"activated": result.activated, "ended": result.ended, "reminders": result.reminders}
