"""In a real browser: choosing a reason on the request card loads that group's script next to the form (htmx)."""

import pytest

from abonent.churn import actions


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_choosing_a_reason_loads_its_script(page, make_user, make_subscriber):
    user = make_user("retention_manager", username="olga")
    request = actions.register_request(make_subscriber("500001"), channel="phone", user=user)

    page.goto(f"{page.base_url}/login/")
    page.fill("input[name=username]", "olga")
    page.fill("input[name=password]", "pass")
    page.click("button[type=submit]")
    page.goto(f"{page.base_url}/churn/requests/{request.pk}/")
    assert "data-group" not in page.inner_html("#script-panel")

    page.select_option("#id_reason", label="Временные финансовые трудности")
    page.wait_for_selector('#script-panel [data-group="financial"]')
    assert "временную блокировку вместо расторжения" in page.inner_text("#script-panel")

    page.select_option("#id_reason", label="Низкая скорость интернета")
    page.wait_for_selector('#script-panel [data-group="quality"]')
    assert "проверку скорости" in page.inner_text("#script-panel")
