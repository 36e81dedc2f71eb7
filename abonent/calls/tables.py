import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from abonent.core.tables import ChoiceBadgeColumn, NumberColumn, RegisterTable, UserTable
from abonent.subscribers.tables import PhoneColumn

from .choices import CallOutcome
from .models import AgentInterval, Call, CallType, CallTypeRule, PbxColumnMapping


class CallTable(UserTable):
    """The call register; `select` is the checkbox column for bulk classification (not exported)."""

    select = tables.CheckBoxColumn(accessor="pk", attrs={"input": {"name": "ids", "form": "bulk-form"}})
    started_at = tables.DateTimeColumn(format="d.m.Y H:i", linkify=True)
    caller = PhoneColumn()
    callee = PhoneColumn()
    account = tables.Column(verbose_name=_("Account number"), accessor="subscriber__external_id")
    outcome = ChoiceBadgeColumn(CallOutcome)
    user = tables.Column(order_by=("user__username",))
    call_type = tables.Column(order_by=("call_type__order",))
    export_exclude = ("select",)

    class Meta(RegisterTable.Meta):
        model = Call
        fields = (
            "select",
            "started_at",
            "direction",
            "caller",
            "callee",
            "account",
            "queue",
            "ivr_branch",
            "outcome",
            "wait_seconds",
            "talk_seconds",
            "user",
            "call_type",
        )


class CallTypeTable(RegisterTable):
    order = NumberColumn()
    code = tables.Column(linkify=True)
    name = tables.Column(verbose_name=_("Name"), accessor="name", order_by=("name_ru",), linkify=True)

    class Meta(RegisterTable.Meta):
        model = CallType
        fields = ("order", "code", "name", "callback_priority", "is_missed", "is_archived")


class CallTypeRuleTable(RegisterTable):
    order = NumberColumn()
    value = tables.Column(linkify=True)

    class Meta(RegisterTable.Meta):
        model = CallTypeRule
        fields = ("order", "field", "value", "call_type")


class PbxColumnMappingTable(RegisterTable):
    name = tables.Column(linkify=True)
    columns = tables.Column(orderable=False)

    class Meta(RegisterTable.Meta):
        model = PbxColumnMapping
        fields = ("name", "columns", "datetime_format")

    def render_columns(self, value):
        return format_html("<code>{}</code>", ", ".join(f"{k} ← {v}" for k, v in value.items()))


class AgentIntervalTable(RegisterTable):
    user = tables.Column(verbose_name=_("Employee"))

    class Meta(RegisterTable.Meta):
        model = AgentInterval
        fields = ("started_at", "ended_at", "agent", "user", "queue", "kind", "reason")
