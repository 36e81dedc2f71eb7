from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from abonent.core.forms import BootstrapMixin, DateInput, RegisterForm, style_fields
from abonent.subscribers.forms import AccountField
from abonent.subscribers.models import Tariff

from .choices import Coverage
from .models import PROCESS_MODELS, FormTemplate, ProcessSettings

COMMON = ["responsible", "deadline", "note"]
# The fields a user types for each process (the rest is set by the steps).
FIELDS = {
    "tariffchange": ["to_tariff", "effective_on"],
    "recalculation": ["amount", "reason", "period_start", "period_end"],
    "urgentrepair": ["problem"],
    "claim": ["received_on", "subject", "text", "demand"],
    "relocation": ["new_address", "connection_on"],
    "reactivation": [],
    "suspension": ["starts_on", "ends_on"],
    "equipmentreturn": ["items"],
    "bonuscard": ["card_number", "amount", "level"],
}


class ProcessForm(RegisterForm):
    """Opening (account number) or editing a process record; the state moves only through the card's steps."""

    account = AccountField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["account"]
            if "to_tariff" in self.fields:
                # Only tariffs for the subscriber's kind (TariffChange.clean refuses the others on opening too).
                self.fields["to_tariff"].queryset = Tariff.objects.filter(kind=self.instance.subscriber.kind)
        self.fields["responsible"].queryset = get_user_model().objects.filter(is_active=True).order_by("username")
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = DateInput(attrs={"class": "form-control form-control-sm"})


def _form_for(model):
    fields = ["account", *FIELDS[model._meta.model_name], *COMMON]
    meta = type("Meta", (), {"model": model, "fields": [f for f in fields if f != "account"]})
    return type(f"{model.__name__}Form", (ProcessForm,), {"Meta": meta, "__module__": __name__})


FORMS = {model: _form_for(model) for model in PROCESS_MODELS}
for _form in FORMS.values():
    globals()[_form.__name__] = _form


STEP_FIELDS = {
    "effective_on": lambda: forms.DateField(label=_("Effective from"), required=False, widget=DateInput()),
    "credited_on": lambda: forms.DateField(label=_("Credited on"), required=False, widget=DateInput()),
    "answer_text": lambda: forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 3})),
    "answered_on": lambda: forms.DateField(label=_("Answered on"), required=False, widget=DateInput()),
    "coverage": lambda: forms.ChoiceField(label=_("Coverage"), choices=Coverage.choices),
    "connection_on": lambda: forms.DateField(label=_("Connection date"), widget=DateInput()),
    "done_on": lambda: forms.DateField(label=_("Done on"), required=False, widget=DateInput()),
    "returned_on": lambda: forms.DateField(label=_("Returned on"), required=False, widget=DateInput()),
    "activated_on": lambda: forms.DateField(label=_("Activated on"), required=False, widget=DateInput()),
    "confirm_fee_change": lambda: forms.BooleanField(
        label=_("Confirm the fee change"),
        required=False,
        help_text=_("Needed when the new tariff changes the monthly fee by more than the set share"),
    ),
}


class StepForm(BootstrapMixin, forms.Form):
    """The small form of one step: its own fields and a note."""

    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 1}))

    def __init__(self, *args, step, **kwargs):
        self.step = step
        super().__init__(*args, **kwargs)
        for name in reversed(step.fields):
            self.fields[name] = STEP_FIELDS[name]()
            self.order_fields([*step.fields, "note"])

        style_fields(self)


class FormTemplateForm(RegisterForm):
    class Meta:
        model = FormTemplate
        fields = ["kind", "title", "header", "body", "footer"]
        widgets = {
            "header": forms.Textarea(attrs={"rows": 7}),
            "body": forms.Textarea(attrs={"rows": 14}),
            "footer": forms.Textarea(attrs={"rows": 4}),
        }


class ProcessSettingsForm(RegisterForm):
    class Meta:
        model = ProcessSettings
        fields = [
            "operator_name",
            "director_name",
            "recalculation_limit",
            "claim_answer_days",
            "suspension_reminder_days",
        ]
