from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from abonent.churn.models import ReasonGroup, Script
from abonent.core.forms import BootstrapMixin, DateInput, ModelMultipleChoiceField, RegisterForm
from abonent.subscribers.forms import AccountField
from abonent.subscribers.models import SavedSegment

from .choices import WorkList, WorkOutcome
from .models import WorkItem


def _users():
    return get_user_model().objects.filter(is_active=True).order_by("username")


class OutcomeForm(BootstrapMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[("", "—"), *WorkOutcome.choices])
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    next_action_on = forms.DateField(
        label=_("Call again on"), required=False, widget=DateInput(), help_text=_("For «no answer»: keeps it open")
    )


class WorkItemForm(RegisterForm):
    """What may be changed on an item by hand: who works it, when, and why it is on the list.

    `user` without manage_workitem may only take the item or give it back: the responsible is them or nobody.
    """

    class Meta:
        model = WorkItem
        fields = ["assigned_to", "next_action_on", "reason", "script"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and not user.has_perm("worklists.manage_workitem"):
            self.fields["assigned_to"].queryset = _users().filter(pk=user.pk)


class AddWorkItemForm(BootstrapMixin, forms.Form):
    account = AccountField()
    work_list = forms.ChoiceField(label=_("Work list"), choices=WorkList.choices)
    reason = forms.CharField(label=_("Why on the list"), max_length=255, required=False)
    assigned_to = forms.ModelChoiceField(label=_("Responsible"), queryset=_users(), required=False)
    script = forms.ModelChoiceField(label=_("Script"), queryset=Script.objects.all(), required=False)
    next_action_on = forms.DateField(label=_("Next action"), required=False, widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = _users()


class WinbackCampaignForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    period_from = forms.DateField(label=_("Churned from"), widget=DateInput())
    period_to = forms.DateField(label=_("to"), widget=DateInput())
    reason_groups = ModelMultipleChoiceField(
        label=_("Reason groups"),
        queryset=ReasonGroup.objects.filter(is_archived=False),
        required=False,
        help_text=_("None chosen: every group"),
    )
    segment = forms.ModelChoiceField(label=_("Segment"), queryset=SavedSegment.objects.all(), required=False)
    assignees = ModelMultipleChoiceField(
        label=_("Agents"), queryset=_users(), required=False, help_text=_("Subscribers are shared among them in turn")
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignees"].queryset = _users()

    def clean(self):
        data = super().clean()
        if data.get("period_from") and data.get("period_to") and data["period_from"] > data["period_to"]:
            raise forms.ValidationError(_("The period ends before it starts."))
        return data
