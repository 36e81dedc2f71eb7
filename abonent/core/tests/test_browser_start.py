"""In a real browser: the agent logs in and lands on their own page; a page their role cannot open is a Russian page
of the site, with the menu and a way to their start page (issue 12, item 1)."""

import re

import pytest
from django.utils import translation


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_agent_lands_on_my_callback_and_a_forbidden_page_keeps_the_menu(page, make_user):
    make_user("call_centre_agent", username="anna")
    page.goto(f"{page.base_url}/login/")
    page.fill("input[name=username]", "anna")
    page.fill("input[name=password]", "pass")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/callcentre/my/$"))
    assert page.locator("#queue-waiting").count() == 1

    response = page.goto(f"{page.base_url}/analytics/")
    assert response.status == 403
    assert page.locator("html").get_attribute("lang") == "ru"
    # The page's own words are as the Russian catalogue has them.
    with translation.override("ru"):
        heading = translation.gettext("Access denied")
    assert page.inner_text("#forbidden h1") == heading
    assert page.inner_text('#nav [data-section="calls"]') == "Звонки"  # the menu is there, in Russian
    assert page.locator('#nav a[href="/analytics/"]').count() == 0  # and offers no page the role cannot open
    page.click("#forbidden-start")
    page.wait_for_url(re.compile(r".*/callcentre/my/$"))
