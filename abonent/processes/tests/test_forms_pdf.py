"""Every shipped application form renders to a PDF whose text carries the subscriber's Cyrillic data."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from abonent.core.pdf import pdf_text
from abonent.processes import actions, services
from abonent.processes.choices import FormKind
from abonent.processes.models import Claim, FormTemplate, Recalculation, Suspension, TariffChange


def flat(text: str) -> str:
    return " ".join(text.split())


def test_every_form_is_shipped(db):
    assert set(FormTemplate.objects.values_list("kind", flat=True)) == set(FormKind.values)
    assert FormTemplate.objects.count() == 15


@pytest.mark.parametrize("kind", FormKind.values)
def test_each_form_prints_the_subscriber(kind, subscriber):
    template = FormTemplate.objects.get(kind=kind)
    text = flat(pdf_text(services.form_pdf(template, subscriber)))
    assert "Иванов Иван Петрович" in text
    assert "100001" in text
    assert "Генеральному директору" in text and "ООО «Телеком»" in text
    assert template.title in text
    assert "ул. Ленина" in text


def test_suspension_form_carries_the_dates(subscriber, manager):
    record = actions.open_process(
        Suspension, subscriber=subscriber, user=manager, starts_on=dt.date(2026, 12, 1), ends_on=dt.date(2027, 1, 31)
    )
    template = FormTemplate.objects.get(kind="suspension")
    text = flat(pdf_text(services.form_pdf(template, subscriber, record, manager)))
    assert "с 01.12.2026 по 31.01.2027 включительно" in text


def test_recalculation_tariff_and_claim_forms(subscriber, manager, tariffs):
    recalc = actions.open_process(
        Recalculation,
        subscriber=subscriber,
        user=manager,
        amount=Decimal("350.00"),
        reason="отсутствие интернета 5 дней",
        period_start=dt.date(2026, 3, 1),
        period_end=dt.date(2026, 3, 5),
    )
    text = flat(pdf_text(services.form_pdf(FormTemplate.objects.get(kind="recalculation"), subscriber, recalc)))
    assert "с 01.03.2026 по 05.03.2026 на сумму 350,00 руб." in text or "350.00 руб." in text
    assert "отсутствие интернета 5 дней" in text

    change = actions.open_process(
        TariffChange, subscriber=subscriber, user=manager, to_tariff=tariffs["NET100"], effective_on=dt.date(2026, 4, 1)
    )
    text = flat(pdf_text(services.form_pdf(FormTemplate.objects.get(kind="tariff_change"), subscriber, change)))
    assert "с тарифного плана «Интернет 300» на тарифный план «Интернет 100»" in text and "01.04.2026" in text

    claim = actions.open_process(
        Claim,
        subscriber=subscriber,
        user=manager,
        received_on=dt.date(2026, 3, 2),
        subject="Нет интернета с 1 марта",
        demand="перерасчёт",
    )
    text = flat(pdf_text(services.form_pdf(FormTemplate.objects.get(kind="claim"), subscriber, claim)))
    assert "Нет интернета с 1 марта" in text and "Требую: перерасчёт." in text and "01.04.2026" in text


def test_operator_name_setting_and_edited_template(subscriber):
    from abonent.processes.models import ProcessSettings

    settings = ProcessSettings.load()
    settings.operator_name = "ООО «Сеть-Урал»"
    settings.director_name = "Петрову П. П."
    settings.save()
    template = FormTemplate.objects.get(kind="resumption")
    template.body = "Прошу возобновить услуги абоненту {{ subscriber.name|upper }} {% bad tag %}"
    template.save()
    text = flat(pdf_text(services.form_pdf(template, subscriber)))
    assert "ООО «Сеть-Урал»" in text and "Петрову П. П." in text
    assert "error in the form template" in text  # a broken placeholder is shown, not a crash


def test_print_views(client_for, subscriber, manager):
    record = actions.open_process(
        Suspension, subscriber=subscriber, user=manager, starts_on=dt.date(2026, 12, 1), ends_on=dt.date(2026, 12, 31)
    )
    template = FormTemplate.objects.get(kind="suspension")
    client = client_for("retention_manager")
    url = reverse("processes:formtemplate_print", args=[template.pk])
    response = client.get(url, {"record": f"suspension:{record.pk}"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "31.12.2026" in pdf_text(response.content)
    response = client.get(url, {"subscriber": subscriber.pk})
    assert "Иванов Иван Петрович" in pdf_text(response.content)
    assert client.get(url, {"record": "nosuch:1"}).status_code == 403


def test_tariff_change_form_of_a_subscriber_with_no_tariff_prints_a_blank(client_for, subscriber):
    """`|default:subscriber.tariff.name` with no current tariff raised VariableDoesNotExist (the page gave 500)."""
    subscriber.tariff = None
    subscriber.save()
    template = FormTemplate.objects.get(kind="tariff_change")
    response = client_for("retention_manager").get(
        reverse("processes:formtemplate_print", args=[template.pk]), {"subscriber": subscriber.pk}
    )
    assert response.status_code == 200
    text = flat(pdf_text(response.content))
    assert f"с тарифного плана «{services.BLANK}» на тарифный план «{services.BLANK}»" in text


def test_any_missing_value_prints_a_blank_line(subscriber):
    subscriber.tariff = None
    subscriber.street = ""
    text = services.render_text(
        "{{ subscriber.tariff.name }}|{{ subscriber.street }}|{{ record.to_tariff.monthly_fee }}|{{ nosuch.value }}|"
        "{{ subscriber.tariff.name|default:subscriber.tariff.code }}|{% if record.amount %}amount{% endif %}|"
        "{{ subscriber.name }}",
        {"subscriber": subscriber, "record": None, "blank": services.BLANK},
    )
    assert text.split("|") == [services.BLANK] * 5 + ["", "Иванов Иван Петрович"]
