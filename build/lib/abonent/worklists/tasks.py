"""Background jobs of the work lists; schedule `worklists.refresh` each morning with Celery beat, e.g.

CELERY_BEAT_SCHEDULE = {"worklists-refresh": {"task": "worklists.refresh", "schedule": crontab(hour=6, minute=20)}}
"""

from celery import shared_task

from . import services
from .choices import WorkList


@shared_task(name="worklists.refresh")
def refresh() -> dict[str, int]:
    """Recompute the hot and warm lists (idempotent); large bases should refresh here rather than from the page."""
    counts = {}
    for work_list in (WorkList.HOT, WorkList.WARM):
        result = services.refresh_list(work_list)
        counts[f"{work_list} added"] = result.added
        counts[f"{work_list} cancelled"] = result.cancelled
    return counts
