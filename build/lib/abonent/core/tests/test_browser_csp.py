"""In a real browser, under the Content-Security-Policy: charts draw, the page scripts and shared handlers work,
and Chromium reports no refused script (the `page` fixture fails a test on any CSP violation in the console)."""

import re

import pytest


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_main_pages_work_under_the_csp(page, make_user):
    make_user("head_of_retention", username="olga")
    page.goto(f"{page.base_url}/login/")
    response = page.request.get(f"{page.base_url}/login/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.fill("input[name=username]", "olga")
    page.fill("input[name=password]", "pass")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/analytics/$"))

    # Plotly draws from a static file (no inline script).
    page.goto(f"{page.base_url}/analytics/diagnostics/")
    page.wait_for_selector("#chart-structure .main-svg")
    page.goto(f"{page.base_url}/callcentre/statistics/")
    page.wait_for_selector("#chart-hours .main-svg")

    # The norms page's live sum (churn/norms.js).
    page.goto(f"{page.base_url}/churn/norms/")
    first = page.locator("#norms-form .norm-input").first
    first.fill(str(float(first.input_value().replace(",", ".") or 0) + 1))
    first.dispatch_event("input")
    assert not page.locator("#norms-warning").get_attribute("class").count("d-none")

    # The language switch submits on change (data-autosubmit instead of onchange=).
    # Wait for the navigation the change starts: "load" alone is already true for the page before it.
    with page.expect_navigation():
        page.select_option("select[name=language]", "en")
    assert page.locator("html").get_attribute("lang") == "en"

    # A data-confirm button asks first; dismissing the dialog keeps the page.
    page.goto(f"{page.base_url}/calls/")
    confirm = page.locator("button[data-confirm]")
    if confirm.count():
        page.once("dialog", lambda dialog: dialog.dismiss())
        confirm.first.click()
        assert page.url.endswith("/calls/")

    # Swagger UI loads its set-up as a script file (SpectacularSwaggerSplitView), not inline.
    page.goto(f"{page.base_url}/api/docs/")
    page.wait_for_selector(".swagger-ui .info")
    assert page.csp_violations == []
