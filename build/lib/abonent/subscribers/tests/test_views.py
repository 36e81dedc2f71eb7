import datetime as dt

import pytest
from django.urls import reverse

from abonent.core.testing import check_register_views
from abonent.subscribers.models import Subscriber, Tariff
from abonent.subscribers.services import mask_phone, normalise_phone


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("8 (912) 345-67-89", "79123456789"),
        ("+7 912 345 67 89", "79123456789"),
        ("9123456789", "79123456789"),
        ("12345", None),
        ("", None),
    ],
)
def test_phone_normalisation(raw, expected):
    assert normalise_phone(raw) == expected


def test_masked_phone_keeps_code_and_last_two_digits():
    assert mask_phone("79123456789") == "+7 (912) ***-**-89"


@pytest.fixture
def subscriber(db):
    tariff = Tariff.objects.create(code="NET300", name="Интернет 300", service_type="internet", monthly_fee=650)
    return Subscriber.objects.create(
        external_id="100001",
        name="Иванов Иван",
        phones="79123456789",
        city="Тверь",
        street="Ленина",
        building="5",
        flat="12",
        connected_on=dt.date(2023, 3, 1),
        tariff=tariff,
        arpu=650,
    )


def test_subscriber_register_views_and_export(client_for, subscriber):
    rows = check_register_views(client_for, subscriber, viewer="analyst", max_queries=15)
    assert rows[1][0] == "100001"


def test_phones_masked_for_analyst_and_shown_to_manager(client_for, subscriber):
    analyst = client_for("analyst")
    html = analyst.get(reverse("subscribers:subscriber_detail", args=[subscriber.pk])).content.decode()
    assert "***-**-89" in html and "345-67-89" not in html
    analyst.logout()
    manager = client_for("retention_manager")
    html = manager.get(reverse("subscribers:subscriber_detail", args=[subscriber.pk])).content.decode()
    assert "+7 (912) 345-67-89" in html


def test_api_masks_phones_by_role(api_client_for, subscriber):
    data = api_client_for("analyst").get("/api/subscribers/subscribers/").json()
    assert data["results"][0]["phones"] == ["+7 (912) ***-**-89"]
    data = api_client_for("head_of_retention").get(f"/api/subscribers/subscribers/{subscriber.pk}/").json()
    assert data["phones"] == ["+7 (912) 345-67-89"]


def test_subscriber_filters(client_for, subscriber):
    Subscriber.objects.create(
        external_id="100002", kind="business", name="ООО «Ромашка»", connected_on=dt.date(2024, 1, 1)
    )
    client = client_for("analyst")
    response = client.get(reverse("subscribers:subscriber_list"), {"kind": "business"})
    assert [s.external_id for s in response.context["table"].data] == ["100002"]


def test_tariff_edit_refused_to_agent_and_allowed_to_head(client_for, subscriber):
    tariff = subscriber.tariff
    agent = client_for("call_centre_agent")
    assert agent.post(reverse("subscribers:tariff_edit", args=[tariff.pk]), {}).status_code == 403
    agent.logout()
    head = client_for("head_of_retention")
    response = head.post(
        reverse("subscribers:tariff_edit", args=[tariff.pk]),
        {"code": "NET300", "name": "Интернет 300", "service_type": "internet", "monthly_fee": "700"},
    )
    assert response.status_code == 302
    tariff.refresh_from_db()
    assert tariff.monthly_fee == 700


def test_search_finds_cyrillic_names_whatever_the_case(client_for, subscriber):
    client = client_for("analyst")
    for query in ("иванов", "ИВАНОВ", "Иван"):
        response = client.get(reverse("subscribers:subscriber_list"), {"q": query})
        assert [s.external_id for s in response.context["table"].data] == ["100001"], query
    response = client.get(reverse("subscribers:subscriber_list"), {"q": "петров"})
    assert list(response.context["table"].data) == []


def test_show_phone_is_the_one_rule(make_user):
    from abonent.subscribers.services import mask_phones_in_text, show_phone, show_phones

    head, analyst = make_user("head_of_retention"), make_user("analyst")
    assert show_phone(head, "79123456789") == "+7 (912) 345-67-89"
    assert show_phone(head, "79123456789", stored=True) == "79123456789"
    assert show_phone(analyst, "79123456789", stored=True) == "+7 (912) ***-**-89"
    assert show_phone(None, "79123456789") == "+7 (912) ***-**-89"
    assert show_phone(analyst, "101") == "101"  # an internal extension is nobody's own number
    assert show_phone(analyst, "380671234567") == "***-**-67"
    assert show_phones(analyst, "79123456789,73431112233") == ["+7 (912) ***-**-89", "+7 (343) ***-**-33"]
    text = "тел. 8-912-345-67-89, +7 (343) 111 22 33, счёт 100001 от 2024-05-10"
    assert (
        mask_phones_in_text(analyst, text) == "тел. +7 (912) ***-**-89, +7 (343) ***-**-33, счёт 100001 от 2024-05-10"
    )
    assert mask_phones_in_text(head, text) == text
