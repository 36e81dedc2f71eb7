"""Exemptions from blocking: approved by the head on the page or in the API, read by the agents, in force until."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from abonent.debts.models import DebtExemption

pytestmark = pytest.mark.django_db


def test_the_head_exempts_an_account_and_the_debt_agent_only_reads(client_for, make_subscriber):
    make_subscriber("6001", name="Школа № 5")
    head, add = client_for("head_of_retention"), reverse("debts:debtexemption_add")
    postpone = {"account": "6001", "kind": "postpone", "reason": "Оплата по госконтракту"}
    assert "until" in head.post(add, postpone).context["form"].errors  # a postponement needs its date
    past = timezone.localdate() - dt.timedelta(days=1)
    assert "until" in head.post(add, {**postpone, "until": past}).context["form"].errors
    assert head.post(add, {**postpone, "kind": "never_block"}).status_code == 302
    exemption = DebtExemption.objects.get()
    assert (exemption.subscriber.external_id, exemption.approved_by, exemption.until) == ("6001", head.user, None)
    edit = reverse("debts:debtexemption_edit", args=[exemption.pk])
    assert head.get(edit).context["form"].initial["account"] == "6001"
    friday = timezone.localdate() + dt.timedelta(days=3)
    assert head.post(edit, {**postpone, "until": friday}).status_code == 302
    assert DebtExemption.objects.get().until == friday
    agent = client_for("debt_agent")
    assert "Школа № 5" in agent.get(reverse("debts:debtexemption_list"), {"kind": "postpone"}).content.decode()
    assert agent.get(add).status_code == 403


def test_in_force_until_its_date_and_the_api_records_who_approved(api_client_for, make_subscriber, head):
    today = timezone.localdate()
    first, second = make_subscriber("6002"), make_subscriber("6003")
    DebtExemption.objects.create(subscriber=first, kind="postpone", reason="—", until=today, approved_by=head)
    assert DebtExemption.objects.in_force(today).count() == 1
    assert DebtExemption.objects.in_force(today + dt.timedelta(days=1)).count() == 0
    api = api_client_for("head_of_retention")
    body = {"subscriber": second.pk, "kind": "never_block", "reason": "Больница", "approved_by": head.pk}
    answer = api.post("/api/debts/exemptions/", body, format="json")
    assert (answer.status_code, answer.data["approved_by"]) == (201, api.user.pk)
    assert api.get("/api/debts/exemptions/", {"kind": "never_block"}).data["count"] == 1
    assert api_client_for("debt_agent").post("/api/debts/exemptions/", body, format="json").status_code == 403
