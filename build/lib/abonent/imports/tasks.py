"""Running an import in the background: a Celery worker when Redis is configured, else a thread of this process.

Every upload (UI and API) goes this way: the request stores the file, creates the run and answers; the import
never runs inside the request. sweep_stale closes runs whose process died (periodic with Celery beat; at
start-up and before the register is listed otherwise).
"""

import logging
import threading
from pathlib import Path

from celery import shared_task
from celery.signals import worker_ready
from django.conf import settings
from django.db import connection, transaction

from .choices import ImportStatus
from .models import ImportRun
from .readers import limits
from .services import import_file, start_run, store_upload, sweep_quietly, sweep_stale_runs, this_worker

logger = logging.getLogger(__name__)
# Celery stops a task past its budget (SoftTimeLimitExceeded fails the run) and kills one that ignores that.
TIME_LIMIT = int(limits().seconds)


@shared_task(name="imports.run_import", soft_time_limit=TIME_LIMIT + 60, time_limit=TIME_LIMIT + 300)
def run_import(
    run_id: int,
    path: str,
    encoding: str | None = None,
    delimiter: str | None = None,
    sheet: str | None = None,
    delete: bool = True,
    options: dict | None = None,
) -> int:
    """Import the uploaded file into the run the upload created; the file is removed afterwards."""
    try:
        run = ImportRun.objects.get(pk=run_id)
        if run.status != ImportStatus.PENDING:
            # Given up by sweep_stale_runs while it waited (its user was told it failed): not run behind their back.
            logger.warning("import %s is %s, not pending: not run", run_id, run.status)
            return run_id
        import_file(
            run.kind,
            path,
            run=run,
            encoding=encoding,
            delimiter=delimiter,
            sheet=sheet,
            source=run.source,
            **(options or {}),
        )
    finally:
        if delete:
            Path(path).unlink(missing_ok=True)
    return run_id


@shared_task(name="imports.sweep_stale")
def sweep_stale() -> int:
    """Mark failed the runs whose process ended or that outlived their time budget (Celery beat, every 10 min)."""
    return sweep_stale_runs()


@worker_ready.connect
def _sweep_at_worker_start(**kwargs) -> None:
    sweep_quietly()


def start_import(run: ImportRun, path: Path, **options) -> None:
    """Start the run's import without waiting for it.

    IMPORTS_RUN_INLINE (tests) runs it here and now. With REDIS_URL a worker takes it after this transaction
    commits. Otherwise a daemon thread runs it: the embedded setup has no worker, and a request must not wait
    minutes. A thread dies with its process; the run records the process, so sweep_stale_runs() closes it then.
    """
    args = (run.pk, str(path))
    if getattr(settings, "IMPORTS_RUN_INLINE", False):
        run_import(*args, **options)
    elif settings.REDIS_URL:
        transaction.on_commit(lambda: run_import.delay(*args, **options))
    else:
        ImportRun.objects.filter(pk=run.pk).update(worker=this_worker())
        transaction.on_commit(
            lambda: threading.Thread(
                target=_in_thread, args=args, kwargs=options, name=f"import-{run.pk}", daemon=True
            ).start()
        )


def submit_upload(
    kind: str,
    upload,
    *,
    user=None,
    source: str = "ui",
    encoding: str | None = None,
    delimiter: str | None = None,
    sheet: str | None = None,
    mapping=None,
) -> ImportRun:
    """An uploaded file (UI or API) stored, its run created (pending) and its import started in the background."""
    path = store_upload(upload)
    run = start_run(kind, Path(upload.name).name, user=user, source=source)
    start_import(
        run,
        path,
        encoding=encoding or None,
        delimiter=delimiter or None,
        sheet=sheet or None,
        options={"mapping": mapping} if mapping else None,
    )
    run.refresh_from_db()
    return run


def _in_thread(*args, **options) -> None:
    try:
        run_import(*args, **options)
    except Exception:
        logger.exception("background import %s failed", args[0])
    finally:
        # A thread's database connection is its own; leaving it open would leak one per import.
        connection.close()
