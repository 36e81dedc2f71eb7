from abonent.core.api.serializers import ValidatedModelSerializer
from abonent.subscribers.api.serializers import ServiceTypeField

from ..models import AssignmentRule


class AssignmentRuleSerializer(ValidatedModelSerializer):
    # A service type is a code of the service kinds register: a string in the schema, not an enum.
    service_type = ServiceTypeField(required=False, allow_blank=True)

    class Meta:
        model = AssignmentRule
        fields = [
            "id",
            "name",
            "reason_group",
            "service_type",
            "subscriber_kind",
            "owner",
            "priority",
            "is_active",
            "note",
        ]
