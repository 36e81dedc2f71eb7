"""Checks several apps' models share. Dates of events (a request received, an offer made, a contact) happened:
they are never later than today, where today is the operator's local day (settings.TIME_ZONE), not UTC's."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _


def local_day(value: dt.date | dt.datetime) -> dt.date:
    """The operator's calendar day of a date or a moment (an aware moment is read in the local time zone)."""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def refuse_future(value: dt.date | dt.datetime | None, field: str, today: dt.date | None = None) -> None:
    """Raise a ValidationError on `field` when the event's day is after today (the local day)."""
    if value is None:
        return
    today = today or timezone.localdate()
    if local_day(value) > today:
        raise ValidationError(
            {field: _("A date of an event cannot be in the future (today is %(today)s).") % {"today": _day(today)}}
        )


def _day(day: dt.date) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")
