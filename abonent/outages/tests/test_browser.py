"""In a real browser: the head sees the outages on a subscriber's card and reads the report."""

import pytest

from .conftest import two_buildings  # noqa: F401  (the fixture, for this module's transactional test)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_card_panel_and_report(page, make_user, two_buildings):  # noqa: F811
    make_user("head_of_retention", username="olga")
    page.goto(f"{page.base_url}/login/")
    page.fill("input[name=username]", "olga")
    page.fill("input[name=password]", "pass")
    page.click("button[type=submit]")

    churned = two_buildings["lenina"][0]
    page.goto(f"{page.base_url}{churned.get_absolute_url()}")
    panel = page.locator("#outages-subscriber-panel")
    assert panel.locator(".frequent-outages").inner_text() == "Частые перебои связи"
    assert panel.locator("tbody tr").count() == 3
    panel.locator("tbody tr a").first.click()
    page.wait_for_selector("#affected-count")
    # The newest outage (1 April): the ten, and the subscriber connected on 1 March.
    assert page.inner_text("#affected-count") == "11"

    page.goto(f"{page.base_url}/outages/report/?start=2026-01-01&end=2026-06-30")
    assert page.inner_text("#difference-pp") == "+20,00 п.п."
    assert page.inner_text("[data-group=affected] .churn-pct") == "30,00 %"
    assert page.locator("#chart .progress-bar").count() == 2
