"""The core flow in a real browser, as the head of retention would walk it.

Log in → import a subscribers file through the page → register a disconnection request for one of them →
establish the reason → record the offer → close as retained → the diagnostics page counts it as kept.
"""

import re

import pytest
from django.utils import timezone

from abonent.churn.models import DisconnectionRequest
from abonent.subscribers.models import Subscriber

SUBSCRIBERS_CSV = (
    "account;kind;name;phones;city;district;street;building;flat;connected_on;status;disconnected_on;churn_reason\n"
    "770001;residential;Смирнова Анна Петровна;8 912 345-67-89;Тверь;Центральный;Советская;12;45;15.03.2022;active;;\n"
    "770002;business;ООО «Ромашка»;+7 4822 55-66-77;Тверь;Заволжский;Горького;7;;01.09.2021;active;;\n"
)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_head_imports_works_a_request_and_sees_it_in_diagnostics(
    page, make_user, default_classifier, tmp_path, settings
):
    # The test database is SQLite in memory, which a background thread's own connection cannot see: run the
    # import inside the request (the page and its progress block are the same either way).
    settings.IMPORTS_RUN_INLINE = True
    make_user("head_of_retention", username="head")
    export = tmp_path / "abonents.csv"
    export.write_bytes(SUBSCRIBERS_CSV.encode("cp1251"))

    page.goto(f"{page.base_url}/login/")
    page.fill("input[name=username]", "head")
    page.fill("input[name=password]", "pass")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/analytics/$"))

    # Import through the upload page; the progress block polls until the run is finished.
    page.goto(f"{page.base_url}/imports/upload/")
    page.select_option("#id_kind", "subscribers")
    page.set_input_files("#id_file", str(export))
    page.click("form button[type=submit]")
    page.wait_for_url(re.compile(r".*/imports/\d+/$"))
    if page.locator("#import-progress").count():  # still running: the block polls until it links the result
        page.click("#import-progress a", timeout=60_000)
    assert page.locator("#import-errors").count() == 0
    assert Subscriber.objects.filter(external_id__in=["770001", "770002"]).count() == 2
    assert "Смирнова Анна Петровна" == Subscriber.objects.get(external_id="770001").name

    # Register the request from the subscriber's card.
    subscriber = Subscriber.objects.get(external_id="770001")
    page.goto(f"{page.base_url}{subscriber.get_absolute_url()}")
    page.click(f"a[href*='/churn/requests/add/?subscriber={subscriber.pk}']")
    page.select_option("#id_channel", "phone")
    page.click("form button[type=submit]")
    page.wait_for_selector("#establish-reason-form")
    request = DisconnectionRequest.objects.get(subscriber=subscriber)

    page.select_option("#id_reason", label="Переход к конкуренту")
    page.wait_for_selector('#script-panel [data-group="preferences"]')
    page.click("#establish-reason-form button[type=submit]")
    page.wait_for_selector("#make-offer-form")
    page.fill("#make-offer-form textarea[name=offer]", "Годовой контракт: первый месяц бесплатно")
    # Issue 12: closing as retained needs the subscriber's acceptance of the offer.
    page.select_option("#make-offer-form select[name=answer]", "accepted")
    page.click("#make-offer-form button[type=submit]")
    page.wait_for_selector("#close-form")
    page.select_option("#close-form select[name=outcome]", "retained")
    page.click("#close-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    request.refresh_from_db()
    assert request.status == "retained"
    assert request.reason.code == "competitor" and request.offer.startswith("Годовой контракт")

    # The diagnostics of this month count the request as kept.
    month = timezone.localdate().strftime("%Y-%m")
    page.goto(f"{page.base_url}/analytics/diagnostics/?start={month}&end={month}")
    assert page.inner_text("#rw-received").strip() == "1"
    assert page.inner_text("#rw-kept").strip() == "1"
    assert page.inner_text("#rw-kept-pct").strip().startswith("100")
    page.screenshot(path=str(tmp_path / "diagnostics.png"), full_page=True)
