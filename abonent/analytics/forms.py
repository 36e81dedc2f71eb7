"""The period and segment of a report; the same form validates the page's and the API's query parameters."""

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from abonent.core.forms import BootstrapMixin
from abonent.subscribers.choices import ServiceType, SubscriberKind
from abonent.subscribers.models import Tariff

from .diagnostics import Segment, add_months, month_start


class MonthInput(forms.TextInput):
    """<input type="month">; a TextInput so the shared Bootstrap styling does not turn it into a date picker."""

    input_type = "month"

    def format_value(self, value):
        return f"{value:%Y-%m}" if isinstance(value, date) else super().format_value(value)


class MonthField(forms.DateField):
    """A month as YYYY-MM (a full date is accepted too); cleaned to the month's first day."""

    widget = MonthInput
    input_formats = ["%Y-%m", "%Y-%m-%d"]

    def to_python(self, value):
        value = super().to_python(value)
        return month_start(value) if value else value


class Preset:
    LAST_12 = "last_12"
    THIS_YEAR = "this_year"
    LAST_MONTH = "last_month"

    choices = [
        ("", "—"),
        (LAST_12, _("Last 12 months")),
        (THIS_YEAR, _("This year")),
        (LAST_MONTH, _("Last month")),
    ]


def preset_period(preset: str, today: date) -> tuple[date, date]:
    """Whole months of a preset. "Last 12 months" and "last month" end with the last complete month;
    "this year" runs from January to the current month, which is not over yet."""
    this_month = month_start(today)
    if preset == Preset.THIS_YEAR:
        return this_month.replace(month=1), this_month
    if preset == Preset.LAST_MONTH:
        return add_months(this_month, -1), add_months(this_month, -1)
    return add_months(this_month, -12), add_months(this_month, -1)


class DiagnosticsForm(BootstrapMixin, forms.Form):
    """Period (whole months) and segment. With no period given, the last 12 complete months."""

    preset = forms.ChoiceField(label=_("Period"), choices=Preset.choices, required=False)
    start = MonthField(label=_("From month"), required=False)
    end = MonthField(label=_("To month"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", "—"), *SubscriberKind.choices], required=False)
    service_type = forms.ChoiceField(label=_("Service type"), choices=[("", "—"), *ServiceType.choices], required=False)
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    district = forms.CharField(label=_("District"), max_length=100, required=False)
    tariff = forms.ModelChoiceField(label=_("Tariff"), queryset=Tariff.objects.all(), required=False)
    plan = forms.DecimalField(
        label=_("Plan of non-retention, % a year"),
        required=False,
        min_value=0,
        max_value=99,
        decimal_places=2,
        help_text=_("Leave empty to take the period's unmanaged churn as the plan"),
    )

    # Longer periods are allowed, but a run of decades is a typo, not a question.
    max_months = 120

    def __init__(self, *args, today: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        start, end = data.get("start"), data.get("end")
        if data.get("preset"):
            start, end = preset_period(data["preset"], self.today)
        elif not start and not end:
            start, end = preset_period(Preset.LAST_12, self.today)
        elif not start:
            start = add_months(end, -11)
        elif not end:
            end = max(start, add_months(month_start(self.today), -1))
        if end < start:
            raise forms.ValidationError(_("The period ends before it starts."))
        if (end.year - start.year) * 12 + end.month - start.month + 1 > self.max_months:
            raise forms.ValidationError(_("The period is longer than %(n)s months.") % {"n": self.max_months})
        data["start"], data["end"] = start, end
        return data

    @property
    def segment(self) -> Segment:
        data = self.cleaned_data
        return Segment(
            kind=data.get("kind") or None,
            service_type=data.get("service_type") or None,
            city=(data.get("city") or "").strip() or None,
            district=(data.get("district") or "").strip() or None,
            tariff_id=data["tariff"].pk if data.get("tariff") else None,
        )

    @property
    def plan_annual_pct(self) -> float | None:
        plan = self.cleaned_data.get("plan")
        return float(plan) if plan is not None else None

    def resolved_query(self) -> dict[str, str]:
        """The query of this report with the period spelled out (the preset resolved), for links and exports."""
        data = self.cleaned_data
        query = {"start": f"{data['start']:%Y-%m}", "end": f"{data['end']:%Y-%m}"}
        for name in ("kind", "service_type", "city", "district"):
            if data.get(name):
                query[name] = data[name]
        if data.get("tariff"):
            query["tariff"] = str(data["tariff"].pk)
        if data.get("plan") is not None:
            query["plan"] = str(data["plan"])
        return query
