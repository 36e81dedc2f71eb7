from rest_framework import serializers

from abonent.core.api.serializers import HiddenFieldsMixin, ValidatedModelSerializer
from abonent.subscribers.models import Subscriber

from ..choices import AgitationAnswer, AgitationChannel
from ..models import Agitation, AnnualContract, ContractOffer


class ContractOfferSerializer(HiddenFieldsMixin, ValidatedModelSerializer):
    class Meta:
        model = ContractOffer
        fields = [
            "id",
            "name",
            "kind",
            "service",
            "benefit",
            "min_tenure_months",
            "min_arpu",
            "cost_monthly",
            "script",
            "is_active",
        ]


class AgitationSerializer(ValidatedModelSerializer):
    account = serializers.CharField(source="subscriber.external_id", read_only=True)

    class Meta:
        model = Agitation
        fields = [
            "id",
            "subscriber",
            "account",
            "terms",
            "offered_at",
            "offered_by",
            "channel",
            "answer",
            "decline_reason",
            "follow_up_on",
            "note",
        ]
        read_only_fields = fields


class AgitationCreateSerializer(serializers.Serializer):
    subscriber = serializers.PrimaryKeyRelatedField(queryset=Subscriber.objects.all())
    terms = serializers.PrimaryKeyRelatedField(queryset=ContractOffer.objects.filter(is_active=True))
    answer = serializers.ChoiceField(choices=AgitationAnswer.choices)
    channel = serializers.ChoiceField(choices=AgitationChannel.choices, default=AgitationChannel.PHONE)
    decline_reason = serializers.CharField(required=False, allow_blank=True, default="")
    follow_up_on = serializers.DateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class AnnualContractSerializer(HiddenFieldsMixin, ValidatedModelSerializer):
    account = serializers.CharField(source="subscriber.external_id", read_only=True)

    class Meta:
        model = AnnualContract
        fields = [
            "id",
            "subscriber",
            "account",
            "terms",
            "kind",
            "service",
            "benefit",
            "cost_monthly",
            "status",
            "signed_on",
            "starts_on",
            "ends_on",
            "ended_on",
            "termination_reason",
            "responsible",
            "agitation",
            "renewal_of",
            "note",
            "created_at",
        ]
        read_only_fields = fields


class ContractCreateSerializer(serializers.Serializer):
    subscriber = serializers.PrimaryKeyRelatedField(queryset=Subscriber.objects.all())
    terms = serializers.PrimaryKeyRelatedField(queryset=ContractOffer.objects.filter(is_active=True))
    starts_on = serializers.DateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ContractStepSerializer(serializers.Serializer):
    """Parameters of a step: `on_date` (sign: new start; terminate: the day), `reason`, `terms` (renew)."""

    on_date = serializers.DateField(required=False, allow_null=True, default=None)
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    terms = serializers.PrimaryKeyRelatedField(
        queryset=ContractOffer.objects.filter(is_active=True), required=False, allow_null=True, default=None
    )
