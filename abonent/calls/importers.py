"""The PBX files the calls app imports (imports dispatches kinds cdr, queue_log and pbx_csv here).

Each importer fills the run it is given: the file is parsed and checked in full first (a bad line imports
nothing), then calls are stored in one transaction (services.store_calls), merged with what other files stored.
"""

from __future__ import annotations

from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from abonent.imports.kinds import ImportKind
from abonent.imports.readers import scan_text_file, sha256_of
from abonent.imports.services import begin_run, fail_run, guard, note_ignored, succeed_run

from .choices import CallSource
from .models import PbxColumnMapping
from .parsers import CDR_21, parse_cdr, parse_pbx_csv, parse_queue_log
from .services import prepare, store_calls, store_intervals


def import_cdr(path: Path, *, file_name: str, user=None, source: str = "cli", run, progress=None, **options):
    """Asterisk Master.csv (cdr_csv): 16, 18 or 21 fields, no header."""
    reporter = begin_run(run, progress)

    def work():
        run.file_sha256 = scan_text_file(path, file_name, ",", CDR_21).sha256
        # The parsed frame is handed straight to prepare(), which replaces it column by column: one frame in memory.
        calls = prepare(parse_cdr(path, file_name))
        run.rows_total = reporter.total = calls.height
        reporter.at("loading")
        result = store_calls(calls, CallSource.CDR, run=run, progress=reporter, prepared=True)
        notes = [_("Master.csv read: %(calls)s calls.") % {"calls": run.rows_total}]
        return succeed_run(run, result.counts, notes, reporter)

    return guard(run, reporter, work)


def import_queue_log(path: Path, *, file_name: str, user=None, source: str = "cli", run, progress=None, **options):
    """Asterisk queue_log: calls by callid, agents' sessions and pauses."""
    reporter = begin_run(run, progress)

    def work():
        run.file_sha256 = scan_text_file(path, file_name, "|", ["epoch", "callid", "queue", "agent", "event"]).sha256
        log = parse_queue_log(path, file_name)
        run.rows_total = reporter.total = log.calls.height
        reporter.at("loading")
        with transaction.atomic():
            result = store_calls(log.calls, CallSource.QUEUE_LOG, run=run, progress=reporter)
            stored, closed = store_intervals(log.intervals, log.closings, run=run)
        notes = [
            _("%(lines)s lines: %(calls)s calls, %(intervals)s agent sessions and pauses stored or closed.")
            % {"lines": log.lines, "calls": log.calls.height, "intervals": stored + closed}
        ]
        if log.in_progress:
            notes.append(
                _("%(n)s calls were still waiting at the end of the file; they come with the next file.")
                % {"n": log.in_progress}
            )
        if log.ignored:
            notes.append(_("%(n)s lines of other events were skipped.") % {"n": log.ignored})
        return succeed_run(run, result.counts, notes, reporter)

    return guard(run, reporter, work)


def import_pbx_csv(
    path: Path,
    *,
    file_name: str,
    user=None,
    source: str = "cli",
    run,
    progress=None,
    mapping=None,
    encoding: str | None = None,
    delimiter: str | None = None,
    **options,
):
    """A cloud PBX's CSV/XLSX export through a saved column mapping (`mapping`: a PbxColumnMapping, id or name)."""
    reporter = begin_run(run, progress)
    run.file_sha256 = sha256_of(path)

    def work():
        found = _mapping(mapping)
        if found is None:
            return fail_run(
                run,
                [
                    {
                        "file": file_name,
                        "row": None,
                        "column": "",
                        "value": str(mapping or ""),
                        "expected": _("a saved column mapping"),
                    }
                ],
                _("Choose the column mapping of this PBX's export."),
                reporter,
            )
        calls, rows, ignored = parse_pbx_csv(path, file_name, found, encoding=encoding, delimiter=delimiter)
        run.rows_total = reporter.total = rows
        reporter.at("loading")
        result = store_calls(calls, CallSource.GENERIC, run=run, progress=reporter)
        notes = [_("Column mapping «%(name)s».") % {"name": found.name}]
        note_ignored(run, ignored, notes)
        return succeed_run(run, result.counts, notes, reporter)

    return guard(run, reporter, work)


def _mapping(value) -> PbxColumnMapping | None:
    if isinstance(value, PbxColumnMapping):
        return value
    if value in (None, ""):
        return None
    text = str(value).strip()
    found = PbxColumnMapping.objects.filter(name=text).first()
    if found is None and text.isdigit():
        found = PbxColumnMapping.objects.filter(pk=int(text)).first()
    return found


def mapping_choices() -> list[tuple[str, str]]:
    """The saved column mappings, offered by the upload form's "Column mapping" field."""
    return [(str(m.pk), str(m)) for m in PbxColumnMapping.objects.all()]


KINDS = [
    ImportKind("cdr", _l("PBX calls (Asterisk CDR)"), import_cdr),
    ImportKind("queue_log", _l("PBX queue log (Asterisk queue_log)"), import_queue_log),
    ImportKind(
        "pbx_csv",
        _l("Cloud PBX calls (CSV)"),
        import_pbx_csv,
        options={"mapping": mapping_choices},
        required={"mapping": _l("Choose the column mapping of this PBX's export.")},
    ),
]
