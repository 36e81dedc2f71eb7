import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from abonent.core.tables import ChoiceBadgeColumn, RegisterTable

from .choices import SubscriberStatus
from .models import Payment, Subscriber, Tariff
from .services import phones_for


class SubscriberTable(RegisterTable):
    accepts = ("user",)
    external_id = tables.Column(linkify=True)
    status = ChoiceBadgeColumn(SubscriberStatus)
    address = tables.Column(verbose_name=_("address"), orderable=False, empty_values=())
    phones = tables.Column(verbose_name=_("phones"), orderable=False)
    arpu = tables.Column(attrs={"td": {"class": "num"}})

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def render_phones(self, value):
        return ", ".join(phones_for(self.user, value))

    def value_phones(self, value):
        return ", ".join(phones_for(self.user, value))

    class Meta(RegisterTable.Meta):
        model = Subscriber
        fields = (
            "external_id",
            "name",
            "kind",
            "status",
            "service_type",
            "tariff",
            "address",
            "phones",
            "connected_on",
            "disconnected_on",
            "churn_reason",
            "arpu",
        )


class TariffTable(RegisterTable):
    code = tables.Column(linkify=True)
    monthly_fee = tables.Column(attrs={"td": {"class": "num"}})

    class Meta(RegisterTable.Meta):
        model = Tariff
        fields = ("code", "name", "service_type", "monthly_fee", "speed_mbps", "is_archived")


class PaymentTable(RegisterTable):
    subscriber = tables.Column(linkify=True)

    class Meta(RegisterTable.Meta):
        model = Payment
        fields = ("paid_at", "subscriber", "amount", "channel", "external_id")
