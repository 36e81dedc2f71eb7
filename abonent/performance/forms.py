"""The period of the performance screen; the same form validates the page's and the API's query parameters."""

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from abonent.core.forms import BootstrapMixin
from abonent.subscribers.forms import AsOfMixin, as_of_field
from abonent.subscribers.services import data_as_of

from .services import period_dates

PERIOD_CHOICES = [("day", _("Day")), ("week", _("Week (7 days)")), ("month", _("Month to date"))]


class PerformanceForm(AsOfMixin, BootstrapMixin, forms.Form):
    """A day, a week or a month ending at the as-of date (empty: the date of the latest imported data)."""

    period = forms.ChoiceField(label=_("Period"), choices=PERIOD_CHOICES, required=False)
    as_of = as_of_field()

    def __init__(self, *args, today: dt.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or data_as_of()

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        self.resolve_as_of(data)
        data["period"] = data.get("period") or "month"
        data["first"], data["last"] = period_dates(data["period"], data["as_of"])
        return data
