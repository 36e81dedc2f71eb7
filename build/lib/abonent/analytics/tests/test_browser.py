"""In a real browser: the head draws survival curves by kind and uses the churn converter."""

import pytest

from .test_survival import make_random


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_survival_chart_and_converter(page, make_user):
    make_random(120)
    make_user("head_of_retention", username="olga")
    page.goto(f"{page.base_url}/login/")
    page.fill("input[name=username]", "olga")
    page.fill("input[name=password]", "pass")
    page.click("button[type=submit]")

    page.goto(f"{page.base_url}/analytics/survival/?split=kind")
    page.wait_for_selector("#chart-survival .main-svg")
    # Two curves (each drawn with its band): the legend names both groups.
    legend = page.text_content("#chart-survival .legend")
    assert "Юрлицо" in legend and "Физлицо" in legend
    assert page.locator("#survival-table tbody tr").count() == 2

    page.goto(f"{page.base_url}/analytics/churn-vs-inflow/")
    page.fill("#conv-monthly", "2")
    page.dispatch_event("#conv-monthly", "input")
    assert page.input_value("#conv-annual") == "21.53"
    page.fill("#conv-annual", "4")
    page.dispatch_event("#conv-annual", "input")
    assert page.input_value("#conv-monthly") == "0.34"
