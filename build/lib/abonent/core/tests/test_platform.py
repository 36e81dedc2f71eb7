"""The platform a user relies on before any register: login, roles, assets with no network, API schema."""

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from abonent.staff.roles import ROLES


@pytest.mark.django_db
def test_every_role_is_a_group_with_permissions():
    groups = {g.name: g for g in Group.objects.prefetch_related("permissions")}
    assert set(ROLES) <= set(groups)
    head = {f"{p.content_type.app_label}.{p.codename}" for p in groups["head_of_retention"].permissions.all()}
    analyst = {f"{p.content_type.app_label}.{p.codename}" for p in groups["analyst"].permissions.all()}
    assert "churn.change_disconnectionrequest" in head
    assert "churn.change_disconnectionrequest" not in analyst
    assert "subscribers.view_phone" in head
    assert "subscribers.view_phone" not in analyst, "an analyst sees masked phones"


@pytest.mark.django_db
def test_anonymous_is_sent_to_login_and_api_refuses(client):
    response = client.get(reverse("subscribers:subscriber_list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert client.get("/api/subscribers/subscribers/").status_code in (401, 403)


@pytest.mark.django_db
def test_login_page_in_russian_and_english(client):
    ru = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="ru")
    assert ru.status_code == 200
    en = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en")
    assert "Log in to Abonent" in en.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    ["vendor/bootstrap/bootstrap.min.css", "vendor/bootstrap/bootstrap.bundle.min.js", "vendor/plotly/plotly.min.js"],
)
def test_front_end_assets_are_served_locally(client, path):
    from django.contrib.staticfiles import finders

    found = finders.find(path)
    assert found, f"{path} is not provided by an installed package"
    with open(found, "rb") as fh:
        assert len(fh.read()) > 10_000


@pytest.mark.django_db
def test_layout_references_no_cdn(client_for):
    client = client_for("head_of_retention")
    html = client.get(reverse("subscribers:subscriber_list")).content.decode()
    assert "/static/vendor/bootstrap/bootstrap.min.css" in html
    assert "htmx" in html
    # Every script and stylesheet is served from here: no absolute or protocol-relative address in src/href.
    external = re.findall(r'(?:src|href)="((?:https?:)?//[^"]+)"', html)
    assert external == []


@pytest.mark.django_db
def test_openapi_schema_builds(client_for):
    client = client_for("analyst")
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert "/api/subscribers/subscribers/" in schema["paths"]


def test_pyproject_declares_the_license_as_an_spdx_expression():
    """The `license = {text = …}` table is deprecated (PEP 639): setuptools warned on every install."""
    import tomllib
    from pathlib import Path

    from packaging.licenses import canonicalize_license_expression
    from packaging.requirements import Requirement

    import abonent

    pyproject = tomllib.loads((Path(abonent.__file__).parent.parent / "pyproject.toml").read_text(encoding="utf-8"))
    license_ = pyproject["project"]["license"]
    assert isinstance(license_, str) and canonicalize_license_expression(license_) == "AGPL-3.0-or-later"
    assert not any(c.startswith("License ::") for c in pyproject["project"].get("classifiers", []))
    # The string form needs setuptools 77 or later to build.
    (setuptools,) = [Requirement(r) for r in pyproject["build-system"]["requires"] if r.startswith("setuptools")]
    assert setuptools.specifier.contains("77") and not setuptools.specifier.contains("76.9")
