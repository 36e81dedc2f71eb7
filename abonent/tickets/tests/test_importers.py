"""The ticket import: Russian headers, all-or-nothing with precise errors, idempotent on the ticket number."""

import datetime as dt

import pytest
from django.utils import timezone

from abonent.imports.kinds import importer_for, kind_choices
from abonent.imports.models import ImportRun
from abonent.tickets.importers import import_tickets
from abonent.tickets.models import Ticket

GOOD = """Номер заявки;Лицевой счёт;Тип заявки;Дата создания;Срок;Статус;Дата решения;Тема;Ответственный
T-1;100001;ремонт;01.03.2026 10:00;03.03.2026 10:00;решена;04.03.2026 09:00;Нет интернета;manager
T-2;100001;ремонт;15.03.2026 09:30;;в работе;;Опять нет интернета;
T-3;200002;техподдержка;2026-03-02 12:00;;открыта;;Настройка роутера;
"""


@pytest.fixture
def accounts(subscriber, make_subscriber, manager):
    make_subscriber("200002", name="Петрова")


def write(tmp_path, text: str, name="tickets.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def run_import(path, user=None):
    run = ImportRun.objects.create(kind="tickets", file_name=path.name, source="cli")
    return import_tickets(path, file_name=path.name, user=user, source="cli", run=run)


def at(text: str) -> dt.datetime:
    return timezone.make_aware(dt.datetime.fromisoformat(text))


def test_registered_for_the_dispatch():
    # The kind tickets contributes reaches the dispatch and the kind choices (upload form, API, register filter).
    assert importer_for("tickets") is import_tickets
    assert ("tickets", "Repair and support tickets") in [(v, str(label)) for v, label in kind_choices()]


def test_good_file(tmp_path, accounts, manager):
    run = run_import(write(tmp_path, GOOD, encoding="cp1251"), manager)
    assert run.status == "succeeded", run.errors
    assert (run.rows_total, run.rows_added, run.rows_updated, run.rows_unchanged) == (3, 3, 0, 0)
    t1, t2, t3 = (Ticket.objects.get(external_id=n) for n in ("T-1", "T-2", "T-3"))
    assert (t1.status, t1.responsible, t1.opened_at, t1.resolved_at) == (
        "resolved",
        manager,
        at("2026-03-01T10:00"),
        at("2026-03-04T09:00"),
    )
    assert t1.is_overdue  # resolved 23 hours after the deadline
    assert t2.deadline == at("2026-03-17T09:30")  # empty: repair SLA of 48 hours
    assert t2.is_repeat and not t1.is_repeat  # same subscriber, same kind, 14 days apart
    assert t3.kind == "tech_support" and t3.deadline == at("2026-03-03T12:00")
    assert t1.import_run == run


def test_reimport_changes_nothing_and_updates_by_number(tmp_path, accounts, manager):
    path = write(tmp_path, GOOD)
    run_import(path, manager)
    again = run_import(path, manager)
    assert (again.status, again.rows_added, again.rows_updated, again.rows_unchanged) == ("succeeded", 0, 0, 3)
    assert Ticket.objects.count() == 3
    changed = GOOD.replace(
        "T-2;100001;ремонт;15.03.2026 09:30;;в работе;;", "T-2;100001;ремонт;15.03.2026 09:30;;решена;16.03.2026 10:00;"
    )
    third = run_import(write(tmp_path, changed, name="t2.csv"), manager)
    assert (third.rows_added, third.rows_updated, third.rows_unchanged) == (0, 1, 2)
    assert Ticket.objects.get(external_id="T-2").status == "resolved"


def test_bad_file_changes_nothing_and_lists_every_error(tmp_path, accounts):
    bad = """номер заявки;л/с;тип;дата создания;срок;статус;дата решения;тема;ответственный
T-1;100001;ремонт;01.03.2026 10:00;28.02.2026 10:00;открыта;;Нет интернета;
T-2;999999;поломка;32.03.2026;;закрыта;;Опять;nobody
T-1;100001;ремонт;01.03.2026 10:00;;открыта;;Дубль;
"""
    run = run_import(write(tmp_path, bad))
    assert run.status == "failed" and Ticket.objects.count() == 0
    found = {(e["row"], e["column"], e["code"]) for e in run.errors}
    assert found == {
        (2, "deadline", "deadline_before_opened"),
        (3, "account", "unknown_account"),
        (3, "kind", "bad_choice"),
        (3, "opened_at", "bad_datetime"),
        (3, "responsible", "unknown_user"),
        (3, "resolved_at", "resolved_without_time"),
        (4, "ticket_number", "duplicate_key"),
    }
    assert all(e["file"] == "tickets.csv" for e in run.errors)
    assert "nothing was changed" in run.message


def test_resolved_needs_the_time_and_missing_columns(tmp_path, accounts):
    run = run_import(write(tmp_path, "номер заявки;л/с;дата создания;статус\nT-9;100001;01.03.2026 10:00;решена\n"))
    assert run.status == "failed"
    assert [(e["row"], e["column"], e["code"]) for e in run.errors] == [(2, "resolved_at", "resolved_without_time")]
    missing = run_import(write(tmp_path, "номер;тема\nT-1;x\n", name="m.csv"))
    assert missing.status == "failed" and "Missing required column" in missing.message
