"""Background jobs of the processes app; schedule `processes.daily` once a day with Celery beat, e.g.

CELERY_BEAT_SCHEDULE = {"processes-daily": {"task": "processes.daily", "schedule": crontab(hour=6, minute=0)}}
"""

from celery import shared_task

from . import actions


@shared_task(name="processes.daily")
def daily() -> dict[str, int]:
    """Idempotent: suspensions start and end by date, reminders are made once."""
    return actions.daily()
