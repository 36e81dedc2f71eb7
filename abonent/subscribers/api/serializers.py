from rest_framework import serializers

from abonent.core.api.serializers import ValidatedModelSerializer

from ..models import Payment, Subscriber, Tariff
from ..services import phones_for


class TariffSerializer(ValidatedModelSerializer):
    class Meta:
        model = Tariff
        fields = ["id", "code", "name", "service_type", "monthly_fee", "speed_mbps", "is_archived"]


class SubscriberSerializer(ValidatedModelSerializer):
    phones = serializers.SerializerMethodField()
    url = serializers.HyperlinkedIdentityField(view_name="subscribers-api:subscriber-detail")

    class Meta:
        model = Subscriber
        fields = [
            "id",
            "url",
            "external_id",
            "kind",
            "name",
            "phones",
            "city",
            "district",
            "street",
            "building",
            "flat",
            "connected_on",
            "status",
            "disconnected_on",
            "churn_reason",
            "service_type",
            "tariff",
            "arpu",
        ]

    def get_phones(self, obj) -> list[str]:
        request = self.context.get("request")
        return phones_for(request.user if request else None, obj.phones)


class PaymentSerializer(ValidatedModelSerializer):
    class Meta:
        model = Payment
        fields = ["id", "external_id", "subscriber", "paid_at", "amount", "channel"]
