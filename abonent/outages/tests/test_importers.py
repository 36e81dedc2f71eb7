"""The outage import: Russian or English headers, CSV or XLSX, all-or-nothing with precise errors, idempotent."""

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone, translation
from openpyxl import Workbook

from abonent.imports import formats
from abonent.imports.kinds import importer_for, kind_choices
from abonent.imports.models import ImportRun
from abonent.outages.importers import OUTAGES, import_outages
from abonent.outages.models import Outage

pytestmark = pytest.mark.django_db

GOOD = """Охват;Город;Район;Улица;Дом;Услуга;Начало;Окончание;Причина;Описание
дом;Екатеринбург;;ул. Ленина;10;интернет;01.03.2026 10:00;01.03.2026 16:30;авария;Обрыв кабеля
район;;Ленинский;;;;05.03.2026 02:00;05.03.2026 06:00;плановые работы;
;Екатеринбург;;пр-т Мира;5к2;ктв;2026-03-07 09:15;;электричество;
"""


def write(tmp_path, text: str, name="outages.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def run_import(path, user=None):
    run = ImportRun.objects.create(kind="outages", file_name=path.name, source="cli")
    return import_outages(path, file_name=path.name, user=user, source="cli", run=run)


def at(text: str) -> dt.datetime:
    return timezone.make_aware(dt.datetime.fromisoformat(text))


def test_registered_and_documented(monkeypatch):
    assert importer_for("outages") is import_outages
    assert "outages" in [value for value, _label in kind_choices()]
    # The page is the billing formats' page of this format (its example rows are read through FORMATS).
    monkeypatch.setitem(formats.FORMATS, "outages", OUTAGES)
    with translation.override("en"):
        expected = formats._markdown(OUTAGES)
    page = Path(__file__).resolve().parents[3] / "docs" / "imports" / "outages.md"
    assert page.read_text(encoding="utf-8") == expected, "docs/imports/outages.md is the format's _markdown()"


def test_good_file_in_cp1251_with_russian_headers(tmp_path, head):
    run = run_import(write(tmp_path, GOOD, encoding="cp1251"), head)
    assert run.status == "succeeded", run.errors
    assert (run.rows_total, run.rows_added, run.rows_updated, run.rows_unchanged) == (3, 3, 0, 0)
    lenina, district, mira = Outage.objects.order_by("started_at")
    assert (lenina.scope, lenina.service_type, lenina.cause, lenina.description) == (
        "building",
        "internet",
        "accident",
        "Обрыв кабеля",
    )
    assert (lenina.started_at, lenina.ended_at) == (at("2026-03-01T10:00"), at("2026-03-01T16:30"))
    assert lenina.address_key == "b:екатеринбург|ленина|10" and lenina.recorded_by == head
    assert (district.scope, district.address_key, district.cause, district.service_type) == (
        "district",
        "d:|ленинский",
        "planned",
        "",
    )
    assert (mira.scope, mira.service_type, mira.ended_at, mira.cause) == ("building", "catv", None, "power")
    assert lenina.import_run == run and lenina.history.get().history_user == head


def test_reimport_changes_nothing_and_a_later_log_ends_an_outage(tmp_path, head):
    path = write(tmp_path, GOOD)
    run_import(path, head)
    again = run_import(path, head)
    assert (again.status, again.rows_added, again.rows_updated, again.rows_unchanged) == ("succeeded", 0, 0, 3)
    ended = GOOD.replace("2026-03-07 09:15;;", "2026-03-07 09:15;07.03.2026 21:00;")
    third = run_import(write(tmp_path, ended, name="later.csv"), head)
    assert (third.rows_added, third.rows_updated, third.rows_unchanged) == (0, 1, 2)
    assert Outage.objects.get(service_type="catv").ended_at == at("2026-03-07T21:00")
    assert Outage.objects.count() == 3


def test_english_headers_in_xlsx(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["scope", "city", "street", "building", "service_type", "started_at", "ended_at", "cause"])
    sheet.append(
        ["building", "Екатеринбург", "Ленина", "10", "internet", "2026-03-01 10:00", "2026-03-01 11:00", "upstream"]
    )
    path = tmp_path / "outages.xlsx"
    book.save(path)
    run = run_import(path)
    assert run.status == "succeeded", run.errors
    assert Outage.objects.get().cause == "upstream"


def test_bad_file_changes_nothing_and_lists_every_error(tmp_path):
    future = (timezone.localtime() + dt.timedelta(days=1)).strftime("%d.%m.%Y %H:%M")
    bad = f"""охват;улица;дом;район;услуга;начало;окончание;причина
дом;Ленина;;;интернет;01.03.2026 10:00;01.03.2026 09:00;авария
район;;;;;02.03.2026 10:00;;цунами
дом;Мира;5;;;{future};;
дом;Ленина;10;;инет;01.03.2026 10:00;;
дом;ул. Ленина;д. 10;;интернет;01.03.2026 10:00;;
"""
    run = run_import(write(tmp_path, bad))
    assert run.status == "failed"
    found = {(e["row"], e["column"], e["code"]) for e in run.errors}
    assert found == {
        (2, "building", "building_without_building"),
        (2, "ended_at", "ended_before_started"),
        (3, "district", "district_without_district"),
        (3, "cause", "bad_choice"),
        (4, "started_at", "future"),
        (6, "started_at", "duplicate"),  # the same building, service and start as row 5 (инет is the internet)
    }
    assert all(e["file"] == "outages.csv" for e in run.errors)
    assert Outage.objects.count() == 0
