"""The scoring job in the background: a Celery worker when Redis is configured, else a thread of this process.

`scoring.scheduled_rescore` is the task to put in Celery beat (e.g. every Monday at 06:00): it retrains on the first
run of a month and only rescores otherwise.
"""

import datetime as dt
import logging
import threading

from celery import shared_task
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from .models import ScoringModel, ScoringRun
from .services import execute_run

logger = logging.getLogger(__name__)


@shared_task(name="scoring.run_scoring")
def run_scoring(run_id: int) -> int:
    execute_run(ScoringRun.objects.get(pk=run_id))
    return run_id


@shared_task(name="scoring.scheduled_rescore")
def scheduled_rescore() -> int:
    """Retrain when no model was trained this month, then score the base as of today."""
    today = timezone.localdate()
    trained_this_month = ScoringModel.objects.filter(
        trained_at__year=today.year, trained_at__month=today.month
    ).exists()
    run = ScoringRun.objects.create(train=not trained_this_month, scored_on=today, source="schedule")
    execute_run(run)
    return run.pk


def start_run(*, user=None, train: bool = True, as_of: dt.date | None = None, source: str = "ui") -> ScoringRun:
    """Record a run and start it in the background (a Celery worker with Redis, else a thread)."""
    run = ScoringRun.objects.create(train=train, scored_on=as_of or timezone.localdate(), user=user, source=source)
    start_scoring(run)
    return run


def start_scoring(run: ScoringRun) -> None:
    """Start the run without waiting (inline in tests: SCORING_RUN_INLINE or IMPORTS_RUN_INLINE)."""
    if getattr(settings, "SCORING_RUN_INLINE", getattr(settings, "IMPORTS_RUN_INLINE", False)):
        run_scoring(run.pk)
    elif settings.REDIS_URL:
        transaction.on_commit(lambda: run_scoring.delay(run.pk))
    else:
        transaction.on_commit(
            lambda: threading.Thread(target=_in_thread, args=(run.pk,), name=f"scoring-{run.pk}", daemon=True).start()
        )


def _in_thread(run_id: int) -> None:
    try:
        run_scoring(run_id)
    except Exception:
        logger.exception("background scoring %s failed", run_id)
    finally:
        connection.close()
