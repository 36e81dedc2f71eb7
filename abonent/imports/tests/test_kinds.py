"""Import kinds come from the apps: a new kind reaches the upload page, the API and the CLI with no migration."""

from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from abonent.imports import kinds as kinds_module
from abonent.imports.checks import check_import_kinds
from abonent.imports.kinds import ImportKind, importer_for, kind_choices, kinds
from abonent.imports.loaders import Counts
from abonent.imports.models import ImportRun
from abonent.imports.services import begin_run, guard, import_file, succeed_run

pytestmark = pytest.mark.django_db


def import_meters(path, *, file_name, user=None, source="cli", run, progress=None, **options):
    """A kind of a make-believe app: counts the file's lines."""
    reporter = begin_run(run, progress)

    def work():
        run.rows_total = len(path.read_text(encoding="utf-8").splitlines())
        return succeed_run(run, Counts(run.rows_total, 0, 0), [], reporter)

    return guard(run, reporter, work)


@pytest.fixture
def meters(monkeypatch):
    """An app that contributes the kind "meters", as if its importers.py declared it."""
    extra = ("abonent.meters.importers", ImportKind("meters", "Meter readings", import_meters))
    real = kinds_module.contributed()
    monkeypatch.setattr(kinds_module, "contributed", lambda: [*real, extra])
    kinds.cache_clear()
    yield
    kinds.cache_clear()


def test_the_kinds_are_the_billing_formats_then_what_the_apps_contribute():
    values = [value for value, _label in kind_choices()]
    assert values[:6] == ["subscribers", "tariffs", "services", "payments", "charges", "usage"]
    assert set(values[6:]) == {
        "churn_classifier",
        "tickets",
        "cdr",
        "queue_log",
        "pbx_csv",
        "survey_answers",
        "outages",
    }
    assert ImportRun(kind="cdr").get_kind_display() == "Звонки АТС (Asterisk CDR)"


def test_a_new_kind_needs_no_migration_and_reaches_the_form_the_api_and_the_cli(
    meters, client_for, api_client_for, settings, tmp_path
):
    out = StringIO()
    call_command("makemigrations", "imports", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()
    assert importer_for("meters") is import_meters

    settings.MEDIA_ROOT = tmp_path
    settings.IMPORTS_RUN_INLINE = True
    client = client_for("head_of_retention")
    assert 'value="meters"' in client.get(reverse("imports:upload")).content.decode()
    response = client.post(
        reverse("imports:upload"), {"kind": "meters", "file": SimpleUploadedFile("m.csv", b"a\nb\n")}
    )
    assert response.status_code == 302
    run = ImportRun.objects.get()
    assert (run.kind, run.status, run.rows_added, run.get_kind_display()) == (
        "meters",
        "succeeded",
        2,
        "Meter readings",
    )

    api = api_client_for("head_of_retention")
    upload = {"kind": "meters", "file": SimpleUploadedFile("m.csv", b"a\nb\nc\n")}
    answer = api.post("/api/imports/runs/", upload, format="multipart")
    assert (answer.status_code, answer.data["status"], answer.data["rows_added"]) == (202, "succeeded", 3)
    assert api.get("/api/imports/runs/", {"kind": "meters"}).data["count"] == 2

    path = tmp_path / "cli.csv"
    path.write_text("x\n", encoding="utf-8")
    call_command("import", "meters", str(path), "--no-progress", stdout=StringIO(), stderr=StringIO())
    assert ImportRun.objects.filter(kind="meters", source="cli", rows_added=1).count() == 1


def test_a_kind_that_needs_an_option_is_refused_without_it_on_the_page_and_in_the_api(client_for, api_client_for):
    content = b"2024-01-05 10:00;+79990000000;100\n"
    client = client_for("head_of_retention")
    page = client.post(reverse("imports:upload"), {"kind": "pbx_csv", "file": SimpleUploadedFile("c.csv", content)})
    assert page.status_code == 200 and "Выберите сопоставление столбцов для выгрузки этой АТС." in page.content.decode()
    api = api_client_for("head_of_retention")
    answer = api.post(
        "/api/imports/runs/", {"kind": "pbx_csv", "file": SimpleUploadedFile("c.csv", content)}, format="multipart"
    )
    assert answer.status_code == 400 and answer.data["mapping"][0].startswith("Выберите сопоставление столбцов")
    assert ImportRun.objects.count() == 0


def test_a_misdeclared_kind_fails_the_start_up_check(monkeypatch):
    real = kinds_module.contributed()
    bad = [
        ("abonent.x.importers", {"value": "dict"}),
        ("abonent.x.importers", ImportKind("tickets", "Twice", import_meters)),
        ("abonent.x.importers", ImportKind("a_kind_name_too_long", "Long", import_meters)),
        ("abonent.x.importers", ImportKind("noimporter", "None")),
        ("abonent.x.importers", ImportKind("needs", "Needs", import_meters, required={"mapping": "Choose one"})),
    ]
    assert check_import_kinds() == []
    monkeypatch.setattr("abonent.imports.checks.contributed", lambda: [*real, *bad])
    assert sorted(e.id for e in check_import_kinds()) == [
        "abonent.E031",
        "abonent.E032",
        "abonent.E033",
        "abonent.E034",
        "abonent.E036",
    ]


def test_the_cli_dispatches_a_contributed_kind_like_a_billing_one(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("groups:\n- code: ''\n", encoding="utf-8")
    run = import_file("churn_classifier", path)
    assert run.status == "failed" and "groups row 1, column code" in run.message
