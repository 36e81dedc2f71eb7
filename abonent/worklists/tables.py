import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from abonent.core.tables import RegisterTable

from .models import Campaign, WorkItem


class WorkItemTable(RegisterTable):
    id = tables.Column(verbose_name="№", linkify=True)
    work_list = tables.Column()
    account = tables.Column(verbose_name=_("Account number"), accessor="subscriber__external_id")
    subscriber_name = tables.Column(verbose_name=_("Subscriber"), accessor="subscriber__name", linkify=False)
    subscriber_status = tables.Column(verbose_name=_("Subscriber status"), accessor="subscriber__status")
    next_action_on = tables.DateColumn(format="d.m.Y")
    campaign = tables.Column()

    class Meta(RegisterTable.Meta):
        model = WorkItem
        row_attrs = {"class": lambda record: "table-danger overdue" if record.is_overdue else ""}
        fields = (
            "id",
            "work_list",
            "account",
            "subscriber_name",
            "subscriber_status",
            "reason",
            "assigned_to",
            "next_action_on",
            "status",
            "outcome",
            "campaign",
            "created_at",
        )

    def render_subscriber_status(self, record):
        return record.subscriber.get_status_display()

    def value_subscriber_status(self, record):
        return record.subscriber.get_status_display()


class CampaignTable(RegisterTable):
    name = tables.Column(linkify=True)
    items = tables.Column(verbose_name=_("Subscribers"), accessor="item_count", attrs={"td": {"class": "num"}})
    created_by = tables.Column(verbose_name=_("created by"))

    class Meta(RegisterTable.Meta):
        model = Campaign
        fields = ("name", "work_list", "period_from", "period_to", "items", "created_at", "created_by")
