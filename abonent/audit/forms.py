import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from abonent.core.forms import BootstrapMixin, DateInput, RegisterForm, ReportDateField

from .metrics import METRIC_LIST
from .models import AuditTarget


class AuditTargetForm(RegisterForm):
    class Meta:
        model = AuditTarget
        fields = ["code", "target", "amber", "direction", "note"]

    def __init__(self, *args, **kwargs):

        super().__init__(*args, **kwargs)
        self.fields["code"] = forms.ChoiceField(
            label=_("Metric"), choices=[(m.code, f"{m.name} ({m.code})") for m in METRIC_LIST]
        )
        self.fields["code"].widget.attrs["class"] = "form-select form-select-sm"


def default_period() -> tuple[dt.date, dt.date]:
    """The last three whole months."""
    first_of_month = timezone.localdate().replace(day=1)
    end = first_of_month - dt.timedelta(days=1)
    year, month = divmod(first_of_month.year * 12 + first_of_month.month - 1 - 3, 12)
    return dt.date(year, month + 1, 1), end


class PeriodForm(BootstrapMixin, forms.Form):
    start = ReportDateField(label=_("From"), widget=DateInput(), required=False)
    end = ReportDateField(label=_("To"), widget=DateInput(), required=False)

    def clean(self):
        data = super().clean()
        start, end = default_period()
        data["start"] = data.get("start") or start
        data["end"] = data.get("end") or end
        if data["end"] < data["start"]:
            raise forms.ValidationError(_("The period ends before it starts."))
        return data
