"""Saved segments and competitor tariffs: registers, forms, API, the segment filter elsewhere, and the report pages."""

from datetime import date

import pytest
from django.urls import reverse

from abonent.analytics.forms import SavedSegmentForm, SegmentConditionsMixin
from abonent.analytics.models import CompetitorTariff, SavedSegment
from abonent.analytics.segments import describe_definition, segment_summary
from abonent.core.testing import check_register_views, xlsx_rows
from abonent.subscribers.models import Subscriber

from .small_base import TODAY, make_small_base

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def segment():
    return SavedSegment.objects.create(name="Business", definition={"kind": ["business"], "arpu": [800, None]})


@pytest.fixture
def offer():
    return CompetitorTariff.objects.create(
        competitor="Ростелеком", name="Игровой 100", service_type="internet", speed_mbps=100, price=550
    )


def test_segment_register_views(client_for, segment):
    make_small_base()
    rows = check_register_views(client_for, segment, viewer="analyst", outsider="call_centre_agent")
    assert rows[1][0] == "Business"
    # Business and ARPU ≥ 800: s3 and s5 (B, 900).
    response = client_for("retention_manager").get(segment.get_absolute_url(), **EN)
    assert response.context["summary"]["subscribers"] == 2
    assert 'id="summary-subscribers">2<' in response.content.decode()
    assert response.context["can_change"] is False


def test_competitor_register_views(client_for, offer):
    rows = check_register_views(client_for, offer, viewer="head_of_retention", outsider="debt_agent")
    assert rows[1][:2] == ["Ростелеком", "Игровой 100"]


def test_segment_form_round_trip():
    tariffs = make_small_base()
    form = SavedSegmentForm(
        {
            "name": "Юг, новые",
            "kind": ["residential"],
            "district": "Юг, Север",
            "tariff": [tariffs["A"].pk, tariffs["K"].pk],
            "tenure_max": "6",
            "arpu_min": "250.5",
        }
    )
    assert form.is_valid(), form.errors
    saved = form.save()
    assert saved.definition == {
        "kind": ["residential"],
        "district": ["Юг", "Север"],
        "tariff": [tariffs["A"].pk, tariffs["K"].pk],
        "tenure_months": [None, 6],
        "arpu": [250.5, None],
    }
    edit = SavedSegmentForm(instance=saved)
    assert edit.initial["district"] == "Юг, Север"
    assert edit.initial["tenure_max"] == 6
    labels = dict(describe_definition(saved.definition))
    assert labels["Tenure"] == "under 6 months"
    assert labels["ARPU"] == "250.5 RUB or more"
    bad = SavedSegmentForm({"name": "x", "tenure_min": "12", "tenure_max": "6"})
    assert not bad.is_valid()
    assert "tenure_max" in bad.errors


def test_segment_summary():
    make_small_base()
    # Residential on 2024-04-15: s1 s2 s4 s6; active s1 s4 s6 with ARPU 900 + 500 + 300; March charges 500 + 500.
    summary = segment_summary({"kind": "residential"}, today=TODAY)
    assert (summary["subscribers"], summary["active"], summary["arpu_sum"]) == (4, 3, 1700)
    assert (summary["month"], summary["revenue"], summary["charged"], summary["arpu"]) == (
        date(2024, 3, 1),
        1000,
        2,
        500,
    )


def test_save_as_segment_from_base_analysis(client_for):
    tariffs = make_small_base()
    client = client_for("head_of_retention")
    query = {"start": "2024-01", "end": "2024-03", "dimension": "tenure", "kind": "business", "tariff": tariffs["B"].pk}
    response = client.get(reverse("analytics:base_analysis"), query, **EN)
    assert response.status_code == 200
    save_url = response.context["save_url"]
    assert save_url.startswith(reverse("analytics:savedsegment_add"))
    add = client.get(save_url, **EN)
    form = add.context["form"]
    assert form.initial["kind"] == ["business"]
    assert form.initial["tariff"] == [str(tariffs["B"].pk)]
    created = client.post(save_url, {"name": "B2B on B", "kind": ["business"], "tariff": [tariffs["B"].pk]})
    assert created.status_code == 302
    segment = SavedSegment.objects.get(name="B2B on B")
    assert segment.definition == {"kind": ["business"], "tariff": [tariffs["B"].pk]}
    assert segment.owner == client.user


def test_segment_filter_on_subscribers_and_diagnostics(client_for, segment):
    make_small_base()
    client = client_for("head_of_retention")
    response = client.get(reverse("subscribers:subscriber_list"), {"segment": segment.pk})
    assert response.status_code == 200
    assert sorted(s.external_id for s in response.context["filter"].qs) == ["s3", "s5"]
    diagnostics = client.get(
        reverse("analytics:diagnostics"), {"start": "2024-01", "end": "2024-03", "saved_segment": segment.pk}
    )
    assert diagnostics.status_code == 200
    # s3 connected in February: the only gross add of the business segment in the period (s5 came on 03-31, too).
    assert diagnostics.context["result"].gross_adds == 2


def test_report_pages_and_exports(client_for, segment):
    make_small_base()
    client = client_for("head_of_retention")
    period = {"start": "2024-01", "end": "2024-03"}
    for name, extra in [
        ("base_analysis", {"dimension": "kind", "metric": "revenue"}),
        ("tariffs", {}),
        ("survival", {"split": "kind"}),
        ("survival", {"split": "segment", "split_segment": segment.pk}),
        ("cohorts", {}),
    ]:
        url = reverse(f"analytics:{name}")
        page = client.get(url, {**period, **extra}, **EN)
        assert page.status_code == 200, name
        assert page.context["result"] is not None, name
        export = client.get(url, {**period, **extra, "export": "xlsx"})
        assert len(xlsx_rows(export)) >= 2, name
    base = client.get(reverse("analytics:base_analysis"), {**period, "metric": "revenue"}, **EN)
    # Revenue pivot: total line 1 300 / 1 600 / 1 900.
    assert base.context["total_values"] == [1300, 1600, 1900]
    invalid = client.get(reverse("analytics:survival"), {"split": "segment"}, **EN)
    assert invalid.context["result"] is None
    assert client_for("debt_agent").get(reverse("analytics:base_analysis")).status_code == 403


def test_menu_lists_the_reports_for_the_head(client_for):
    html = client_for("head_of_retention").get(reverse("analytics:cohorts"), **EN).content.decode()
    for name in (
        "base_analysis",
        "tariffs",
        "churn_inflow",
        "survival",
        "cohorts",
        "savedsegment_list",
        "competitortariff_list",
    ):
        assert reverse(f"analytics:{name}") in html


def test_api_registers(api_client_for, segment, offer):
    # The head keeps segments and competitor tariffs; the analyst reads them (docs/roles.md).
    api = api_client_for("head_of_retention")
    listed = api.get("/api/analytics/segments/")
    assert listed.status_code == 200
    created = api.post(
        "/api/analytics/segments/",
        {"name": "TV only", "definition": {"service_type": ["catv", "iptv"], "city": ""}},
        format="json",
    )
    assert created.status_code == 201, created.data
    assert created.data["definition"] == {"service_type": ["catv", "iptv"]}
    assert SavedSegment.objects.get(name="TV only").owner == api.user
    bad = api.post("/api/analytics/segments/", {"name": "x", "definition": {"colour": "red"}}, format="json")
    assert bad.status_code == 400
    summary = api.get(f"/api/analytics/segments/{segment.pk}/summary/")
    assert summary.status_code == 200 and summary.data["subscribers"] == 0
    offers = api.get("/api/analytics/competitor-tariffs/", {"service_type": "internet"})
    results = offers.data["results"] if isinstance(offers.data, dict) else offers.data
    assert [o["competitor"] for o in results] == ["Ростелеком"]
    negative = api.post(
        "/api/analytics/competitor-tariffs/",
        {"competitor": "X", "name": "Y", "service_type": "internet", "price": "-1"},
        format="json",
    )
    assert negative.status_code == 400
    manager = api_client_for("retention_manager")
    assert manager.get("/api/analytics/competitor-tariffs/").status_code == 200
    assert manager.post("/api/analytics/competitor-tariffs/", {}, format="json").status_code == 403
    assert api_client_for("call_centre_agent").get("/api/analytics/segments/").status_code == 403


def test_api_reports(api_client_for):
    make_small_base()
    api = api_client_for("analyst")
    base = api.get("/api/analytics/base/", {"start": "2024-01", "end": "2024-03", "dimension": "kind"})
    assert base.status_code == 200
    assert base.data["total"]["subscribers"] == [4, 4, 5]
    tariffs = api.get("/api/analytics/tariffs/", {"start": "2024-01", "end": "2024-03"})
    assert (tariffs.data["up"], tariffs.data["down"]) == (1, 1)
    assert tariffs.data["total_services"] == [3, 4, 4]
    survival = api.get("/api/analytics/survival/", {"split": "kind"})
    assert {c["key"] for c in survival.data["curves"]} == {"residential", "business"}
    cohorts = api.get("/api/analytics/cohorts/", {"start": "2024-01", "end": "2024-03"})
    assert cohorts.status_code == 200
    assert api.get("/api/analytics/base/", {"start": "2024-05", "end": "2024-01"}).status_code == 400
    assert api_client_for("debt_agent").get("/api/analytics/survival/").status_code == 403
    schema = api.get("/api/schema/")
    assert b"/api/analytics/survival/" in schema.content


def test_conditions_to_query():
    query = SegmentConditionsMixin.query_from_definition({"kind": ["business"], "arpu": [10000, None]})
    assert query == [("kind", "business"), ("arpu_min", "10000")]
    assert Subscriber.objects.count() == 0
