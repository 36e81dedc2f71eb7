from django.utils.translation import gettext as _
from rest_framework import serializers

from abonent.core.api.serializers import ValidatedModelSerializer
from abonent.subscribers.api.serializers import ServiceTypeField, subscriber_from_account
from abonent.subscribers.models import Subscriber

from ..choices import NormSource, OfferAnswer, OutcomeDetail, RequestChannel, RequestStatus
from ..models import ChurnReason, DisconnectionRequest, ReasonGroup, Script


class ReasonGroupSerializer(ValidatedModelSerializer):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = ReasonGroup
        fields = ["id", "code", "name", "name_ru", "name_en", "order", "is_managed", "is_archived"]


class ChurnReasonSerializer(ValidatedModelSerializer):
    name = serializers.CharField(read_only=True)
    group_code = serializers.CharField(source="group.code", read_only=True)

    class Meta:
        model = ChurnReason
        fields = [
            "id",
            "code",
            "group",
            "group_code",
            "name",
            "name_ru",
            "name_en",
            "is_managed",
            "norm_percent",
            "norm_source",
            "order",
            "is_archived",
        ]
        read_only_fields = ["norm_source"]
        extra_kwargs = {"norm_percent": {"min_value": 0, "max_value": 100}}

    def create(self, validated_data):
        validated_data["norm_source"] = NormSource.MANUAL
        return super().create(validated_data)

    def update(self, instance, validated_data):
        # A norm set through the API is the head's own figure, like one typed on the norms page.
        if "norm_percent" in validated_data and validated_data["norm_percent"] != instance.norm_percent:
            validated_data["norm_source"] = NormSource.MANUAL
        return super().update(instance, validated_data)


class NormProposalSerializer(serializers.Serializer):
    reason_id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    group_name = serializers.CharField()
    is_managed = serializers.BooleanField()
    current_norm = serializers.DecimalField(max_digits=5, decimal_places=2)
    current_source = serializers.CharField()
    proposed = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    median_share = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    min_share = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    max_share = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)


class ScriptSerializer(ValidatedModelSerializer):
    class Meta:
        model = Script
        fields = ["id", "group", "title", "title_en", "body_ru", "body_en", "is_default"]
        read_only_fields = ["is_default"]


class DisconnectionRequestSerializer(ValidatedModelSerializer):
    """A request as read; it is created with DisconnectionRequestCreateSerializer and moved by the step actions."""

    url = serializers.HyperlinkedIdentityField(view_name="churn-api:disconnectionrequest-detail")
    account = serializers.CharField(source="subscriber.external_id", read_only=True)
    subscriber_name = serializers.CharField(source="subscriber.name", read_only=True)
    service_type = ServiceTypeField(required=False, allow_blank=True)
    reason_code = serializers.CharField(source="reason.code", read_only=True, default=None)
    reason_group = serializers.CharField(source="reason.group.code", read_only=True, default=None)
    agent = serializers.SlugRelatedField(slug_field="username", read_only=True)
    owner = serializers.SlugRelatedField(slug_field="username", read_only=True)
    reason_established_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    offer_made_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    closed_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = DisconnectionRequest
        fields = [
            "id",
            "url",
            "subscriber",
            "account",
            "subscriber_name",
            "subscriber_kind",
            "service_type",
            "received_at",
            "channel",
            "desired_date",
            "note",
            "agent",
            "owner",
            "due_on",
            "status",
            "reason",
            "reason_code",
            "reason_group",
            "reason_comment",
            "reason_established_at",
            "reason_established_by",
            "offer",
            "offer_answer",
            "offer_made_at",
            "offer_made_by",
            "closed_at",
            "closed_by",
            "outcome_note",
            "outcome_detail",
        ]
        read_only_fields = fields


class DisconnectionRequestCreateSerializer(serializers.Serializer):
    """Receiving a request: the subscriber by id or by account number; the API user becomes the agent."""

    subscriber = serializers.PrimaryKeyRelatedField(queryset=Subscriber.objects.all(), required=False)
    account = serializers.CharField(required=False, help_text="The subscriber's account number")
    channel = serializers.ChoiceField(choices=RequestChannel.choices)
    received_at = serializers.DateTimeField(required=False)
    desired_date = serializers.DateField(required=False, allow_null=True)
    service_type = ServiceTypeField(required=False, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True)

    def validate(self, attrs):
        return subscriber_from_account(attrs)


class EstablishReasonSerializer(serializers.Serializer):
    reason = serializers.PrimaryKeyRelatedField(queryset=ChurnReason.objects.all(), required=False)
    reason_code = serializers.SlugRelatedField(
        slug_field="code", queryset=ChurnReason.objects.all(), required=False, source="reason_by_code"
    )
    comment = serializers.CharField(required=False, allow_blank=True, default="")

    def validate(self, attrs):
        reason = attrs.pop("reason_by_code", None) or attrs.get("reason")
        if reason is None:
            raise serializers.ValidationError({"reason": _("Give the reason (id) or reason_code.")})
        attrs["reason"] = reason
        return attrs


class MakeOfferSerializer(serializers.Serializer):
    offer = serializers.CharField()
    answer = serializers.ChoiceField(choices=OfferAnswer.choices, required=False, allow_blank=True, default="")
    call_back_on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="With the answer «thinking»: the owner's call-back day"
    )


class CloseRequestSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(
        choices=[(v, dict(RequestStatus.choices)[v]) for v in RequestStatus.closed_values()]
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")
    on_date = serializers.DateField(required=False, allow_null=True, default=None)
    outcome_detail = serializers.ChoiceField(
        choices=OutcomeDetail.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text="kept_without_offer: retained although no offer was accepted (otherwise retained needs one)",
    )
