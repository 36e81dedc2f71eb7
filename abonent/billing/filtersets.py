import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from abonent.core.filtersets import DateFromToFilter, RegisterFilterSet

from .choices import ActionKind, ActionState
from .models import BillingAction


class BillingActionFilterSet(RegisterFilterSet):
    search_fields = ("subscriber__external_id", "subscriber__name", "source_text", "billing_reference")
    state = django_filters.MultipleChoiceFilter(choices=ActionState.choices, label=_("state"))
    kind = django_filters.MultipleChoiceFilter(choices=ActionKind.choices, label=_("action"))
    created = DateFromToFilter(field_name="created_at__date", label=_("created"))
    sent = DateFromToFilter(field_name="sent_at__date", label=_("sent"))
    # By id, as the subscriber card's "all actions" link and the API give it: no drop-down of the whole base.
    subscriber = django_filters.NumberFilter(
        field_name="subscriber_id", label="", widget=forms.HiddenInput, min_value=1, max_value=2**63 - 1
    )

    class Meta:
        model = BillingAction
        fields = ["q", "state", "kind", "created", "sent", "subscriber"]
