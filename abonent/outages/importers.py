"""Importing the network's outage log (kind "outages"): CSV or XLSX, Russian or English headers.

The billing-import rules hold: every row is checked first and any bad row changes nothing (the run lists each error
with file, row, column, value and what was expected); the load is one transaction. An outage is upserted on its
place, service and start, so importing the same file again changes nothing and a later export of the same log
updates the end, the cause and the description.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import polars as pl
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

from abonent.imports.formats import CHOICE, DATETIME, EVENTS_FROM, TEXT, Column, Format
from abonent.imports.kinds import ImportKind
from abonent.imports.models import ImportRun
from abonent.imports.readers import ROW, ErrorLog, read_table
from abonent.imports.services import begin_run, fail_run, guard, load_lookups, note_ignored, start_run, succeed_run
from abonent.imports.validation import map_headers, validate
from abonent.subscribers.service_kinds import accepted_service_types, shipped_kinds

from .choices import OutageScope
from .models import Outage

MAX_STORED_ERRORS = 1000
TEXT_FIELDS = ("city", "district", "street", "building")

OUTAGES = Format(
    kind="outages",
    title=gettext_lazy("Outages"),
    description=gettext_lazy(
        "The network's outage log: one row per outage of a building or a district. Upserted on the place, the "
        "service and the start."
    ),
    key=("scope", "city", "district", "street", "building", "service_type", "started_at"),
    columns=(
        Column(
            "scope",
            CHOICE,
            gettext_lazy("A building or a whole district."),
            ("building", "район"),
            aliases=("охват", "масштаб", "тип"),
            default="building",
            choices={"building": ("дом", "здание", "house"), "district": ("район", "микрорайон", "area")},
        ),
        Column(
            "city",
            TEXT,
            gettext_lazy("City; empty: every city."),
            ("Екатеринбург", ""),
            aliases=("город",),
            max_length=100,
        ),
        Column(
            "district",
            TEXT,
            gettext_lazy("District; needed for a district outage."),
            ("", "Ленинский"),
            aliases=("район",),
            max_length=100,
        ),
        Column(
            "street",
            TEXT,
            gettext_lazy("Street; needed for a building outage."),
            ("ул. Ленина", ""),
            aliases=("улица",),
            max_length=200,
        ),
        Column(
            "building",
            TEXT,
            gettext_lazy("Building number; needed for a building outage."),
            ("5к2", ""),
            aliases=("дом", "здание", "номер дома"),
            max_length=32,
        ),
        Column(
            "service_type",
            CHOICE,
            gettext_lazy("Service that was down; empty: every service."),
            ("internet", ""),
            aliases=("услуга", "тип услуги", "вид услуги", "service"),
            choices=accepted_service_types,
            register="service-kinds",
            shipped=lambda: {kind.code: kind.words for kind in shipped_kinds()},
        ),
        Column(
            "started_at",
            DATETIME,
            gettext_lazy("When the outage began."),
            ("01.03.2026 10:15", "2026-03-02 02:00"),
            required=True,
            aliases=("начало", "дата начала", "начало аварии", "с", "from", "start"),
            earliest=EVENTS_FROM,
            ahead=1,
        ),
        Column(
            "ended_at",
            DATETIME,
            gettext_lazy("When the service was back; empty: still going on."),
            ("01.03.2026 16:40", ""),
            aliases=("окончание", "конец", "дата окончания", "восстановлено", "по", "to", "end"),
            earliest=EVENTS_FROM,
            ahead=1,
        ),
        Column(
            "cause",
            CHOICE,
            gettext_lazy("Why."),
            ("accident", "плановые работы"),
            aliases=("причина", "вид работ"),
            default="accident",
            choices={
                "accident": ("авария", "повреждение", "обрыв", "неисправность"),
                "planned": ("плановые работы", "плановые", "ремонт", "профилактика", "planned works"),
                "power": (
                    "электричество",
                    "отключение электроэнергии",
                    "нет электричества",
                    "электропитание",
                    "power cut",
                ),
                "upstream": ("вышестоящий провайдер", "магистраль", "аплинк", "upstream provider"),
                "other": ("другое", "прочее"),
            },
        ),
        Column(
            "description",
            TEXT,
            gettext_lazy("What happened."),
            ("Обрыв кабеля в подвале", ""),
            aliases=("описание", "комментарий", "примечание"),
            max_length=2000,
        ),
    ),
    rules=(
        gettext_lazy("A `building` outage needs `street` and `building`; a `district` outage needs `district`."),
        gettext_lazy("`ended_at` must be after `started_at`; `started_at` may not be in the future."),
        gettext_lazy(
            "Addresses are matched to subscribers' as written in the billing, ignoring case, ё/е, street types "
            "(ул., пр-т…) and «д.»/«корп.» in the number."
        ),
    ),
)


def _error(file_name: str, row, column: str, value, expected: str, code: str) -> dict:
    value = "" if value is None else str(value)
    return {"file": file_name, "row": row, "column": column, "value": value, "expected": expected, "code": code}


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    return value.replace(tzinfo=dt.UTC) if value is not None else None


def import_outages(
    path: Path,
    *,
    file_name: str,
    user=None,
    source: str = "cli",
    run: ImportRun | None = None,
    progress=None,
    **options,
) -> ImportRun:
    """Import an outage log into `run` (created when not given); returns the run, succeeded or failed."""
    path = Path(path)
    run = run or start_run("outages", file_name, user=user, source=source)
    reporter = begin_run(run, progress)

    def work() -> ImportRun:
        table = read_table(
            path,
            file_name=file_name,
            encoding=options.get("encoding"),
            delimiter=options.get("delimiter"),
            sheet=options.get("sheet"),
        )
        run.file_sha256 = table.sha256
        frame, ignored = map_headers(OUTAGES, table, file_name)
        # The key's columns a file leaves out are empty (a log of buildings only has no district column); the
        # duplicate rows are found on the normalised place below, so the shared check never fires on them.
        frame = frame.with_columns(pl.lit(None, dtype=pl.Utf8).alias(c) for c in OUTAGES.key if c not in frame.columns)
        reporter.at("checking")
        result = validate(OUTAGES, frame, load_lookups(OUTAGES), settings.TIME_ZONE)
        rows = result.frame
        run.rows_total = reporter.total = rows.height
        log = ErrorLog(MAX_STORED_ERRORS)
        log.add_frame(result.errors, file_name)
        _check_rows(rows, file_name, log)
        if log:
            message = _("%(errors)s errors in %(rows)s rows; nothing was changed.") % {
                "errors": log.count,
                "rows": len({e["row"] for e in log.errors}),
            }
            errors = sorted(log.errors, key=lambda e: e["row"] or 0)
            return fail_run(run, errors, message, reporter, error_count=log.count, summary=log.summary())
        reporter.at("loading")
        with transaction.atomic():
            counts = _load(rows, result.present, run, user)
        notes: list[str] = []
        note_ignored(run, ignored, notes)
        return succeed_run(run, counts, notes, reporter)

    return guard(run, reporter, work)


def _check_rows(rows: pl.DataFrame, file_name: str, errors: ErrorLog) -> None:
    """The rules across columns (the model's clean()), with the row numbers the user sees in the file."""
    now = timezone.now()
    seen: dict[tuple, int] = {}
    for row in rows.iter_rows(named=True):
        scope = row.get("scope") or OutageScope.BUILDING
        needed = ("district",) if scope == OutageScope.DISTRICT else ("street", "building")
        for column in needed:
            if not (row.get(column) or "").strip():
                expected = _("a value: the scope is %(scope)s") % {"scope": scope}
                errors.add(_error(file_name, row[ROW], column, "", expected, f"{scope}_without_{column}"))
        started, ended = _aware(row.get("started_at")), _aware(row.get("ended_at"))
        if started is not None and started > now:
            errors.add(
                _error(file_name, row[ROW], "started_at", row["started_at"], _("a moment not in the future"), "future")
            )
        if started is not None and ended is not None and ended <= started:
            expected = _("a date and time after started_at (%(started)s)") % {"started": row["started_at"]}
            errors.add(_error(file_name, row[ROW], "ended_at", row["ended_at"], expected, "ended_before_started"))
        key = _key(row)
        if key in seen:
            expected = _("one row per outage: row %(row)s has the same place, service and start") % {"row": seen[key]}
            errors.add(_error(file_name, row[ROW], "started_at", row.get("started_at"), expected, "duplicate"))
        seen.setdefault(key, row[ROW])


def _outage(row: dict) -> Outage:
    """The outage a row stands for (its place, service and start: the key), not saved."""
    outage = Outage(
        scope=row.get("scope") or OutageScope.BUILDING,
        **{name: (row.get(name) or "").strip() for name in TEXT_FIELDS},
        service_type=row.get("service_type") or "",
        started_at=_aware(row.get("started_at")),
    )
    outage.address_key = outage.compute_key()
    return outage


def _key(row: dict) -> tuple:
    outage = _outage(row)
    return outage.address_key, outage.service_type, outage.started_at


def _load(rows: pl.DataFrame, present: set[str], run: ImportRun, user) -> SimpleNamespace:
    starts = [_aware(value) for value in rows["started_at"].to_list()]
    existing = {(o.address_key, o.service_type, o.started_at): o for o in Outage.objects.filter(started_at__in=starts)}
    added = updated = unchanged = 0
    new: list[Outage] = []
    for row in rows.iter_rows(named=True):
        outage = _outage(row)
        values = {"ended_at": _aware(row.get("ended_at"))}
        if "cause" in present:
            values["cause"] = row["cause"]
        if "description" in present:
            values["description"] = row.get("description") or ""
        key = (outage.address_key, outage.service_type, outage.started_at)
        found = existing.get(key)
        if found is None:
            for name, value in values.items():
                setattr(outage, name, value)
            outage.import_run, outage.recorded_by = run, user if user and user.is_authenticated else None
            new.append(outage)
            added += 1
            continue
        changed = [name for name, value in values.items() if getattr(found, name) != value]
        if not changed:
            unchanged += 1
            continue
        for name in changed:
            setattr(found, name, values[name])
        found.import_run, found._history_user = run, user
        found.save()
        updated += 1
    bulk_create_with_history(new, Outage, batch_size=1000, default_user=user)
    return SimpleNamespace(added=added, updated=updated, unchanged=unchanged)


KINDS = [ImportKind("outages", OUTAGES.title, import_outages)]
