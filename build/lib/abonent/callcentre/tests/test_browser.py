"""In a real browser: an agent takes the next callback, records "reached", and the queue moves on."""

import datetime as dt

import pytest
from django.utils import timezone

from abonent.callcentre.models import CallbackTask


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_agent_takes_the_next_callback_and_records_reached(page, make_user):
    make_user("call_centre_agent", username="anna")
    now = timezone.now()
    for i, minutes in enumerate((50, 40, 30)):
        created = now - dt.timedelta(minutes=minutes)
        CallbackTask.objects.create(
            phone=f"7912000000{i}",
            created_at=created,
            last_missed_at=created,
            due_at=created + dt.timedelta(minutes=30),
            priority=1 if i == 1 else 3,
        )
    page.goto(f"{page.base_url}/login/")
    page.fill("input[name=username]", "anna")
    page.fill("input[name=password]", "pass")
    page.click("button[type=submit]")
    page.goto(f"{page.base_url}/callcentre/my/")
    assert page.inner_text("#queue-waiting") == "3"

    page.click("#next-callback")
    page.wait_for_selector("#task-card")
    first = CallbackTask.objects.get(phone="79120000001")  # priority 1 comes first
    assert page.get_attribute("#task-card", "data-task") == str(first.pk)
    assert page.inner_text("#queue-waiting") == "2"

    page.click("#outcome-reached")
    page.wait_for_selector("#last-done")
    assert page.inner_text("#queue-waiting") == "2"
    first.refresh_from_db()
    assert (first.status, first.outcome) == ("done", "reached")

    page.click("#next-callback")
    page.wait_for_selector("#task-card")
    second = CallbackTask.objects.get(phone="79120000000")  # then the longest waiting
    assert page.get_attribute("#task-card", "data-task") == str(second.pk)
    assert page.inner_text("#queue-waiting") == "1"
