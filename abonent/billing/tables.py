import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from abonent.core.tables import ChoiceBadgeColumn, RegisterTable

from .choices import ActionKind, ActionState
from .models import BillingAction


class BillingActionTable(RegisterTable):
    """The outbox; `select` ticks actions for "mark sent" (not exported)."""

    select = tables.CheckBoxColumn(accessor="pk", attrs={"input": {"name": "ids", "form": "bulk-form"}})
    id = tables.Column(verbose_name="№", linkify=True)
    created_at = tables.DateTimeColumn(format="d.m.Y H:i")
    kind = ChoiceBadgeColumn(ActionKind)
    account = tables.Column(verbose_name=_("Account number"), accessor="subscriber__external_id")
    subscriber = tables.Column(linkify=True)
    summary = tables.Column(verbose_name=_("parameters"), orderable=False, empty_values=())
    state = ChoiceBadgeColumn(ActionState)
    sent_at = tables.DateTimeColumn(format="d.m.Y H:i")
    export_exclude = ("select",)

    class Meta(RegisterTable.Meta):
        model = BillingAction
        fields = (
            "select",
            "id",
            "created_at",
            "kind",
            "account",
            "subscriber",
            "summary",
            "state",
            "source_text",
            "sent_at",
            "billing_reference",
        )
