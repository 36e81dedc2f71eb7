"""The period and segment of a report; the same form validates the page's and the API's query parameters."""

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from abonent.core.forms import (
    BootstrapMixin,
    DateInput,
    RegisterForm,
    ReportDateField,
    style_fields,
)
from abonent.subscribers.choices import SubscriberKind
from abonent.subscribers.forms import AsOfMixin, SegmentConditionsMixin, as_of_field, offer_service_types, split_list
from abonent.subscribers.models import SavedSegment, Tariff
from abonent.subscribers.service_kinds import service_type_choices
from abonent.subscribers.services import data_as_of

from .base import DIMENSIONS, METRICS
from .diagnostics import Segment, add_months, month_start
from .models import CompetitorTariff
from .survival import split_choices


class MonthInput(forms.TextInput):
    """<input type="month">; a TextInput so the shared Bootstrap styling does not turn it into a date picker."""

    input_type = "month"

    def format_value(self, value):
        return f"{value:%Y-%m}" if isinstance(value, date) else super().format_value(value)


class MonthField(ReportDateField):
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


class PeriodMixin:
    """Whole months from/to with a preset, resolved in clean_period (the last 12 complete months by default)."""

    max_months = 60

    def add_period_fields(self) -> None:
        self.fields["preset"] = forms.ChoiceField(label=_("Period"), choices=Preset.choices, required=False)
        self.fields["start"] = MonthField(label=_("From month"), required=False)
        self.fields["end"] = MonthField(label=_("To month"), required=False)

    def clean_period(self, data: dict) -> None:
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


class DiagnosticsForm(AsOfMixin, PeriodMixin, BootstrapMixin, forms.Form):
    """Period (whole months) and segment. With no period given, the last 12 complete months."""

    preset = forms.ChoiceField(label=_("Period"), choices=Preset.choices, required=False)
    start = MonthField(label=_("From month"), required=False)
    end = MonthField(label=_("To month"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", "—"), *SubscriberKind.choices], required=False)
    service_type = forms.ChoiceField(
        label=_("Service type"), choices=lambda: [("", "—"), *service_type_choices()], required=False
    )
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    district = forms.CharField(label=_("District"), max_length=100, required=False)
    tariff = forms.ModelChoiceField(label=_("Tariff"), queryset=Tariff.objects.all(), required=False)
    saved_segment = forms.ModelChoiceField(label=_("Segment"), queryset=SavedSegment.objects.all(), required=False)
    plan = forms.DecimalField(
        label=_("Plan of non-retention, % a year"),
        required=False,
        min_value=0,
        max_value=99,
        decimal_places=2,
        help_text=_("Leave empty to take the period's unmanaged churn as the plan"),
    )
    as_of = as_of_field()

    # Longer periods are allowed, but a run of decades is a typo, not a question.
    max_months = 120

    def __init__(self, *args, today: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or data_as_of()

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        self.resolve_as_of(data)
        self.clean_period(data)
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
            saved_segment_id=data["saved_segment"].pk if data.get("saved_segment") else None,
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
        if data.get("saved_segment"):
            query["saved_segment"] = str(data["saved_segment"].pk)
        if data.get("plan") is not None:
            query["plan"] = str(data["plan"])
        query["as_of"] = data["as_of"].isoformat()
        return query


class CompetitorTariffForm(RegisterForm):
    class Meta:
        model = CompetitorTariff
        fields = [
            "competitor",
            "name",
            "service_type",
            "speed_mbps",
            "price",
            "area",
            "source",
            "checked_on",
            "is_archived",
        ]
        widgets = {"checked_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offer_service_types(self)


# --- reports --------------------------------------------------------------------------------------------------------


class BaseAnalysisForm(AsOfMixin, PeriodMixin, SegmentConditionsMixin, BootstrapMixin, forms.Form):
    """Base analysis: period, the dimension of the rows, the figure shown, ARPU bands, and the segment."""

    def __init__(self, *args, today: date | None = None, **kwargs):

        super().__init__(*args, **kwargs)
        self.today = today or data_as_of()
        self.add_period_fields()
        self.add_as_of_field()
        self.fields["dimension"] = forms.ChoiceField(label=_("Rows"), choices=DIMENSIONS, required=False)
        self.fields["metric"] = forms.ChoiceField(label=_("Figure"), choices=METRICS, required=False)
        self.add_saved_segment_field()
        self.add_condition_fields()
        self.fields["arpu_bands"] = forms.CharField(
            label=_("ARPU bands, RUB"),
            required=False,
            help_text=_("Band edges separated by commas, e.g. 300, 600, 1000, 3000, 10000"),
        )
        style_fields(self)

    def clean_arpu_bands(self):
        text = self.cleaned_data.get("arpu_bands") or ""
        try:
            edges = sorted({float(part.replace(" ", "")) for part in split_list(text)})
        except ValueError as exc:
            raise forms.ValidationError(_("Band edges must be numbers separated by commas.")) from exc
        if any(edge <= 0 for edge in edges) or len(edges) > 20:
            raise forms.ValidationError(_("Give up to 20 positive band edges."))
        return edges

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        self.clean_conditions(data)
        self.resolve_as_of(data)
        self.clean_period(data)
        data["dimension"] = data.get("dimension") or "kind"
        data["metric"] = data.get("metric") or "subscribers"
        return data


class SurvivalForm(AsOfMixin, SegmentConditionsMixin, BootstrapMixin, forms.Form):
    """Who is followed (subscribers connected in a range, a segment) and how they are split into curves."""

    def __init__(self, *args, today: date | None = None, **kwargs):

        super().__init__(*args, **kwargs)
        self.today = today or data_as_of()
        self.fields["split"] = forms.ChoiceField(label=_("Split by"), choices=split_choices(), required=False)
        self.fields["split_segment"] = forms.ModelChoiceField(
            label=_("Segment to compare"),
            queryset=SavedSegment.objects.all(),
            required=False,
            help_text=_("For the split by segment: in it against the rest"),
        )
        self.add_saved_segment_field(_("Only segment"))
        self.fields["connected_from"] = forms.DateField(label=_("Connected from"), required=False, widget=DateInput())
        self.fields["connected_to"] = forms.DateField(label=_("Connected to"), required=False, widget=DateInput())
        self.fields["horizon"] = forms.IntegerField(
            label=_("Horizon, months"), min_value=1, max_value=240, required=False, initial=60
        )
        self.fields["margin"] = forms.DecimalField(
            label=_("Margin, %"), min_value=0, max_value=100, required=False, help_text=_("Empty: revenue, not margin")
        )
        self.add_as_of_field()
        self.add_condition_fields()
        style_fields(self)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        self.clean_conditions(data)
        self.resolve_as_of(data)
        data["split"] = data.get("split") or "none"
        data["horizon"] = data.get("horizon") or 60
        if data["split"] == "segment" and not data.get("split_segment"):
            self.add_error("split_segment", _("Choose the segment to compare."))
        if data.get("connected_from") and data.get("connected_to") and data["connected_to"] < data["connected_from"]:
            self.add_error("connected_to", _("The range ends before it starts."))
        return data


class CohortForm(AsOfMixin, PeriodMixin, SegmentConditionsMixin, BootstrapMixin, forms.Form):
    """Acquisition months (the cohorts) and the segment."""

    max_months = 60

    def __init__(self, *args, today: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or data_as_of()
        self.add_period_fields()
        self.add_as_of_field()
        self.add_saved_segment_field()
        self.add_condition_fields()
        style_fields(self)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        self.clean_conditions(data)
        self.resolve_as_of(data)
        if not data.get("start") and not data.get("end") and not data.get("preset"):
            # Cohorts need time to show retention: by default two years of acquisition months.
            this_month = month_start(self.today)
            data["start"], data["end"] = add_months(this_month, -24), add_months(this_month, -1)
        else:
            self.clean_period(data)
        return data


class TariffReportForm(AsOfMixin, PeriodMixin, SegmentConditionsMixin, BootstrapMixin, forms.Form):
    """Tariff distribution and migrations: period and segment; the window that pairs an end with a start."""

    def __init__(self, *args, today: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or data_as_of()
        self.add_period_fields()
        self.add_as_of_field()
        self.add_saved_segment_field()
        self.fields["window"] = forms.IntegerField(
            label=_("Change window, days"),
            min_value=0,
            max_value=31,
            required=False,
            help_text=_("A service ending and another starting within this many days is a tariff change"),
        )
        style_fields(self)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        self.resolve_as_of(data)
        self.clean_period(data)
        data["window"] = data.get("window") if data.get("window") is not None else 7
        return data

    def definitions(self) -> list[dict]:
        saved = self.cleaned_data.get("saved_segment")
        return [saved.definition] if saved and saved.definition else []


class ChurnInflowForm(DiagnosticsForm):
    """The diagnostics' period and segment, without the plan (churn vs inflow has none)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["plan"]
