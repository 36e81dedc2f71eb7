"""Reading files: encodings, delimiters, XLSX; each lands in the same table of strings."""

from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import Workbook

from abonent.imports.readers import FileError, detect_delimiter, plausibly_cp1251, read_table
from abonent.imports.services import import_file
from abonent.subscribers.models import Payment, Subscriber

from .conftest import SUBSCRIBERS_CSV, codes


def test_delimiter_is_the_most_frequent_outside_quotes():
    assert detect_delimiter("a;b;c") == ";"
    assert detect_delimiter('a,b,"c;d;e"') == ","
    assert detect_delimiter("a\tb\tc") == "\t"
    assert detect_delimiter("one") == ";"


def test_cp1251_text_is_plausible_and_mojibake_is_not():
    assert plausibly_cp1251("Иванов Пётр, ул. Ленина".encode("cp1251"))
    # UTF-8 Cyrillic read byte by byte is mostly not Russian letters in cp1251.
    assert not plausibly_cp1251("Иванов Пётр, ул. Ленина".encode())
    assert not plausibly_cp1251(bytes(range(256)))


@pytest.mark.django_db
def test_cp1251_with_semicolons(base, write):
    text = SUBSCRIBERS_CSV.replace("1001;", "1011;").replace("1002;", "1012;").replace("1003;", "1013;")
    run = import_file("subscribers", write("cp.csv", text, encoding="cp1251"))
    assert (run.status, run.rows_added) == ("succeeded", 3)
    assert "cp1251" in run.message
    assert Subscriber.objects.get(external_id="1013").city == "Берёзовский"


@pytest.mark.django_db
def test_utf8_with_bom_and_crlf_and_quoted_empty_cells(base, write):
    text = '\ufeffaccount,paid_at,amount,channel\r\n1001,"05.01.2024 10:15","1 234,50",""\r\n'
    run = import_file("payments", write("bom.csv", text))
    assert run.status == "succeeded", run.errors
    payment = Payment.objects.get()
    assert (payment.amount, payment.channel) == (Decimal("1234.50"), "")


@pytest.mark.django_db
def test_explicit_encoding_and_delimiter(base, write):
    text = "account|paid_at|amount\n1001|05.01.2024 10:15|5\n"
    assert import_file("payments", write("p.csv", text), delimiter="|").status == "succeeded"
    run = import_file(
        "payments", write("p.csv", b"account;paid_at;amount\n1001;05.01.2024 10:16;5\n"), encoding="cp1251"
    )
    assert run.status == "succeeded"
    # Told UTF-8, a cp1251 file is refused rather than guessed.
    run = import_file("subscribers", write("s.csv", SUBSCRIBERS_CSV, encoding="cp1251"), encoding="utf-8")
    assert codes(run) == [(1, "", "encoding")]


def xlsx(rows, title="Sheet1") -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.mark.django_db
def test_xlsx_with_numbers_dates_and_blank_rows(base, write):
    data = xlsx(
        [
            ["Номер платежа", "Лицевой счёт", "Дата платежа", "Сумма", "Канал"],
            ["X-1", 1001, datetime(2024, 1, 5, 10, 15), 550.5, "касса"],
            [None, None, None, None, None],
            ["X-2", 1002, date(2024, 1, 6), 100, None],
        ]
    )
    run = import_file("payments", write("p.xlsx", data))
    assert (run.status, run.rows_added) == ("succeeded", 2), run.errors
    assert "XLSX" in run.message
    x1 = Payment.objects.get(external_id="X-1")
    assert (x1.amount, x1.subscriber.external_id) == (Decimal("550.50"), "1001")
    assert Payment.objects.get(external_id="X-2").paid_at.hour == 21  # midnight in Moscow is 21:00 UTC


@pytest.mark.django_db
def test_xlsx_errors_carry_the_sheet_row(base, write, counts):
    data = xlsx([["account", "paid_at", "amount"], [1001, "05.01.2024 10:15", 5], [], [1001, "05.01.2024", -5]])
    before = counts()
    run = import_file("payments", write("p.xlsx", data))
    assert codes(run) == [(4, "amount", "negative")]
    assert counts() == before


@pytest.mark.django_db
def test_xlsx_sheet_by_name_or_number(base, write):
    wb = Workbook()
    wb.active.append(["nothing here"])
    sheet = wb.create_sheet("Тарифы")
    for row in (["code", "name", "service_type", "monthly_fee"], ["IP-1", "IPTV", "iptv", 199]):
        sheet.append(row)
    buf = BytesIO()
    wb.save(buf)
    path = write("t.xlsx", buf.getvalue())
    assert import_file("tariffs", path, sheet="Тарифы").status == "succeeded"
    assert import_file("tariffs", path, sheet="2").rows_unchanged == 1
    run = import_file("tariffs", path, sheet="Нет")
    assert codes(run) == [(None, "", "sheet")]


def test_old_xls_is_refused(tmp_path):
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    with pytest.raises(FileError) as info:
        read_table(path, file_name="old.xls")
    assert info.value.errors[0]["code"] == "file_type"


def test_header_cells_are_kept_in_file_order(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("Лицевой счёт;Сумма\n1;2\n", encoding="utf-8")
    table = read_table(path, file_name="a.csv")
    assert table.headers == ["Лицевой счёт", "Сумма"]
    assert table.frame.rows() == [(2, "1", "2")]
