"""The upload page, the import register, templates and formats, and who may use them."""

import pytest
from django.urls import reverse

from abonent.imports.formats import template_xlsx
from abonent.imports.models import ImportRun
from abonent.subscribers.models import Tariff

pytestmark = pytest.mark.django_db

TARIFFS = b"code;name;service_type;monthly_fee\nUP-1;Upload;internet;300\n"


@pytest.fixture
def inline(settings):
    settings.IMPORTS_RUN_INLINE = True
    settings.MEDIA_ROOT = settings.HOME / "test-media"


def upload(client, name, content, **fields):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = {
        "kind": "tariffs",
        "encoding": "",
        "delimiter": "",
        "sheet": "",
        **fields,
        "file": SimpleUploadedFile(name, content),
    }
    return client.post(reverse("imports:upload"), data)


def test_upload_runs_the_import_and_shows_the_result(client_for, reasons, inline):
    client = client_for("head_of_retention")
    response = upload(client, "tariffs.csv", TARIFFS)
    run = ImportRun.objects.get()
    assert response.status_code == 302 and response.url == run.get_absolute_url()
    assert (run.status, run.source, run.user, run.rows_added) == ("succeeded", "ui", client.user, 1)
    assert Tariff.objects.get(code="UP-1").monthly_fee == 300
    page = client.get(run.get_absolute_url())
    assert page.status_code == 200 and "tariffs.csv" in page.content.decode()
    # The uploaded copy is removed once imported.
    from django.conf import settings

    assert not list((settings.MEDIA_ROOT / "imports").iterdir())


def test_upload_of_a_broken_file_shows_every_error(client_for, inline):
    client = client_for("head_of_retention")
    upload(client, "bad.csv", b"code;name;service_type;monthly_fee\nA;A;radio;-1\n")
    run = ImportRun.objects.get()
    assert run.status == "failed" and Tariff.objects.count() == 0
    html = client.get(run.get_absolute_url()).content.decode()
    assert 'id="import-errors"' in html and "radio" in html and "-1" in html
    export = client.get(run.get_absolute_url() + "?export=xlsx")
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_upload_form_options_reach_the_reader(client_for, inline):
    client = client_for("head_of_retention")
    # As many ; as , in the header: detection would take ;, the option says ,.
    content = "code,name,service_type,monthly_fee,a;b;c;d;e\nCP-1,Тариф,internet,1,\n".encode("cp1251")
    upload(client, "t.csv", content, encoding="cp1251", delimiter=",")
    run = ImportRun.objects.get()
    assert run.status == "succeeded", run.errors
    assert Tariff.objects.get(code="CP-1").name == "Тариф"


def test_progress_partial_polls_while_running_and_refreshes_when_done(client_for):
    client = client_for("analyst")
    run = ImportRun.objects.create(kind="payments", file_name="big.csv", status="running", rows_total=10)
    from django.core.cache import cache

    from abonent.imports.services import progress_key

    cache.set(progress_key(run.pk), {"processed": 4, "total": 10, "stage": "loading"})
    response = client.get(reverse("imports:importrun_progress", args=[run.pk]))
    html = response.content.decode()
    assert 'hx-trigger="every 1s"' in html and "40 %" in html and "HX-Refresh" not in response
    run.status = "succeeded"
    run.save()
    response = client.get(reverse("imports:importrun_progress", args=[run.pk]))
    assert response["HX-Refresh"] == "true" and "hx-trigger" not in response.content.decode()


def test_register_lists_and_filters_runs(client_for, make_user):
    client = client_for("analyst")
    other = make_user("head_of_retention", username="boris")
    ImportRun.objects.create(kind="payments", file_name="pay.csv", status="failed", user=other)
    ImportRun.objects.create(kind="tariffs", file_name="tar.csv", status="succeeded")
    html = client.get(reverse("imports:importrun_list")).content.decode()
    assert "pay.csv" in html and "tar.csv" in html
    html = client.get(reverse("imports:importrun_list"), {"kind": "payments", "user": other.pk}).content.decode()
    assert "pay.csv" in html and "tar.csv" not in html
    html = client.get(reverse("imports:importrun_list"), {"status": "succeeded"}).content.decode()
    assert "pay.csv" not in html and "tar.csv" in html


def test_templates_and_formats_pages(client_for):
    client = client_for("analyst")
    csv = client.get(reverse("imports:template", args=["payments", "csv"]))
    assert csv.status_code == 200 and csv.content.decode("utf-8-sig").startswith("payment_id;account;paid_at")
    xlsx = client.get(reverse("imports:template", args=["usage", "xlsx"]))
    assert xlsx.content == template_xlsx("usage")
    assert client.get(reverse("imports:template", args=["usage", "pdf"])).status_code == 404
    assert client.get(reverse("imports:template", args=["cats", "csv"])).status_code == 404
    html = client.get(reverse("imports:formats")).content.decode()
    assert all(
        f'id="{kind}"' in html for kind in ("subscribers", "tariffs", "services", "payments", "charges", "usage")
    )
    assert "лицевой счёт" in html


def test_analyst_sees_the_register_but_cannot_upload(client_for, inline):
    client = client_for("analyst")
    assert client.get(reverse("imports:importrun_list")).status_code == 200
    assert "imports/upload/" not in client.get(reverse("imports:importrun_list")).content.decode()
    assert client.get(reverse("imports:upload")).status_code == 403
    assert upload(client, "t.csv", TARIFFS).status_code == 403
    assert ImportRun.objects.count() == 0


def test_agent_cannot_see_imports_and_anonymous_goes_to_login(client_for, client):
    assert client.get(reverse("imports:importrun_list")).status_code == 302
    agent = client_for("call_centre_agent")
    assert agent.get(reverse("imports:importrun_list")).status_code == 403
    assert agent.get(reverse("imports:formats")).status_code == 403


def test_error_list_masks_echoed_phones_for_a_role_without_view_phone(client_for, api_client_for):
    """A bad row's value echoed in the error list is masked on the page, in its export and in the API for the analyst;
    the stored error keeps the value, and the head sees it."""
    from abonent.core.testing import xlsx_rows

    errors = [
        {"file": "a.csv", "row": 2, "column": "phones", "value": "8 (912) 345-67-89 доб. 5", "expected": "a phone"},
        {"file": "a.csv", "row": 3, "column": "connected_on", "value": "2024-13-45", "expected": "a date"},
    ]
    run = ImportRun.objects.create(kind="subscribers", file_name="a.csv", status="failed", errors=errors)
    client = client_for("analyst")
    html = client.get(run.get_absolute_url()).content.decode()
    assert "345-67-89" not in html and "+7 (912) ***-**-89 доб. 5" in html and "2024-13-45" in html
    exported = [str(v) for row in xlsx_rows(client.get(run.get_absolute_url(), {"export": "xlsx"})) for v in row]
    assert "+7 (912) ***-**-89 доб. 5" in exported and not any("345-67-89" in v for v in exported)
    api = api_client_for("analyst").get(f"/api/imports/runs/{run.pk}/").json()
    assert api["errors"][0]["value"] == "+7 (912) ***-**-89 доб. 5"
    run.refresh_from_db()
    assert run.errors == errors
    assert "8 (912) 345-67-89 доб. 5" in client_for("head_of_retention").get(run.get_absolute_url()).content.decode()
