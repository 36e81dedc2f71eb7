from abonent.core.api.serializers import ValidatedModelSerializer

from ..models import PromiseToPay


class PromiseToPaySerializer(ValidatedModelSerializer):
    class Meta:
        model = PromiseToPay
        fields = ["id", "subscriber", "amount", "promised_on", "due_date", "agent", "status", "paid", "checked_on"]
        read_only_fields = ["agent", "status", "paid", "checked_on"]
