"""Read-only questions about the callback queue, shared by actions (take next), views and services."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from .choices import TaskStatus
from .models import CallbackTask


def queue(now: dt.datetime | None = None):
    """Open tasks that may be called now, in the order "next" hands them out: priority, then waiting time."""
    now = now or timezone.now()
    return (
        CallbackTask.objects.filter(status=TaskStatus.OPEN)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .order_by("priority", "created_at", "pk")
    )
