"""Every analytics report runs to an as-of date: by default the date of the latest imported data, not the wall
clock, so a subscriber still connected does not gain the days since the last import."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone
from lifelines import KaplanMeierFitter

from abonent.subscribers.models import Subscriber
from abonent.subscribers.services import data_as_of

pytestmark = pytest.mark.django_db

LAST_IMPORTED = date(2024, 6, 30)  # the last connection or disconnection in the data


@pytest.fixture
def base():
    rows = [
        ("a1", date(2024, 1, 10), date(2024, 3, 10)),  # left after 2 months
        ("a2", date(2024, 2, 1), date(2024, 4, 15)),  # left after 2 months
        ("a3", date(2024, 3, 30), LAST_IMPORTED),  # left after 3 months, on the last day of the data
        ("a4", date(2024, 1, 5), None),  # still connected: 5 months on 30 June, more by the wall clock
        ("a5", date(2024, 4, 20), None),  # still connected: 2 months on 30 June
    ]
    Subscriber.objects.bulk_create(
        [
            Subscriber(
                external_id=code,
                name=code,
                kind="residential",
                connected_on=connected,
                disconnected_on=gone,
                status="disconnected" if gone else "active",
                arpu=500,
            )
            for code, connected, gone in rows
        ]
    )


def test_the_default_is_the_latest_imported_data_not_today(base):
    assert timezone.localdate() > LAST_IMPORTED
    assert data_as_of() == LAST_IMPORTED
    assert data_as_of(date(2024, 5, 1)) == date(2024, 5, 1)


def test_survival_api_does_not_gain_days_since_the_last_import(base, api_client_for):
    api = api_client_for("analyst")
    url = reverse("analytics-api:survival")
    data = api.get(url, {"horizon": 12}).json()
    assert data["as_of"] == data["today"] == "2024-06-30"
    # Lifelines on the durations to 30 June: 2, 2, 3 (left), 5, 2 (still here) months.
    kmf = KaplanMeierFitter().fit([2, 2, 3, 5, 2], [1, 1, 1, 0, 0])
    (curve,) = data["curves"]
    assert curve["survival"][:7] == pytest.approx(list(kmf.survival_function_at_times(range(7))), abs=1e-5)
    assert curve["rmst_months"] == pytest.approx(float(kmf.survival_function_at_times(range(12)).sum()), abs=1e-5)
    # To the wall clock the subscribers still connected would be older (the old default).
    today = api.get(url, {"horizon": 12, "as_of": timezone.localdate().isoformat()}).json()
    assert today["as_of"] == timezone.localdate().isoformat()
    assert today["curves"][0]["rmst_months"] > curve["rmst_months"]
    # An earlier as-of date: a3 had not left on 31 May (2 months, still here); a5 had 1 month.
    may = api.get(url, {"horizon": 12, "as_of": "2024-05-31"}).json()
    expected = KaplanMeierFitter().fit([2, 2, 2, 4, 1], [1, 1, 0, 0, 0])
    assert may["curves"][0]["survival"][:6] == pytest.approx(list(expected.survival_function_at_times(range(6))))
    assert api.get(url, {"as_of": "2999-01-01"}).status_code == 400


@pytest.mark.parametrize(
    ("name", "query"),
    [
        ("survival", {}),
        ("cohorts", {}),
        ("base", {}),
        ("tariffs", {}),
        ("diagnostics", {}),
        ("churn-vs-inflow", {}),
    ],
)
def test_every_analytics_endpoint_takes_and_answers_the_as_of_date(base, api_client_for, name, query):
    api = api_client_for("head_of_retention")
    url = reverse(f"analytics-api:{name}")
    assert api.get(url, query).json()["as_of"] == "2024-06-30"
    assert api.get(url, {**query, "as_of": "2024-05-31"}).json()["as_of"] == "2024-05-31"


def test_the_default_period_counts_from_the_as_of_date(base, api_client_for):
    api = api_client_for("head_of_retention")
    # Last 12 complete months before June 2024, whatever the wall clock says.
    data = api.get(reverse("analytics-api:churn-vs-inflow")).json()
    assert (data["start"], data["end"]) == ("2023-06-01", "2024-05-01")
    # As of 31 May the June disconnection (a3, 30 June) has not happened; as of 30 June it has.
    june = {"start": "2024-06", "end": "2024-06"}
    assert api.get(reverse("analytics-api:churn-vs-inflow"), {**june, "as_of": "2024-06-29"}).json()["churned"] == 0
    assert api.get(reverse("analytics-api:churn-vs-inflow"), june).json()["churned"] == 1
    cohorts = api.get(reverse("analytics-api:cohorts")).json()
    assert (cohorts["start"], cohorts["end"]) == ("2022-06-01", "2024-05-01")


@pytest.mark.parametrize("name", ["survival", "cohorts", "base_analysis", "tariffs", "churn_inflow", "diagnostics"])
def test_every_analytics_page_shows_the_as_of_date(base, client_for, name):
    page = client_for("head_of_retention").get(reverse(f"analytics:{name}"), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="as-of"' in html and "30.06.2024" in html


def test_dashboard_reads_the_base_as_of_the_latest_import(base, client_for):
    page = client_for("head_of_retention").get(reverse("analytics:dashboard"), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert page.context["today"] == LAST_IMPORTED and page.context["active_base"] == 2


def test_segment_summary_counts_the_active_as_of_the_date(base, api_client_for):
    from abonent.subscribers.models import SavedSegment

    segment = SavedSegment.objects.create(name="All residential", definition={"kind": ["residential"]})
    api = api_client_for("head_of_retention")
    url = reverse("analytics-api:savedsegment-summary", args=[segment.pk])
    latest = api.get(url).json()
    # On 30 June a3 has left: a4 and a5 are active.
    assert (latest["as_of"], latest["active"]) == ("2024-06-30", 2)
    # On 1 March a1 (connected 10 January) and a4 (5 January) were; a2 too (1 February).
    march = api.get(url, {"as_of": "2024-03-01"}).json()
    assert (march["as_of"], march["active"]) == ("2024-03-01", 3)
