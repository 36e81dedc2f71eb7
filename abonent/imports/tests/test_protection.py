"""Protecting the data (issue 9): hostile or broken files are refused clearly and fast, runs never hang, and what
a file says is never silently lost or made up."""

import signal
import socket
from contextlib import contextmanager
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from abonent.imports.models import ImportRun
from abonent.imports.readers import FileError, read_table, time_budget
from abonent.imports.services import import_file, sweep_stale_runs, this_worker
from abonent.subscribers.models import Payment, Subscriber

from .conftest import codes
from .mutations import _inline_row, _sheet, raw_xlsx

TARIFF_HEADER = ["code", "name", "service_type", "monthly_fee"]


@contextmanager
def within(seconds: int):
    """Fail the test (instead of waiting minutes) when the block takes longer than `seconds`."""

    def alarm(*_):
        raise TimeoutError(f"took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def tariff_sheet(extra: str = "", dimension: str = "") -> bytes:
    rows = _inline_row(1, TARIFF_HEADER) + _inline_row(2, ["X-1", "Тариф", "internet", "100"])
    return raw_xlsx(_sheet(rows + extra, dimension))


# 3. XLSX bombs and unbounded reading -----------------------------------------------------------------------------


def test_a_declared_dimension_of_the_whole_sheet_is_not_read_cell_by_cell(tmp_path):
    # 1.6 KB that declares A1:XFD1048576 and holds one cell at its far corner: refused at once, not read for minutes.
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(tariff_sheet('<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>', "A1:XFD1048576"))
    with within(10), pytest.raises(FileError) as info:
        read_table(path, file_name="bomb.xlsx")
    [error] = info.value.errors
    assert (error["code"], error["row"], error["column"]) == ("too_large", 1048576, "XFD")


@pytest.mark.django_db
def test_one_cell_in_the_last_row_costs_nothing_and_is_named(tmp_path, counts):
    path = tmp_path / "far.xlsx"
    path.write_bytes(
        tariff_sheet('<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>Y-1</t></is></c></row>', "A1:XFD1048576")
    )
    before = counts()
    with within(10):
        run = import_file("tariffs", path)
    assert run.status == "failed" and counts() == before
    assert (1048576, "name", "required") in codes(run)


def test_limits_on_rows_columns_and_unpacked_size(tmp_path, settings):
    settings.IMPORT_XLSX_MAX_ROWS = 10
    rows = "".join(_inline_row(i, [f"X-{i}", "Тариф", "internet", "1"]) for i in range(2, 13))
    path = tmp_path / "tall.xlsx"
    path.write_bytes(raw_xlsx(_sheet(_inline_row(1, TARIFF_HEADER) + rows)))
    with pytest.raises(FileError) as info:
        read_table(path, file_name="tall.xlsx")
    assert (info.value.errors[0]["code"], info.value.errors[0]["row"]) == ("too_large", 11)
    assert "IMPORT_XLSX_MAX_ROWS" in info.value.errors[0]["expected"]

    settings.IMPORT_XLSX_MAX_UNPACKED_MB = 1
    path.write_bytes(raw_xlsx(_sheet(_inline_row(1, TARIFF_HEADER) + "<row/>" * 200_000)))
    with pytest.raises(FileError) as info:
        read_table(path, file_name="tall.xlsx")
    assert (
        info.value.errors[0]["code"] == "too_large"
        and "IMPORT_XLSX_MAX_UNPACKED_MB" in info.value.errors[0]["expected"]
    )

    settings.IMPORT_MAX_COLUMNS = 5
    wide = tmp_path / "wide.csv"
    wide.write_text(";".join(f"c{i}" for i in range(6)) + "\n" + ";".join("1" * 6) + "\n", encoding="utf-8")
    with pytest.raises(FileError) as info:
        read_table(wide, file_name="wide.csv")
    assert (info.value.errors[0]["code"], info.value.errors[0]["value"]) == ("too_large", "6")


def test_reading_stops_when_the_time_budget_is_spent(tmp_path):
    rows = "".join(_inline_row(i, [f"X-{i}", "Тариф", "internet", "1"]) for i in range(2, 2500))
    path = tmp_path / "slow.xlsx"
    path.write_bytes(raw_xlsx(_sheet(_inline_row(1, TARIFF_HEADER) + rows)))
    with time_budget(1e-6), pytest.raises(FileError) as info:
        read_table(path, file_name="slow.xlsx")
    assert (info.value.errors[0]["code"], info.value.errors[0]["row"]) == ("time_limit", 1000)


@pytest.mark.django_db
def test_an_import_over_its_time_budget_fails_and_changes_nothing(base, write, counts, settings):
    settings.IMPORT_TIME_LIMIT = 1e-6
    before = counts()
    run = import_file("payments", write("p.csv", "account;paid_at;amount\n1001;05.01.2024 10:15;5\n"))
    assert (run.status, codes(run)) == ("failed", [(None, "", "time_limit")])
    assert counts() == before


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.mark.django_db
def test_runs_of_dead_processes_and_past_their_budget_are_marked_failed(client_for):
    host = socket.gethostname()
    dead = ImportRun.objects.create(kind="payments", file_name="a.csv", status="running", worker=f"{host} 999999 1")
    alive = ImportRun.objects.create(kind="payments", file_name="b.csv", status="running", worker=this_worker())
    lost = ImportRun.objects.create(kind="payments", file_name="c.csv", status="pending")
    ImportRun.objects.filter(pk=lost.pk).update(started_at=timezone.now() - timedelta(hours=2))
    assert sweep_stale_runs() == 2
    dead.refresh_from_db(), alive.refresh_from_db(), lost.refresh_from_db()
    assert (dead.status, alive.status, lost.status) == ("failed", "running", "failed")
    assert "process running it ended" in dead.message and "IMPORT_TIME_LIMIT" in lost.message
    assert dead.finished_at is not None
    # Without Redis nothing else runs the sweep: the register does, before it lists the runs.
    again = ImportRun.objects.create(kind="tariffs", file_name="d.csv", status="running", worker=f"{host} 999998 1")
    client_for("analyst").get(reverse("imports:importrun_list"))
    again.refresh_from_db()
    assert again.status == "failed"


def test_celery_beat_sweeps_stale_runs(settings):
    assert any(job["task"] == "imports.sweep_stale" for job in settings.CELERY_BEAT_SCHEDULE.values())


@pytest.mark.django_db
def test_an_interrupted_import_is_not_left_running(base, write):
    def interrupt(processed, total):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_file("payments", write("p.csv", "account;paid_at;amount\n1001;05.01.2024 10:15;5\n"), progress=interrupt)
    run = ImportRun.objects.latest("pk")
    assert run.status == "failed" and "interrupted" in run.message


# 4. Upload limits and where imports run --------------------------------------------------------------------------


@pytest.mark.django_db
def test_ui_upload_over_the_limit_is_413_with_a_message(client_for, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    settings.UPLOAD_MAX_MB = 1
    client = client_for("head_of_retention")
    data = {"kind": "tariffs", "file": SimpleUploadedFile("big.csv", b"code;name\n" + b"x" * (1024 * 1024 + 1))}
    response = client.post(reverse("imports:upload"), data)
    assert response.status_code == 413
    assert 'id="upload-too-large"' in response.content.decode() and "UPLOAD_MAX_MB" in response.content.decode()
    assert ImportRun.objects.count() == 0 and not (tmp_path / "imports").exists()


@pytest.mark.django_db
def test_ui_upload_is_not_imported_inside_the_request(
    client_for, settings, tmp_path, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from abonent.subscribers.models import Tariff

    settings.MEDIA_ROOT = tmp_path
    settings.IMPORTS_RUN_INLINE = False
    settings.REDIS_URL = ""
    client = client_for("head_of_retention")
    content = b"code;name;service_type;monthly_fee\nUP-2;Upload;internet;300\n"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            reverse("imports:upload"), {"kind": "tariffs", "file": SimpleUploadedFile("t.csv", content)}
        )
    run = ImportRun.objects.get()
    assert response.status_code == 302 and run.status == "pending" and Tariff.objects.count() == 0
    assert len(callbacks) == 1 and run.worker == this_worker()


# 7. Silent data loss ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_phones_cell_that_is_not_a_phone_is_an_error_and_keeps_the_stored_phones(base, write):
    text = "account;name;connected_on;phones\n1001;Иванов Иван;01.02.2020;abc\n"
    run = import_file("subscribers", write("s.csv", text))
    assert codes(run) == [(2, "phones", "bad_phone")]
    assert Subscriber.objects.get(external_id="1001").phones == "79123456789"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content, row",
    [
        (b"account;paid_at;amount\r1001;05.01.2024 10:15;5\r1002;05.01.2024 11:15;6\r", 1),  # classic Mac line ends
        (b"account;paid\r_at;amount\n1001;05.01.2024 10:15;5\n", 1),  # a stray CR in the header
        (b"account;paid_at;amount\n1001;05.01.2024 10:15;5\r\n1002;05.01.2024\r 11:15;6\n", 3),
    ],
)
def test_rows_that_cannot_be_split_are_refused(base, write, counts, content, row):
    before = counts()
    run = import_file("payments", write("p.csv", content))
    assert run.status == "failed" and counts() == before
    assert [(e["row"], e["code"]) for e in run.errors] == [(row, "line_ends")]
    assert "\\r" in run.errors[0]["value"]


@pytest.mark.django_db
def test_mixed_crlf_and_lf_line_ends_are_fine(base, write):
    run = import_file("payments", write("p.csv", b"account;paid_at;amount\r\n1001;05.01.2024 10:15;5\n"))
    assert (run.status, run.rows_added) == ("succeeded", 1)


@pytest.mark.django_db
def test_unknown_columns_are_warnings_but_a_broken_header_is_an_error(base, write):
    run = import_file("payments", write("p.csv", "account;paid_at;amount;Касса №\n1001;05.01.2024 10:15;5;3\n"))
    assert run.status == "succeeded" and "Касса №" in run.message
    assert [(w["column"], w["code"]) for w in run.warnings] == [("Касса №", "unknown_column")]
    broken = {
        "nameless column with values": ("account;paid_at;amount;\n1001;05.01.2024 10:16;5;3\n", "unnamed_column"),
        "a name twice": (
            "account;paid_at;amount;Примечание;примечание\n1001;05.01.2024 10:17;5;a;b\n",
            "duplicate_column",
        ),
    }
    for text, code in broken.values():
        run = import_file("payments", write("p.csv", text))
        assert [(e["row"], e["code"]) for e in run.errors] == [(1, code)], text
    assert Payment.objects.count() == 1


@pytest.mark.django_db
def test_control_characters_and_a_bom_inside_are_errors_with_row_and_column(base, write):
    run = import_file("subscribers", write("s.csv", "account;name;connected_on\n1001;Иванов\x07;01.02.2020\n"))
    assert [(e["row"], e["column"], e["code"], e["value"]) for e in run.errors] == [
        (2, "name", "control_character", "Иванов\\x07")
    ]
    run = import_file("subscribers", write("s.csv", "account;name;connected_on\n1001;\ufeffИванов;01.02.2020\n"))
    assert [(e["row"], e["column"], e["code"]) for e in run.errors] == [(2, "name", "control_character")]


# 8. Errors that are too big or unclear ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_errors_are_cut_capped_and_counted_by_column_and_kind(base, write):
    lines = "".join(f"1001;05.01.2024 10:{i % 60:02d};{'Я' * 50_000 if i == 0 else 'x'}\n" for i in range(1500))
    run = import_file("payments", write("p.csv", "account;paid_at;amount\n" + lines))
    assert (run.status, run.error_count, len(run.errors)) == ("failed", 1500, 1000)
    assert max(len(e["value"]) for e in run.errors) == 200 and run.errors[0]["value"].endswith("…")
    assert run.error_summary == [{"column": "amount", "code": "bad_number", "count": 1500}]


@pytest.mark.django_db
def test_utf32_is_named_utf32_and_koi8_r_is_not_read_as_cp1251(base, write):
    text = "account;name;connected_on\n1001;Иванов Иван;01.02.2020\n"
    for content, said in ((text.encode("utf-32"), "UTF-32"), (text.encode("utf-16"), "UTF-16")):
        run = import_file("subscribers", write("s.csv", content))
        assert [(e["code"], e["value"]) for e in run.errors] == [("encoding", said)]
    run = import_file("subscribers", write("s.csv", text.encode("koi8-r")))
    assert [(e["code"], e["value"]) for e in run.errors] == [("encoding", "KOI8-R")]
    assert Subscriber.objects.get(external_id="1001").name == "Иванов Иван"


# 9. Implausible values -------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_far_future_and_ancient_dates_are_refused(base, write, counts):
    before = counts()
    payments = "account;paid_at;amount\n1001;05.01.2099 10:15;5\n1002;05.01.1901 10:15;5\n1001;05.01.2024 10:15;5\n"
    run = import_file("payments", write("p.csv", payments))
    assert codes(run) == [(2, "paid_at", "implausible_date"), (3, "paid_at", "implausible_date")]
    assert "01.01.2000" in run.errors[0]["expected"]
    subscribers = "account;name;connected_on\n1009;Новый;2099-01-01\n"
    assert codes(import_file("subscribers", write("s.csv", subscribers))) == [(2, "connected_on", "implausible_date")]
    charges = "account;month;charged;balance\n1001;01.2100;1;1\n"
    assert codes(import_file("charges", write("c.csv", charges))) == [(2, "month", "implausible_date")]
    usage = "account;date;period;bytes\n1001;01.2099;month;1\n"
    assert codes(import_file("usage", write("u.csv", usage))) == [(2, "date", "implausible_date")]
    assert counts() == before


@pytest.mark.django_db
def test_plausible_dates_near_today_import(base, write):
    today = timezone.localdate()
    text = f"account;paid_at;amount\n1001;{today:%d.%m.%Y} 00:05;5,50\n"
    run = import_file("payments", write("p.csv", text))
    assert run.status == "succeeded", run.errors
    assert Payment.objects.get().amount == Decimal("5.50")


@pytest.mark.django_db
def test_payments_and_charges_in_the_future_are_refused_by_the_local_day(base, write, counts, settings):
    # Issue 12: dates of events cannot be in the future. Kiritimati is UTC+14, so its today is often UTC's
    # tomorrow: a payment late on the local today is accepted, one on the local tomorrow is refused.
    settings.TIME_ZONE = "Pacific/Kiritimati"
    today = timezone.localdate()
    tomorrow = today + timedelta(days=1)
    before = counts()
    payments = f"account;paid_at;amount\n1001;{tomorrow:%d.%m.%Y} 00:05;5\n1002;{today:%d.%m.%Y} 23:55;5\n"
    run = import_file("payments", write("p.csv", payments))
    assert codes(run) == [(2, "paid_at", "implausible_date")]
    assert f"{today:%d.%m.%Y}" in run.errors[0]["expected"]
    next_month = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    charges = f"account;month;charged;balance\n1001;{next_month:%m.%Y};1;1\n"
    assert codes(import_file("charges", write("c.csv", charges))) == [(2, "month", "implausible_date")]
    usage = f"account;date;period;bytes\n1001;{tomorrow:%d.%m.%Y};day;1\n"
    assert codes(import_file("usage", write("u.csv", usage))) == [(2, "date", "implausible_date")]
    assert counts() == before
    run = import_file("payments", write("p.csv", f"account;paid_at;amount\n1002;{today:%d.%m.%Y} 23:55;5\n"))
    assert run.status == "succeeded", run.errors
    charges = f"account;month;charged;balance\n1001;{today:%m.%Y};1;1\n"
    assert import_file("charges", write("c.csv", charges)).status == "succeeded"


@pytest.mark.django_db
def test_tariffs_carry_their_kind_residential_unless_told(write):
    # Issue 12: a tariff is offered only to subscribers of its kind; a file without the column means residential.
    from abonent.subscribers.models import Tariff

    text = "код;название;тип услуги;для кого;абонплата\nBIZ-1;Бизнес 1000;интернет;юрлица;17900\nH-1;Дом;инет;;450\n"
    run = import_file("tariffs", write("t.csv", text))
    assert run.status == "succeeded", run.errors
    assert dict(Tariff.objects.values_list("code", "kind")) == {"BIZ-1": "business", "H-1": "residential"}
    run = import_file(
        "tariffs", write("t.csv", "code;name;service_type;monthly_fee\nBIZ-1;Бизнес 1000;internet;17900\n")
    )
    assert run.status == "succeeded" and Tariff.objects.get(code="BIZ-1").kind == "business"
    bad = import_file("tariffs", write("t.csv", "code;name;service_type;kind;monthly_fee\nX;X;internet;pets;1\n"))
    assert codes(bad) == [(2, "kind", "bad_choice")]
