import datetime as dt

import pytest
from django.utils import timezone

from abonent.processes import actions as process_actions
from abonent.processes.models import TariffChange


@pytest.fixture
def applied_change(subscriber, tariffs, head):
    """Account 100001 moved from NET300 to NET100 today: the processes step that enqueues a tariff_change."""
    record = process_actions.open_process(TariffChange, subscriber=subscriber, user=head, to_tariff=tariffs["NET100"])
    process_actions.apply_tariff_change(record, user=head, effective_on=timezone.localdate(), confirm_fee_change=True)
    return record


def days_ago(days: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days)
