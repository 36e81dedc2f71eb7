"""PBX files through the shared import doors: upload page, API upload, CLI; and the demo step."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from abonent.calls.models import Call, PbxColumnMapping
from abonent.imports.models import ImportRun

from .conftest import CDR_21, QUEUE_LOG


@pytest.fixture
def inline_imports(settings):
    settings.IMPORTS_RUN_INLINE = True


@pytest.mark.django_db
def test_upload_page(client_for, subscribers, inline_imports):
    client = client_for("head_of_retention")
    upload = SimpleUploadedFile("Master.csv", CDR_21.encode())
    response = client.post(reverse("imports:upload"), {"kind": "cdr", "file": upload})
    run = ImportRun.objects.get()
    assert response.status_code == 302 and response["Location"] == run.get_absolute_url()
    assert (run.kind, run.status, run.rows_added, run.source) == ("cdr", "succeeded", 5, "ui")
    # A cloud-PBX file needs its mapping.
    form = client.post(reverse("imports:upload"), {"kind": "pbx_csv", "file": SimpleUploadedFile("a.csv", b"x;y\n")})
    assert form.status_code == 200 and "mapping" in form.context["form"].errors


@pytest.mark.django_db
def test_api_upload(api_client_for, subscribers, settings, tmp_path):
    # Set-up adapted: uploads run in the background (202); inline here, so each answer carries the result.
    settings.IMPORTS_RUN_INLINE = True
    settings.MEDIA_ROOT = tmp_path
    api = api_client_for("head_of_retention")
    response = api.post(
        "/api/imports/runs/", {"kind": "queue_log", "file": SimpleUploadedFile("queue_log", QUEUE_LOG.encode())}
    )
    assert response.status_code == 202, response.json()
    assert response.json()["rows_added"] == 2
    mapping = PbxColumnMapping.objects.create(
        name="cloud", columns={"call_id": "id", "started_at": "start", "caller": "from", "outcome": "status"}
    )
    csv = "id;start;from;status\nz1;2025-11-02 10:00:00;79123456789;no_answer\n"
    done = api.post(
        "/api/imports/runs/",
        {"kind": "pbx_csv", "mapping": mapping.name, "file": SimpleUploadedFile("c.csv", csv.encode())},
    )
    assert (done.status_code, done.json()["status"]) == (202, "succeeded"), done.json()
    bad = api.post("/api/imports/runs/", {"kind": "cdr", "file": SimpleUploadedFile("m.csv", b'"a","b"\n')})
    assert (bad.status_code, bad.json()["status"]) == (202, "failed") and bad.json()["errors"][0]["row"] == 1


@pytest.mark.django_db
def test_cli(tmp_path, subscribers, capsys):
    path = tmp_path / "Master.csv"
    path.write_text(CDR_21, encoding="utf-8")
    call_command("import", "cdr", str(path), "--no-progress")
    assert Call.objects.count() == 5
    assert "Import #" in capsys.readouterr().out


@pytest.mark.django_db
def test_demo_step(make_user):
    """The calls step on a small operator: files written, imported, agents created, mix close to the seed's."""
    from django.utils import timezone

    from abonent.calls import demo
    from abonent.demo import generator, services
    from abonent.demo.services import DemoContext

    today = timezone.localdate()
    frames = generator.generate(size=300, seed=7, months=3, today=today)
    users = services.create_demo_users()
    ctx = DemoContext(size=300, seed=7, months=3, today=today, users=users, frames=frames, plans=[], log=print)
    rows = demo.load(ctx)
    calls = Call.objects.all()
    assert rows["calls"] == calls.count() > 60
    assert set(calls.values_list("sources", flat=True)) <= {"cdr,queue_log", "cdr"}
    missed = calls.filter(call_type__code="missed").count() / calls.count()
    assert 0.25 < missed < 0.5  # seed 002: 29 of 75 = 39 %
    assert calls.filter(user__username="agent3").exists()
    assert rows["agent_intervals"] > 0
