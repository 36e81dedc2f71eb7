import json

from django import forms
from django.utils.translation import gettext_lazy as _

from abonent.calls.models import Call
from abonent.core.forms import BootstrapMixin, RegisterForm, style_fields

from .choices import CallOutcome
from .models import CallType, CallTypeRule, PbxColumnMapping
from .parsers import PBX_FIELDS, PBX_REQUIRED


class CallTypeForm(RegisterForm):
    class Meta:
        model = CallType
        fields = ["code", "name_ru", "name_en", "order", "callback_priority", "is_missed", "is_archived"]


class CallTypeRuleForm(RegisterForm):
    class Meta:
        model = CallTypeRule
        fields = ["order", "field", "value", "call_type"]


class PbxColumnMappingForm(RegisterForm):
    """One text box per call field: the header of the column that holds it in this PBX's export."""

    class Meta:
        model = PbxColumnMapping
        fields = ["name", "datetime_format", "outcome_values"]
        widgets = {"outcome_values": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        columns = self.instance.columns or {}

        for name in PBX_FIELDS:
            label = Call._meta.get_field(name).verbose_name if name != "call_id" else _("call id")
            self.fields[f"column_{name}"] = forms.CharField(
                label=_("Column for «%(field)s»") % {"field": label},
                required=name in PBX_REQUIRED,
                initial=columns.get(name, ""),
                max_length=200,
            )
        self.fields["outcome_values"].help_text = _(
            "JSON: the file's status → answered, abandoned, no_answer, busy, failed, congestion, timeout; "
            'e.g. {"Принят": "answered"}'
        )
        self.fields["datetime_format"].help_text = _("E.g. %(example)s; empty: the usual formats are tried") % {
            "example": "%d.%m.%Y %H:%M:%S"
        }

        style_fields(self)

    def clean_outcome_values(self):
        value = self.cleaned_data["outcome_values"]
        if isinstance(value, str):
            value = json.loads(value or "{}")

        bad = [v for v in (value or {}).values() if v not in CallOutcome.values]
        if bad:
            raise forms.ValidationError(_("Unknown outcome: %(values)s") % {"values": ", ".join(map(str, bad))})
        return value or {}

    def save(self, commit=True):
        self.instance.columns = {
            name: self.cleaned_data[f"column_{name}"].strip()
            for name in PBX_FIELDS
            if self.cleaned_data.get(f"column_{name}", "").strip()
        }
        return super().save(commit)


class ClassifyForm(BootstrapMixin, forms.Form):
    call_type = forms.ModelChoiceField(label=_("Call type"), queryset=CallType.objects.filter(is_archived=False))
