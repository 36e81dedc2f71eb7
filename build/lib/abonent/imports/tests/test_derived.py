"""Derived subscriber fields after imports (subscribers.services.refresh_derived, tuned for imports)."""

from datetime import date
from decimal import Decimal

import pytest

from abonent.imports.services import import_file
from abonent.subscribers.models import Subscriber
from abonent.subscribers.services import refresh_derived

pytestmark = pytest.mark.django_db


def test_a_new_tariff_fee_moves_the_arpu_of_accounts_without_charges(base, write):
    import_file("services", write("s.csv", "account;tariff;started_on\n1002;TV-BASE;15.05.2019\n"))
    assert Subscriber.objects.get(external_id="1002").arpu == Decimal("250.00")
    run = import_file("tariffs", write("t.csv", "code;name;service_type;monthly_fee\nTV-BASE;КТВ;catv;300\n"))
    assert run.rows_updated == 1
    assert Subscriber.objects.get(external_id="1002").arpu == Decimal("300.00")


def test_service_type_of_an_account_whose_services_ended_before_it_was_disconnected(base, write):
    # 1002 was disconnected on 31.01.2024; its services ended earlier, the last ones on 31.12.2023.
    text = (
        "account;tariff;started_on;ended_on\n1002;INT-100;01.01.2020;30.06.2022\n1002;TV-BASE;01.01.2020;31.12.2023\n"
    )
    assert import_file("services", write("s.csv", text)).status == "succeeded"
    romashka = Subscriber.objects.get(external_id="1002")
    # The services still on at the end were TV only; the current tariff is the latest one started.
    assert (romashka.service_type, romashka.tariff.code) == ("catv", "TV-BASE")


def test_open_service_wins_over_a_later_closed_one(base, write):
    text = "account;tariff;started_on;ended_on\n1001;INT-100;01.01.2020;\n1001;TV-BASE;01.06.2023;01.09.2023\n"
    import_file("services", write("s.csv", text))
    ivanov = Subscriber.objects.get(external_id="1001")
    assert (ivanov.tariff.code, ivanov.service_type) == ("INT-100", "internet")


def test_refresh_of_some_ids_leaves_the_others(base, write):
    import_file(
        "services", write("s.csv", "account;tariff;started_on\n1001;INT-100;01.01.2020\n1003;TV-BASE;01.01.2020\n")
    )
    Subscriber.objects.update(arpu=1, service_type="", tariff=None)
    ids = list(Subscriber.objects.filter(external_id="1001").values_list("id", flat=True))
    refresh_derived(ids)
    rows = dict(Subscriber.objects.values_list("external_id", "arpu"))
    assert rows == {"1001": Decimal("550.00"), "1002": Decimal("1.00"), "1003": Decimal("1.00")}
    refresh_derived([])
    assert Subscriber.objects.get(external_id="1003").arpu == Decimal("1.00")
    refresh_derived()
    petrov = Subscriber.objects.get(external_id="1003")
    assert (petrov.arpu, petrov.service_type, petrov.tariff.code) == (Decimal("250.00"), "catv", "TV-BASE")
    assert Subscriber.objects.get(external_id="1002").arpu == Decimal("0.00")


def test_arpu_rounds_the_mean_of_the_last_three_months(base, write):
    text = "account;month;charged;balance\n1001;01.2024;100;0\n1001;02.2024;100;0\n1001;03.2024;100,01;0\n"
    import_file("charges", write("c.csv", text))
    assert Subscriber.objects.get(external_id="1001").arpu == Decimal("100.00")  # 300.01 / 3 = 100.0033…
    assert Subscriber.objects.get(external_id="1001").connected_on == date(2020, 2, 1)
