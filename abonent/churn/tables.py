import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from abonent.core.tables import ChoiceBadgeColumn, NumberColumn, RegisterTable

from .choices import RequestStatus
from .models import ChurnReason, DisconnectionRequest, ReasonGroup, Script


class ReasonGroupTable(RegisterTable):
    order = NumberColumn()
    code = tables.Column(linkify=True)
    name = tables.Column(verbose_name=_("Name"), accessor="name", order_by=("name_ru",), linkify=True)

    class Meta(RegisterTable.Meta):
        model = ReasonGroup
        fields = ("order", "code", "name", "is_managed", "is_archived")


class ChurnReasonTable(RegisterTable):
    code = tables.Column(linkify=True)
    name = tables.Column(verbose_name=_("Name"), accessor="name", order_by=("name_ru",), linkify=True)
    group = tables.Column(order_by=("group__order",))
    norm_percent = NumberColumn()

    class Meta(RegisterTable.Meta):
        model = ChurnReason
        fields = ("group", "code", "name", "is_managed", "norm_percent", "norm_source", "is_archived")


class ScriptTable(RegisterTable):
    title = tables.Column(verbose_name=_("Title"), accessor="display_title", order_by=("title",), linkify=True)
    group = tables.Column(order_by=("group__order",))

    class Meta(RegisterTable.Meta):
        model = Script
        fields = ("group", "title", "is_default")


class DisconnectionRequestTable(RegisterTable):
    id = tables.Column(verbose_name="№", linkify=True)
    account = tables.Column(verbose_name=_("Account number"), accessor="subscriber__external_id")
    subscriber_name = tables.Column(verbose_name=_("Subscriber"), accessor="subscriber__name")
    status = ChoiceBadgeColumn(RequestStatus)
    reason_group = tables.Column(
        verbose_name=_("Reason group"), accessor="reason__group", order_by=("reason__group__order",)
    )
    reason = tables.Column(order_by=("reason__group__order", "reason__order"))
    agent = tables.Column()
    owner = tables.Column()

    class Meta(RegisterTable.Meta):
        model = DisconnectionRequest
        # An open request past its due date is highlighted (and counted on "My work").
        row_attrs = {"class": lambda record: "table-danger overdue" if record.is_overdue else ""}
        fields = (
            "id",
            "received_at",
            "account",
            "subscriber_name",
            "subscriber_kind",
            "service_type",
            "channel",
            "status",
            "reason_group",
            "reason",
            "agent",
            "owner",
            "due_on",
            "desired_date",
            "closed_at",
        )
