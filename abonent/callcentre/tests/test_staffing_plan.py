"""The staffing plan's own figures (SL, ASA, P(wait) at the agents it recommends), the what-if calculator on the
page and in the API, the plan for a chosen date, and holidays left out of the averages.

The Erlang C reference is computed here from the textbook formula with factorials (not the product's recursion),
for the stated numbers: 100 calls in 30 min, AHT 180 s (150 s talk + 30 s wrap-up) → A = 10 erlangs; 80 % in
20 s needs 14 agents, who answer 88.8 % within 20 s.
"""

import datetime as dt
import math

import pytest
from django.urls import reverse

from abonent.callcentre import reports

from .conftest import at
from .test_reports import MON, staffing_fixture


def erlang_c(agents: int, load: float) -> float:
    top = load**agents / math.factorial(agents) * agents / (agents - load)
    return top / (sum(load**k / math.factorial(k) for k in range(agents)) + top)


def reference(agents: int, calls: float = 100, aht: float = 180, target: float = 20) -> dict:
    load = calls * aht / 1800
    c = erlang_c(agents, load)
    return {
        "service_level": 1 - c * math.exp(-(agents - load) * target / aht),
        "asa": c * aht / (agents - load),
        "prob_wait": c,
        "occupancy": load / agents,
    }


def test_the_reference_needs_14_agents():
    assert reference(13)["service_level"] < 0.8 <= reference(14)["service_level"]
    assert round(reference(14)["service_level"] * 100, 1) == 88.8


@pytest.mark.django_db
def test_each_half_hour_shows_sl_asa_and_p_wait_at_the_agents_it_recommends(make_call):
    staffing_fixture(make_call)
    report = reports.staffing_report(MON, MON)
    peak = next(s for s in report.slots if s.label == "10:00–10:30")
    ref = reference(14)
    assert peak.needed == 14
    assert peak.service_level == round(ref["service_level"] * 100, 1) == 88.8
    assert peak.asa == round(ref["asa"], 1)
    assert peak.prob_wait == round(ref["prob_wait"] * 100, 1)
    # A slot with agents logged in but no calls needs nobody: no figures to promise.
    quiet = next(s for s in report.slots if s.label == "09:00–09:30")
    assert (quiet.needed, quiet.service_level, quiet.asa, quiet.prob_wait) == (0, None, None, None)


@pytest.mark.django_db
def test_days_without_any_call_are_left_out_of_the_averages(make_call):
    staffing_fixture(make_call)
    # Two weeks: the Monday before had no call at all (a holiday). The plan averages over the one Monday with calls.
    report = reports.staffing_report(MON - dt.timedelta(days=7), MON + dt.timedelta(days=6))
    peak = next(s for s in report.slots if s.label == "10:00–10:30")
    assert (peak.calls, peak.needed, peak.logged_in) == (100, 14, 9.5)
    assert report.days_used == [MON]
    assert len(report.days_left_out) == 13 and MON - dt.timedelta(days=7) in report.days_left_out


@pytest.mark.django_db
def test_plan_for_a_chosen_date(make_call):
    staffing_fixture(make_call)
    week_before = MON - dt.timedelta(days=7)
    # Another Monday with 50 calls in the same half-hour.
    for i in range(50):
        make_call(at(week_before, 10) + dt.timedelta(seconds=36 * i), talk=150, caller=f"7913{i:07d}")
    start, end = week_before, MON + dt.timedelta(days=6)
    average = next(s for s in reports.staffing_report(start, end).slots if s.label == "10:00–10:30")
    assert average.calls == 75
    # The chosen date's own calls.
    own = reports.staffing_report(start, end, day=week_before)
    assert own.basis == "day" and own.days_used == [week_before]
    peak = next(s for s in own.slots if s.label == "10:00–10:30")
    assert (peak.calls, peak.needed) == (50, 8)
    # A date without calls (next Monday): its weekday's average, Mondays only.
    ahead = reports.staffing_report(start, end, day=MON + dt.timedelta(days=7))
    assert ahead.basis == "forecast" and {s.weekday for s in ahead.slots} == {1}
    assert next(s for s in ahead.slots if s.label == "10:00–10:30").calls == 75


def test_what_if_against_the_reference():
    ref = reference(14)
    result = reports.what_if(100, 180, 14)
    assert (result.load, result.needed, result.meets_target) == (10, 14, True)
    assert result.service_level == round(ref["service_level"] * 100, 1)
    assert result.asa == round(ref["asa"], 1)
    assert result.prob_wait == round(ref["prob_wait"] * 100, 1)
    assert result.occupancy == round(ref["occupancy"] * 100, 1) == 71.4
    short = reports.what_if(100, 180, 12)
    assert short.service_level == round(reference(12)["service_level"] * 100, 1) and not short.meets_target
    # Ten agents on ten erlangs: the queue never clears.
    never = reports.what_if(100, 180, 10)
    assert (never.service_level, never.asa, never.prob_wait, never.occupancy) == (0, None, 100, 100)


@pytest.mark.django_db
def test_what_if_in_the_api_and_its_schema(make_user):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(make_user("head_of_retention"))
    url = reverse("callcentre-api:what_if")
    answer = client.get(url, {"calls": 100, "aht": 180, "agents": 14, "target_level": 80, "target_seconds": 20})
    assert answer.status_code == 200, answer.content
    data = answer.json()
    ref = reference(14)
    assert (data["needed"], data["service_level"], data["asa"]) == (14, 88.8, round(ref["asa"], 1))
    assert data["occupancy"] == 71.4
    assert client.get(url, {"calls": 100, "aht": 0, "agents": 14}).status_code == 400
    schema = client.get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/callcentre/staffing/what-if/"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"calls", "aht", "agents", "target_level", "target_seconds"}
    response = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    assert "service_level" in schema["components"]["schemas"][response.rsplit("/", 1)[1]]["properties"]
    staffing = schema["paths"]["/api/callcentre/staffing/"]["get"]
    assert "day" in {p["name"] for p in staffing["parameters"]}


@pytest.mark.django_db
def test_what_if_on_the_page(client, make_user, make_call):
    staffing_fixture(make_call)
    client.force_login(make_user("head_of_retention"))
    page = client.get(reverse("callcentre:staffing"), {"start": MON, "end": MON + dt.timedelta(days=1)})
    html = page.content.decode()
    assert page.status_code == 200
    assert f'hx-get="{reverse("callcentre:what_if")}"' in html
    assert "88,8 %" in html  # the peak's service level at 14 agents
    assert 'id="days-left-out"' in html  # Tuesday had no call
    partial = client.get(
        reverse("callcentre:what_if"),
        {"calls": 100, "aht": 180, "agents": 14, "target_level": 80, "target_seconds": 20},
        HTTP_HX_REQUEST="true",
    )
    text = partial.content.decode()
    assert partial.status_code == 200 and "<html" not in text
    assert 'data-figure="service_level">88,8 %' in text and 'data-figure="needed">14<' in text
