"""The register on the page and in the API, the card panels, the report and the diagnostics' section."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from abonent.churn.models import DisconnectionRequest
from abonent.core.testing import check_register_views
from abonent.outages.models import Outage

from .conftest import at, outage

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
FORM = {
    "scope": "building",
    "city": "Екатеринбург",
    "street": "ул. Ленина",
    "building": "10",
    "service_type": "internet",
    "started_at": "2026-03-01T10:00",
    "ended_at": "2026-03-01T12:00",
    "cause": "accident",
}


def test_the_head_records_an_outage_and_the_rules_hold(client_for):
    head, add = client_for("head_of_retention"), reverse("outages:outage_add")
    errors = head.post(add, {**FORM, "ended_at": "2026-03-01T09:00"}).context["form"].errors
    assert "ended_at" in errors  # ends before it starts
    assert (
        "started_at"
        in head.post(add, {**FORM, "started_at": "2099-01-01T10:00", "ended_at": ""}).context["form"].errors
    )
    assert "building" in head.post(add, {**FORM, "building": ""}).context["form"].errors
    assert "district" in head.post(add, {**FORM, "scope": "district"}).context["form"].errors
    assert head.post(add, FORM).status_code == 302
    saved = Outage.objects.get()
    assert (saved.recorded_by, saved.address_key, saved.history.get().history_user) == (
        head.user,
        "b:екатеринбург|ленина|10",
        head.user,
    )
    # Ended later: the edit keeps the key and writes history.
    edit = reverse("outages:outage_edit", args=[saved.pk])
    assert head.post(edit, {**FORM, "ended_at": "2026-03-02T08:00"}).status_code == 302
    assert Outage.objects.get().ended_at == at(dt.date(2026, 3, 2), 8) and saved.history.count() == 2


def test_who_sees_and_who_adds(client_for):
    record = outage()
    check_register_views(client_for, record, viewer="analyst", outsider="debt_agent")
    assert client_for("analyst").get(reverse("outages:outage_add")).status_code == 403
    assert client_for("b2b_manager").get(reverse("outages:outage_add")).status_code == 403
    assert client_for("retention_manager").post(reverse("outages:outage_add"), FORM).status_code == 302
    assert client_for("call_centre_agent").get(reverse("outages:report")).status_code == 403


def test_the_api_records_who_and_validates(api_client_for):
    api = api_client_for("retention_manager")
    body = {**FORM, "started_at": "2026-03-01T10:00:00+03:00", "ended_at": "2026-03-01T12:00:00+03:00"}
    answer = api.post("/api/outages/outages/", body, format="json")
    assert (answer.status_code, answer.data["recorded_by"]) == (201, api.user.pk)
    assert answer.data["address_key"] == "b:екатеринбург|ленина|10"
    wrong = api.post("/api/outages/outages/", {**body, "ended_at": "2026-03-01T09:00:00+03:00"}, format="json")
    assert wrong.status_code == 400 and "ended_at" in wrong.data
    assert api_client_for("analyst").post("/api/outages/outages/", body, format="json").status_code == 403


def test_the_subscriber_card_marks_frequent_outages(client_for, two_buildings, settings):
    settings.OUTAGES_CARD_MONTHS = 6
    churned, mira = two_buildings["lenina"][0], two_buildings["mira"][5]
    head = client_for("head_of_retention")
    html = head.get(reverse("subscribers:subscriber_detail", args=[churned.pk]), **EN).content.decode()
    # Gone on 15.04.2026 for outages: the three outages of the six months before, the mark, and the reason backed.
    assert 'id="outages-subscriber-panel"' in html and 'data-frequent="1"' in html and "Frequent outages" in html
    assert "3 outages" in html and "backed by 3 recorded outages" in html
    settings.OUTAGES_FREQUENT = 4
    html = head.get(reverse("subscribers:subscriber_detail", args=[churned.pk]), **EN).content.decode()
    assert 'data-frequent="0"' in html
    html = head.get(reverse("subscribers:subscriber_detail", args=[mira.pk]), **EN).content.decode()
    assert "0 outages" in html and 'data-frequent="0"' in html
    # A role without the register does not get the panel.
    agent = client_for("debt_agent")
    page = agent.get(reverse("subscribers:subscriber_detail", args=[churned.pk]), **EN)
    assert page.status_code == 200 and "outages-subscriber-panel" not in page.content.decode()


def test_the_request_card_links_a_frequent_outages_request_to_its_outages(client_for, two_buildings, reasons):
    subscriber = two_buildings["lenina"][4]
    request = DisconnectionRequest.objects.create(
        subscriber=subscriber,
        received_at=at(dt.date(2026, 4, 10)),
        channel="phone",
        reason=reasons["outages"],
        status="reason_established",
    )
    html = client_for("head_of_retention").get(request.get_absolute_url(), **EN).content.decode()
    assert 'id="outages-request-panel"' in html and "backed by 3 recorded outages" in html
    assert 'data-frequent="1"' in html
    # The outage's card lists the affected subscribers and this request.
    card = client_for("analyst").get(two_buildings["outages"][0].get_absolute_url(), **EN)
    text = card.content.decode()
    assert '<span id="affected-count">10</span>' in text and subscriber.external_id in text
    assert f'href="{request.get_absolute_url()}"' in text
    # A request with another reason, or filed after a clean half-year, is not linked.
    other = two_buildings["mira"][3]
    clean = DisconnectionRequest.objects.create(
        subscriber=other, received_at=at(dt.date(2026, 4, 10)), channel="phone", reason=reasons["outages"]
    )
    html = client_for("head_of_retention").get(clean.get_absolute_url(), **EN).content.decode()
    assert "no outage of the subscriber" in html and 'data-frequent="0"' in html


def test_the_report_in_russian_formats(client_for, two_buildings):
    analyst = client_for("analyst")
    response = analyst.get(reverse("outages:report"), {"start": "2026-01-01", "end": "2026-06-30"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "30,00 %" in html and "10,00 %" in html and "+20,00 п.п." in html
    assert "Дома с авариями" in html and "в 3,0 раза чаще" in html
    result = response.context["result"]
    assert (result.affected.subscribers, result.unaffected.subscribers) == (10, 20)
    strict = analyst.get(reverse("outages:report"), {"start": "2026-01-01", "end": "2026-06-30", "min_outages": 4})
    assert strict.context["result"].unaffected.churned == 5
    wrong = analyst.get(reverse("outages:report"), {"start": "2026-06-30", "end": "2026-01-01"})
    assert wrong.context["result"] is None and "end" in wrong.context["form"].errors


def test_the_diagnostics_show_the_section(client_for, two_buildings, make_user, client):
    head = client_for("head_of_retention")
    response = head.get(reverse("analytics:diagnostics"), {"start": "2026-01", "end": "2026-06", "as_of": "2026-06-30"})
    html = response.content.decode()
    assert 'id="diagnostics-outages"' in html and "+20,00 п.п." in html
    assert reverse("outages:report") + "?start=2026-01-01&amp;end=2026-06-30" in html
    # A user who reads the diagnostics but not the outage register gets the page without the section.
    reader = make_user()
    reader.user_permissions.add(Permission.objects.get(codename="view_diagnostics"))
    client.force_login(reader)
    page = client.get(reverse("analytics:diagnostics"), {"start": "2026-01", "end": "2026-06"})
    assert page.status_code == 200 and 'id="diagnostics-outages"' not in page.content.decode()
