import datetime as dt

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from abonent.calls.models import Call
from abonent.core.forms import BootstrapMixin, DateInput, RegisterForm

from .choices import WEEKDAYS, AttemptOutcome
from .models import CallbackPolicy
from .reports import EconomicsParams, StaffingParams, what_if


class CallbackPolicyForm(RegisterForm):
    work_days = forms.TypedMultipleChoiceField(
        label=_("Working days"), choices=WEEKDAYS, coerce=int, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = CallbackPolicy
        fields = [
            "sla_minutes",
            "work_starts",
            "work_ends",
            "work_days",
            "max_attempts",
            "retry_minutes",
            "max_age_hours",
        ]
        widgets = {
            "work_starts": forms.TimeInput(attrs={"type": "time"}),
            "work_ends": forms.TimeInput(attrs={"type": "time"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["work_days"].widget.attrs["class"] = ""


class AttemptForm(BootstrapMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=AttemptOutcome.choices)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    minutes = forms.IntegerField(label=_("Minutes spent"), min_value=0, max_value=240, required=False, initial=3)


def default_period() -> tuple[dt.date, dt.date]:
    today = timezone.localdate()
    return today - dt.timedelta(days=27), today


def queue_choices():
    queues = Call.objects.exclude(queue="").values_list("queue", flat=True).distinct().order_by("queue")[:200]
    return [("", _("All queues"))] + [(q, q) for q in queues]


class PeriodForm(BootstrapMixin, forms.Form):
    start = forms.DateField(label=_("From"), widget=DateInput())
    end = forms.DateField(label=_("To"), widget=DateInput())
    queue = forms.ChoiceField(label=_("Queue"), required=False)

    def __init__(self, data=None, **kwargs):
        start, end = default_period()
        super().__init__(data, initial={"start": start, "end": end, **kwargs.pop("initial", {})}, **kwargs)
        if data is not None:
            # Parameters left out of the query string take their defaults (a link may give only the period).
            filled = data.copy()
            for name, field in self.fields.items():
                if name not in filled and (field.initial is not None or name in self.initial):
                    filled[name] = self.initial.get(name, field.initial)
            self.data = filled
        if "queue" in self.fields:
            self.fields["queue"].choices = queue_choices()

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError(_("The period ends before it starts."))
        if data.get("start") and data.get("end") and (data["end"] - data["start"]).days > 3660:
            raise forms.ValidationError(_("Choose a period of at most ten years."))
        return data

    def values(self) -> dict:
        """The cleaned values, or the defaults when the form is unbound or invalid."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data
        return {
            name: self.fields[name].initial if self.initial.get(name) is None else self.initial[name]
            for name in self.fields
        }


class StatisticsForm(PeriodForm):
    agent = forms.ModelChoiceField(label=_("Agent"), queryset=get_user_model().objects.none(), required=False)
    threshold = forms.IntegerField(label=_("Service level threshold, s"), min_value=1, max_value=600, initial=20)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agent"].queryset = get_user_model().objects.filter(is_active=True).order_by("username")


class StaffingForm(PeriodForm):
    day = forms.DateField(
        label=_("Plan for the date"),
        required=False,
        widget=DateInput(),
        help_text=_("Empty: every weekday averaged over the period"),
    )
    target_level = forms.IntegerField(label=_("Target service level, %"), min_value=1, max_value=99, initial=80)
    target_seconds = forms.IntegerField(label=_("Answered within, s"), min_value=1, max_value=600, initial=20)
    shrinkage = forms.IntegerField(label=_("Shrinkage, %"), min_value=0, max_value=90, initial=30)
    wrap_up_seconds = forms.IntegerField(label=_("Wrap-up after a call, s"), min_value=0, max_value=1800, initial=30)

    def staffing_params(self):

        v = self.values()
        return StaffingParams(
            target_level=v["target_level"] / 100,
            target_seconds=v["target_seconds"],
            shrinkage=v["shrinkage"] / 100,
            wrap_up_seconds=v["wrap_up_seconds"],
        )


class WhatIfForm(BootstrapMixin, forms.Form):
    """The staffing page's calculator: one half-hour under figures the user types."""

    calls = forms.FloatField(label=_("Calls per half-hour"), min_value=0, max_value=100_000, initial=100)
    aht = forms.FloatField(label=_("AHT, s"), min_value=1, max_value=7200, initial=180)
    target_level = forms.IntegerField(label=_("Target service level, %"), min_value=1, max_value=99, initial=80)
    target_seconds = forms.IntegerField(label=_("Answered within, s"), min_value=1, max_value=600, initial=20)
    agents = forms.IntegerField(label=_("Agents on the phones"), min_value=0, max_value=10_000, initial=14)

    def result(self):
        v = self.cleaned_data
        return what_if(
            v["calls"],
            v["aht"],
            v["agents"],
            target_level=v["target_level"] / 100,
            target_seconds=v["target_seconds"],
        )


class WorkloadForm(PeriodForm):
    queue = None


class EconomicsForm(StaffingForm):
    queue = None
    day = None
    reach_days = forms.IntegerField(label=_("Reached within, days"), min_value=0, max_value=30, initial=2)
    basis = forms.ChoiceField(
        label=_("Churn counted"),
        choices=[("reason", _("Reason «could not get through»")), ("group", _("Whole group «customer service»"))],
        initial="reason",
    )
    monthly_pay = forms.DecimalField(
        label=_("Monthly cost of an agent, RUB"),
        required=False,
        min_value=0,
        help_text=_("Empty: the average monthly pay of the employees"),
    )

    def economics_params(self):

        v = self.values()
        return EconomicsParams(
            reach_days=v["reach_days"],
            basis=v["basis"] or "reason",
            monthly_pay=v.get("monthly_pay"),
            staffing=self.staffing_params(),
        )
