"""The demo fills every process register and the ticket register with a history, dated in the past."""

import datetime as dt

import pytest
from django.db.models import Count, Q

from abonent.demo.services import load_demo
from abonent.processes.models import PROCESS_MODELS, Claim
from abonent.tickets.models import Ticket

TODAY = dt.date(2026, 11, 24)


@pytest.mark.django_db(transaction=True)
def test_demo_covers_every_register(default_classifier):
    load_demo(size=300, seed=7, today=TODAY)
    for model in PROCESS_MODELS:
        assert model.objects.exists(), model
    # Records are dated in the demo period, not on the day the demo ran, and some are closed.
    assert not Claim.objects.filter(created_at__date__gt=TODAY).exists()
    assert Claim.objects.exclude(closed_at=None).exists()
    tickets = Ticket.objects.aggregate(n=Count("pk"), repeats=Count("pk", filter=Q(is_repeat=True)))
    assert tickets["n"] > 100 and tickets["repeats"] > 0
    assert Ticket.objects.filter(opened_at__date__lt=dt.date(2024, 6, 1)).exists()
    assert Ticket.history.filter(history_date__date__lt=dt.date(2025, 1, 1)).exists()
