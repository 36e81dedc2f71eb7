import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from abonent.core.tables import ChoiceBadgeColumn, RegisterTable

from .choices import PromiseStatus
from .models import PromiseToPay


class PromiseToPayTable(RegisterTable):
    subscriber = tables.Column(linkify=True)
    account = tables.Column(verbose_name=_("Account number"), accessor="subscriber__external_id")
    status = ChoiceBadgeColumn(PromiseStatus)

    class Meta(RegisterTable.Meta):
        model = PromiseToPay
        fields = ("promised_on", "account", "subscriber", "amount", "due_date", "status", "paid", "agent")
