"""Importing the helpdesk's ticket export (kind "tickets"): CSV or XLSX, Russian headers accepted.

Same rules as the billing imports: every row is checked first and any bad row changes nothing (the run lists each
error with file, row, column, value and what was expected); the load is one transaction; tickets are upserted on
their number, so importing the same file again changes nothing. After the load the repeat flags of the touched
subscribers are recomputed (same subscriber, same kind within 30 days), and urgent repairs follow their tickets.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from types import SimpleNamespace

import polars as pl
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

from abonent.imports.formats import CHOICE, DATETIME, EVENTS_FROM, TEXT, Column, Format, account_column
from abonent.imports.kinds import ImportKind
from abonent.imports.models import ImportRun
from abonent.imports.readers import ROW, ErrorLog, read_table
from abonent.imports.services import begin_run, fail_run, guard, load_lookups, note_ignored, start_run, succeed_run
from abonent.imports.validation import map_headers, validate

from . import services
from .choices import TicketKind, TicketStatus
from .models import Ticket

logger = logging.getLogger(__name__)
MAX_STORED_ERRORS = 1000

TICKETS = Format(
    kind="tickets",
    title=gettext_lazy("Repair and support tickets"),
    description=gettext_lazy(
        "The helpdesk's tickets: one row per ticket. Upserted on the ticket number; the deadline is the SLA's."
    ),
    key=("ticket_number",),
    columns=(
        Column(
            "ticket_number",
            TEXT,
            gettext_lazy("Ticket number in the helpdesk."),
            ("T-1001", "T-1002"),
            required=True,
            aliases=("номер заявки", "№ заявки", "номер", "заявка", "id заявки", "ticket", "ticket id"),
            max_length=64,
        ),
        account_column(),
        Column(
            "kind",
            CHOICE,
            gettext_lazy("Kind of ticket."),
            ("repair", "техподдержка"),
            aliases=("тип заявки", "тип", "вид", "категория"),
            default="repair",
            choices={
                "repair": ("ремонт", "авария", "неисправность", "выезд мастера"),
                "tech_support": ("техподдержка", "тех поддержка", "техническая поддержка", "консультация"),
                "connection": ("подключение", "новое подключение"),
                "complaint": ("жалоба", "претензия"),
                "other": ("другое", "прочее"),
            },
        ),
        Column(
            "opened_at",
            DATETIME,
            gettext_lazy("When the ticket was opened."),
            ("01.03.2026 10:15", "2026-03-02 18:40"),
            required=True,
            aliases=("дата создания", "создана", "открыта", "дата открытия", "дата заявки", "дата"),
            earliest=EVENTS_FROM,
            ahead=1,
        ),
        Column(
            "deadline",
            DATETIME,
            gettext_lazy("The SLA deadline; empty: the SLA of the kind from the opening time."),
            ("03.03.2026 10:15", ""),
            aliases=("срок", "срок исполнения", "крайний срок", "контрольный срок", "sla"),
            earliest=EVENTS_FROM,
            ahead=366,
        ),
        Column(
            "status",
            CHOICE,
            gettext_lazy("Ticket status."),
            ("resolved", "в работе"),
            aliases=("статус", "состояние"),
            default="open",
            choices={
                "open": ("открыта", "новая", "создана"),
                "in_progress": ("в работе", "выполняется"),
                "resolved": ("решена", "выполнена", "исполнена"),
                "closed": ("закрыта",),
                "cancelled": ("отменена", "аннулирована"),
            },
        ),
        Column(
            "resolved_at",
            DATETIME,
            gettext_lazy("When it was resolved; needed for resolved and closed tickets."),
            ("02.03.2026 16:00", ""),
            aliases=("дата решения", "дата выполнения", "выполнена в", "решена в", "дата закрытия"),
            earliest=EVENTS_FROM,
            ahead=1,
        ),
        Column(
            "subject",
            TEXT,
            gettext_lazy("What the trouble is."),
            ("Нет интернета", "Не показывают каналы"),
            aliases=("тема", "описание", "суть", "проблема", "содержание"),
            max_length=255,
        ),
        Column(
            "urgent",
            CHOICE,
            gettext_lazy("Urgent ticket."),
            ("no", "да"),
            aliases=("срочная", "срочно", "срочность"),
            default="no",
            choices={"yes": ("да", "срочная", "срочно", "1", "true"), "no": ("нет", "0", "false", "обычная")},
        ),
        Column(
            "responsible",
            TEXT,
            gettext_lazy("Login of the responsible employee in Abonent."),
            ("tech1", ""),
            aliases=("ответственный", "исполнитель", "ответственный сотрудник"),
            max_length=150,
        ),
    ),
    rules=(
        gettext_lazy("`deadline` and `resolved_at` may not be before `opened_at`."),
        gettext_lazy("A `resolved` or `closed` ticket needs `resolved_at`."),
        gettext_lazy("`responsible` must be the login of an Abonent user."),
        gettext_lazy("Columns left out of the file are left unchanged on existing tickets."),
    ),
)

FIELDS = (
    "subscriber_id",
    "kind",
    "opened_at",
    "deadline",
    "status",
    "resolved_at",
    "subject",
    "urgent",
    "responsible_id",
)


def _error(file_name: str, row, column: str, value, expected: str, code: str) -> dict:
    return {
        "file": file_name,
        "row": row,
        "column": column,
        "value": "" if value is None else str(value),
        "expected": expected,
        "code": code,
    }


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    return value.replace(tzinfo=dt.UTC) if value is not None else None


def import_tickets(
    path: Path,
    *,
    file_name: str,
    user=None,
    source: str = "cli",
    run: ImportRun | None = None,
    progress=None,
    **options,
) -> ImportRun:
    """Import a ticket export into `run` (created when not given); returns the run, succeeded or failed."""
    path = Path(path)
    run = run or start_run("tickets", file_name, user=user, source=source)
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
        frame, ignored = map_headers(TICKETS, table, file_name)
        reporter.at("checking")
        result = validate(TICKETS, frame, load_lookups(TICKETS), settings.TIME_ZONE)
        rows = result.frame
        run.rows_total = reporter.total = rows.height
        log = ErrorLog(MAX_STORED_ERRORS)
        log.add_frame(result.errors, file_name)
        _check_rows(rows, result.present, file_name, log)
        if log:
            message = _("%(errors)s errors in %(rows)s rows; nothing was changed.") % {
                "errors": log.count,
                "rows": len({e["row"] for e in log.errors}),
            }
            errors = sorted(log.errors, key=lambda e: e["row"] or 0)
            return fail_run(run, errors, message, reporter, error_count=log.count, summary=log.summary())
        reporter.at("loading")
        with transaction.atomic():
            counts = _load(rows, result.present, run, user, reporter)
        notes: list[str] = []
        note_ignored(run, ignored, notes)
        return succeed_run(run, counts, notes, reporter)

    return guard(run, reporter, work)


def _users() -> dict[str, int]:
    return {u.lower(): pk for pk, u in get_user_model().objects.values_list("pk", "username")}


def _check_rows(rows: pl.DataFrame, present: set[str], file_name: str, errors: ErrorLog) -> None:
    """The rules across columns, and the responsible login; row numbers as the user sees them in Excel."""
    users = _users() if "responsible" in present else {}
    for row in rows.iter_rows(named=True):
        opened = row.get("opened_at")
        for column in ("deadline", "resolved_at"):
            value = row.get(column)
            if opened is not None and value is not None and value < opened:
                errors.add(
                    _error(
                        file_name,
                        row[ROW],
                        column,
                        value,
                        _("a date and time not before opened_at (%(opened)s)") % {"opened": opened},
                        f"{column}_before_opened",
                    )
                )
        if row.get("status") in (TicketStatus.RESOLVED, TicketStatus.CLOSED) and row.get("resolved_at") is None:
            errors.add(
                _error(
                    file_name,
                    row[ROW],
                    "resolved_at",
                    "",
                    _("the resolution time: the status is %(status)s") % {"status": row["status"]},
                    "resolved_without_time",
                )
            )
        login = row.get("responsible")
        if login and login.lower() not in users:
            errors.add(
                _error(file_name, row[ROW], "responsible", login, _("the login of an Abonent user"), "unknown_user")
            )


def _load(rows: pl.DataFrame, present: set[str], run: ImportRun, user, reporter=None) -> SimpleNamespace:
    users = _users() if "responsible" in present else {}
    existing = Ticket.objects.in_bulk(rows["ticket_number"].to_list(), field_name="external_id")
    added = updated = unchanged = 0
    touched: set[int] = set()
    new: list[Ticket] = []
    for number, row in enumerate(rows.iter_rows(named=True), start=1):
        if reporter is not None and number % 500 == 0:
            reporter(number)
        opened = _aware(row["opened_at"])
        values = {"subscriber_id": row["subscriber_id"], "opened_at": opened}
        if "kind" in present:
            values["kind"] = row["kind"]
        if "deadline" in present and row["deadline"] is not None:
            values["deadline"] = _aware(row["deadline"])
        if "status" in present:
            values["status"] = row["status"]
        if "resolved_at" in present:
            values["resolved_at"] = _aware(row["resolved_at"])
        if "subject" in present and row["subject"]:
            values["subject"] = row["subject"]
        if "urgent" in present:
            values["urgent"] = row["urgent"] == "yes"
        if "responsible" in present:
            values["responsible_id"] = users.get((row["responsible"] or "").lower())
        ticket = existing.get(row["ticket_number"])
        if ticket is None:
            ticket = Ticket(external_id=row["ticket_number"], import_run=run)
            for name, value in values.items():
                setattr(ticket, name, value)
            if ticket.deadline is None:
                ticket.deadline = services.default_deadline(ticket.kind, ticket.opened_at, ticket.urgent)
            if not ticket.subject:
                ticket.subject = str(TicketKind(ticket.kind).label)
            new.append(ticket)
            added += 1
        else:
            changed = [name for name, value in values.items() if getattr(ticket, name) != value]
            if not changed:
                unchanged += 1
                continue
            for name in changed:
                setattr(ticket, name, values[name])
            ticket.import_run = run
            ticket._history_user = user
            ticket.save()
            updated += 1
        touched.add(ticket.subscriber_id)
    # New tickets in bulk with their history rows; changed ones were saved one by one so that urgent repairs
    # linked to them follow (post_save).
    bulk_create_with_history(new, Ticket, batch_size=1000, default_user=user)
    services.mark_repeats(touched)
    return SimpleNamespace(added=added, updated=updated, unchanged=unchanged)


KINDS = [ImportKind("tickets", TICKETS.title, import_tickets)]
