from rest_framework import serializers

from abonent.core.api.serializers import ValidatedModelSerializer

from ..models import RiskScore, ScoringModel, ScoringRun


class RiskScoreSerializer(ValidatedModelSerializer):
    account = serializers.CharField(source="subscriber.external_id", read_only=True)
    model_version = serializers.IntegerField(source="model.version", read_only=True)
    revenue_at_risk = serializers.FloatField(read_only=True)

    class Meta:
        model = RiskScore
        fields = [
            "id",
            "run",
            "subscriber",
            "account",
            "model",
            "model_version",
            "scored_on",
            "probability",
            "probability_30",
            "band",
            "rank",
            "factors",
            "arpu",
            "revenue_at_risk",
            "hidden_reason",
        ]


class ScoringModelSerializer(ValidatedModelSerializer):
    class Meta:
        model = ScoringModel
        fields = [
            "id",
            "version",
            "horizon",
            "trained_at",
            "trained_by",
            "algorithm",
            "params",
            "features",
            "metrics",
            "snapshot_dates",
        ]


class ScoringRunSerializer(ValidatedModelSerializer):
    class Meta:
        model = ScoringRun
        fields = [
            "id",
            "status",
            "train",
            "scored_on",
            "source",
            "user",
            "started_at",
            "finished_at",
            "progress",
            "stage",
            "model",
            "model_30",
            "scored",
            "message",
        ]
        read_only_fields = [
            "status",
            "source",
            "user",
            "started_at",
            "finished_at",
            "progress",
            "stage",
            "model",
            "model_30",
            "scored",
            "message",
        ]
        extra_kwargs = {"scored_on": {"required": False}}
