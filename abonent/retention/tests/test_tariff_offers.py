"""Issue 12, item 3: a tariff offered for retention is for the subscriber's kind, and a fee change over the set
share (settings.RETENTION_TARIFF_FEE_WARN_SHARE, 30 %) is confirmed; an offer is not dated in the future."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from abonent.retention import actions
from abonent.retention.models import RetentionOffer
from abonent.subscribers.models import Tariff
from abonent.subscribers.services import FeeChangeUnconfirmed

API = "/api/retention/offers/"


@pytest.fixture
def tariffs(db) -> dict:
    # 650 → 800 ₽ is +23 % (under 30 %); 650 → 900 ₽ is +38 % (over); «Бизнес 1000» is for business accounts.
    rows = [
        ("NET300", "Домашний 300", "residential", 650),
        ("NET400", "Домашний 400", "residential", 800),
        ("NET500", "Домашний 500", "residential", 900),
        ("BIZ-1000", "Бизнес 1000", "business", 17900),
    ]
    return {
        code: Tariff.objects.create(code=code, name=name, service_type="internet", kind=kind, monthly_fee=fee)
        for code, name, kind, fee in rows
    }


@pytest.fixture
def residential_request(at_offer_step, make_subscriber, tariffs):
    subscriber = make_subscriber(kind="residential", tariff=tariffs["NET300"], service_type="internet")
    return at_offer_step("competitor", subscriber=subscriber)


def _offer(request, measures, manager, tariff, **kwargs):
    return actions.record_offer(
        request, measure=measures["tariff_change"], user=manager, details={"tariff": tariff.pk}, **kwargs
    )


def test_a_business_tariff_is_not_offered_to_a_residential_subscriber(residential_request, measures, manager, tariffs):
    with pytest.raises(Exception, match="is for «Business» subscribers"):
        _offer(residential_request, measures, manager, tariffs["BIZ-1000"], answer="accepted", confirm_fee_change=True)
    assert not RetentionOffer.objects.exists()


def test_a_fee_change_over_the_share_needs_confirmation(residential_request, measures, manager, tariffs):
    with pytest.raises(FeeChangeUnconfirmed, match=r"from 650\.00 ₽ to 900\.00 ₽ \(\+38 %\)"):
        _offer(residential_request, measures, manager, tariffs["NET500"], answer="thinking")
    assert not RetentionOffer.objects.exists()
    _offer(residential_request, measures, manager, tariffs["NET400"], answer="thinking")  # +23 %: no question
    result = _offer(
        residential_request, measures, manager, tariffs["NET500"], answer="thinking", confirm_fee_change=True
    )
    assert result.offer.details == {"tariff": str(tariffs["NET500"].pk)}


def test_the_card_offers_only_tariffs_of_the_kind_and_asks_to_confirm(
    client_for, residential_request, measures, tariffs
):
    client = client_for("retention_manager")
    card = client.get(residential_request.get_absolute_url())
    form = card.context["retention_offer_form"]
    # offer-form.js marks the confirmation from plain (never localised) fees: the current one and each option's.
    assert 'data-current-fee="650.00"' in card.content.decode() and 'data-fee="900.00"' in card.content.decode()
    assert set(form.fields["tariff"].queryset) == {tariffs["NET300"], tariffs["NET400"], tariffs["NET500"]}
    url = reverse("retention:request_offer", args=[residential_request.pk])
    data = {"measure": measures["tariff_change"].pk, "tariff": tariffs["NET500"].pk, "answer": "thinking"}
    warned = client.post(url, data, follow=True).content.decode()
    assert "confirm the fee change" in warned and "alert-warning" in warned
    assert not RetentionOffer.objects.exists()
    refused = client.post(url, {**data, "tariff": tariffs["BIZ-1000"].pk}, follow=True).content.decode()
    assert "Select a valid choice" in refused and not RetentionOffer.objects.exists()
    assert client.post(url, {**data, "confirm_fee_change": "on"}).status_code == 302
    assert RetentionOffer.objects.get().details == {"tariff": str(tariffs["NET500"].pk)}


def test_the_api_refuses_the_other_kind_and_wants_confirm_fee_change(
    api_client_for, residential_request, measures, tariffs
):
    api = api_client_for("retention_manager")
    body = {"request": residential_request.pk, "measure": measures["tariff_change"].pk, "answer": "thinking"}
    other = api.post(API, {**body, "details": {"tariff": "BIZ-1000"}, "confirm_fee_change": True}, format="json")
    assert other.status_code == 400 and "Business" in str(other.json()["tariff"])
    unconfirmed = api.post(API, {**body, "details": {"tariff": "NET500"}}, format="json")
    assert unconfirmed.status_code == 400 and "+38 %" in unconfirmed.json()["confirm_fee_change"][0]
    confirmed = api.post(API, {**body, "details": {"tariff": "NET500"}, "confirm_fee_change": True}, format="json")
    assert confirmed.status_code == 201, confirmed.json()


def test_an_offer_dated_on_a_future_day_is_refused(residential_request, measures, manager):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    made = timezone.make_aware(dt.datetime.combine(tomorrow, dt.time(0, 5)))
    with pytest.raises(Exception, match="cannot be in the future"):
        actions.record_offer(residential_request, measure=measures["suspension"], user=manager, made_at=made)
    assert not RetentionOffer.objects.exists()
