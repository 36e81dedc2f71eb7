"""The roles from their one table (staff.roles + each app's roles.py): the matrix in docs/roles.md is that table,
and every register page and API endpoint answers 403 to a role without the permission, and lets a role with it in."""

from pathlib import Path

import pytest
from django.db import transaction
from django.urls import resolve, reverse

from abonent.core.testing import url_patterns, view_model
from abonent.staff.roles import MATRIX_END, MATRIX_START, ROLES, role_permissions, roles_markdown

ROLE_CODES = [code for code in ROLES if role_permissions(code) != "__all__"]
MISSING = 999_999  # a record that does not exist: a permitted user gets 404, the others 403 before any lookup
UI_ACTIONS = {"list": "view", "detail": "view", "add": "add", "edit": "change", "delete": "delete"}
API_ACTIONS = {
    "list": "view",
    "retrieve": "view",
    "create": "add",
    "update": "change",
    "partial_update": "change",
    "destroy": "delete",
}


def test_roles_page_shows_the_code_matrix():
    page = (Path(__file__).resolve().parents[3] / "docs" / "roles.md").read_text(encoding="utf-8")
    written = MATRIX_START + page.split(MATRIX_START, 1)[1].split(MATRIX_END, 1)[0] + MATRIX_END + "\n"
    assert written == roles_markdown(), "run `abonent roles_doc` (docs/roles.md)"


def test_the_analyst_only_reads():
    writes = [p for p in role_permissions("analyst") if not p.split(".")[1].startswith("view_")]
    assert writes == []


def ui_registers() -> list[tuple[str, str, str]]:
    """(URL name, URL, permission it needs by the register's naming) of every register page: list, detail, add,
    edit, delete of a model."""
    found = []
    for _route, name, pattern in url_patterns():
        if ":" not in name:
            continue
        model_name, _sep, action = name.split(":")[-1].rpartition("_")
        model = view_model(getattr(pattern.callback, "view_class", None))
        if action not in UI_ACTIONS or model is None or model._meta.model_name != model_name:
            continue
        names = set(getattr(pattern.pattern, "converters", {}))
        if names - {"pk"}:
            continue
        url = reverse(name, kwargs={"pk": MISSING} if names else {})
        found.append((name, url, f"{model._meta.app_label}.{UI_ACTIONS[action]}_{model_name}"))
    return found


def api_registers() -> list[tuple[str, str, str, str]]:
    """(path, method, URL, permission by the model) of every register endpoint of the API schema."""
    from drf_spectacular.generators import SchemaGenerator

    found = []
    for path, operations in SchemaGenerator().get_schema(request=None, public=True)["paths"].items():
        url = path.replace("{id}", str(MISSING))
        match = resolve(url)
        actions = getattr(match.func, "actions", {})
        model = getattr(getattr(match.func, "cls", None), "queryset", None)
        if model is None:
            continue
        model = model.model
        for method in operations:
            action = actions.get(method)
            if action in API_ACTIONS:
                found.append(
                    (path, method, url, f"{model._meta.app_label}.{API_ACTIONS[action]}_{model._meta.model_name}")
                )
    return found


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLE_CODES)
def test_every_register_answers_by_the_role_table(role, client, make_user):
    """Without the permission: 403 in the UI and the API. With it: the page or endpoint lets the role in (200 for a
    list or a form, 404 for the record that does not exist). Writes are sent only where they must be refused."""
    from rest_framework.test import APIClient

    user = make_user(role)
    granted = set(role_permissions(role))
    client.force_login(user)
    api = APIClient()
    api.force_authenticate(user)
    wrong = []
    pages = ui_registers()
    for name, url, permission in pages:
        status = client.get(url).status_code
        if (status == 403) == (permission in granted):
            wrong.append(f"UI {name} {url}: {status} ({permission} {'granted' if permission in granted else 'not'})")
    endpoints = api_registers()
    for path, method, url, permission in endpoints:
        allowed = permission in granted
        if method != "get" and allowed and method in ("post",):
            continue  # a permitted create would create: the refusal is what is checked
        with transaction.atomic():
            status = getattr(api, method)(url, {}, format="json").status_code
            transaction.set_rollback(True)
        if (status == 403) == allowed:
            wrong.append(f"API {method.upper()} {path}: {status} ({permission} {'granted' if allowed else 'not'})")
    assert len(pages) >= 100 and len(endpoints) >= 150, (len(pages), len(endpoints))
    assert not wrong, "\n".join(wrong)


@pytest.mark.django_db
def test_analyst_keeps_nothing(client_for, api_client_for):
    """The analyst, labelled read-only, neither edits nor deletes competitor tariffs and segments, nor starts runs."""
    from abonent.analytics.models import CompetitorTariff, SavedSegment

    tariff = CompetitorTariff.objects.create(competitor="Ростелеком", name="100", service_type="internet", price=550)
    segment = SavedSegment.objects.create(name="Business", definition={"kind": ["business"]})
    client = client_for("analyst")
    assert client.get(reverse("analytics:competitortariff_edit", args=[tariff.pk])).status_code == 403
    assert client.post(reverse("analytics:competitortariff_delete", args=[tariff.pk])).status_code == 403
    assert client.post(reverse("analytics:savedsegment_delete", args=[segment.pk])).status_code == 403
    assert client.post(reverse("scoring:scoringrun_start")).status_code == 403
    page = client.get(tariff.get_absolute_url()).content.decode()
    assert reverse("analytics:competitortariff_edit", args=[tariff.pk]) not in page
    api = api_client_for("analyst")
    assert api.patch(f"/api/analytics/competitor-tariffs/{tariff.pk}/", {"price": 1}, format="json").status_code == 403
    assert api.delete(f"/api/analytics/segments/{segment.pk}/").status_code == 403
    assert api.post("/api/scoring/runs/", {"train": True}, format="json").status_code == 403
    assert CompetitorTariff.objects.get().price == 550 and SavedSegment.objects.exists()


@pytest.mark.django_db
def test_call_centre_agent_sees_no_retention_economics(client_for, api_client_for):
    """Measures without their costs (card, list, export, API), no offer cost, no effectiveness report; the retention
    manager sees them all."""
    from abonent.core.testing import xlsx_rows
    from abonent.retention.models import Measure

    measure = Measure.objects.filter(cost_one_off__gt=0).first() or Measure.objects.first()
    client = client_for("call_centre_agent")
    assert client.get(reverse("retention:effectiveness")).status_code == 403
    assert reverse("retention:effectiveness") not in client.get(reverse("retention:measure_list")).content.decode()
    assert "Cost" not in client.get(measure.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    header = xlsx_rows(client.get(reverse("retention:measure_list"), {"export": "xlsx"}, HTTP_ACCEPT_LANGUAGE="en"))[0]
    assert not any("cost" in str(h).lower() for h in header), header
    api = api_client_for("call_centre_agent")
    assert api.get("/api/retention/reports/effectiveness/").status_code == 403
    data = api.get(f"/api/retention/measures/{measure.pk}/").json()
    assert "code" in data and not {"cost_one_off", "cost_monthly", "cost_months", "total_cost"} & set(data)
    manager = api_client_for("retention_manager")
    assert manager.get(f"/api/retention/measures/{measure.pk}/").json()["total_cost"] is not None
    assert manager.get("/api/retention/reports/effectiveness/").status_code == 200
    assert client_for("retention_manager").get(reverse("retention:effectiveness")).status_code == 200


@pytest.mark.django_db
def test_debt_agent_works_only_their_own_warm_items(client, api_client_for, make_user, make_subscriber):
    """The debt agent takes or gives back their own warm items; another agent's item, or a hot one, is not theirs
    to unassign or work. A retention manager gives any item to anyone."""
    from rest_framework.test import APIClient

    from abonent.worklists.models import WorkItem
    from abonent.worklists.services import add_to_work_list

    debt, other = make_user("debt_agent"), make_user("debt_agent")
    mine, _ = add_to_work_list(make_subscriber(), "warm", assigned_to=debt)
    theirs, _ = add_to_work_list(make_subscriber(), "warm", assigned_to=other)
    hot, _ = add_to_work_list(make_subscriber(), "hot")
    client.force_login(debt)
    for item in (theirs, hot):
        assert client.get(reverse("worklists:workitem_edit", args=[item.pk])).status_code == 403
        assert client.post(reverse("worklists:workitem_edit", args=[item.pk]), {"assigned_to": ""}).status_code == 403
        assert (
            client.post(reverse("worklists:workitem_outcome", args=[item.pk]), {"outcome": "kept"}).status_code == 403
        )
        page = client.get(item.get_absolute_url()).content.decode()
        assert reverse("worklists:workitem_edit", args=[item.pk]) not in page and 'id="outcome-form"' not in page
    assert reverse("worklists:workitem_edit", args=[mine.pk]) in client.get(mine.get_absolute_url()).content.decode()
    api = APIClient()
    api.force_authenticate(debt)
    assert api.patch(f"/api/worklists/items/{theirs.pk}/", {"assigned_to": None}, format="json").status_code == 403
    assert api.patch(f"/api/worklists/items/{mine.pk}/", {"assigned_to": other.pk}, format="json").status_code == 403
    assert api.post(f"/api/worklists/items/{hot.pk}/outcome/", {"outcome": "kept"}, format="json").status_code == 403
    assert WorkItem.objects.get(pk=theirs.pk).assigned_to == other
    assert api.patch(f"/api/worklists/items/{mine.pk}/", {"assigned_to": None}, format="json").status_code == 200
    manager = api_client_for("retention_manager")
    assert manager.patch(f"/api/worklists/items/{theirs.pk}/", {"assigned_to": None}, format="json").status_code == 200
    assert WorkItem.objects.get(pk=theirs.pk).assigned_to is None
