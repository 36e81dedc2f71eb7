from rest_framework import serializers

from abonent.churn.choices import OfferAnswer
from abonent.churn.models import DisconnectionRequest
from abonent.core.api.serializers import HiddenFieldsMixin, ValidatedModelSerializer

from ..models import (
    BonusScheme,
    HoldoutPolicy,
    MatrixEntry,
    Measure,
    RetentionAssignment,
    RetentionOffer,
    RetentionPlan,
)


class MeasureSerializer(HiddenFieldsMixin, ValidatedModelSerializer):
    name = serializers.CharField(read_only=True)
    # Computed (one-off + monthly × months): as many digits as the product has, not a column's.
    total_cost = serializers.DecimalField(max_digits=None, decimal_places=2, read_only=True)

    class Meta:
        model = Measure
        fields = [
            "id",
            "code",
            "name",
            "name_ru",
            "name_en",
            "process",
            "contract_kind",
            "description",
            "cost_one_off",
            "cost_monthly",
            "cost_months",
            "total_cost",
            "grant_role",
            "limit_per_year",
            "order",
            "is_active",
        ]


class MatrixEntrySerializer(ValidatedModelSerializer):
    reason_code = serializers.CharField(source="reason.code", read_only=True)
    measure_code = serializers.CharField(source="measure.code", read_only=True)

    class Meta:
        model = MatrixEntry
        fields = ["id", "reason", "reason_code", "measure", "measure_code", "order"]


class RetentionOfferSerializer(HiddenFieldsMixin, ValidatedModelSerializer):
    measure_code = serializers.CharField(source="measure.code", read_only=True)
    process = serializers.CharField(source="measure.process", read_only=True)

    class Meta:
        model = RetentionOffer
        fields = [
            "id",
            "subscriber",
            "request",
            "measure",
            "measure_code",
            "process",
            "made_by",
            "made_at",
            "answer",
            "answered_at",
            "details",
            "cost",
            "note",
        ]
        read_only_fields = fields


class RecordOfferSerializer(serializers.Serializer):
    """Record an offer on a request at the offer step (the same rules as the request card)."""

    request = serializers.PrimaryKeyRelatedField(queryset=DisconnectionRequest.objects.all())
    measure = serializers.PrimaryKeyRelatedField(queryset=Measure.objects.filter(is_active=True))
    answer = serializers.ChoiceField(choices=OfferAnswer.choices, required=False, allow_blank=True, default="")
    call_back_on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="With the answer «thinking»: the owner's call-back day"
    )
    details = serializers.DictField(child=serializers.CharField(allow_blank=True), required=False, default=dict)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    close = serializers.BooleanField(required=False, default=False)
    confirm_fee_change = serializers.BooleanField(
        required=False,
        default=False,
        help_text="true to record a tariff offer that changes the monthly fee by more than "
        "RETENTION_TARIFF_FEE_WARN_SHARE (otherwise 400 with the change in confirm_fee_change)",
    )


class NoOfferSerializer(serializers.Serializer):
    """A holdout control request goes on without an offer (actions.record_control)."""

    request = serializers.PrimaryKeyRelatedField(queryset=DisconnectionRequest.objects.all())


class AnswerOfferSerializer(serializers.Serializer):
    answer = serializers.ChoiceField(choices=OfferAnswer.choices)
    call_back_on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="With the answer «thinking»: the owner's call-back day"
    )
    close = serializers.BooleanField(required=False, default=False)


class HoldoutPolicySerializer(ValidatedModelSerializer):
    class Meta:
        model = HoldoutPolicy
        fields = ["id", "name", "share_percent", "active_from", "active_to", "control", "standard_measure", "note"]
        extra_kwargs = {"share_percent": {"min_value": 0, "max_value": 50}}


class RetentionAssignmentSerializer(ValidatedModelSerializer):
    class Meta:
        model = RetentionAssignment
        fields = ["id", "request", "policy", "group", "draw", "assigned_at"]
        read_only_fields = fields


class RetentionPlanSerializer(ValidatedModelSerializer):
    class Meta:
        model = RetentionPlan
        fields = ["id", "month", "kept_target", "budget", "non_retention_plan", "note"]


class BonusSchemeSerializer(ValidatedModelSerializer):
    class Meta:
        model = BonusScheme
        fields = [
            "id",
            "role",
            "name",
            "basis",
            "base_bonus",
            "bands",
            "per_kept_above_plan",
            "personal_target",
            "is_active",
        ]
