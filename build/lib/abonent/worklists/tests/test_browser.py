"""In a real browser: the head refreshes the warm list, the agent works the item from "My work" with its script."""

import datetime as dt

import pytest
from django.utils import timezone

from abonent.worklists.models import WorkItem


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_warm_item_worked_from_my_work(page, make_user, make_subscriber, default_classifier):
    make_user("head_of_retention", username="olga")
    agent = make_user("call_centre_agent", username="anna")
    make_subscriber("810001", name="Должников Пётр", status="blocked")

    def login(username):
        page.context.clear_cookies()
        page.goto(f"{page.base_url}/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", "pass")
        page.click("button[type=submit]")

    login("olga")
    page.goto(f"{page.base_url}/worklists/warm/")
    page.click("#refresh-form button")
    page.wait_for_selector("text=810001")
    item = WorkItem.objects.get()
    WorkItem.objects.filter(pk=item.pk).update(assigned_to=agent, next_action_on=timezone.localdate())

    login("anna")
    page.goto(f"{page.base_url}/worklists/my/")
    page.click(f'a[href="/worklists/{item.pk}/"]')
    assert "задолженность" in page.inner_text("#script-panel")  # the shipped warm-churn script
    page.select_option("#id_outcome", value="no_answer")
    page.fill("#id_next_action_on", (timezone.localdate() + dt.timedelta(days=2)).isoformat())
    page.click("#outcome-form button[type=submit]")
    page.wait_for_selector("#item-outcome")
    item.refresh_from_db()
    assert (item.status, item.outcome) == ("in_progress", "no_answer")
    page.select_option("#id_outcome", value="promised")
    page.click("#outcome-form button[type=submit]")
    page.wait_for_selector("#outcome-form", state="detached")
    item.refresh_from_db()
    assert (item.status, item.outcome, item.closed_by) == ("done", "promised", agent)
