"""Recording offline work time; shared by every register whose work takes an employee's time."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from .models import TimeEntry


def record_time(
    user, minutes: int, activity: str, *, record=None, on: dt.date | None = None, note: str = ""
) -> TimeEntry | None:
    """Add `minutes` of `activity` to the user's day; nothing is recorded for zero minutes."""
    if not minutes:
        return None
    entry = TimeEntry(user=user, date=on or timezone.localdate(), minutes=minutes, activity=activity, note=note)
    if record is not None:
        entry.content_type = ContentType.objects.get_for_model(record)
        entry.object_id = record.pk
    entry.full_clean()
    entry.save()
    return entry
