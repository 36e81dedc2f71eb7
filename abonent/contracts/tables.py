import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from abonent.core.tables import ChoiceBadgeColumn, NumberColumn, RegisterTable, UserTable
from abonent.subscribers.models import Subscriber

from .choices import AgitationAnswer, ContractStatus
from .models import Agitation, AnnualContract, ContractOffer


class ContractOfferTable(UserTable):
    name = tables.Column(linkify=True)
    cost_monthly = NumberColumn()
    min_arpu = NumberColumn()

    class Meta(RegisterTable.Meta):
        model = ContractOffer
        fields = ("name", "kind", "service", "min_tenure_months", "min_arpu", "cost_monthly", "is_active")


class AgitationTable(RegisterTable):
    offered_at = tables.DateTimeColumn(format="d.m.Y H:i", linkify=True)
    account = tables.Column(verbose_name=_("Account number"), accessor="subscriber__external_id")
    subscriber_name = tables.Column(verbose_name=_("Subscriber"), accessor="subscriber__name")
    terms = tables.Column()
    answer = ChoiceBadgeColumn(AgitationAnswer)

    class Meta(RegisterTable.Meta):
        model = Agitation
        fields = (
            "offered_at",
            "account",
            "subscriber_name",
            "terms",
            "channel",
            "offered_by",
            "answer",
            "decline_reason",
            "follow_up_on",
        )


class AnnualContractTable(UserTable):
    id = tables.Column(verbose_name="№", linkify=True)
    account = tables.Column(verbose_name=_("Account number"), accessor="subscriber__external_id")
    subscriber_name = tables.Column(verbose_name=_("Subscriber"), accessor="subscriber__name")
    status = ChoiceBadgeColumn(ContractStatus)
    cost_monthly = NumberColumn()

    class Meta(RegisterTable.Meta):
        model = AnnualContract
        fields = (
            "id",
            "account",
            "subscriber_name",
            "kind",
            "service",
            "status",
            "signed_on",
            "starts_on",
            "ends_on",
            "ended_on",
            "responsible",
            "cost_monthly",
        )


class EligibleTable(RegisterTable):
    external_id = tables.Column(verbose_name=_("Account number"), linkify=True)
    name = tables.Column()
    service_type = tables.Column()
    connected_on = tables.DateColumn(format="d.m.Y")
    tariff = tables.Column()
    arpu = NumberColumn()
    last_offered_at = tables.DateTimeColumn(verbose_name=_("Last offered"), format="d.m.Y", orderable=True)
    last_answer = tables.Column(verbose_name=_("Last answer"))
    offer = tables.TemplateColumn(
        verbose_name="",
        orderable=False,
        template_name="contracts/_offer_button.html",
    )
    export_exclude = ("offer",)

    class Meta(RegisterTable.Meta):
        model = Subscriber
        fields = (
            "external_id",
            "name",
            "service_type",
            "connected_on",
            "tariff",
            "arpu",
            "last_offered_at",
            "last_answer",
        )

    def render_last_answer(self, value):
        return dict(AgitationAnswer.choices).get(value, value)


class RenewalTable(AnnualContractTable):
    days_left = tables.Column(verbose_name=_("Days left"), accessor="ends_on", orderable=False)

    class Meta(AnnualContractTable.Meta):
        fields = ("id", "account", "subscriber_name", "kind", "service", "starts_on", "ends_on", "responsible")
        sequence = ("id", "account", "subscriber_name", "kind", "service", "starts_on", "ends_on", "days_left")

    def render_days_left(self, value):
        from django.utils import timezone

        return (value - timezone.localdate()).days

    def value_days_left(self, value):
        return self.render_days_left(value)
