"""The outbox as billing gets it: the documented file (CSV, XLSX, the CLI) and the pull API with acknowledgement."""

import csv
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from abonent.billing import actions
from abonent.billing.models import BillingAction
from abonent.billing.services import COLUMNS

pytestmark = pytest.mark.django_db


@pytest.fixture
def outbox(applied_change, subscriber, head):
    """Two pending actions (the tariff change; a recalculation of 1 234,50 ₽ whose reason looks like a formula)
    and a confirmed one."""
    recalculation = actions.enqueue(
        subscriber=subscriber,
        kind="recalculation",
        key="t:recalc",
        parameters={"amount": "1234.5", "period_start": "2026-11-01", "reason": "=5 дней без сети"},
    )
    done = actions.enqueue(subscriber=subscriber, kind="unblock", key="t:unblock")
    actions.mark_sent([done], user=head)
    actions.confirm(done, user=head)
    return BillingAction.objects.get(kind="tariff_change"), recalculation, done


def _csv(content: bytes) -> list[dict]:
    assert content.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def test_the_csv_export_has_the_documented_columns_and_values(client_for, outbox):
    change, recalculation, _done = outbox
    page = reverse("billing:billingaction_list")
    response = client_for("head_of_retention").get(page, {"state": "pending", "export": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = _csv(response.content)
    assert list(rows[0]) == list(COLUMNS)
    assert [(r["id"], r["kind"], r["account"]) for r in rows] == [
        (str(change.pk), "tariff_change", "100001"),
        (str(recalculation.pk), "recalculation", "100001"),
    ]
    today = timezone.localdate().isoformat()
    change_row, recalc_row = rows
    columns = ("from_tariff", "to_tariff", "on", "state")
    assert [change_row[c] for c in columns] == ["NET300", "NET100", today, "pending"]
    # A dot and two decimals; a text that a spreadsheet would run as a formula with a leading apostrophe.
    columns = ("amount", "period_start", "reason")
    assert [recalc_row[c] for c in columns] == ["1234.50", "2026-11-01", "'=5 дней без сети"]
    assert rows[0]["key"] == change.key and rows[0]["source"] == f"Смена тарифа №{change.source_id}"
    # Downloading changed nothing.
    assert BillingAction.objects.filter(state="pending").count() == 2


def test_the_xlsx_export_reads_back_with_numbers_and_dates(client_for, outbox):
    response = client_for("head_of_retention").get(reverse("billing:billingaction_list"), {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0] == COLUMNS and len(rows) == 4
    recalc = next(r for r in rows[1:] if r[1] == "recalculation")
    assert recalc[COLUMNS.index("amount")] == pytest.approx(1234.5)
    assert recalc[COLUMNS.index("period_start")].date().isoformat() == "2026-11-01"


def test_a_manager_sees_the_outbox_but_may_not_export(client_for, outbox):
    client = client_for("retention_manager")
    page = client.get(reverse("billing:billingaction_list"))
    assert page.status_code == 200 and b"export=csv" not in page.content
    assert client.get(reverse("billing:billingaction_list"), {"export": "csv"}).status_code == 403


def test_the_cli_writes_the_file_and_marks_the_exported_sent(outbox, tmp_path):
    path = tmp_path / "out.csv"
    call_command("billing_export", "--output", str(path), "--mark-sent")
    assert [r["kind"] for r in _csv(path.read_bytes())] == ["tariff_change", "recalculation"]
    assert set(BillingAction.objects.values_list("state", "billing_reference")) == {
        ("sent", "out.csv"),
        ("confirmed", ""),
    }


def test_billing_pulls_acknowledges_and_settles_through_the_api(api_client_for, outbox):
    change, recalculation, done = outbox
    billing = api_client_for("billing_integration")
    listed = billing.get("/api/billing/actions/", {"state": "pending"}).data
    assert listed["count"] == 2
    first = next(a for a in listed["results"] if a["id"] == change.pk)
    assert (first["account"], first["parameters"]["to_tariff"]) == ("100001", "NET100")
    ids = [change.pk, recalculation.pk]
    answer = billing.post("/api/billing/actions/ack/", {"ids": ids, "reference": "PKT-42"}, format="json")
    assert answer.status_code == 200
    assert answer.data == {"sent": ids, "already": [], "refused": {}, "unknown": []}
    repeat = billing.post("/api/billing/actions/ack/", {"ids": [*ids, 99999]}, format="json").data
    assert (repeat["sent"], repeat["already"], repeat["unknown"]) == ([], ids, [99999])
    assert BillingAction.objects.get(pk=change.pk).billing_reference == "PKT-42"
    confirmed = billing.post(f"/api/billing/actions/{change.pk}/confirm/", {"reference": "ORD-77"}, format="json")
    assert confirmed.status_code == 200
    assert (confirmed.data["state"], confirmed.data["billing_reference"]) == ("confirmed", "ORD-77")
    no_reason = billing.post(f"/api/billing/actions/{recalculation.pk}/reject/", {}, format="json")
    assert no_reason.status_code == 400
    rejected = billing.post(
        f"/api/billing/actions/{recalculation.pk}/reject/", {"message": "Период уже пересчитан"}, format="json"
    )
    assert (rejected.data["state"], rejected.data["billing_message"]) == ("rejected", "Период уже пересчитан")
    late = billing.post(f"/api/billing/actions/{done.pk}/reject/", {"message": "x"}, format="json")
    assert late.status_code == 400 and BillingAction.objects.get(pk=done.pk).state == "confirmed"
    assert BillingAction.objects.get(pk=change.pk).sent_by == billing.user


def test_the_api_refuses_ack_to_a_reader_and_documents_the_endpoints(api_client_for, outbox):
    change = outbox[0]
    analyst = api_client_for("analyst")
    assert analyst.get("/api/billing/actions/").status_code == 200
    assert analyst.post("/api/billing/actions/ack/", {"ids": [change.pk]}, format="json").status_code == 403
    assert analyst.post(f"/api/billing/actions/{change.pk}/confirm/", {}, format="json").status_code == 403
    assert BillingAction.objects.get(pk=change.pk).state == "pending"
    schema = api_client_for("administrator").get("/api/schema/", {"format": "json"}).json()
    ack = schema["paths"]["/api/billing/actions/ack/"]["post"]
    assert "Idempotent" in ack["description"]
    assert set(schema["components"]["schemas"]["AckResult"]["properties"]) == {"sent", "already", "refused", "unknown"}
