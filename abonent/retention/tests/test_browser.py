"""In a real browser: a request with reason "temporary money trouble" gets the suspension offer, the subscriber
accepts, the suspension is created with its end date, and the effectiveness report counts it."""

import datetime as dt

import pytest
from django.utils import timezone

from abonent.churn import actions
from abonent.churn.models import ChurnReason
from abonent.retention.models import Measure, RetentionOffer


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_suspension_offer_accepted_and_counted(page, make_user, make_subscriber, default_classifier):
    user = make_user("head_of_retention", username="olga")
    subscriber = make_subscriber("600001")
    request = actions.register_request(subscriber, channel="phone", user=user)
    actions.establish_reason(request, reason=ChurnReason.objects.get(code="temporary_money_trouble"), user=user)

    page.goto(f"{page.base_url}/login/")
    page.fill("input[name=username]", "olga")
    page.fill("input[name=password]", "pass")
    page.click("button[type=submit]")
    page.goto(f"{page.base_url}/churn/requests/{request.pk}/")
    # The matrix offers the suspension first for this reason.
    assert "Временная блокировка вместо расторжения" in page.inner_text("#matrix-options li:first-child")
    suspension = Measure.objects.get(code="suspension")
    page.select_option("#retention-offer-form select[name=measure]", str(suspension.pk))
    page.select_option("#retention-offer-form select[name=answer]", "accepted")
    page.fill("#retention-offer-form input[name=starts_on]", "2026-12-01")
    page.fill("#retention-offer-form input[name=ends_on]", "2027-01-31")
    page.click("#retention-offer-form button[type=submit]")
    page.wait_for_selector("#retention-offers")

    request.refresh_from_db()
    assert request.status == "suspended"
    offer = RetentionOffer.objects.get(request=request)
    assert offer.answer == "accepted" and offer.details["ends_on"] == "2027-01-31"
    # The processes app created the suspension from the offer, with its end date; the card links to it.
    from abonent.processes.models import Suspension

    created = Suspension.objects.get(offer=offer)
    assert (created.starts_on, created.ends_on) == (dt.date(2026, 12, 1), dt.date(2027, 1, 31))
    assert page.locator("#retention-offers a.process-record").count() >= 1

    # The report counts offers by the local day they were made (after 21:00 UTC it is tomorrow in Moscow).
    today = timezone.localtime(offer.made_at).date().isoformat()
    page.goto(f"{page.base_url}/retention/effectiveness/?start={today}&end={today}")
    row = page.locator("#by-measure tbody tr").first
    assert "Временная блокировка вместо расторжения" in row.inner_text()
    cells = row.locator("td")
    assert cells.nth(1).inner_text().strip() == "1" and cells.nth(2).inner_text().strip() == "1"
