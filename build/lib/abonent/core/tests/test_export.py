"""Exports write text that a spreadsheet would run as a formula as text; numbers stay numbers."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from abonent.churn import actions
from abonent.core.export import build_workbook, csv_cell

LINK = '=HYPERLINK("http://x","click me")'


def cells(response):
    sheet = load_workbook(BytesIO(response.content)).worksheets[0]
    return {cell.value: cell for row in sheet.iter_rows() for cell in row if cell.value is not None}


def test_workbook_keeps_formula_like_text_literal_and_numbers_numeric():
    sheet = load_workbook(BytesIO(build_workbook([("t", ["=h"], [[LINK, 5, -3.5], ["+1", "-1", "@x"]])]))).active
    by_value = {c.value: c for row in sheet.iter_rows() for c in row}
    for text in ("=h", LINK, "+1", "-1", "@x"):
        assert (by_value[text].data_type, by_value[text].quotePrefix) == ("s", True), text
    assert (by_value[5].data_type, by_value[-3.5].data_type) == ("n", "n")


def test_csv_cells_get_an_apostrophe_before_a_formula():
    assert [csv_cell(v) for v in (LINK, "\t=1", "\r=1", "Иванов", -5, None)] == [
        "'" + LINK,
        "'\t=1",
        "'\r=1",
        "Иванов",
        -5,
        "",
    ]


@pytest.mark.django_db
def test_subscriber_and_request_exports_show_a_formula_name_as_text(client_for, make_subscriber, manager):
    subscriber = make_subscriber("100001", name=LINK, street="=1+1")
    actions.register_request(subscriber, channel="phone", user=manager)
    client = client_for("head_of_retention")
    found = cells(client.get(reverse("subscribers:subscriber_list"), {"export": "xlsx"}))
    assert found[LINK].data_type == "s" and found[LINK].quotePrefix
    address = next(c for v, c in found.items() if isinstance(v, str) and v.startswith("=1+1"))
    assert address.data_type == "s" and address.quotePrefix
    requests = cells(client.get(reverse("churn:disconnectionrequest_list"), {"export": "xlsx"}))
    assert all(c.data_type != "f" for c in requests.values())
    assert any(LINK in str(v) for v in requests)


@pytest.mark.django_db
def test_survey_links_csv_escapes_a_formula_name(client_for, make_subscriber):
    import datetime as dt

    from abonent.surveys.actions import create_invitations
    from abonent.surveys.models import Survey

    survey = Survey.objects.create(name="NPS", starts_on=dt.date(2025, 1, 1))
    create_invitations(survey, [make_subscriber(name="=1+1")], channel="sms")
    client = client_for("head_of_retention")
    text = client.get(reverse("surveys:invitation_list"), {"export": "links"}).content.decode("utf-8-sig")
    assert ";'=1+1;" in text
