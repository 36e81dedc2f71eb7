import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from abonent.core.tables import ChoiceBadgeColumn, NumberColumn, RegisterTable, UserTable

from .choices import SubscriberStatus
from .models import Payment, SavedSegment, ServiceKind, Subscriber, Tariff
from .segments import describe_definition
from .services import show_phones


class PhoneColumn(tables.Column):
    """Phones (one, or comma-separated) as the table's user may see them, on the page and in its export alike.

    The table must be a core.tables.UserTable so that the list view passes it the user.
    """

    def _shown(self, value, table) -> str:
        return ", ".join(show_phones(getattr(table, "user", None), value))

    def render(self, value, table):
        return self._shown(value, table)

    def value(self, value, table):
        return self._shown(value, table)


class SubscriberTable(UserTable):
    external_id = tables.Column(linkify=True)
    status = ChoiceBadgeColumn(SubscriberStatus)
    address = tables.Column(verbose_name=_("address"), orderable=False, empty_values=())
    phones = PhoneColumn(verbose_name=_("phones"), orderable=False)
    arpu = NumberColumn()

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


class ServiceKindTable(RegisterTable):
    order = NumberColumn()
    code = tables.Column(linkify=True)
    name = tables.Column(verbose_name=_("Name"), accessor="name", order_by=("name_ru",), linkify=True)

    class Meta(RegisterTable.Meta):
        model = ServiceKind
        fields = ("order", "code", "name", "aliases", "is_archived")


class TariffTable(RegisterTable):
    code = tables.Column(linkify=True)
    monthly_fee = NumberColumn()

    class Meta(RegisterTable.Meta):
        model = Tariff
        fields = ("code", "name", "service_type", "kind", "monthly_fee", "speed_mbps", "is_archived")


class PaymentTable(RegisterTable):
    subscriber = tables.Column(linkify=True)

    class Meta(RegisterTable.Meta):
        model = Payment
        fields = ("paid_at", "subscriber", "amount", "channel", "external_id")


class SavedSegmentTable(RegisterTable):
    name = tables.Column(linkify=True)
    conditions = tables.Column(verbose_name=_("Conditions"), accessor="definition", orderable=False)
    owner = tables.Column()

    class Meta(RegisterTable.Meta):
        model = SavedSegment
        fields = ("name", "conditions", "description", "owner", "created_at")

    def render_conditions(self, value):
        return "; ".join(f"{label}: {text}" for label, text in describe_definition(value)) or "—"

    def value_conditions(self, value):
        return self.render_conditions(value)
