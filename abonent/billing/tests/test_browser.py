"""In a real browser: the head filters the outbox, ticks an action, confirms "mark sent" and sees it sent."""

import pytest

from abonent.billing import actions
from abonent.billing.models import BillingAction


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_head_marks_a_ticked_action_sent(page, make_user, make_subscriber):
    subscriber = make_subscriber("100001")
    block = actions.enqueue(subscriber=subscriber, kind="block", key="b:1")
    actions.enqueue(subscriber=subscriber, kind="warn", key="b:2")
    make_user("head_of_retention", username="olga")
    page.goto(f"{page.base_url}/login/")
    page.fill("input[name=username]", "olga")
    page.fill("input[name=password]", "pass")
    page.click("button[type=submit]")

    page.goto(f"{page.base_url}/billing/actions/?state=pending")
    assert page.locator("table tbody tr").count() == 2
    page.check(f"input[name=ids][value='{block.pk}']")
    page.fill("#bulk-reference", "ФАЙЛ-12")
    page.click("#mark-selected")
    assert "1 ожидающее действие будет отмечено отправленным" in page.text_content("#bulk-count")
    page.click("button[type=submit].btn-primary")
    page.wait_for_selector(".alert")
    assert "1 действие отмечено отправленным" in page.text_content("body")
    page.goto(f"{page.base_url}/billing/actions/{block.pk}/")
    assert "Отправлено" in page.text_content("#action-state")
    assert BillingAction.objects.get(pk=block.pk).billing_reference == "ФАЙЛ-12"
