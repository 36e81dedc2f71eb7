from rest_framework import serializers

from abonent.analytics.models import SavedSegment
from abonent.churn.models import ReasonGroup, Script
from abonent.core.api.serializers import ValidatedModelSerializer
from abonent.subscribers.models import Subscriber

from ..choices import WorkList, WorkOutcome
from ..models import Campaign, WorkItem


class WorkItemSerializer(ValidatedModelSerializer):
    account = serializers.CharField(source="subscriber.external_id", read_only=True)

    class Meta:
        model = WorkItem
        fields = [
            "id",
            "subscriber",
            "account",
            "work_list",
            "campaign",
            "reason",
            "script",
            "assigned_to",
            "next_action_on",
            "status",
            "outcome",
            "outcome_note",
            "created_at",
            "closed_at",
        ]
        read_only_fields = ["subscriber", "work_list", "campaign", "status", "outcome", "outcome_note", "closed_at"]


class WorkItemCreateSerializer(serializers.Serializer):
    subscriber = serializers.PrimaryKeyRelatedField(queryset=Subscriber.objects.all())
    work_list = serializers.ChoiceField(choices=WorkList.choices)
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    assigned_to = serializers.PrimaryKeyRelatedField(
        queryset=WorkItem._meta.get_field("assigned_to").related_model.objects.all(), required=False, allow_null=True
    )
    script = serializers.PrimaryKeyRelatedField(queryset=Script.objects.all(), required=False, allow_null=True)
    next_action_on = serializers.DateField(required=False, allow_null=True)


class OutcomeSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=WorkOutcome.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    next_action_on = serializers.DateField(required=False, allow_null=True, default=None)


class CampaignSerializer(ValidatedModelSerializer):
    class Meta:
        model = Campaign
        fields = [
            "id",
            "name",
            "work_list",
            "script",
            "period_from",
            "period_to",
            "reason_groups",
            "segment",
            "note",
            "created_at",
        ]
        read_only_fields = fields


class WinbackCampaignSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    period_from = serializers.DateField()
    period_to = serializers.DateField()
    reason_groups = serializers.PrimaryKeyRelatedField(queryset=ReasonGroup.objects.all(), many=True, required=False)
    segment = serializers.PrimaryKeyRelatedField(queryset=SavedSegment.objects.all(), required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class CampaignReportSerializer(serializers.Serializer):
    items = serializers.IntegerField()
    called = serializers.IntegerField()
    reached = serializers.IntegerField()
    agreed = serializers.IntegerField()
    reconnected = serializers.IntegerField()
    revenue = serializers.DecimalField(max_digits=14, decimal_places=2)
