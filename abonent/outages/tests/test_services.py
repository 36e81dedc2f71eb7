"""Matching outages to subscribers, and churn of affected against unaffected buildings, worked by hand."""

import datetime as dt

import pytest

from abonent.outages.addresses import address_keys, normalise_building, normalise_street
from abonent.outages.services import affected_subscribers, churn_by_outages, outages_lived_through

from .conftest import END, START, outage

pytestmark = pytest.mark.django_db


def test_addresses_match_as_the_billing_and_the_log_write_them():
    assert normalise_building("д. 5 корп. 2") == normalise_building("5К2") == "5к2"
    assert normalise_building("7 стр 1") == "7с1" and normalise_building("12 А") == "12а"
    assert normalise_building("12д") == "12д"  # a letter д stays: only a leading «д.» is the word «дом»
    assert normalise_street("ул. Ленина") == normalise_street("Ленина улица") == normalise_street("ЛЕНИНА") == "ленина"
    assert normalise_street("пр-т Мира") == "мира"
    assert address_keys("Екатеринбург", "Ленинский", "ул. Ленина", "10") == (
        "b:екатеринбург|ленина|10",
        "b:|ленина|10",
        "d:екатеринбург|ленинский",
        "d:|ленинский",
    )


def test_churn_of_affected_against_unaffected_buildings(two_buildings):
    # Ленина 10: 10 at the start (the late one and the gone one are not), 3 churned = 30 %, 2 of them for outages.
    # Мира 5к2: 20 at the start, 2 churned = 10 %. Difference 20 pp, three times as often.
    result = churn_by_outages(START, END)
    assert result.outages == 3
    affected, unaffected = result.affected, result.unaffected
    assert (affected.buildings, affected.subscribers, affected.churned, affected.churned_for_outages) == (1, 10, 3, 2)
    assert (unaffected.buildings, unaffected.subscribers, unaffected.churned) == (1, 20, 2)
    assert affected.churn_pct == pytest.approx(30.0) and unaffected.churn_pct == pytest.approx(10.0)
    assert result.difference_pp == pytest.approx(20.0) and result.ratio == pytest.approx(3.0)

    # Four outages needed to count as affected: nobody is; 5 of 30 churned.
    strict = churn_by_outages(START, END, min_outages=4)
    assert (strict.affected.subscribers, strict.unaffected.subscribers, strict.unaffected.churned) == (0, 30, 5)
    assert strict.difference_pp is None
    # Three outages of the internet or of every service: Ленина 10 is still affected for the internet alone.
    internet = churn_by_outages(START, END, min_outages=3, service_type="internet")
    assert (internet.affected.subscribers, internet.unaffected.subscribers) == (10, 0)
    # A period with no outage: everyone unaffected, 5 of 30.
    later = churn_by_outages(dt.date(2026, 5, 1), END)
    assert (later.outages, later.affected.subscribers, later.unaffected.subscribers) == (0, 0, 28)


def test_affected_subscribers_and_what_a_subscriber_lived_through(two_buildings):
    first = two_buildings["outages"][0]
    affected = set(affected_subscribers(first).values_list("external_id", flat=True))
    # The ten of Ленина 10 (the late one was not connected yet; the gone one had left).
    assert affected == {s.external_id for s in two_buildings["lenina"]}
    lenina, mira = two_buildings["lenina"][5], two_buildings["mira"][0]
    assert outages_lived_through(lenina, START, END).count() == 3
    assert outages_lived_through(lenina, dt.date(2026, 3, 1), END).count() == 2
    assert outages_lived_through(mira, START, END).count() == 0
    # The late subscriber lived through the two outages after its connection only.
    assert outages_lived_through(two_buildings["late"], START, END).count() == 2
    # A cable-TV outage of Мира 5к2 affects its cable-TV subscribers, not an internet one at Ленина 10.
    tv = outage(street="Мира", building="5к2", day=dt.date(2026, 2, 10), service_type="catv", city="")
    assert affected_subscribers(tv).count() == 20
    assert outages_lived_through(mira, START, END).get() == tv
    internet_only = outage(street="Мира", building="5к2", day=dt.date(2026, 2, 11), service_type="internet")
    assert affected_subscribers(internet_only).count() == 0


def test_a_district_outage_affects_the_whole_district(make_subscriber):
    inside = [make_subscriber(district="Ленинский р-н", street=f"Улица {n}", building="1") for n in range(3)]
    make_subscriber(district="Кировский", street="Улица 1", building="1")
    power = outage(scope="district", city="", district="Ленинский", street="", building="", cause="power")
    assert set(affected_subscribers(power)) == set(inside)
    assert outages_lived_through(inside[0], dt.date(2026, 1, 1), dt.date(2026, 3, 1)).get() == power
