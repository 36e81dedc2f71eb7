"""In a browser: the head opens the risk list, opens a subscriber, sees the factors, creates a retention task."""

import pytest

from abonent.worklists.models import WorkItem


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_head_creates_a_retention_task_from_the_risk_list(page, make_user, scored):
    a, _b = scored
    make_user("head_of_retention", username="olga")
    page.goto(f"{page.base_url}/login/")
    page.fill("input[name=username]", "olga")
    page.fill("input[name=password]", "pass")
    page.click("button[type=submit]")

    page.goto(f"{page.base_url}/scoring/")
    page.click("text=R1")
    panel = page.locator('section[data-panel="scoring/_panel.html"]')
    factors = panel.locator('[data-test="risk-factors"]').inner_text()
    assert "трафик упал на 70 %" in factors

    panel.locator("button[type=submit]").click()
    page.wait_for_selector(".alert")
    item = WorkItem.objects.get(subscriber=a.subscriber, work_list="risk")
    assert item.is_open and "0.62" in item.reason


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_head_confirms_a_campaign_of_the_selection_before_it_is_made(page, make_user, scored):
    from abonent.worklists.models import Campaign

    make_user("head_of_retention", username="olga")
    page.goto(f"{page.base_url}/login/")
    page.fill("input[name=username]", "olga")
    page.fill("input[name=password]", "pass")
    page.click("button[type=submit]")

    page.goto(f"{page.base_url}/scoring/?band=high")
    page.click("text=Сделать кампанию из выборки…")
    # The count and the filter in words come first; nothing is made yet.
    assert "1 абонент из выборки будет поставлен в списки работы." in page.locator("#bulk-count").inner_text()
    assert "Высокий" in page.locator("#bulk-selection").inner_text()
    assert Campaign.objects.count() == 0
    page.fill("input[name=name]", "Высокий риск, декабрь")
    page.click("text=Создать кампанию")
    page.wait_for_selector(".alert")
    campaign = Campaign.objects.get()
    assert campaign.name == "Высокий риск, декабрь" and campaign.items.count() == 1
    assert page.locator("#r-items").inner_text() == "1"
