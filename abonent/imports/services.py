"""Importing billing exports: read, check every row, then load all of it in one transaction or nothing.

import_file() is what the CLI, the upload page, the API and the Celery task call; import_frame() loads a frame
built in code (demo data). Both return the ImportRun that records the import, successful or not.
"""

import contextvars
import logging
import os
import socket
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import polars as pl
import psutil
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.move import file_move_safe
from django.db import DatabaseError, connection, transaction
from django.utils import timezone, translation
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from abonent.subscribers.services import refresh_derived

from . import actions
from .choices import ImportStatus
from .formats import FORMATS, get_format
from .kinds import importer_for
from .loaders import Loader, fetch_frame
from .models import ImportRun
from .readers import (
    MAX_VALUE,
    ErrorLog,
    FileError,
    RawTable,
    check_time,
    file_error,
    frame_to_table,
    limits,
    read_table,
    sha256_of,
    time_budget,
    visible,
)
from .signals import import_succeeded
from .validation import Lookups, map_headers, validate

logger = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
MAX_STORED_ERRORS = 1000
# A run whose process cannot be checked (another host, a lost worker) is given up this long after its budget.
STALE_GRACE = timedelta(minutes=10)
# Above this many touched subscribers one pass over the whole base is cheaper than a long list of ids.
REFRESH_ALL_ABOVE = 50_000
DERIVED_FROM = {"subscribers", "tariffs", "services", "charges"}


def progress_key(run_id: int) -> str:
    return f"imports:run:{run_id}:progress"


def get_progress(run: ImportRun) -> dict:
    """{processed, total, stage} of a running import, from the cache (the run row is written only at the end)."""
    data = cache.get(progress_key(run.pk))
    if data:
        return data
    return {"processed": run.rows_processed, "total": run.rows_total, "stage": run.status}


class Reporter:
    """Sends progress to the caller's callback and, at most a few times a second, to the cache for the UI."""

    def __init__(self, run: ImportRun, callback: Progress | None):
        self.run = run
        self.callback = callback
        self.total = 0
        self.stage = "reading"
        self._published = 0.0
        self._started = time.monotonic()

    def __call__(self, processed: int, total: int | None = None, *, force: bool = False) -> None:
        # Loaders report every chunk: the natural place to stop an import past its time budget.
        check_time(self.run.file_name, None)
        if total is not None:
            self.total = total
        if self.callback:
            self.callback(processed, self.total)
        now = time.monotonic()
        if force or now - self._published > 0.3:
            self._published = now
            cache.set(
                progress_key(self.run.pk),
                {"processed": processed, "total": self.total, "stage": self.stage},
                timeout=24 * 3600,
            )

    def at(self, stage: str, processed: int = 0) -> None:
        logger.info("import %s: %s at %.1f s", self.run.pk, stage, time.monotonic() - self._started)
        self.stage = stage
        self(processed, force=True)

    def done(self, processed: int) -> None:
        """The last word of a finished run (past any time budget: the run is over)."""
        self.stage = "done"
        cache.set(progress_key(self.run.pk), {"processed": processed, "total": self.total, "stage": "done"}, 24 * 3600)


def start_run(kind: str, file_name: str, *, user=None, source: str = "ui") -> ImportRun:
    """The register entry of an import about to run (status pending); the upload page creates it first."""
    if kind not in FORMATS and importer_for(kind) is None:
        get_format(kind)
    return ImportRun.objects.create(
        kind=kind,
        file_name=file_name[:255],
        user=user if user and user.is_authenticated else None,
        source=source,
        status=ImportStatus.PENDING,
    )


def import_file(
    kind: str,
    path,
    *,
    user=None,
    source: str = "cli",
    encoding: str | None = None,
    delimiter: str | None = None,
    progress: Progress | None = None,
    sheet: str | None = None,
    run: ImportRun | None = None,
    file_name: str | None = None,
    **options,
) -> ImportRun:
    """Import a CSV or XLSX export of `kind`; a file with any bad row changes nothing and lists every bad row.

    Kinds that are not billing formats (PBX calls, tickets, survey answers) go to the importer their app
    registered (importer_for), with `options` (e.g. `mapping` for cloud-PBX calls).
    """
    path = Path(path)
    run = run or start_run(kind, file_name or path.name, user=user, source=source)
    importer = importer_for(kind) if kind not in FORMATS else None
    if kind not in FORMATS and importer is None:
        raise ValueError(f"no importer for kind {kind!r}")
    try:
        with time_budget(limits().seconds):
            return _import(kind, path, run, importer, user, source, encoding, delimiter, progress, sheet, options)
    except FileError as exc:  # the time budget spent where no importer catches it (its first progress report)
        return _fail(run, exc.errors, exc.message, Reporter(run, None), error_count=exc.count, summary=exc.summary)
    except Exception as exc:
        # An importer's bug must still end its run: failed, with the reason, nothing changed.
        logger.exception("import %s failed", run.pk)
        message = _("The import failed, nothing was changed: %(error)s") % {"error": exc}
        return _fail(run, [], message, Reporter(run, None))
    except BaseException:
        # Interrupted (Ctrl+C, a worker's shutdown): the run must not stay "running".
        _fail(run, [], _("The import was interrupted, nothing was changed."), Reporter(run, None))
        raise


def _import(kind, path, run, importer, user, source, encoding, delimiter, progress, sheet, options) -> ImportRun:
    if importer is not None:
        return importer(
            path,
            file_name=run.file_name,
            user=user or run.user,
            source=source,
            run=run,
            progress=progress,
            encoding=encoding,
            delimiter=delimiter,
            sheet=sheet,
            **options,
        )
    name = run.file_name
    reporter = _begin(run, progress)
    fmt = get_format(kind)
    language = translation.get_language()

    def read() -> RawTable:
        with translation.override(language):
            return read_table(path, file_name=name, encoding=encoding, delimiter=delimiter, sheet=sheet)

    # The file is parsed in a thread (polars releases the GIL) while this one fetches what references resolve to;
    # the thread runs in this context, so it keeps the import's time budget.
    with ThreadPoolExecutor(max_workers=1) as pool:
        reading = pool.submit(contextvars.copy_context().run, read)
        try:
            lookups = load_lookups(fmt)
        except Exception as exc:
            reading.exception()
            logger.exception("import %s could not read its references", run.pk)
            return _fail(run, [], _("The import failed, nothing was changed: %(error)s") % {"error": exc}, reporter)
        error = reading.exception()
    if error is not None:
        run.file_sha256 = sha256_of(path) if path.exists() else ""
        if isinstance(error, FileError):
            return _fail(run, error.errors, error.message, reporter, error_count=error.count, summary=error.summary)
        logger.error("import %s failed reading %s", run.pk, path, exc_info=error)
        return _fail(run, [], _("The file could not be read: %(error)s") % {"error": error}, reporter)
    table = reading.result()
    run.file_sha256 = table.sha256
    return _run(run, table, reporter, lookups)


def import_frame(
    kind: str,
    frame: pl.DataFrame,
    *,
    user=None,
    source: str = "demo",
    file_name: str = "<generated>",
    progress: Progress | None = None,
) -> ImportRun:
    """Import rows built in code, with the same checks and loading as a file; columns are the format's names."""
    run = start_run(kind, file_name, user=user, source=source)
    reporter = _begin(run, progress)
    return _run(run, frame_to_table(frame), reporter)


def begin_run(run: ImportRun, progress: Progress | None = None) -> Reporter:
    """Mark the run running and return its progress reporter (for importers of other apps)."""
    return _begin(run, progress)


def fail_run(
    run: ImportRun,
    errors: list[dict],
    message: str,
    reporter: Reporter,
    *,
    error_count: int | None = None,
    summary: list[dict] | None = None,
    notes: list[str] | None = None,
) -> ImportRun:
    """Record a failed run: its errors (file, row, column, value, expected), nothing changed.

    `errors` may be the first ones only: then give `error_count` and the `summary` of all (see summarise());
    `notes` (how the file was read, ignored columns) follow the message.
    """
    return _fail(run, errors, message, reporter, error_count=error_count, summary=summary, notes=notes)


def guard(
    run: ImportRun, reporter: Reporter, work: Callable[[], ImportRun], notes: list[str] | None = None
) -> ImportRun:
    """Run an importer's `work()` (read, check, store) and turn every failure into a failed run that changed
    nothing: the file's errors, the database's refusal, the time budget, or a bug (logged with its traceback).

    The one skeleton of every importer, the billing formats' included: begin_run(), then guard(work), where work
    ends in succeed_run() or fail_run(). `notes` is read when a failure happens, so work may add to it as it goes.
    """
    try:
        return work()
    except FileError as exc:
        return fail_run(run, exc.errors, exc.message, reporter, error_count=exc.count, summary=exc.summary, notes=notes)
    except DatabaseError as exc:
        logger.warning("import %s rolled back: %s", run.pk, exc)
        message = _("The database refused the data, nothing was changed: %(error)s") % {"error": exc}
        return fail_run(run, [], message, reporter, notes=notes)
    except Exception as exc:
        logger.exception("import %s failed", run.pk)
        message = _("The import failed, nothing was changed: %(error)s") % {"error": exc}
        return fail_run(run, [], message, reporter, notes=notes)


def succeed_run(run: ImportRun, counts, notes: list[str], reporter: Reporter) -> ImportRun:
    """Record a successful run with its counts (added, updated, unchanged) and notes for the message."""
    total = run.rows_total
    message = " ".join(
        [
            _("%(total)s rows: %(added)s added, %(updated)s updated, %(unchanged)s unchanged.")
            % {"total": total, "added": counts.added, "updated": counts.updated, "unchanged": counts.unchanged},
            *notes,
        ]
    )
    actions.succeed(run, counts, message)
    reporter.done(total)
    for receiver, result in import_succeeded.send_robust(ImportRun, run=run, kind=run.kind):
        if isinstance(result, Exception):
            logger.error("import %s: %s failed after the import", run.pk, receiver, exc_info=result)
    return run


def this_worker() -> str:
    """ "host pid start" of this process: enough for sweep_stale_runs() to tell whether it still runs."""
    pid = os.getpid()
    return f"{socket.gethostname()} {pid} {int(psutil.Process(pid).create_time())}"


def _begin(run: ImportRun, progress: Progress | None) -> Reporter:
    actions.start(run, worker=this_worker())
    reporter = Reporter(run, progress)
    reporter.at("reading")
    return reporter


def _run(run: ImportRun, table: RawTable, reporter: Reporter, lookups: Lookups | None = None) -> ImportRun:
    fmt = get_format(run.kind)
    notes = _read_notes(table)
    # How the file was read is told with every failure past its header (a header error is told alone).
    told: list[str] = []

    def work() -> ImportRun:
        frame, ignored = map_headers(fmt, table, run.file_name)
        # The file's cells are only needed until checked; on a large file they are gigabytes.
        table.frame = None
        note_ignored(run, ignored, notes)
        told.extend(notes)
        total = run.rows_total = reporter.total = frame.height
        reporter.at("checking")
        result = validate(fmt, frame, lookups or load_lookups(fmt), settings.TIME_ZONE)
        del frame  # the checked frame is in result: one copy in memory while loading
        if result.errors.height:
            log = ErrorLog(MAX_STORED_ERRORS)
            log.add_frame(result.errors, run.file_name)
            message = _("%(errors)s errors in %(rows)s rows; nothing was changed.") % {
                "errors": log.count,
                "rows": result.errors["row"].n_unique(),
            }
            return fail_run(
                run, log.errors, message, reporter, error_count=log.count, notes=notes, summary=log.summary()
            )
        reporter.at("loading")
        with transaction.atomic():
            loader = Loader(fmt.kind, result.present, run.pk)
            counts = loader.load(result.frame, reporter)
            if fmt.kind in DERIVED_FROM and counts.added + counts.updated:
                reporter.at("refreshing", total)
                _refresh(fmt.kind, run, result.frame)
        return succeed_run(run, counts, notes, reporter)

    return guard(run, reporter, work, told)


def _read_notes(table: RawTable) -> list[str]:
    if table.sheet:
        return [_("Read as XLSX, sheet «%(sheet)s».") % {"sheet": table.sheet}]
    if table.encoding:
        delimiter = {"\t": "tab"}.get(table.delimiter, table.delimiter)
        return [
            _("Read as CSV, %(encoding)s, delimiter «%(delimiter)s».")
            % {"encoding": table.encoding, "delimiter": delimiter}
        ]
    return []


def compact_error(error: dict) -> dict:
    """An error as stored: the value made visible and cut to MAX_VALUE characters, the other texts bounded too."""
    return {
        **error,
        "value": visible(error.get("value")),
        "column": str(error.get("column") or "")[:MAX_VALUE],
        "expected": str(error.get("expected") or "")[: 2 * MAX_VALUE],
    }


def summarise(errors: Iterable[dict]) -> list[dict]:
    """Errors counted by column and code, most frequent first: [{"column", "code", "count"}]."""
    counts = Counter((str(e.get("column") or ""), str(e.get("code") or "")) for e in errors)
    return [{"column": c, "code": k, "count": n} for (c, k), n in counts.most_common()]


def note_ignored(run: ImportRun, ignored: list[str], notes: list[str]) -> None:
    """Columns the format does not know: read past, named in the message and listed as the run's warnings."""
    if not ignored:
        return
    notes.append(_("Ignored columns: %(columns)s.") % {"columns": ", ".join(visible(h) for h in ignored)})
    run.warnings = [
        compact_error(
            file_error(
                run.file_name,
                "unknown_column",
                _("a column of this format (this one was ignored)"),
                row=1,
                column=header,
                value=header,
            )
        )
        for header in ignored[:MAX_STORED_ERRORS]
    ]


def _fail(
    run: ImportRun,
    errors: list[dict],
    message: str,
    reporter: Reporter,
    *,
    error_count: int | None = None,
    notes: list[str] | None = None,
    summary: list[dict] | None = None,
) -> ImportRun:
    actions.fail(
        run,
        errors=[compact_error(e) for e in errors[:MAX_STORED_ERRORS]],
        summary=summary if summary is not None else summarise(errors),
        error_count=error_count if error_count is not None else max(1, len(errors)),
        message=" ".join([message, *(notes or [])]),
    )
    reporter.done(0)
    return run


def load_lookups(fmt) -> Lookups:
    needs = {c.lookup for c in fmt.columns if c.lookup}
    lookups = Lookups()
    if "subscriber" in needs:
        lookups.subscribers = fetch_frame(
            "SELECT external_id, id FROM subscribers_subscriber", {"account": pl.Utf8, "subscriber_id": pl.Int64}
        )
    if "tariff" in needs:
        lookups.tariffs = fetch_frame(
            "SELECT code, id FROM subscribers_tariff", {"tariff": pl.Utf8, "tariff_id": pl.Int64}
        )
    if "churn_reason" in needs:
        lookups.churn_reasons = fetch_frame(
            "SELECT code, id FROM churn_churnreason", {"churn_reason": pl.Utf8, "churn_reason_id": pl.Int64}
        )
    return lookups


def _refresh(kind: str, run: ImportRun, frame: pl.DataFrame) -> None:
    """Recompute current tariff, service type and ARPU of the subscribers this import touched."""
    from django.db import connection

    if kind == "tariffs":
        refresh_derived(None)
        return
    if kind == "subscribers":
        with connection.cursor() as cur:
            # Derived fields come from services and charges: an account with neither keeps the defaults.
            cur.execute(
                "SELECT EXISTS (SELECT 1 FROM subscribers_service) OR EXISTS (SELECT 1 FROM subscribers_monthlycharge)"
            )
            if not cur.fetchone()[0]:
                return
            cur.execute("SELECT id FROM subscribers_subscriber WHERE import_run_id = %s", [run.pk])
            ids = [row[0] for row in cur.fetchall()]
    else:
        ids = frame["subscriber_id"].unique().to_list()
    refresh_derived(None if len(ids) > REFRESH_ALL_ABOVE else ids)


def _alive(worker: str) -> bool | None:
    """Whether the process a run recorded still runs: True or False on this host, None when it cannot be told."""
    try:
        host, pid, started = worker.split()
        pid, started = int(pid), int(started)
    except ValueError:
        return None
    if host != socket.gethostname():
        return None
    try:
        # The start time tells a live process from a new one that got the same pid after a restart.
        return int(psutil.Process(pid).create_time()) == started
    except psutil.NoSuchProcess:
        return False
    except psutil.Error:
        return True


def sweep_stale_runs(now=None) -> int:
    """Mark failed the runs that can no longer finish, with the reason; returns how many.

    A run is stale when the process that ran it on this host has ended (a restart, a crash, an OOM kill), or when
    it is still pending or running IMPORT_TIME_LIMIT plus STALE_GRACE after it was started (its worker is gone
    or never took it). Called at start-up, by the periodic task and before the register is listed.
    """
    now = now or timezone.now()
    budget = limits().seconds
    oldest = now - timedelta(seconds=budget) - STALE_GRACE
    swept = 0
    open_runs = ImportRun.objects.filter(status__in=[ImportStatus.PENDING, ImportStatus.RUNNING])
    for run in open_runs.only("pk", "status", "worker", "started_at"):
        if run.worker and _alive(run.worker) is False:
            reason = _(
                "The import stopped: the process running it ended before it finished (a restart or a crash). "
                "Nothing was changed; import the file again."
            )
        elif run.started_at < oldest:
            reason = _(
                "The import did not finish within its time budget of %(seconds)s s (IMPORT_TIME_LIMIT) and was "
                "given up: is a worker running? Nothing was changed; import the file again."
            ) % {"seconds": budget}
        else:
            continue
        # Only a run still open is closed: one that finished meanwhile keeps its result.
        swept += actions.give_up(run, reason=reason, now=now)
    if swept:
        logger.warning("marked %s stale import runs failed", swept)
    return swept


def sweep_quietly() -> None:
    """sweep_stale_runs() where a failure must not stop what called it (start-up before `migrate`)."""
    try:
        sweep_stale_runs()
    except DatabaseError as exc:
        logger.warning("stale import runs not swept: %s", exc)
    finally:
        if not connection.in_atomic_block:
            connection.close_if_unusable_or_obsolete()


def store_upload(upload) -> Path:
    """The uploaded file in MEDIA_ROOT/imports, where it outlives the request; moved there, never read into memory."""
    folder = Path(settings.MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    try:
        safe = get_valid_filename(Path(upload.name).name)[:100]
    except SuspiciousFileOperation:  # a name of dots only
        safe = "upload"
    path = folder / f"{uuid.uuid4().hex}-{safe}"
    if hasattr(upload, "temporary_file_path"):
        file_move_safe(upload.temporary_file_path(), str(path))
    else:
        with open(path, "wb") as fh:
            for chunk in upload.chunks():
                fh.write(chunk)
    return path
