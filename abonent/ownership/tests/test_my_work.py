"""«My work»: everything a person owns by due date, overdue first, highlighted and counted; the page and the API."""

import datetime as dt

from django.utils import timezone

from abonent.churn.models import DisconnectionRequest
from abonent.ownership import actions, services
from abonent.processes.models import Claim
from abonent.worklists.models import WorkItem
from abonent.worklists.services import add_to_work_list


def _mine(register, manager, agent, make_subscriber):
    today = timezone.localdate()
    late = register()
    actions.hand_over(late, user=agent, to=manager, due_on=today + dt.timedelta(days=1))
    DisconnectionRequest.objects.filter(pk=late.pk).update(due_on=today - dt.timedelta(days=2))  # received long ago
    soon = register()
    actions.hand_over(soon, user=agent, to=manager, due_on=today + dt.timedelta(days=3))
    item, _created = add_to_work_list(
        make_subscriber(), "hot", assigned_to=manager, next_action_on=today, reason="Открытое заявление"
    )
    old_item, _created = add_to_work_list(
        make_subscriber(), "winback", assigned_to=manager, next_action_on=today - dt.timedelta(days=1)
    )
    claim = Claim.objects.create(
        subscriber=make_subscriber(), responsible=manager, deadline=today + dt.timedelta(days=1), status="received"
    )
    someone_elses = register()  # the agent's own: not the manager's
    return late, soon, item, old_item, claim, someone_elses


def test_my_work_lists_what_the_user_owns_by_due_date_overdue_first(register, managers, agent, make_subscriber):
    manager = managers[0]
    late, soon, item, old_item, claim, _other = _mine(register, manager, agent, make_subscriber)
    lines = services.my_work(manager)
    assert [(line.kind, line.record.pk) for line in lines] == [
        ("request", late.pk),
        ("work_item", old_item.pk),
        ("work_item", item.pk),
        ("process", claim.pk),
        ("request", soon.pk),
    ]
    assert [line.overdue for line in lines] == [True, True, False, False, False]

    counts = services.overdue_by_owner()
    assert counts[manager.pk] == {"request": 1, "work_item": 1}
    assert agent.pk not in counts


def test_the_page_highlights_and_counts_the_overdue(client, register, managers, agent, make_subscriber):
    manager = managers[0]
    late, *_rest = _mine(register, manager, agent, make_subscriber)
    client.force_login(manager)
    page = client.get("/ownership/my/").content.decode()
    assert '<strong id="overdue-count" class="text-danger">2</strong>' in page
    assert page.count('class="table-danger overdue"') == 2
    assert f'href="/churn/requests/{late.pk}/"' in page or f"/{late.pk}/" in page
    assert page.index(f"№{late.pk}") < page.index("Открытое заявление")


def test_the_api_gives_my_work_in_the_same_order(api_client_for, register, agent, make_subscriber):
    api = api_client_for("retention_manager")
    late, soon, item, old_item, claim, _other = _mine(register, api.user, agent, make_subscriber)
    data = api.get("/api/ownership/my-work/").json()
    assert (data["count"], data["overdue"]) == (5, 2)
    assert [row["id"] for row in data["results"]] == [late.pk, old_item.pk, item.pk, claim.pk, soon.pk]


def test_the_retention_manager_starts_the_day_on_my_work(client, managers):
    client.force_login(managers[0])
    assert client.get("/").url == "/ownership/my/"


def test_a_task_closed_leaves_my_work(register, managers, agent, make_subscriber):
    from abonent.worklists.actions import record_outcome

    item, _created = add_to_work_list(make_subscriber(), "hot", assigned_to=managers[0])
    record_outcome(item, outcome="kept", user=managers[0])
    assert services.my_work(managers[0]) == []
    assert WorkItem.objects.get().status == "done"


def test_a_callback_of_an_unknown_caller_is_on_my_work(api_client_for, client):
    from abonent.callcentre.models import CallbackTask

    api = api_client_for("call_centre_agent")
    yesterday = timezone.now() - dt.timedelta(days=1)
    task = CallbackTask.objects.create(phone="79120000000", due_at=yesterday, assigned_to=api.user, status="assigned")
    data = api.get("/api/ownership/my-work/").json()
    assert [(row["kind"], row["id"], row["account"], row["overdue"]) for row in data["results"]] == [
        ("callback", task.pk, None, True)
    ]
    client.force_login(api.user)
    assert 'class="table-danger overdue" data-kind="callback"' in client.get("/ownership/my/").content.decode()
