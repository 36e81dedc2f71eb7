"""import_file / import_frame: what a good file writes, what a broken file is told, and that it changes nothing."""

from datetime import UTC, date, datetime
from decimal import Decimal

import polars as pl
import pytest
from django.utils import translation

from abonent.imports.choices import ImportStatus
from abonent.imports.models import ImportRun
from abonent.imports.services import get_progress, import_file, import_frame
from abonent.subscribers.models import MonthlyCharge, Payment, Service, Subscriber, Tariff, Usage

from .conftest import SUBSCRIBERS_CSV, codes

pytestmark = pytest.mark.django_db

PAYMENTS_CSV = """\
payment_id;account;paid_at;amount;channel
P-1;1001;05.01.2024 10:15;550,00;Сбербанк Онлайн
P-2;1002;2024-01-10 18:40:00;250.5;касса
"""


def test_subscribers_file_with_russian_headers_and_values(base):
    ivanov = base["1001"]
    assert (ivanov.kind, ivanov.name, ivanov.phones, ivanov.status) == (
        "residential",
        "Иванов Иван",
        "79123456789",
        "active",
    )
    assert (ivanov.city, ivanov.district, ivanov.street, ivanov.building, ivanov.flat) == (
        "Екатеринбург",
        "Ленинский",
        "ул. Ленина",
        "1",
        "10",
    )
    assert ivanov.connected_on == date(2020, 2, 1)
    romashka = base["1002"]
    assert (romashka.kind, romashka.status, romashka.churn_reason.code) == ("business", "disconnected", "competitor")
    assert (romashka.connected_on, romashka.disconnected_on) == (date(2019, 5, 15), date(2024, 1, 31))
    assert romashka.flat == "" and base["1003"].phones == "" and base["1003"].district == ""
    run = ImportRun.objects.filter(kind="subscribers").get()
    assert (run.status, run.rows_total, run.rows_added, run.rows_updated, run.rows_unchanged) == (
        "succeeded",
        3,
        3,
        0,
        0,
    )
    assert run.source == "cli" and run.file_name == "subscribers.csv" and len(run.file_sha256) == 64
    assert run.finished_at is not None and run.error_count == 0


def test_tariffs_comma_file_with_decimal_comma(base):
    tv = Tariff.objects.get(code="TV-BASE")
    assert (tv.service_type, tv.monthly_fee, tv.speed_mbps) == ("catv", Decimal("250.00"), None)
    assert Tariff.objects.get(code="INT-100").speed_mbps == 100


def test_reimport_of_the_same_file_changes_nothing(base, write):
    before = list(Subscriber.objects.order_by("id").values())
    run = import_file("subscribers", write("again.csv", SUBSCRIBERS_CSV))
    assert (run.status, run.rows_added, run.rows_updated, run.rows_unchanged) == ("succeeded", 0, 0, 3)
    # Not even the import run of the rows moved: nothing was written.
    assert list(Subscriber.objects.order_by("id").values()) == before


def test_a_changed_row_is_one_update_and_only_that_row_moves(base, write):
    changed = SUBSCRIBERS_CSV.replace("1003;физлицо;Петров Пётр", "1003;физлицо;Петров Пётр Ильич")
    run = import_file("subscribers", write("changed.csv", changed))
    assert (run.rows_added, run.rows_updated, run.rows_unchanged) == (0, 1, 2)
    petrov = Subscriber.objects.get(external_id="1003")
    assert petrov.name == "Петров Пётр Ильич" and petrov.import_run_id == run.pk
    assert Subscriber.objects.get(external_id="1001").import_run_id != run.pk


def test_columns_left_out_are_left_alone(base, write):
    run = import_file("subscribers", write("names.csv", "account;name;connected_on\n1001;Иванов И. И.;01.02.2020\n"))
    assert (run.rows_updated, run.rows_unchanged) == (1, 0)
    ivanov = Subscriber.objects.get(external_id="1001")
    assert ivanov.name == "Иванов И. И." and ivanov.phones == "79123456789" and ivanov.district == "Ленинский"
    # A new account gets the defaults of the columns the file lacks.
    import_file("subscribers", write("new.csv", "account;name;connected_on\n1004;Сидоров;2022-01-01\n"))
    new = Subscriber.objects.get(external_id="1004")
    assert (new.kind, new.status, new.phones, new.arpu) == ("residential", "active", "", Decimal("0.00"))


def test_payments_upsert_on_payment_id(base, write):
    run = import_file("payments", write("payments.csv", PAYMENTS_CSV))
    assert (run.status, run.rows_added) == ("succeeded", 2)
    p1 = Payment.objects.get(external_id="P-1")
    # 10:15 in Moscow (UTC+3) is 07:15 UTC.
    assert p1.paid_at == datetime(2024, 1, 5, 7, 15, tzinfo=UTC)
    assert (p1.subscriber.external_id, p1.amount, p1.channel) == ("1001", Decimal("550.00"), "Сбербанк Онлайн")
    assert Payment.objects.get(external_id="P-2").amount == Decimal("250.50")
    again = import_file("payments", write("payments2.csv", PAYMENTS_CSV.replace("250.5;", "260;")))
    assert (again.rows_added, again.rows_updated, again.rows_unchanged) == (0, 1, 1)
    assert Payment.objects.get(external_id="P-2").amount == Decimal("260.00")


def test_payments_without_payment_id_are_idempotent(base, write):
    text = "account;paid_at;amount;channel\n1001;05.01.2024 10:15;550;касса\n1001;05.01.2024 10:15;550;банк\n"
    first = import_file("payments", write("p.csv", text))
    assert (first.status, first.rows_added) == ("succeeded", 2)
    # The same payments written differently are the same payments.
    same = text.replace("05.01.2024 10:15", "2024-01-05T10:15:00").replace(";550;", ";550,00;")
    second = import_file("payments", write("p2.csv", same))
    assert (second.rows_added, second.rows_updated, second.rows_unchanged) == (0, 0, 2)
    assert Payment.objects.count() == 2
    key = Payment.objects.get(channel="касса").external_id
    import hashlib

    assert key == hashlib.md5("1001|2024-01-05T07:15:00Z|550.00|касса".encode()).hexdigest()


def test_services_charges_usage_and_derived_fields(base, write):
    services = (
        "account;tariff;started_on;ended_on\n1001;INT-100;01.02.2020;\n1001;TV-BASE;01.02.2020;\n"
        "1002;TV-BASE;15.05.2019;31.01.2024\n"
    )
    assert import_file("services", write("s.csv", services)).rows_added == 3
    charges = (
        "account;month;charged;balance\n1001;10.2023;700;0\n1001;11.2023;800;0\n1001;2023-12;900;-50\n"
        "1001;2024-01-15;1000;-150,50\n1003;01.2024;100;0\n"
    )
    run = import_file("charges", write("c.csv", charges))
    assert run.rows_added == 5
    assert MonthlyCharge.objects.get(subscriber__external_id="1001", month=date(2024, 1, 1)).balance == Decimal(
        "-150.50"
    )
    ivanov, romashka, petrov = (Subscriber.objects.get(external_id=a) for a in ("1001", "1002", "1003"))
    # Internet and TV at once is a bundle; ARPU is the mean of the last 3 months: (800 + 900 + 1000) / 3.
    assert (ivanov.service_type, ivanov.arpu) == ("bundle", Decimal("900.00"))
    # No charges: the fee of the current tariff.
    assert (romashka.service_type, romashka.tariff.code, romashka.arpu) == ("catv", "TV-BASE", Decimal("250.00"))
    assert (petrov.service_type, petrov.tariff, petrov.arpu) == ("", None, Decimal("100.00"))
    usage = "account;date;period;bytes\n1001;15.01.2024;day;1073741824\n1001;01.2024;месяц;32212254720\n"
    assert import_file("usage", write("u.csv", usage)).rows_added == 2
    month = Usage.objects.get(period="month")
    assert (month.date, month.bytes) == (date(2024, 1, 1), 32212254720)
    assert Usage.objects.get(period="day").date == date(2024, 1, 15)


def test_import_frame_takes_typed_columns(base):
    frame = pl.DataFrame(
        {
            "account": ["1001", "1003"],
            "month": [date(2024, 2, 1), date(2024, 2, 1)],
            "charged": [550.0, 99.5],
            "balance": [0, -10],
        }
    )
    run = import_frame("charges", frame)
    assert (run.status, run.rows_added, run.source, run.file_name) == ("succeeded", 2, "demo", "<generated>")
    assert MonthlyCharge.objects.get(subscriber__external_id="1003").charged == Decimal("99.50")


def test_progress_is_reported_and_published(base, write):
    calls = []
    run = import_file("payments", write("p.csv", PAYMENTS_CSV), progress=lambda n, total: calls.append((n, total)))
    assert (2, 2) in calls and calls[-1] == (2, 2)
    assert get_progress(run) == {"processed": 2, "total": 2, "stage": "done"}


# Broken files: each gives its own error, and nothing changes.


def broken(kind, path, counts):
    before = counts()
    run = import_file(kind, path)
    assert run.status == ImportStatus.FAILED
    assert counts() == before
    assert run.rows_added == run.rows_updated == 0
    return run


def test_wrong_encoding_utf16(base, write, counts):
    run = broken("subscribers", write("u16.csv", SUBSCRIBERS_CSV, encoding="utf-16"), counts)
    assert [e["code"] for e in run.errors] == ["encoding"]
    with translation.override("en"):
        run = import_file("subscribers", write("u16.csv", SUBSCRIBERS_CSV, encoding="utf-16"))
    assert run.message.startswith("Wrong encoding: expected UTF-8 or cp1251")
    assert run.errors[0]["value"] == "UTF-16"


def test_wrong_encoding_binary_junk(base, write, counts):
    junk = bytes(range(256)) * 40
    run = broken("payments", write("junk.csv", junk), counts)
    assert [e["code"] for e in run.errors] == ["encoding"]
    assert run.errors[0]["row"] == 1


def test_wrong_encoding_utf8_with_a_stray_byte_is_not_guessed(base, write, counts):
    # Mostly UTF-8 Cyrillic with one cp1251 byte: neither encoding reads it right, so neither is assumed.
    data = "account;name;connected_on\n2001;Ёлкин;01.01.2020\n".encode() + "2002;Ёж;01.01.2020\n".encode("cp1251")
    run = broken("subscribers", write("mixed.csv", data), counts)
    assert [(e["row"], e["code"]) for e in run.errors] == [(3, "encoding")]


def test_missing_column_names_it_and_the_columns_found(base, write, counts):
    run = broken("payments", write("p.csv", "account;amount\n1001;5\n"), counts)
    assert codes(run) == [(1, "paid_at", "missing_column")]
    assert run.errors[0]["value"] == "account, amount"


def test_bad_date(base, write, counts):
    text = SUBSCRIBERS_CSV.replace("10.10.2021", "31.02.2021").replace("01.02.2020", "2020-13-01")
    run = broken("subscribers", write("s.csv", text), counts)
    assert codes(run) == [(2, "connected_on", "bad_date"), (4, "connected_on", "bad_date")]
    assert [e["value"] for e in run.errors] == ["2020-13-01", "31.02.2021"]


def test_negative_amount(base, write, counts):
    run = broken("payments", write("p.csv", PAYMENTS_CSV.replace("250.5", "-250.5")), counts)
    assert codes(run) == [(3, "amount", "negative")]
    assert run.errors[0]["value"] == "-250.5"


def test_unknown_account(base, write, counts):
    run = broken("payments", write("p.csv", PAYMENTS_CSV.replace("P-2;1002", "P-2;9999")), counts)
    assert codes(run) == [(3, "account", "unknown_account")]
    assert run.errors[0]["value"] == "9999"


def test_duplicate_key_names_the_first_row(base, write, counts):
    text = PAYMENTS_CSV + "P-1;1003;06.01.2024 10:00;10;касса\n"
    run = broken("payments", write("p.csv", text), counts)
    assert codes(run) == [(4, "payment_id", "duplicate_key")]
    with translation.override("en"):
        run = import_file("payments", write("p.csv", text))
    assert run.errors[0]["expected"] == "a unique payment_id (the same as in row 2)"


def test_duplicate_account_in_subscribers(base, write, counts):
    text = SUBSCRIBERS_CSV + "1001;физлицо;Иванов-2;;;;;;;01.01.2021;;;\n"
    run = broken("subscribers", write("s.csv", text), counts)
    assert codes(run) == [(5, "account", "duplicate_key")]


def test_every_bad_row_is_listed_with_its_own_error(base, write, counts):
    text = (
        "account;paid_at;amount;channel\n"
        "1001;05.01.2024 10:15;12,345;касса\n"  # 3 decimals
        "1001;вчера;10;касса\n"  # not a date-time
        ";05.01.2024 10:15;abc;касса\n"  # no account, not a number
        "1001;05.01.2024 10:16;1e3;касса\n"
    )  # not a plain number
    run = broken("payments", write("p.csv", text), counts)
    assert codes(run) == [
        (2, "amount", "bad_number"),
        (3, "paid_at", "bad_datetime"),
        (4, "account", "required"),
        (4, "amount", "bad_number"),
        (5, "amount", "bad_number"),
    ]
    assert run.error_count == 5
    assert all(e["file"] == "p.csv" for e in run.errors)


def test_unknown_tariff_and_service_ended_before_it_started(base, write, counts):
    text = "account;tariff;started_on;ended_on\n1001;NOPE;01.02.2020;\n1002;TV-BASE;15.05.2019;01.05.2019\n"
    run = broken("services", write("s.csv", text), counts)
    assert codes(run) == [(2, "tariff", "unknown_tariff"), (3, "ended_on", "ended_before_started")]


def test_subscriber_rules(base, write, counts):
    text = (
        "account;name;connected_on;status;disconnected_on;churn_reason;kind;phones\n"
        "2001;A;01.01.2020;disconnected;;;;\n"
        "2002;B;01.01.2020;disconnected;31.12.2019;competitor;;\n"
        "2003;C;01.01.2020;disconnected;01.02.2020;no_such_reason;;\n"
        "2004;D;01.01.2020;спит;;;;\n"
        "2005;E;01.01.2020;;;;частник;\n"
        "2006;F;01.01.2020;;;;;12345\n"
    )
    run = broken("subscribers", write("s.csv", text), counts)
    assert codes(run) == [
        (2, "disconnected_on", "disconnected_without_date"),
        (3, "disconnected_on", "disconnected_before_connected"),
        (4, "churn_reason", "unknown_churn_reason"),
        (5, "status", "bad_choice"),
        (6, "kind", "bad_choice"),
        (7, "phones", "bad_phone"),
    ]


def test_negative_fee_and_bytes(base, write, counts):
    run = broken("tariffs", write("t.csv", "code;name;service_type;monthly_fee\nX;X;internet;-1\n"), counts)
    assert codes(run) == [(2, "monthly_fee", "negative")]
    run = broken("usage", write("u.csv", "account;date;bytes\n1001;01.01.2024;-5\n1001;2024-01;7\n"), counts)
    # A day row needs the day.
    assert codes(run) == [(2, "bytes", "negative"), (3, "date", "bad_date")]


def test_row_numbers_are_excel_rows_with_blank_and_multiline_rows(base, write, counts):
    text = (
        "payment_id;account;paid_at;amount;channel\n"
        'P-1;1001;05.01.2024 10:15;1;"two\nlines"\n'
        "\n"
        "P-2;1001;05.01.2024 10:15;-1;x\n"
    )
    run = broken("payments", write("p.csv", text), counts)
    # Excel shows the quoted two-line value as one row (2), the blank line as row 3.
    assert codes(run) == [(4, "amount", "negative")]


def test_a_row_with_more_cells_than_the_header(base, write, counts):
    run = broken("tariffs", write("t.csv", "code;name;service_type;monthly_fee\nX;X;internet;1;extra\n"), counts)
    assert codes(run) == [(2, "", "bad_row")]


def test_empty_file_and_header_only(base, write, counts):
    run = broken("tariffs", write("t.csv", b""), counts)
    assert codes(run) == [(1, "", "empty_file")]
    run = import_file("tariffs", write("t.csv", "code;name;service_type;monthly_fee\n"))
    assert (run.status, run.rows_total) == ("succeeded", 0)


def test_unknown_columns_are_ignored_and_named(base, write):
    with translation.override("en"):
        run = import_file("tariffs", write("t.csv", "code;name;service_type;monthly_fee;colour\nX;X;iptv;1;red\n"))
    assert run.status == "succeeded" and "Ignored columns: colour." in run.message


def test_only_the_first_1000_errors_are_kept_but_all_are_counted(base, write, counts):
    rows = "".join(f"P-{i};1001;05.01.2024 10:15;-1;x\n" for i in range(1200))
    run = broken("payments", write("p.csv", "payment_id;account;paid_at;amount;channel\n" + rows), counts)
    assert (len(run.errors), run.error_count) == (1000, 1200)
    assert run.errors[0]["row"] == 2 and run.errors[-1]["row"] == 1001


def test_a_whole_number_too_big_for_its_column(base, write, counts):
    text = "code;name;service_type;monthly_fee;speed_mbps\nD;D;internet;1;10\nE;E;internet;1;99999999999\n"
    run = broken("tariffs", write("t.csv", text), counts)
    assert codes(run) == [(3, "speed_mbps", "too_big")]


def test_a_failure_while_loading_rolls_everything_back(base, write, counts, monkeypatch):
    from django.db import DatabaseError

    def refuse(ids=None):
        raise DatabaseError("disk full")

    import_file("services", write("sv.csv", "account;tariff;started_on\n1001;INT-100;01.02.2020\n"))
    # The rows are in the table when the refresh fails; the rollback must take them out again.
    monkeypatch.setattr("abonent.imports.services.refresh_derived", refuse)
    before = counts()
    run = import_file("subscribers", write("s.csv", "account;name;connected_on\n3001;New;01.01.2024\n"))
    assert run.status == "failed" and "disk full" in run.message
    assert counts() == before and not Subscriber.objects.filter(external_id="3001").exists()


def test_the_failed_run_is_recorded_with_who_and_what(base, write, make_user):
    user = make_user("head_of_retention")
    run = import_file("payments", write("p.csv", "x;y\n1;2\n"), user=user, source="api")
    run.refresh_from_db()
    assert (run.status, run.user, run.source, run.file_name, run.error_count) == ("failed", user, "api", "p.csv", 3)
    assert run.finished_at is not None and len(run.file_sha256) == 64
    assert codes(run) == [
        (1, "account", "missing_column"),
        (1, "paid_at", "missing_column"),
        (1, "amount", "missing_column"),
    ]


def test_services_key_is_account_tariff_start(base, write):
    first = "account;tariff;started_on;ended_on\n1001;INT-100;01.02.2020;\n"
    import_file("services", write("s.csv", first))
    ended = import_file("services", write("s2.csv", first.replace(";\n", ";31.12.2023\n")))
    assert (ended.rows_added, ended.rows_updated) == (0, 1)
    assert Service.objects.get().ended_on == date(2023, 12, 31)


def test_an_empty_frame_is_an_empty_import(base):
    run = import_frame(
        "tariffs",
        pl.DataFrame(schema={"code": pl.Utf8, "name": pl.Utf8, "service_type": pl.Utf8, "monthly_fee": pl.Float64}),
    )
    assert (run.status, run.rows_total, run.rows_added) == ("succeeded", 0, 0)


def test_a_tariff_speed_written_with_decimals_is_accepted(base, write, counts):
    """A billing export writes 20.0: it was refused as "a whole number"; 0,5 Mbit/s is a speed too."""
    text = "code;name;service_type;monthly_fee;speed_mbps\nS20;S20;internet;1;20.0\nS05;S05;internet;1;0,5\n"
    run = import_file("tariffs", write("t.csv", text))
    assert run.status == "succeeded", run.errors
    assert Tariff.objects.get(code="S20").speed_mbps == Decimal("20.00")
    assert Tariff.objects.get(code="S05").speed_mbps == Decimal("0.50")
    run = broken(
        "tariffs", write("t.csv", "code;name;service_type;monthly_fee;speed_mbps\nS;S;internet;1;2.555\n"), counts
    )
    assert codes(run) == [(2, "speed_mbps", "bad_number")]


def test_the_tariff_api_and_form_take_a_decimal_speed(api_client_for):
    api = api_client_for("administrator")
    response = api.post(
        "/api/subscribers/tariffs/",
        {"code": "A1", "name": "ADSL", "service_type": "internet", "monthly_fee": "300", "speed_mbps": "20.5"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert Tariff.objects.get(code="A1").speed_mbps == Decimal("20.50")
    bad = api.post(
        "/api/subscribers/tariffs/",
        {"code": "A2", "name": "ADSL", "service_type": "internet", "monthly_fee": "300", "speed_mbps": "-1"},
        format="json",
    )
    assert bad.status_code == 400 and "speed_mbps" in bad.json()


def test_telephony_mobile_and_other_tariffs_import(base, write):
    """A phone-only customer had to be filed as cable TV: there was no service type for it."""
    text = "code;name;service_type;monthly_fee\nPH;Телефон;телефония;150\nMB;Мобильный;mobile;300\nX;Аренда;прочее;50\n"
    run = import_file("tariffs", write("t.csv", text))
    assert run.status == "succeeded", run.errors
    assert dict(Tariff.objects.filter(code__in=["PH", "MB", "X"]).values_list("code", "service_type")) == {
        "PH": "telephony",
        "MB": "mobile",
        "X": "other",
    }
