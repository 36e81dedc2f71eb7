"""Every role lands on its own start page; a forbidden page is a page of the site; links are drawn only when they
open (core.access)."""

import pytest
from django.core import checks
from django.template import Context, Template
from django.urls import reverse

from abonent.core.access import may_open
from abonent.staff import checks as staff_checks
from abonent.staff.roles import ROLES

START = {
    "head_of_retention": "analytics:dashboard",
    "retention_manager": "ownership:my_work",
    "call_centre_agent": "callcentre:my_callback",
    "debt_agent": "worklists:warm",
    "b2b_manager": "contracts:renewals",
    "analyst": "analytics:dashboard",
    "administrator": "analytics:dashboard",
    "billing_integration": "billing:billingaction_list",
}


def test_every_role_is_named_here():
    assert set(START) == set(ROLES)


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(START))
def test_each_role_lands_on_its_start_page_after_login(client, make_user, role):
    make_user(role, username=f"u-{role}")
    response = client.post(reverse("login"), {"username": f"u-{role}", "password": "pass"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse(START[role])
    assert response.status_code == 200


@pytest.mark.django_db
def test_next_still_wins_over_the_start_page(client, make_user):
    make_user("call_centre_agent", username="anna")
    response = client.post(f"{reverse('login')}?next=/calls/", {"username": "anna", "password": "pass"})
    assert response["Location"] == "/calls/"


@pytest.mark.django_db
def test_a_user_without_a_role_is_told_so_inside_the_layout(client, make_user):
    client.force_login(make_user())
    response = client.get(reverse("home"))
    assert response.status_code == 403
    assert 'id="forbidden"' in response.content.decode()


@pytest.mark.django_db
def test_a_forbidden_page_is_inside_the_layout_with_the_menu_and_a_way_back(client, make_user):
    client.force_login(make_user("call_centre_agent"))
    response = client.get(reverse("analytics:dashboard"), HTTP_REFERER="http://testserver/calls/")
    assert response.status_code == 403
    assert [t.name for t in response.templates][:2] == ["core/403.html", "core/layout.html"]
    html = response.content.decode()
    assert 'id="nav"' in html and 'data-section="calls"' in html
    assert f'id="forbidden-start" href="{reverse("callcentre:my_callback")}"' in html
    assert 'id="forbidden-back" href="http://testserver/calls/"' in html


@pytest.mark.django_db
def test_permission_denied_raised_in_a_view_gets_the_same_page(client, make_user, make_subscriber):
    from abonent.worklists.models import WorkItem

    agent = make_user("call_centre_agent")
    other = make_user("call_centre_agent")
    item = WorkItem.objects.create(subscriber=make_subscriber("700001"), work_list="hot", assigned_to=other)
    client.force_login(agent)
    response = client.get(reverse("worklists:workitem_edit", args=[item.pk]))  # WorkItemEditView: not theirs
    assert response.status_code == 403
    assert 'id="forbidden"' in response.content.decode()


@pytest.mark.django_db
def test_the_api_keeps_its_json_403(client, make_user):
    client.force_login(make_user("debt_agent"))
    response = client.get("/api/churn/requests/")
    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in response.json()


@pytest.mark.django_db
def test_may_open_reads_the_views_permission(make_user):
    agent = make_user("call_centre_agent")
    assert may_open(agent, "/callcentre/my/")
    assert not may_open(agent, "/analytics/")
    assert not may_open(agent, "/analytics/?month=2026-01#top")
    assert may_open(agent, "/no/such/page/")  # not ours to judge: it answers 404 itself
    # ObjectEditView asks for add without a pk and for change with one.
    manager = make_user("retention_manager")
    assert not may_open(manager, reverse("subscribers:tariff_add"))
    assert not may_open(manager, reverse("subscribers:tariff_edit", args=[1]))
    assert may_open(manager, reverse("churn:disconnectionrequest_add"))


@pytest.mark.django_db
def test_the_link_tag_draws_a_link_only_when_it_opens(make_user):
    template = Template('{% link url "Панель" class="text-reset" %}|{% if url|openable:user %}yes{% endif %}')
    head, agent = make_user("head_of_retention"), make_user("call_centre_agent")
    assert template.render(Context({"url": "/analytics/", "user": head})) == (
        '<a href="/analytics/" class="text-reset">Панель</a>|yes'
    )
    assert template.render(Context({"url": "/analytics/", "user": agent})) == "Панель|"


@pytest.mark.django_db
def test_a_table_link_is_drawn_only_when_it_opens(rf, make_user, subscriber, manager):
    """The debt agent's suspension list shows the request's number without a link to a card they cannot open."""
    import datetime as dt

    from django_tables2 import RequestConfig

    from abonent.churn import actions as churn_actions
    from abonent.processes import actions
    from abonent.processes.models import Suspension
    from abonent.processes.tables import TABLES

    request_obj = churn_actions.register_request(subscriber, channel="phone", user=manager)
    today = dt.date.today()
    actions.open_process(
        Suspension,
        subscriber=subscriber,
        user=manager,
        starts_on=today,
        ends_on=today + dt.timedelta(days=30),
        request=request_obj,
    )
    for role, linked in (("head_of_retention", True), ("debt_agent", False)):
        request = rf.get("/processes/suspension/")
        request.user = make_user(role)
        table = TABLES[Suspension](Suspension.objects.all())
        RequestConfig(request).configure(table)  # as the list view does (SingleTableMixin)
        html = table.as_html(request)
        assert (f'href="{request_obj.get_absolute_url()}"' in html) is linked, role


def test_a_bad_start_page_fails_the_start(monkeypatch):
    class Module:
        __name__ = "abonent.fake.roles"
        START = {"nobody": ("no:such_url", 1), "analyst": ("analytics:dashboard", "high")}

    monkeypatch.setattr(staff_checks, "app_modules", lambda name: (Module,))
    ids = {e.id for e in staff_checks.check_start_pages()}
    assert ids == {"abonent.E012", "abonent.E013", "abonent.E014"}


def test_every_role_has_a_start_page():
    assert [e for e in staff_checks.check_start_pages() if e.level >= checks.ERROR] == []
