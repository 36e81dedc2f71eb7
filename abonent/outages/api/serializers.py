from abonent.core.api.serializers import ValidatedModelSerializer
from abonent.subscribers.api.serializers import ServiceTypeField

from ..models import Outage

WRITTEN = [
    "scope",
    "city",
    "district",
    "street",
    "building",
    "service_type",
    "started_at",
    "ended_at",
    "cause",
    "description",
]


class OutageSerializer(ValidatedModelSerializer):
    """Every field; the form's are written (the key, who recorded it and the import run are the app's)."""

    # A code of the service types register: a string in the schema, not an enum (the head edits the register).
    service_type = ServiceTypeField(required=False, allow_blank=True)

    class Meta:
        model = Outage
        fields = ["id", *WRITTEN, "address_key", "recorded_by", "import_run"]
        read_only_fields = ["address_key", "recorded_by", "import_run"]
