from rest_framework import serializers

from abonent.core.api.serializers import ValidatedModelSerializer

from ..metrics import METRICS
from ..models import AuditTarget


class AuditTargetSerializer(ValidatedModelSerializer):
    code = serializers.ChoiceField(choices=sorted(METRICS))

    class Meta:
        model = AuditTarget
        fields = ["id", "code", "target", "amber", "direction", "note"]


class ScorecardRowSerializer(serializers.Serializer):
    code = serializers.CharField(source="metric.code")
    area = serializers.CharField(source="metric.area")
    name = serializers.CharField(source="metric.name")
    unit = serializers.CharField(source="metric.unit")
    value = serializers.FloatField(source="figure.value", allow_null=True)
    detail = serializers.CharField(source="figure.detail")
    note = serializers.CharField(source="figure.note")
    url = serializers.CharField(source="figure.url", allow_null=True)
    target = serializers.DecimalField(
        source="target.target", max_digits=14, decimal_places=2, allow_null=True, default=None
    )
    amber = serializers.DecimalField(
        source="target.amber", max_digits=14, decimal_places=2, allow_null=True, default=None
    )
    direction = serializers.CharField(source="target.direction", allow_null=True, default=None)
    status = serializers.CharField()
