import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from abonent.churn.choices import OfferAnswer
from abonent.core.tables import ChoiceBadgeColumn, RegisterTable, UserTable

from .choices import AssignmentGroup
from .models import BonusScheme, HoldoutPolicy, MatrixEntry, Measure, RetentionAssignment, RetentionOffer, RetentionPlan


class MeasureTable(UserTable):
    code = tables.Column(linkify=True)
    name = tables.Column(verbose_name=_("Name"), accessor="name", order_by=("name_ru",), linkify=True)
    total_cost = tables.Column(
        verbose_name=_("Cost of one offer, RUB"), orderable=False, attrs={"td": {"class": "num"}}
    )

    class Meta(RegisterTable.Meta):
        model = Measure
        fields = (
            "order",
            "code",
            "name",
            "process",
            "contract_kind",
            "cost_one_off",
            "cost_monthly",
            "cost_months",
            "total_cost",
            "grant_role",
            "limit_per_year",
            "is_active",
        )


class MatrixEntryTable(RegisterTable):
    id = tables.Column(verbose_name="№", linkify=True)
    reason = tables.Column(order_by=("reason__group__order", "reason__order"))
    measure = tables.Column(order_by=("measure__order",))

    class Meta(RegisterTable.Meta):
        model = MatrixEntry
        fields = ("id", "reason", "order", "measure")


class RetentionOfferTable(UserTable):
    id = tables.Column(verbose_name="№", linkify=True)
    account = tables.Column(verbose_name=_("Account number"), accessor="subscriber__external_id")
    subscriber_name = tables.Column(verbose_name=_("Subscriber"), accessor="subscriber__name")
    request = tables.Column(verbose_name=_("Request"), accessor="request_id")
    reason = tables.Column(verbose_name=_("Reason"), accessor="request__reason", orderable=False)
    answer = ChoiceBadgeColumn(OfferAnswer)
    made_by = tables.Column()

    class Meta(RegisterTable.Meta):
        model = RetentionOffer
        fields = (
            "id",
            "made_at",
            "account",
            "subscriber_name",
            "request",
            "reason",
            "measure",
            "answer",
            "cost",
            "made_by",
        )


class HoldoutPolicyTable(RegisterTable):
    name = tables.Column(linkify=True)

    class Meta(RegisterTable.Meta):
        model = HoldoutPolicy
        fields = ("name", "share_percent", "active_from", "active_to", "control", "standard_measure")


class RetentionAssignmentTable(RegisterTable):
    request = tables.Column(linkify=lambda record: record.request.get_absolute_url())
    group = ChoiceBadgeColumn(AssignmentGroup)

    class Meta(RegisterTable.Meta):
        model = RetentionAssignment
        fields = ("assigned_at", "request", "policy", "group", "draw")


class RetentionPlanTable(RegisterTable):
    month = tables.DateColumn(format="m.Y", linkify=True)

    class Meta(RegisterTable.Meta):
        model = RetentionPlan
        fields = ("month", "kept_target", "budget", "non_retention_plan", "note")


class BonusSchemeTable(RegisterTable):
    name = tables.Column(linkify=True)

    class Meta(RegisterTable.Meta):
        model = BonusScheme
        fields = ("name", "role", "basis", "base_bonus", "bands", "per_kept_above_plan", "personal_target", "is_active")
