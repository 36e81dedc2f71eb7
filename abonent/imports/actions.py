"""State changes of an import run; the services call these and nothing else assigns `ImportRun.status`.

    pending ──start──▶ running ──succeed──▶ succeeded
    pending | running ──fail──▶ failed          (a refused file, a database error, the time budget)
    pending | running ──give_up──▶ failed        (stale: its process ended or its budget passed, sweep_stale_runs)

A run is not a business record with a history (docs/decisions/0003): each action saves the run's own fields. The
import machinery owns the order (a run's process is the only writer until it ends), so start/succeed/fail do not
re-check the state; give_up, which races the run's own process, closes only a run still open.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from .choices import ImportStatus
from .models import ImportRun

OPEN = (ImportStatus.PENDING, ImportStatus.RUNNING)


def start(run: ImportRun, *, worker: str) -> ImportRun:
    """The run begins in this process (`worker`: host, pid and start time, so a sweep can tell it ended)."""
    run.status = ImportStatus.RUNNING
    run.worker = worker
    run.save(update_fields=["status", "file_sha256", "worker"])
    return run


def succeed(run: ImportRun, counts, message: str) -> ImportRun:
    """The run loaded its file: every row processed, counts (added, updated, unchanged) and the message."""
    run.status = ImportStatus.SUCCEEDED
    run.rows_processed = run.rows_total
    run.rows_added, run.rows_updated, run.rows_unchanged = counts.added, counts.updated, counts.unchanged
    run.message = message
    run.finished_at = timezone.now()
    run.save()
    return run


def fail(run: ImportRun, *, errors: list[dict], summary: list[dict], error_count: int, message: str) -> ImportRun:
    """The run changed nothing: its (already cut) errors, their counts by column and kind, and the message."""
    run.status = ImportStatus.FAILED
    run.errors = errors
    run.error_summary = summary
    run.error_count = error_count
    run.rows_added = run.rows_updated = run.rows_unchanged = 0
    run.message = message
    run.finished_at = timezone.now()
    run.save()
    return run


def give_up(run: ImportRun, *, reason: str, now: dt.datetime) -> bool:
    """Close a stale run as failed, unless it finished meanwhile (then it keeps its result); True when closed."""
    return bool(
        ImportRun.objects.filter(pk=run.pk, status=run.status, status__in=OPEN).update(
            status=ImportStatus.FAILED, finished_at=now, message=reason
        )
    )
