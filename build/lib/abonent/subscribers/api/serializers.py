from rest_framework import serializers

from abonent.core.api.serializers import ValidatedModelSerializer

from ..models import Payment, Subscriber, Tariff
from ..services import show_phone, show_phones


def _user(serializer):
    request = serializer.context.get("request")
    return getattr(request, "user", None)


class PhoneField(serializers.CharField):
    """A phone as the requesting user may see it (subscribers.services.show_phone): as stored, or masked."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return show_phone(_user(self), value, stored=True)


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
        return show_phones(_user(self), obj.phones)


class PaymentSerializer(ValidatedModelSerializer):
    class Meta:
        model = Payment
        fields = ["id", "external_id", "subscriber", "paid_at", "amount", "channel"]
