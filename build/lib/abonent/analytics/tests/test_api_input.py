"""Segment conditions through the API: the segment form's rules, so no value reaches the queries as a 500."""

import pytest

from abonent.analytics.models import SavedSegment

pytestmark = pytest.mark.django_db


def test_a_report_with_a_tenure_beyond_a_century_is_refused(api_client_for, make_subscriber):
    make_subscriber()
    api = api_client_for("analyst")
    params = {"start": "2025-01-01", "end": "2025-06-30"}
    # A tenure bound of 10**20 months overflowed the date arithmetic (OverflowError, a 500).
    refused = api.get("/api/analytics/cohorts/", {**params, "tenure_max": 10**20})
    assert refused.status_code == 400
    assert "tenure_max" in refused.json()
    assert api.get("/api/analytics/cohorts/", {**params, "tenure_max": 1200}).status_code == 200
    assert api.get("/api/analytics/survival/", {"tenure_min": 5000}).status_code == 400


def test_a_saved_segment_takes_the_conditions_the_form_would(api_client_for, tariffs):
    api = api_client_for("head_of_retention")

    def post(definition):
        return api.post("/api/analytics/segments/", {"name": "Сегмент", "definition": definition}, format="json")

    # Stored as sent before, then a 500 wherever the segment was applied (int("много"), a tariff id past bigint).
    for bad in ({"tenure_months": ["много", None]}, {"tariff": [2**70]}, {"arpu": [None, 10**30]}, {"kind": "vip"}):
        response = post(bad)
        assert response.status_code == 400, (bad, response.content)
    assert not SavedSegment.objects.exists()
    good = post({"tenure_months": [6, None], "tariff": [tariffs["NET300"].pk], "arpu": [300, 700.5]})
    assert good.status_code == 201, good.content
    net300 = tariffs["NET300"].pk
    assert good.json()["definition"] == {"tariff": [net300], "tenure_months": [6, None], "arpu": [300, 700.5]}
    segment = SavedSegment.objects.get()
    assert api.get(f"/api/analytics/segments/{segment.pk}/summary/").status_code == 200
