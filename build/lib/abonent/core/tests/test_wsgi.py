"""Answers as a WSGI server gets them: wsgiref's validator (what runserver's server checks) over Django's app."""

import io

import pytest
from werkzeug.test import Client


@pytest.fixture
def client(wsgi_app):
    return Client(wsgi_app)


def test_an_import_uploaded_over_the_api_answers_with_a_plain_location(client, token_for, settings, tmp_path):
    # DRF's Hyperlink (a str subclass) as the Location header made runserver answer 500 after the import had run.
    settings.MEDIA_ROOT = tmp_path
    upload = (io.BytesIO(b"code;name;service_type;monthly_fee\nAPI-1;Api;iptv;150\n"), "tariffs.csv")
    response = client.post(
        "/api/imports/runs/",
        data={"kind": "tariffs", "file": upload},
        headers=token_for("head_of_retention"),
        buffered=True,
    )
    assert response.status_code in (201, 202), response.get_data(as_text=True)
    run = response.get_json()
    assert response.headers["Location"] == run["url"]
    assert run["url"].endswith(f"/api/imports/runs/{run['id']}/")


def test_the_schema_and_a_register_page_pass_the_validator(client, token_for):
    headers = token_for("administrator")
    assert client.get("/api/schema/", headers=headers, buffered=True).status_code == 200
    listed = client.get("/api/churn/reasons/?limit=2", headers=headers, buffered=True)
    assert listed.status_code == 200
    assert len(listed.get_json()["results"]) == 2
