"""In a real browser: an agent opens an answered call and gives it a type in one click (htmx, no page reload)."""

from datetime import UTC, datetime

import pytest

from abonent.calls.models import Call


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_agent_classifies_a_call_in_one_click(page, make_user):
    agent = make_user("call_centre_agent", username="anna")
    call = Call.objects.create(
        call_id="b-1",
        direction="inbound",
        started_at=datetime(2025, 11, 2, 7, 0, tzinfo=UTC),
        caller="79123456789",
        outcome="answered",
        talk_seconds=120,
    )
    page.goto(f"{page.base_url}/login/")
    page.fill("input[name=username]", "anna")
    page.fill("input[name=password]", "pass")
    page.click("button[type=submit]")
    page.goto(f"{page.base_url}/calls/{call.pk}/")
    assert page.inner_text("#call-type") == "—"
    page.click('[data-type="new_connection"]')
    page.wait_for_selector('#call-type:has-text("Новое подключение")')
    call.refresh_from_db()
    assert (call.call_type.code, call.classified_by, call.classified_user) == ("new_connection", "agent", agent)
