from rest_framework import serializers

from abonent.core.api.serializers import ValidatedModelSerializer

from ..choices import TicketStatus
from ..models import Ticket


class TicketSerializer(ValidatedModelSerializer):
    """A ticket; POST opens it (SLA deadline and repeat flag computed), status moves with POST …/move/."""

    url = serializers.HyperlinkedIdentityField(view_name="tickets-api:ticket-detail")
    account = serializers.CharField(source="subscriber.external_id", read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)
    responsible_name = serializers.CharField(source="responsible.username", read_only=True, default=None)

    class Meta:
        model = Ticket
        fields = [
            "id",
            "url",
            "external_id",
            "subscriber",
            "account",
            "kind",
            "urgent",
            "subject",
            "description",
            "opened_at",
            "deadline",
            "status",
            "responsible",
            "responsible_name",
            "resolved_at",
            "is_repeat",
            "is_overdue",
            "disconnection_request",
        ]
        read_only_fields = ["status", "resolved_at", "is_repeat"]

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:
            # Fixed when the ticket is opened, as in the edit form: whose it is, when, and for which request.
            for name in ("subscriber", "opened_at", "disconnection_request"):
                fields[name].read_only = True
        return fields


class MoveSerializer(serializers.Serializer):
    to = serializers.ChoiceField(choices=TicketStatus.choices)
