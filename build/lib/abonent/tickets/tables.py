import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from abonent.core.tables import ChoiceBadgeColumn, RegisterTable

from .choices import TicketStatus
from .models import Ticket


class TicketTable(RegisterTable):
    number = tables.Column(verbose_name="№", accessor="pk", linkify=lambda record: record.get_absolute_url())
    external_id = tables.Column()
    account = tables.Column(verbose_name=_("Account number"), accessor="subscriber__external_id")
    subscriber_name = tables.Column(verbose_name=_("Subscriber"), accessor="subscriber__name")
    status = ChoiceBadgeColumn(TicketStatus)
    deadline = tables.Column()
    responsible = tables.Column()

    class Meta(RegisterTable.Meta):
        model = Ticket
        fields = (
            "number",
            "external_id",
            "opened_at",
            "account",
            "subscriber_name",
            "kind",
            "urgent",
            "subject",
            "status",
            "deadline",
            "responsible",
            "resolved_at",
            "is_repeat",
        )

    def render_deadline(self, value, record):
        text = timezone.localtime(value).strftime("%d.%m.%Y %H:%M")
        if record.is_overdue:
            # Seed 003: a missed deadline names the person responsible for it.
            return format_html(
                '<span class="text-danger fw-bold">{}</span> <span class="badge text-bg-danger">{}</span>',
                text,
                _("overdue"),
            )
        return text

    def value_deadline(self, value, record):
        return value
