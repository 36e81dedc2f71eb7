"""The ticket register: list, card, export, filters incl. overdue, steps, SLA report, API, roles."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from abonent.core.testing import check_register_views
from abonent.tickets import actions
from abonent.tickets.models import Ticket


@pytest.fixture
def tickets(subscriber, make_subscriber, manager):
    now = timezone.now()
    late = actions.open_ticket(
        subscriber, subject="Нет интернета", user=manager, opened_at=now - dt.timedelta(days=5), responsible=manager
    )
    fresh = actions.open_ticket(make_subscriber("200002"), subject="Вопрос", kind="tech_support", user=manager)
    return {"late": late, "fresh": fresh}


def test_register_views(tickets, client_for):
    check_register_views(client_for, tickets["late"], viewer="analyst")


def test_filters(tickets, client_for):
    client = client_for("analyst")

    def found(**params):
        return {r.pk for r in client.get(reverse("tickets:ticket_list"), params).context["table"].data}

    late, fresh = tickets["late"].pk, tickets["fresh"].pk
    assert found(overdue="true") == {late}
    assert found(overdue="false") == {fresh}
    assert found(kind="tech_support") == {fresh}
    assert found(status="open") == {late, fresh}
    assert found(q="200002") == {fresh}


def test_card_names_the_responsible_when_late_and_moves(tickets, client_for):
    ticket = tickets["late"]
    client = client_for("retention_manager")
    content = client.get(ticket.get_absolute_url()).content.decode()
    assert 'id="sla-missed"' in content and "Responsible: manager" in content
    client.post(reverse("tickets:ticket_move", args=[ticket.pk, "resolved"]))
    ticket.refresh_from_db()
    assert ticket.status == "resolved" and ticket.resolved_at
    response = client.post(reverse("tickets:ticket_move", args=[ticket.pk, "open"]), follow=True)
    assert "cannot become" in response.content.decode()


def test_open_from_the_form(subscriber, client_for):
    client = client_for("call_centre_agent")
    response = client.post(
        reverse("tickets:ticket_add"),
        {"account": "100001", "kind": "repair", "subject": "Нет сигнала", "description": "", "external_id": ""},
    )
    ticket = Ticket.objects.get()
    assert response.status_code == 302 and ticket.deadline - ticket.opened_at == dt.timedelta(hours=48)
    assert ticket.history.first().history_user == client.user
    assert client.post(reverse("tickets:ticket_move", args=[ticket.pk, "resolved"])).status_code == 403


def test_sla_report_page(tickets, client_for):
    content = client_for("analyst").get(reverse("tickets:sla_report")).content.decode()
    assert 'id="sla-table"' in content and "Нет интернета" in content


def test_api(api_client_for, subscriber):
    api = api_client_for("retention_manager")
    created = api.post(
        "/api/tickets/tickets/",
        {"subscriber": subscriber.pk, "subject": "Нет сигнала", "kind": "repair", "urgent": True},
        format="json",
    )
    assert created.status_code == 201, created.data
    pk = created.data["id"]
    ticket = Ticket.objects.get(pk=pk)
    assert ticket.deadline - ticket.opened_at == dt.timedelta(hours=8)
    moved = api.post(f"/api/tickets/tickets/{pk}/move/", {"to": "resolved"}, format="json")
    assert moved.status_code == 200 and moved.data["status"] == "resolved"
    assert api.post(f"/api/tickets/tickets/{pk}/move/", {"to": "open"}, format="json").status_code == 400
    assert api.get("/api/tickets/tickets/", {"overdue": "true"}).data["count"] == 0
