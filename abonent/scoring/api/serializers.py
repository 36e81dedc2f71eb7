import datetime as dt

from rest_framework import serializers

from abonent.core.api.serializers import ValidatedModelSerializer
from abonent.subscribers.api.serializers import AsOfMixin

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
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = ScoringModel
        fields = [
            "id",
            "version",
            "horizon",
            "kind",
            "kind_display",
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


class CalibrationBandSerializer(serializers.Serializer):
    band = serializers.CharField()
    count = serializers.IntegerField()
    predicted = serializers.FloatField(help_text="Mean predicted probability in the band")
    observed = serializers.FloatField(help_text="Share of the band who left within the horizon")


class TrackRecordSerializer(serializers.Serializer):
    """A past scoring run's realised figures against who actually left within the horizon."""

    run = serializers.IntegerField()
    scored_on = serializers.DateField()
    horizon = serializers.IntegerField()
    window_end = serializers.DateField()
    model = serializers.IntegerField()
    model_version = serializers.IntegerField()
    model_kind = serializers.CharField()
    auc = serializers.FloatField(allow_null=True)
    top_decile_precision = serializers.FloatField()
    top_decile_lift = serializers.FloatField()
    base_rate = serializers.FloatField(allow_null=True)
    scored = serializers.IntegerField()
    left = serializers.IntegerField()
    calibration = CalibrationBandSerializer(many=True)
    holdout_auc = serializers.FloatField(allow_null=True)
    holdout_top_decile_lift = serializers.FloatField(allow_null=True)
    floors = serializers.DictField(child=serializers.FloatField())
    below_floor = serializers.ListField(child=serializers.CharField())
    alert = serializers.BooleanField()


class TrackRecordReportSerializer(AsOfMixin, serializers.Serializer):
    """The track record as of a day (`as_of` in the context, as every report's API takes it)."""

    # Clients written before `as_of` read this name; it is the same context date, not a second input.
    reference_date = serializers.SerializerMethodField(help_text="The same date as `as_of` (the former name)")
    records = TrackRecordSerializer(many=True)

    def get_reference_date(self, obj) -> dt.date:
        return self.context["as_of"]
