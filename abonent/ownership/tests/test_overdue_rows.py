"""Overdue rows are highlighted in the registers' own lists too (requests, work items)."""

import datetime as dt

from django.utils import timezone

from abonent.churn.models import DisconnectionRequest
from abonent.worklists.services import add_to_work_list


def test_overdue_requests_and_items_are_highlighted_in_their_lists(client_for, register, make_subscriber):
    today = timezone.localdate()
    late, on_time = register(), register()
    DisconnectionRequest.objects.filter(pk=late.pk).update(due_on=today - dt.timedelta(days=1))
    add_to_work_list(make_subscriber(), "hot", next_action_on=today - dt.timedelta(days=3))
    add_to_work_list(make_subscriber(), "hot", next_action_on=today)
    client = client_for("head_of_retention")
    requests = client.get("/churn/requests/").content.decode()
    assert requests.count('class="table-danger overdue ') == 1
    items = client.get("/worklists/").content.decode()
    assert items.count('class="table-danger overdue ') == 1
    assert on_time.due_on >= today
