import json

from django import forms
from django.conf import settings
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from abonent.churn.choices import OfferAnswer
from abonent.core.forms import BootstrapMixin, DateInput, RegisterForm
from abonent.subscribers.models import Tariff

from .models import BonusScheme, HoldoutPolicy, MatrixEntry, Measure, RetentionPlan


class MeasureForm(RegisterForm):
    class Meta:
        model = Measure
        fields = [
            "code",
            "name_ru",
            "name_en",
            "process",
            "contract_kind",
            "description",
            "cost_one_off",
            "cost_monthly",
            "cost_months",
            "grant_role",
            "limit_per_year",
            "order",
            "is_active",
        ]


class MatrixEntryForm(RegisterForm):
    class Meta:
        model = MatrixEntry
        fields = ["reason", "measure", "order"]


class HoldoutPolicyForm(RegisterForm):
    class Meta:
        model = HoldoutPolicy
        fields = ["name", "share_percent", "active_from", "active_to", "control", "standard_measure", "note"]
        widgets = {"active_from": DateInput(), "active_to": DateInput()}


class RetentionPlanForm(RegisterForm):
    class Meta:
        model = RetentionPlan
        fields = ["month", "kept_target", "budget", "non_retention_plan", "note"]
        widgets = {"month": DateInput()}


class BandsField(forms.CharField):
    """Bands typed as JSON: [[0, 0], [80, 0.8], [100, 1.0], [120, 1.2]]."""

    def prepare_value(self, value):
        return value if isinstance(value, str) else json.dumps(value)

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return []
        try:
            bands = json.loads(value)
        except ValueError as exc:
            raise forms.ValidationError(_("Bands are pairs [from percent, coefficient].")) from exc
        if not isinstance(bands, list) or not all(isinstance(b, list) and len(b) == 2 for b in bands):
            raise forms.ValidationError(_("Bands are pairs [from percent, coefficient]."))
        return bands


class BonusSchemeForm(RegisterForm):
    bands = BandsField(
        label=_("Fulfilment bands"), required=False, help_text=BonusScheme._meta.get_field("bands").help_text
    )

    class Meta:
        model = BonusScheme
        fields = ["role", "name", "basis", "base_bonus", "bands", "per_kept_above_plan", "personal_target", "is_active"]


class MeasureSelect(forms.Select):
    """Options carry the measure's process, so the card shows only the detail fields that process needs."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-process"] = instance.process
        return option


class TariffSelect(forms.Select):
    """Options carry the tariff's monthly fee, so the card warns of a large fee change before it is recorded."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-fee"] = str(instance.monthly_fee)
        return option


class OfferForm(BootstrapMixin, forms.Form):
    """The retention step: a measure from the matrix, the process details it needs, and the answer."""

    measure = forms.ModelChoiceField(label=_("Measure"), queryset=Measure.objects.none(), widget=MeasureSelect)
    answer = forms.ChoiceField(label=_("Answer"), choices=[("", "—"), *OfferAnswer.choices], required=False)
    call_back_on = forms.DateField(
        label=_("Call back on"),
        required=False,
        widget=DateInput(),
        help_text=_("When the subscriber will think: the owner gets a task for this day"),
    )
    starts_on = forms.DateField(
        label=_("From"), required=False, widget=DateInput(), help_text=_("Suspension, annual contract")
    )
    ends_on = forms.DateField(label=_("To"), required=False, widget=DateInput(), help_text=_("Suspension"))
    tariff = forms.ModelChoiceField(
        label=_("New tariff"),
        queryset=Tariff.objects.all(),
        required=False,
        help_text=_("Tariff change"),
        widget=TariffSelect,
    )
    amount = forms.DecimalField(
        label=_("Amount, RUB"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
        help_text=_("Recalculation"),
    )
    address = forms.CharField(label=_("New address"), required=False, max_length=300, help_text=_("Relocation"))
    confirm_fee_change = forms.BooleanField(
        label=_("Confirm the fee change"),
        required=False,
        help_text=_("Needed when the new tariff changes the monthly fee by more than %(share)s %%"),
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    close = forms.BooleanField(
        label=_("Close the request with this outcome when accepted"), required=False, initial=True
    )

    DETAIL_FIELDS = ("starts_on", "ends_on", "tariff", "amount", "address")

    def __init__(self, *args, options=(), subscriber=None, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = [o.measure.pk for o in options if o.allowed]
        self.fields["measure"].queryset = Measure.objects.filter(pk__in=allowed).order_by("order")
        if subscriber is not None:
            # Only tariffs for the subscriber's kind are offered (a residential subscriber never sees «Бизнес 1000»).
            self.fields["tariff"].queryset = Tariff.objects.filter(kind=subscriber.kind, is_archived=False)
            current = subscriber.tariff.monthly_fee if subscriber.tariff_id else None
            # Plain numbers for offer-form.js (never localised): the current fee and the share that needs a tick.
            self.fields["tariff"].widget.attrs.update(
                {
                    "data-current-fee": str(current or ""),
                    "data-warn-share": str(settings.RETENTION_TARIFF_FEE_WARN_SHARE),
                }
            )
        share = formats.number_format(settings.RETENTION_TARIFF_FEE_WARN_SHARE * 100, 0, use_l10n=True)
        self.fields["confirm_fee_change"].help_text = self.fields["confirm_fee_change"].help_text % {"share": share}

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The end is before the start."))
        _check_call_back(self, data)
        return data

    def details(self) -> dict:
        data = self.cleaned_data
        details = {}
        for name in self.DETAIL_FIELDS:
            value = data.get(name)
            if value in (None, ""):
                continue
            details[name] = value.pk if isinstance(value, Tariff) else str(value)
        return details


def _check_call_back(form, data) -> None:
    if data.get("call_back_on") and data.get("answer") != OfferAnswer.THINKING:
        form.add_error("call_back_on", _("A call-back date goes with the answer «Will think»."))


class AnswerOfferForm(BootstrapMixin, forms.Form):
    answer = forms.ChoiceField(label=_("Answer"), choices=OfferAnswer.choices)
    call_back_on = forms.DateField(
        label=_("Call back on"),
        required=False,
        widget=DateInput(),
        help_text=_("When the subscriber will think: the owner gets a task for this day"),
    )
    close = forms.BooleanField(
        label=_("Close the request with this outcome when accepted"), required=False, initial=True
    )

    def clean(self):
        data = super().clean()
        _check_call_back(self, data)
        return data


class PeriodForm(BootstrapMixin, forms.Form):
    start = forms.DateField(label=_("From"), widget=DateInput())
    end = forms.DateField(label=_("to"), widget=DateInput())

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(_("The period ends before it starts."))
        return data


class EffectivenessForm(PeriodForm):
    holdout_days = forms.TypedChoiceField(
        label=_("Holdout horizon"),
        choices=[(30, _("30 days")), (90, _("90 days")), (180, _("180 days"))],
        coerce=int,
        initial=30,
        required=False,
    )


class MonthForm(BootstrapMixin, forms.Form):
    month = forms.DateField(label=_("Month"), widget=DateInput(), help_text=_("Any day of the month"))
