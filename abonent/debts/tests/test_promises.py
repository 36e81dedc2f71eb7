"""Promises to pay: recorded by a debt agent on the page or in the API, closed by the next payments import."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from abonent.debts.models import PromiseToPay
from abonent.imports.services import import_file

pytestmark = pytest.mark.django_db


def test_a_payments_import_closes_the_promises(client_for, make_subscriber, tmp_path):
    today = timezone.localdate()
    ago = lambda days: today - dt.timedelta(days)  # noqa: E731
    for account in ("5001", "5002", "5003"):
        make_subscriber(account)
    client = client_for("debt_agent")
    for account, amount, made, due in (("5001", 1500, 3, 1), ("5002", 1000, 9, 2), ("5003", 800, 1, -3)):
        form = {"account": account, "amount": amount, "promised_on": ago(made), "due_date": ago(due)}
        assert client.post(reverse("debts:promisetopay_add"), form).status_code == 302
    future = {"account": "5001", "amount": 100, "promised_on": ago(-1), "due_date": ago(-2)}
    assert client.post(reverse("debts:promisetopay_add"), future).status_code == 200
    # 5001 pays 1 000 + 500 in its term; 5002 pays 400 in its term and 600 a day after its date; 5003 has 3 days.
    rows = [("5001", 2, 1000), ("5001", 1, 500), ("5002", 5, 400), ("5002", 1, 600)]
    path = tmp_path / "payments.csv"
    lines = [f"{a};{ago(d):%d.%m.%Y} 10:00;{s}" for a, d, s in rows]
    path.write_text("\n".join(["account;paid_at;amount", *lines]), encoding="utf-8")
    assert import_file("payments", path).status == "succeeded"
    got = {p.subscriber.external_id: (p.status, p.paid) for p in PromiseToPay.objects.select_related("subscriber")}
    assert got == {"5001": ("kept", Decimal(1500)), "5002": ("partly_kept", Decimal(400)), "5003": ("open", 0)}
    assert PromiseToPay.objects.get(subscriber__external_id="5001").agent == client.user


def test_the_api_records_a_promise_for_the_agent_and_the_analyst_only_reads(api_client_for, make_subscriber):
    subscriber = make_subscriber("5004")
    body = {"subscriber": subscriber.pk, "amount": "1500", "due_date": timezone.localdate().isoformat()}
    agent = api_client_for("debt_agent")
    answer = agent.post("/api/debts/promises/", body, format="json")
    assert (answer.status_code, answer.data["status"], answer.data["agent"]) == (201, "open", agent.user.pk)
    assert api_client_for("analyst").post("/api/debts/promises/", body, format="json").status_code == 403
    assert agent.get("/api/debts/promises/", {"status": "open"}).data["count"] == 1
