from django import forms
from django.utils.translation import gettext_lazy as _

from abonent.core.forms import BootstrapMixin, DateInput, RegisterForm
from abonent.subscribers.forms import AccountField

from .choices import AgitationAnswer, AgitationChannel
from .models import AnnualContract, ContractOffer


class ContractOfferForm(RegisterForm):
    class Meta:
        model = ContractOffer
        fields = [
            "name",
            "kind",
            "service",
            "benefit",
            "min_tenure_months",
            "min_arpu",
            "cost_monthly",
            "script",
            "is_active",
        ]
        widgets = {"script": forms.Textarea(attrs={"rows": 8})}


class AgitationForm(BootstrapMixin, forms.Form):
    """Recording an offer of a contract and the answer; "accepted" opens a draft contract."""

    account = AccountField()
    terms = forms.ModelChoiceField(label=_("Contract offered"), queryset=ContractOffer.objects.filter(is_active=True))
    channel = forms.ChoiceField(label=_("Channel"), choices=AgitationChannel.choices)
    answer = forms.ChoiceField(label=_("Answer"), choices=AgitationAnswer.choices)
    decline_reason = forms.CharField(label=_("Reason for declining"), max_length=255, required=False)
    follow_up_on = forms.DateField(label=_("Call back on"), required=False, widget=DateInput())
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class AnnualContractForm(RegisterForm):
    """Editing a contract's free fields; dates and status change through the actions."""

    class Meta:
        model = AnnualContract
        fields = ["responsible", "benefit", "note"]


class DraftContractForm(BootstrapMixin, forms.Form):
    account = AccountField()
    terms = forms.ModelChoiceField(label=_("Terms"), queryset=ContractOffer.objects.filter(is_active=True))
    starts_on = forms.DateField(label=_("Starts on"), required=False, widget=DateInput())
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ContractStepForm(BootstrapMixin, forms.Form):
    """One form for every step on a contract; the action decides which fields it needs."""

    on_date = forms.DateField(label=_("Date"), required=False, widget=DateInput())
    reason = forms.CharField(label=_("Reason"), max_length=255, required=False)
    terms = forms.ModelChoiceField(
        label=_("Terms"), queryset=ContractOffer.objects.filter(is_active=True), required=False
    )


class PeriodForm(BootstrapMixin, forms.Form):
    start = forms.DateField(label=_("From"), widget=DateInput())
    end = forms.DateField(label=_("to"), widget=DateInput())

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(_("The period ends before it starts."))
        return data
