from decimal import Decimal

from django import forms
from django.forms.models import ModelChoiceIterator
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from abonent.core.forms import BootstrapMixin, DateInput, RegisterForm
from abonent.subscribers.forms import AccountField
from abonent.subscribers.service_kinds import offered_service_type_choices

from .choices import NormSource, OfferAnswer, OutcomeDetail, RequestChannel, RequestStatus
from .models import ChurnReason, ReasonGroup, Script


class ReasonGroupForm(RegisterForm):
    class Meta:
        model = ReasonGroup
        fields = ["code", "name_ru", "name_en", "order", "is_managed", "is_archived"]


class ChurnReasonForm(RegisterForm):
    class Meta:
        model = ChurnReason
        fields = ["group", "code", "name_ru", "name_en", "is_managed", "norm_percent", "order", "is_archived"]

    def save(self, commit=True):
        # A norm typed here is the head's own figure, no longer the template's or the history's.
        if self.instance.pk is None or "norm_percent" in self.changed_data:
            self.instance.norm_source = NormSource.MANUAL
        return super().save(commit)


class ScriptForm(RegisterForm):
    class Meta:
        model = Script
        fields = ["group", "title", "title_en", "body_ru", "body_en"]
        widgets = {"body_ru": forms.Textarea(attrs={"rows": 16}), "body_en": forms.Textarea(attrs={"rows": 16})}


class DisconnectionRequestForm(BootstrapMixin, forms.Form):
    """Receiving a request: the subscriber is found by account number; the agent is the user receiving it."""

    account = AccountField()
    channel = forms.ChoiceField(label=_("Channel"), choices=RequestChannel.choices)
    received_at = forms.DateTimeField(
        label=_("Received at"), widget=forms.DateTimeInput(format="%Y-%m-%dT%H:%M"), initial=timezone.localtime
    )
    desired_date = forms.DateField(label=_("Desired disconnection date"), required=False, widget=DateInput())
    service_type = forms.ChoiceField(
        label=_("Service type"),
        choices=lambda: [("", _("As the subscriber's current one")), *offered_service_type_choices()],
        required=False,
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class GroupedReasonIterator(ModelChoiceIterator):
    """Reasons as <optgroup>s by reason group, in classifier order."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        groups: dict = {}
        for reason in self.queryset:
            groups.setdefault(reason.group, []).append(self.choice(reason))
        for group, choices in groups.items():
            yield (str(group), choices)


class GroupedReasonField(forms.ModelChoiceField):
    iterator = GroupedReasonIterator


class EstablishReasonForm(BootstrapMixin, forms.Form):
    reason = GroupedReasonField(
        label=_("Reason"),
        queryset=ChurnReason.objects.filter(is_archived=False, group__is_archived=False).select_related("group"),
    )
    comment = forms.CharField(label=_("Subscriber's words"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Choosing a reason loads its group's script next to the form.
        self.fields["reason"].widget.attrs.update(
            {
                "hx-get": reverse_lazy("churn:script_panel"),
                "hx-trigger": "change",
                "hx-target": "#script-panel",
                "hx-swap": "innerHTML",
            }
        )


class MakeOfferForm(BootstrapMixin, forms.Form):
    offer = forms.CharField(
        label=_("Retention offer"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The measure offered: suspension, relocation, tariff change, repair, recalculation…"),
    )
    answer = forms.ChoiceField(
        label=_("Answer to the offer"), choices=[("", "—"), *OfferAnswer.choices], required=False
    )
    call_back_on = forms.DateField(
        label=_("Call back on"),
        required=False,
        widget=DateInput(),
        help_text=_("When the subscriber will think: the owner gets a task for this day"),
    )

    def clean(self):
        data = super().clean()
        if data.get("call_back_on") and data.get("answer") != OfferAnswer.THINKING:
            self.add_error("call_back_on", _("A call-back date goes with the answer «Will think»."))
        return data


class CloseRequestForm(BootstrapMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=())
    on_date = forms.DateField(
        label=_("Disconnected on"),
        required=False,
        widget=DateInput(),
        help_text=_("For a disconnection; today when empty"),
    )
    outcome_detail = forms.ChoiceField(
        label=_("Outcome detail"),
        choices=[("", "—"), *OutcomeDetail.choices],
        required=False,
        help_text=_("Retained with no accepted offer: choose «Kept without an offer»"),
    )
    note = forms.CharField(label=_("Outcome note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, outcomes: list[str] = (), **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(RequestStatus.choices)
        self.fields["outcome"].choices = [(value, labels[value]) for value in outcomes]
        if RequestStatus.DISCONNECTED not in outcomes:
            del self.fields["on_date"]
        if RequestStatus.RETAINED not in outcomes:
            del self.fields["outcome_detail"]


class NormsForm(BootstrapMixin, forms.Form):
    """Every current reason's norm on one page, one field per reason (`norm_<pk>`)."""

    def __init__(self, *args, reasons: list[ChurnReason], **kwargs):
        super().__init__(*args, **kwargs)
        self.reasons = reasons
        for reason in reasons:
            self.fields[f"norm_{reason.pk}"] = forms.DecimalField(
                label=reason.name,
                min_value=0,
                max_value=100,
                max_digits=5,
                decimal_places=2,
                initial=reason.norm_percent,
                widget=forms.NumberInput(attrs={"step": "0.01", "class": "norm-input text-end"}),
            )

    def rows(self):
        for reason in self.reasons:
            yield reason, self[f"norm_{reason.pk}"]

    def norms(self) -> dict[int, Decimal]:
        return {reason.pk: self.cleaned_data[f"norm_{reason.pk}"] for reason in self.reasons}


class BaselineForm(BootstrapMixin, forms.Form):
    start = forms.DateField(label=_("Baseline from"), widget=DateInput())
    end = forms.DateField(label=_("to"), widget=DateInput())

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(_("The baseline ends before it starts."))
        return data
