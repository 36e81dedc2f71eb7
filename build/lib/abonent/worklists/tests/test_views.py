"""Work-list registers: list, my work, hot/warm refresh, the card's outcome form, campaigns, API, panels."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from abonent.core.testing import check_register_views
from abonent.worklists import services
from abonent.worklists.models import Campaign, WorkItem


def test_register_views(client_for, make_subscriber, manager, default_classifier):
    item, _ = services.add_to_work_list(make_subscriber(), "warm", user=manager, reason="Долг")
    check_register_views(client_for, item, viewer="analyst", outsider=None)
    campaign = services.create_winback_campaign(
        name="Возврат", period_from=dt.date(2025, 1, 1), period_to=dt.date(2025, 3, 31), user=manager
    )
    check_register_views(client_for, campaign, viewer="analyst")


def test_my_work_and_outcome_form(client, make_subscriber, make_user):
    agent = make_user("call_centre_agent", username="agent")
    other = make_user("call_centre_agent", username="other")
    today = timezone.localdate()
    mine, _ = services.add_to_work_list(make_subscriber("700001"), "hot", assigned_to=agent, next_action_on=today)
    services.add_to_work_list(make_subscriber("700002"), "hot", assigned_to=other, next_action_on=today)
    services.add_to_work_list(
        make_subscriber("700003"), "warm", assigned_to=agent, next_action_on=today + dt.timedelta(days=3)
    )
    client.force_login(agent)
    page = client.get(reverse("worklists:my_work")).content.decode()
    assert "700001" in page and "700002" not in page and "700003" not in page
    card = client.get(mine.get_absolute_url()).content.decode()
    assert 'id="outcome-form"' in card
    client.post(reverse("worklists:workitem_outcome", args=[mine.pk]), {"outcome": "kept", "note": "Остаётся"})
    mine.refresh_from_db()
    assert (mine.status, mine.outcome, mine.closed_by) == ("done", "kept", agent)
    assert "700001" not in client.get(reverse("worklists:my_work")).content.decode()


def test_refresh_warm_from_the_page(client_for, make_subscriber, default_classifier):
    make_subscriber("800001", status="blocked")
    client = client_for("retention_manager")
    client.post(reverse("worklists:refresh", args=["warm"]))
    assert WorkItem.objects.get().subscriber.external_id == "800001"
    assert "800001" in client.get(reverse("worklists:warm")).content.decode()
    analyst = client_for("analyst")
    assert analyst.post(reverse("worklists:refresh", args=["warm"])).status_code == 403


def test_campaign_form(client_for, make_subscriber, default_classifier):
    make_subscriber("900001", status="disconnected", disconnected_on=dt.date(2025, 11, 3))
    client = client_for("retention_manager")
    response = client.post(
        reverse("worklists:campaign_add"),
        {"name": "Возврат ноября", "period_from": "2025-11-01", "period_to": "2025-11-30"},
    )
    campaign = Campaign.objects.get()
    assert response.status_code == 302 and campaign.items.count() == 1
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert 'id="campaign-report"' in page and "900001" in page


def test_api(api_client_for, make_subscriber):
    api = api_client_for("retention_manager")
    sub = make_subscriber()
    created = api.post("/api/worklists/items/", {"subscriber": sub.pk, "work_list": "hot"}, format="json")
    assert created.status_code == 201
    pk = created.json()["id"]
    again = api.post("/api/worklists/items/", {"subscriber": sub.pk, "work_list": "hot"}, format="json")
    assert again.status_code == 200 and again.json()["id"] == pk
    done = api.post(f"/api/worklists/items/{pk}/outcome/", {"outcome": "declined"}, format="json")
    assert done.json()["status"] == "done"
    assert api.post(f"/api/worklists/items/{pk}/outcome/", {"outcome": "kept"}, format="json").status_code == 400
    assert api_client_for("analyst").post(f"/api/worklists/items/{pk}/outcome/", {"outcome": "kept"}).status_code == 403


def test_panels(client_for, make_subscriber, manager):
    sub = make_subscriber("600001")
    services.add_to_work_list(sub, "hot", user=manager, reason="Заявление на отключение")
    client = client_for("head_of_retention")
    card = client.get(sub.get_absolute_url()).content.decode()
    assert "Заявление на отключение" in card
    dashboard = client.get(reverse("analytics:dashboard"))
    assert 'id="worklist-sizes"' in dashboard.content.decode()
