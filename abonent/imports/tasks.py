"""Running an import in the background: a Celery worker when Redis is configured, else a thread of this process."""

import logging
import threading
from pathlib import Path

from celery import shared_task
from django.conf import settings
from django.db import connection, transaction

from .models import ImportRun
from .services import import_file

logger = logging.getLogger(__name__)


@shared_task(name="imports.run_import")
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
    run = ImportRun.objects.get(pk=run_id)
    try:
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


def start_import(run: ImportRun, path: Path, **options) -> None:
    """Start the run's import without waiting for it.

    IMPORTS_RUN_INLINE (tests) runs it here and now. With REDIS_URL a worker takes it after this transaction
    commits. Otherwise a daemon thread runs it: the embedded setup has no worker, and a request must not wait
    minutes. A thread dies with the process, so a restart mid-import leaves the run "running".
    """
    args = (run.pk, str(path))
    if getattr(settings, "IMPORTS_RUN_INLINE", False):
        run_import(*args, **options)
    elif settings.REDIS_URL:
        transaction.on_commit(lambda: run_import.delay(*args, **options))
    else:
        transaction.on_commit(
            lambda: threading.Thread(
                target=_in_thread, args=args, kwargs=options, name=f"import-{run.pk}", daemon=True
            ).start()
        )


def _in_thread(*args, **options) -> None:
    try:
        run_import(*args, **options)
    except Exception:
        logger.exception("background import %s failed", args[0])
    finally:
        # A thread's database connection is its own; leaving it open would leak one per import.
        connection.close()
