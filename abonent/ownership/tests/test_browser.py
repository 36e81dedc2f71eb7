"""In a real browser (issue 12, item 12): the agent registers a request and hands it over, the rule picks the
manager; the manager finds it on "My work" by due date, records «will think, call back on <day>» and the task is
there on that day; an overdue item is highlighted and counted."""

import datetime as dt

import pytest
from django.utils import timezone

from abonent.churn.models import DisconnectionRequest
from abonent.ownership.models import AssignmentRule
from abonent.worklists.services import add_to_work_list


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_hand_over_my_work_call_back_and_overdue(page, make_user, make_subscriber, default_classifier):
    make_user("call_centre_agent", username="anna")
    make_user("retention_manager", username="orlov")
    sokolova = make_user("retention_manager", username="sokolova", first_name="Елена", last_name="Соколова")
    AssignmentRule.objects.create(name="Интернет — Соколовой", service_type="internet", owner=sokolova, priority=10)
    make_subscriber("700001", name="Петров Пётр", service_type="internet")
    today = timezone.localdate()

    def login(username):
        page.context.clear_cookies()
        page.goto(f"{page.base_url}/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", "pass")
        page.click("button[type=submit]")
        page.wait_for_load_state()

    login("anna")
    page.goto(f"{page.base_url}/churn/requests/add/")
    page.fill("input[name=account]", "700001")
    page.select_option("select[name=channel]", value="phone")
    page.click("form button[type=submit]")
    page.wait_for_selector("#hand-over-form")
    request = DisconnectionRequest.objects.get()
    assert page.inner_text("#request-owner-name").strip() == "anna"  # the agent owns what they register
    page.click("#hand-over-form button[type=submit]")
    page.wait_for_selector("text=Интернет — Соколовой")  # the message names the rule that picked the manager
    assert page.inner_text("#request-owner-name").strip() == "Елена Соколова"
    request.refresh_from_db()
    assert request.owner == sokolova

    login("sokolova")  # the retention manager starts the day on "My work"
    assert page.url.endswith("/ownership/my/")
    row = page.locator("#my-work tbody tr").first
    assert f"№{request.pk}" in row.inner_text() and request.due_on.strftime("%d.%m.%Y") in row.inner_text()
    page.click(f'#my-work a:has-text("№{request.pk}")')
    page.select_option("#id_reason", label="Низкая скорость интернета")
    page.click("#establish-reason-form button[type=submit]")
    page.wait_for_selector("#make-offer-form")
    call_back = today + dt.timedelta(days=5)
    page.fill("#make-offer-form [name=offer]", "Тариф 300 Мбит/с по цене 100")
    page.select_option("#make-offer-form [name=answer]", value="thinking")
    page.fill("#make-offer-form [name=call_back_on]", call_back.isoformat())
    page.click("#make-offer-form button[type=submit]")
    page.wait_for_selector("#request-due")
    assert page.inner_text("#request-due").strip() == call_back.strftime("%d.%m.%Y")

    page.goto(f"{page.base_url}/ownership/my/")
    task = page.locator('#my-work tbody tr[data-kind="work_item"]')
    assert call_back.strftime("%d.%m.%Y") in task.inner_text()
    assert "Подумает: перезвонить" in task.inner_text()
    assert page.inner_text("#overdue-count").strip() == "0"

    add_to_work_list(
        make_subscriber("700002"), "hot", assigned_to=sokolova, next_action_on=today - dt.timedelta(days=2)
    )
    page.reload()
    assert page.inner_text("#overdue-count").strip() == "1"
    first = page.locator("#my-work tbody tr").first
    assert "overdue" in first.get_attribute("class") and "700002" in first.inner_text()
    assert page.locator("#my-work tbody tr.table-danger").count() == 1
