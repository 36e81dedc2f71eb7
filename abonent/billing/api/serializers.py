from rest_framework import serializers

from abonent.core.api.serializers import ValidatedModelSerializer

from ..models import BillingAction


class BillingActionSerializer(ValidatedModelSerializer):
    """An action as billing reads it (the API, the webhook's body): the account number beside the subscriber's id."""

    account = serializers.CharField(source="subscriber.external_id", read_only=True)

    class Meta:
        model = BillingAction
        fields = [
            "id",
            "kind",
            "state",
            "subscriber",
            "account",
            "parameters",
            "key",
            "source_text",
            "created_at",
            "sent_at",
            "sent_via",
            "settled_at",
            "billing_reference",
            "billing_message",
        ]
        read_only_fields = fields


class AckSerializer(serializers.Serializer):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1), min_length=1, max_length=10_000
    )
    reference = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class AckResultSerializer(serializers.Serializer):
    sent = serializers.ListField(child=serializers.IntegerField(), help_text="Marked sent now.")
    already = serializers.ListField(child=serializers.IntegerField(), help_text="Sent before: nothing changed.")
    refused = serializers.DictField(child=serializers.CharField(), help_text="Cancelled: not to be carried out.")
    unknown = serializers.ListField(child=serializers.IntegerField())


class SettleSerializer(serializers.Serializer):
    reference = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    message = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
