from django import forms
from django.utils.translation import gettext_lazy as _

from abonent.core.forms import BootstrapMixin, DateInput

from .services import pool_members


class HandOverForm(BootstrapMixin, forms.Form):
    to = forms.ModelChoiceField(
        label=_("Hand to"),
        queryset=None,
        required=False,
        empty_label=_("By the assignment rules"),
        help_text=_("Empty: the first matching rule, else the next retention manager in turn"),
    )
    due_on = forms.DateField(
        label=_("Due date"), required=False, widget=DateInput(), help_text=_("Empty: the request keeps its own")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = pool_members()
        self.fields["to"].label_from_instance = lambda user: user.get_full_name() or user.username
