"""Importing billing exports: read, check every row, then load all of it in one transaction or nothing.

import_file() is what the CLI, the upload page, the API and the Celery task call; import_frame() loads a frame
built in code (demo data). Both return the ImportRun that records the import, successful or not.
"""

import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import polars as pl
from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from abonent.subscribers.services import refresh_derived

from .choices import ImportStatus
from .formats import FORMATS, get_format
from .loaders import Loader, fetch_frame
from .models import ImportRun
from .readers import FileError, RawTable, frame_to_table, read_table, sha256_of
from .validation import Lookups, map_headers, validate

logger = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
MAX_STORED_ERRORS = 1000
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


def importer_for(kind: str) -> Callable | None:
    """The importer an app registered for a non-billing kind (`<app>/importers.py`: IMPORTERS = {kind: function}).

    The function is called as `function(path, *, file_name, user, source, run, progress=None, **options)`, fills
    the run (begin_run … succeed_run / fail_run) and returns it.
    """
    from abonent.core.registry import app_modules

    for module in app_modules("importers"):
        function = getattr(module, "IMPORTERS", {}).get(kind)
        if function is not None:
            return function
    return None


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
    if kind not in FORMATS:
        importer = importer_for(kind)
        if importer is None:
            raise ValueError(f"no importer for kind {kind!r}")
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

    # The file is parsed in a thread (polars releases the GIL) while this one fetches what references resolve to.
    with ThreadPoolExecutor(max_workers=1) as pool:
        reading = pool.submit(read)
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
            return _fail(run, error.errors, error.message, reporter)
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
    run: ImportRun, errors: list[dict], message: str, reporter: Reporter, *, error_count: int | None = None
) -> ImportRun:
    """Record a failed run: its errors (file, row, column, value, expected), nothing changed."""
    return _fail(run, errors, message, reporter, error_count=error_count)


def succeed_run(run: ImportRun, counts, notes: list[str], reporter: Reporter) -> ImportRun:
    """Record a successful run with its counts (added, updated, unchanged) and notes for the message."""
    total = run.rows_total
    run.status = ImportStatus.SUCCEEDED
    run.rows_processed = total
    run.rows_added, run.rows_updated, run.rows_unchanged = counts.added, counts.updated, counts.unchanged
    run.message = " ".join(
        [
            _("%(total)s rows: %(added)s added, %(updated)s updated, %(unchanged)s unchanged.")
            % {"total": total, "added": counts.added, "updated": counts.updated, "unchanged": counts.unchanged},
            *notes,
        ]
    )
    run.finished_at = timezone.now()
    run.save()
    reporter.at("done", total)
    return run


def _begin(run: ImportRun, progress: Progress | None) -> Reporter:
    run.status = ImportStatus.RUNNING
    run.save(update_fields=["status", "file_sha256"])
    reporter = Reporter(run, progress)
    reporter.at("reading")
    return reporter


def _run(run: ImportRun, table: RawTable, reporter: Reporter, lookups: Lookups | None = None) -> ImportRun:
    fmt = get_format(run.kind)
    notes = _read_notes(table)
    try:
        frame, ignored = map_headers(fmt, table, run.file_name)
    except FileError as exc:
        return _fail(run, exc.errors, exc.message, reporter)
    # The file's cells are only needed until checked; on a large file they are gigabytes.
    table.frame = None
    if ignored:
        notes.append(_("Ignored columns: %(columns)s.") % {"columns": ", ".join(ignored)})
    total = run.rows_total = reporter.total = frame.height
    try:
        reporter.at("checking")
        result = validate(fmt, frame, lookups or load_lookups(fmt), settings.TIME_ZONE)
        del frame
        if result.errors.height:
            errors = [{"file": run.file_name, **row} for row in result.errors.head(MAX_STORED_ERRORS).to_dicts()]
            bad_rows = result.errors["row"].n_unique()
            message = _("%(errors)s errors in %(rows)s rows; nothing was changed.") % {
                "errors": result.errors.height,
                "rows": bad_rows,
            }
            return _fail(run, errors, message, reporter, error_count=result.errors.height, notes=notes)
        reporter.at("loading")
        with transaction.atomic():
            loader = Loader(fmt.kind, result.present, run.pk)
            counts = loader.load(result.frame, reporter)
            if fmt.kind in DERIVED_FROM and counts.added + counts.updated:
                reporter.at("refreshing", total)
                _refresh(fmt.kind, run, result.frame)
    except DatabaseError as exc:
        logger.warning("import %s rolled back: %s", run.pk, exc)
        return _fail(
            run,
            [],
            _("The database refused the data, nothing was changed: %(error)s") % {"error": exc},
            reporter,
            notes=notes,
        )
    except Exception as exc:
        logger.exception("import %s failed", run.pk)
        return _fail(
            run, [], _("The import failed, nothing was changed: %(error)s") % {"error": exc}, reporter, notes=notes
        )
    run.status = ImportStatus.SUCCEEDED
    run.rows_processed = total
    run.rows_added, run.rows_updated, run.rows_unchanged = counts.added, counts.updated, counts.unchanged
    run.message = " ".join(
        [
            _("%(total)s rows: %(added)s added, %(updated)s updated, %(unchanged)s unchanged.")
            % {"total": total, "added": counts.added, "updated": counts.updated, "unchanged": counts.unchanged},
            *notes,
        ]
    )
    run.finished_at = timezone.now()
    run.save()
    reporter.at("done", total)
    return run


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


def _fail(
    run: ImportRun,
    errors: list[dict],
    message: str,
    reporter: Reporter,
    *,
    error_count: int | None = None,
    notes: list[str] | None = None,
) -> ImportRun:
    run.status = ImportStatus.FAILED
    run.errors = errors[:MAX_STORED_ERRORS]
    run.error_count = error_count if error_count is not None else max(1, len(errors))
    run.rows_added = run.rows_updated = run.rows_unchanged = 0
    run.message = " ".join([message, *(notes or [])])
    run.finished_at = timezone.now()
    run.save()
    reporter.at("done", 0)
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
