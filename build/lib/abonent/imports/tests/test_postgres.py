"""PostgreSQL's fast path: a large file into an empty table goes by COPY with indexes rebuilt after."""

from datetime import date

import pytest
from django.db import connection

from abonent.imports import loaders
from abonent.imports.services import import_file
from abonent.subscribers.models import Payment

pytestmark = pytest.mark.django_db


def schema(table: str) -> list[tuple]:
    with connection.cursor() as cur:
        cur.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s ORDER BY 1", [table])
        indexes = cur.fetchall()
        cur.execute(
            "SELECT conname, pg_get_constraintdef(oid), convalidated FROM pg_constraint "
            "WHERE conrelid = %s::regclass ORDER BY 1",
            [table],
        )
        return indexes + cur.fetchall()


def payments_csv(n: int) -> str:
    rows = "".join(f"B-{i};{1001 + i % 3};0{1 + i % 9}.01.2024 10:{i % 60:02d};{i}.50;касса\n" for i in range(n))
    return "payment_id;account;paid_at;amount;channel\n" + rows


def test_bulk_load_into_an_empty_table_restores_every_index_and_key(on_postgres, base, write, monkeypatch):
    monkeypatch.setattr(loaders, "BULK_ROWS", 10)
    before = schema("subscribers_payment")
    run = import_file("payments", write("p.csv", payments_csv(50)))
    assert (run.status, run.rows_added) == ("succeeded", 50), run.errors
    assert schema("subscribers_payment") == before
    assert all(validated for *_, validated in before if isinstance(validated, bool))
    b7 = Payment.objects.get(external_id="B-7")
    assert (b7.subscriber.external_id, str(b7.amount), b7.paid_at.date()) == ("1002", "7.50", date(2024, 1, 8))
    # Ids came from the table's sequence in one block, and the sequence moved past them.
    ids = sorted(Payment.objects.values_list("id", flat=True))
    assert ids == list(range(ids[0], ids[0] + 50))
    later = import_file("payments", write("p2.csv", "account;paid_at;amount\n1001;01.02.2024 10:00;5\n"))
    assert later.rows_added == 1 and Payment.objects.latest("id").id > ids[-1]
    # Not empty any more: the same file again goes through staging and changes nothing.
    again = import_file("payments", write("p.csv", payments_csv(50)))
    assert (again.rows_added, again.rows_updated, again.rows_unchanged) == (0, 0, 50)


def test_a_failing_bulk_load_rolls_back_the_dropped_indexes_too(on_postgres, base, write, monkeypatch):
    monkeypatch.setattr(loaders, "BULK_ROWS", 10)
    before = schema("subscribers_payment")
    # A setting PostgreSQL rejects, applied after the COPY and before the rebuild: the worst moment to fail.
    monkeypatch.setattr(loaders, "MAINTENANCE_WORK_MEM", "plenty")
    run = import_file("payments", write("p.csv", payments_csv(20)))
    assert run.status == "failed"
    assert Payment.objects.count() == 0
    assert schema("subscribers_payment") == before
