"""Issue 12, item 3: records that cannot say something false. Closing as retained needs an accepted offer or the
detail "kept without an offer" (still kept); a request cannot be received on a future (local) day."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from abonent.churn import actions
from abonent.churn.kept import count_kept
from abonent.churn.models import DisconnectionRequest
from abonent.core.actions import TransitionError

API = "/api/churn/requests"


def _offered(subscriber, reasons, manager, answer):
    request = actions.register_request(subscriber, channel="phone", user=manager)
    actions.establish_reason(request, reason=reasons["competitor"], user=manager)
    return actions.make_offer(request, offer="Скидка 20 %", user=manager, answer=answer)


@pytest.mark.parametrize("answer", ["", "thinking", "declined"])
def test_retained_without_an_accepted_offer_is_refused(answer, subscriber, reasons, manager):
    request = _offered(subscriber, reasons, manager, answer)
    with pytest.raises(TransitionError, match="only when the subscriber accepted an offer"):
        actions.close_request(request, outcome="retained", user=manager)
    request.refresh_from_db()
    assert request.status == "offer_made"


def test_accepted_offer_or_kept_without_an_offer_closes_as_retained_and_both_are_kept(
    subscriber, make_subscriber, reasons, manager
):
    accepted = actions.close_request(
        _offered(subscriber, reasons, manager, "accepted"), outcome="retained", user=manager
    )
    other = make_subscriber("100002", service_type="internet")
    kept = actions.close_request(
        _offered(other, reasons, manager, "thinking"),
        outcome="retained",
        user=manager,
        outcome_detail="kept_without_offer",
    )
    assert (accepted.status, accepted.outcome_detail) == ("retained", "")
    assert (kept.status, kept.outcome_detail) == ("retained", "kept_without_offer")
    counted = count_kept(DisconnectionRequest.objects.all())
    assert (counted.kept, counted.disconnected, counted.share) == (2, 0, 100)


def test_kept_without_an_offer_is_only_for_retained(subscriber, reasons, manager):
    request = _offered(subscriber, reasons, manager, "declined")
    with pytest.raises(TransitionError, match="retained request only"):
        actions.close_request(request, outcome="disconnected", user=manager, outcome_detail="kept_without_offer")


def test_close_form_refuses_retained_on_will_think_and_takes_the_detail(client_for, subscriber, reasons, manager):
    request = _offered(subscriber, reasons, manager, "thinking")
    client = client_for("retention_manager")
    card = client.get(request.get_absolute_url())
    assert 'name="outcome_detail"' in card.content.decode() and "Kept without an offer" in card.content.decode()
    url = reverse("churn:disconnectionrequest_close", args=[request.pk])
    refused = client.post(url, {"outcome": "retained"}, follow=True)
    assert "only when the subscriber accepted an offer" in refused.content.decode()
    request.refresh_from_db()
    assert request.status == "offer_made"
    assert client.post(url, {"outcome": "retained", "outcome_detail": "kept_without_offer"}).status_code == 302
    request.refresh_from_db()
    assert (request.status, request.outcome_detail) == ("retained", "kept_without_offer")
    assert "Kept without an offer" in client.get(request.get_absolute_url()).content.decode()


def test_close_in_the_api_refuses_retained_on_will_think_and_takes_the_detail(
    api_client_for, subscriber, reasons, manager
):
    request = _offered(subscriber, reasons, manager, "thinking")
    api = api_client_for("retention_manager")
    refused = api.post(f"{API}/{request.pk}/close/", {"outcome": "retained"}, format="json")
    assert refused.status_code == 400 and "accepted an offer" in refused.json()["detail"]
    done = api.post(
        f"{API}/{request.pk}/close/", {"outcome": "retained", "outcome_detail": "kept_without_offer"}, format="json"
    )
    assert done.status_code == 200, done.json()
    assert (done.json()["status"], done.json()["outcome_detail"]) == ("retained", "kept_without_offer")


def _local_tomorrow_start() -> dt.datetime:
    # The first minute of tomorrow in the operator's time zone: still today in UTC when the zone is east of it.
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    return timezone.make_aware(dt.datetime.combine(tomorrow, dt.time(0, 1)))


def test_a_request_received_on_a_future_day_is_refused_by_the_action(subscriber, manager):
    with pytest.raises(Exception, match="cannot be in the future"):
        actions.register_request(subscriber, channel="phone", user=manager, received_at=_local_tomorrow_start())
    today_late = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time(23, 59)))
    assert actions.register_request(subscriber, channel="phone", user=manager, received_at=today_late).pk


def test_a_request_received_on_a_future_day_is_refused_on_the_page_and_in_the_api(
    client_for, api_client_for, subscriber
):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = client_for("call_centre_agent").post(
        reverse("churn:disconnectionrequest_add"),
        {"account": "100001", "channel": "phone", "received_at": f"{tomorrow:%Y-%m-%d}T00:01"},
    )
    assert response.status_code == 200 and "cannot be in the future" in response.content.decode()
    api = api_client_for("retention_manager")
    refused = api.post(
        f"{API}/",
        {"account": "100001", "channel": "online", "received_at": _local_tomorrow_start().isoformat()},
        format="json",
    )
    assert refused.status_code == 400 and "cannot be in the future" in str(refused.json())
    assert not DisconnectionRequest.objects.exists()
