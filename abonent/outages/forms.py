"""The report's form: the period, how many outages make a building "affected", the service."""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from abonent.core.forms import BootstrapMixin, DateInput, validate_report_date
from abonent.subscribers.service_kinds import service_type_choices


def year_before(day: dt.date) -> dt.date:
    """The first day of the month eleven months before `day`'s: twelve whole months to `day`."""
    month = day.month - 11
    year = day.year + (month - 1) // 12
    return dt.date(year, (month - 1) % 12 + 1, 1)


class OutageReportForm(BootstrapMixin, forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=DateInput(), validators=[validate_report_date])
    end = forms.DateField(label=_("To"), required=False, widget=DateInput(), validators=[validate_report_date])
    min_outages = forms.IntegerField(
        label=_("Affected: at least this many outages"), min_value=1, max_value=100, initial=1, required=False
    )
    service_type = forms.ChoiceField(label=_("Service"), required=False)

    def __init__(self, data=None, *, as_of: dt.date):
        self.as_of = as_of
        super().__init__(data if data is not None else {})
        self.fields["service_type"].choices = [("", _("Every service")), *service_type_choices()]

    def clean(self):
        data = super().clean()
        data["end"] = data.get("end") or self.as_of
        data["start"] = data.get("start") or year_before(data["end"])
        data["min_outages"] = data.get("min_outages") or 1
        if data["end"] < data["start"]:
            raise ValidationError({"end": _("The period ends before it starts.")})
        return data

    @property
    def period(self) -> tuple[dt.date, dt.date]:
        if self.is_valid():
            return self.cleaned_data["start"], self.cleaned_data["end"]
        return year_before(self.as_of), self.as_of
