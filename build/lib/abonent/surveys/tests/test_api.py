from django.urls import reverse

from abonent.surveys.models import Response


def test_record_answer_through_api(api_client_for, survey, make_subscriber):
    sub = make_subscriber("80001")
    api = api_client_for("call_centre_agent")
    response = api.post(
        reverse("surveys-api:response-list"), {"survey": survey.pk, "account": "80001", "score": 5}, format="json"
    )
    assert response.status_code == 201, response.data
    assert response.data["category"] == "detractor"
    assert Response.objects.get().subscriber == sub
    bad = api.post(
        reverse("surveys-api:response-list"), {"survey": survey.pk, "account": "80001", "score": 12}, format="json"
    )
    assert bad.status_code == 400
    listing = api.get(reverse("surveys-api:response-list"), {"category": "detractor"})
    assert listing.data["count"] == 1 if isinstance(listing.data, dict) else len(listing.data) == 1


def test_nps_api(api_client_for, survey, make_subscriber):
    api = api_client_for("analyst")
    data = api.get(reverse("surveys-api:nps"), {"start": "2026-01-01", "end": "2026-01-31"}).data
    assert data["overall"]["total"] == 0 and data["overall"]["nps"] is None
    assert api_client_for("debt_agent").get(reverse("surveys-api:nps")).status_code == 403
    assert api_client_for("debt_agent").get(reverse("surveys-api:survey-list")).status_code == 403


def test_schema_lists_survey_endpoints(api_client_for):
    api = api_client_for("administrator")
    schema = api.get("/api/schema/", {"format": "json"})
    assert schema.status_code == 200
    paths = schema.json()["paths"] if hasattr(schema, "json") else schema.data["paths"]
    assert "/api/surveys/responses/" in paths and "/api/surveys/nps/" in paths
