"""The API: upload a file, read the register."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from abonent.imports.models import ImportRun
from abonent.subscribers.models import Tariff

pytestmark = pytest.mark.django_db

URL = "/api/imports/runs/"
TARIFFS = b"code;name;service_type;monthly_fee\nAPI-1;Api;iptv;150\n"


def post(api, content, name="t.csv", **fields):
    return api.post(URL, {"kind": "tariffs", "file": SimpleUploadedFile(name, content), **fields}, format="multipart")


def test_upload_imports_and_returns_the_run(api_client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    api = api_client_for("head_of_retention")
    response = post(api, TARIFFS)
    assert response.status_code == 201, response.data
    body = response.data
    assert (body["status"], body["rows_added"], body["source"], body["user"], body["file_name"]) == (
        "succeeded",
        1,
        "api",
        api.user.username,
        "t.csv",
    )
    assert response["Location"].endswith(f"/api/imports/runs/{body['id']}/")
    assert Tariff.objects.get(code="API-1").service_type == "iptv"
    again = post(api, TARIFFS)
    assert (again.status_code, again.data["rows_added"], again.data["rows_unchanged"]) == (201, 0, 1)


def test_upload_of_a_broken_file_is_422_with_the_errors(api_client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    api = api_client_for("head_of_retention")
    response = post(api, b"code;name;service_type;monthly_fee\nX;X;radio;1\n")
    assert response.status_code == 422
    assert [(e["row"], e["column"], e["code"]) for e in response.data["errors"]] == [(2, "service_type", "bad_choice")]
    assert Tariff.objects.count() == 0 and ImportRun.objects.get().status == "failed"
    assert post(api, TARIFFS, kind="animals").status_code == 400


def test_background_upload_answers_202(api_client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.IMPORTS_RUN_INLINE = True
    api = api_client_for("head_of_retention")
    response = post(api, TARIFFS, background="true")
    assert response.status_code == 202
    run = ImportRun.objects.get(pk=response.data["id"])
    assert run.status == "succeeded" and run.rows_added == 1
    detail = api.get(f"{URL}{run.pk}/").data
    assert detail["status"] == "succeeded"


def test_register_with_filters(api_client_for):
    api = api_client_for("analyst")
    ImportRun.objects.create(kind="payments", file_name="a.csv", status="failed")
    ImportRun.objects.create(kind="tariffs", file_name="b.csv", status="succeeded")
    assert api.get(URL).data["count"] == 2
    assert [r["file_name"] for r in api.get(URL, {"status": "failed"}).data["results"]] == ["a.csv"]
    assert [r["file_name"] for r in api.get(URL, {"kind": "tariffs"}).data["results"]] == ["b.csv"]
    formats = api.get(f"{URL}formats/").data
    assert [c["name"] for c in formats["charges"]["columns"]] == ["account", "month", "charged", "balance"]


def test_analyst_cannot_upload_and_agent_cannot_read(api_client_for):
    assert post(api_client_for("analyst"), TARIFFS).status_code == 403
    assert api_client_for("call_centre_agent").get(URL).status_code == 403
    assert ImportRun.objects.count() == 0


def test_a_large_upload_is_imported_from_its_temporary_file(api_client_for, settings, tmp_path):
    # Past FILE_UPLOAD_MAX_MEMORY_SIZE Django spools the upload to a temporary file; the import reads it in place.
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0
    settings.MEDIA_ROOT = tmp_path
    api = api_client_for("head_of_retention")
    rows = "".join(f"BIG-{i};Тариф {i};internet;{i}\n" for i in range(500))
    response = post(api, ("code;name;service_type;monthly_fee\n" + rows).encode(), name="big.csv")
    assert (response.status_code, response.data["rows_added"], response.data["file_name"]) == (201, 500, "big.csv")
    assert not list(tmp_path.iterdir())  # nothing was copied to MEDIA_ROOT
