from django.utils.translation import gettext as _
from rest_framework import serializers

from abonent.core.api.serializers import ValidatedModelSerializer
from abonent.core.forms import validate_report_date
from abonent.subscribers.api.serializers import PhoneField

from ..choices import AttemptOutcome
from ..models import CallbackAttempt, CallbackPolicy, CallbackTask


class CallbackTaskSerializer(ValidatedModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="callcentre-api:callbacktask-detail")
    phone = PhoneField()
    assigned_to = serializers.SlugRelatedField(slug_field="username", read_only=True)
    closed_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    call_type_code = serializers.CharField(source="call_type.code", read_only=True, default=None)
    account = serializers.CharField(source="subscriber.external_id", read_only=True, default=None)

    class Meta:
        model = CallbackTask
        fields = [
            "id",
            "url",
            "call",
            "phone",
            "subscriber",
            "account",
            "call_type",
            "call_type_code",
            "priority",
            "priority_reason",
            "missed_calls",
            "created_at",
            "last_missed_at",
            "due_at",
            "status",
            "assigned_to",
            "assigned_at",
            "attempts",
            "first_attempt_at",
            "next_attempt_at",
            "outcome",
            "closed_at",
            "closed_by",
            "note",
        ]
        read_only_fields = fields


class CallbackAttemptSerializer(ValidatedModelSerializer):
    user = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = CallbackAttempt
        fields = ["id", "task", "user", "at", "outcome", "note", "minutes"]
        read_only_fields = fields


class AttemptInputSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=AttemptOutcome.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    minutes = serializers.IntegerField(required=False, min_value=0, max_value=240, default=0)


class CancelInputSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class CallbackPolicySerializer(ValidatedModelSerializer):
    class Meta:
        model = CallbackPolicy
        fields = [
            "sla_minutes",
            "work_starts",
            "work_ends",
            "work_days",
            "max_attempts",
            "retry_minutes",
            "max_age_hours",
        ]


class ReportQuerySerializer(serializers.Serializer):
    start = serializers.DateField(validators=[validate_report_date])
    end = serializers.DateField(validators=[validate_report_date])
    queue = serializers.CharField(required=False, allow_blank=True, default="")
    agent = serializers.IntegerField(required=False, allow_null=True, default=None)
    threshold = serializers.IntegerField(required=False, min_value=1, max_value=600, default=20)
    target_level = serializers.IntegerField(required=False, min_value=1, max_value=99, default=80)
    target_seconds = serializers.IntegerField(required=False, min_value=1, max_value=600, default=20)
    shrinkage = serializers.IntegerField(required=False, min_value=0, max_value=90, default=30)
    wrap_up_seconds = serializers.IntegerField(required=False, min_value=0, max_value=1800, default=30)
    reach_days = serializers.IntegerField(required=False, min_value=0, max_value=30, default=2)
    basis = serializers.ChoiceField(choices=["reason", "group"], required=False, default="reason")
    monthly_pay = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, allow_null=True, default=None
    )
    day = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        validators=[validate_report_date],
        help_text="Staffing: the plan for this date (its own calls, else its weekday's average over the period).",
    )

    def validate(self, attrs):
        if attrs["end"] < attrs["start"]:
            raise serializers.ValidationError({"end": _("The period ends before it starts.")})
        return attrs


class WhatIfQuerySerializer(serializers.Serializer):
    calls = serializers.FloatField(min_value=0, max_value=100_000, help_text="Calls arriving in the interval.")
    aht = serializers.FloatField(min_value=1, max_value=7200, help_text="Average handle time, seconds.")
    agents = serializers.IntegerField(min_value=0, max_value=10_000, help_text="Agents on the phones.")
    target_level = serializers.IntegerField(required=False, min_value=1, max_value=99, default=80)
    target_seconds = serializers.IntegerField(required=False, min_value=1, max_value=600, default=20)
    interval_seconds = serializers.IntegerField(required=False, min_value=60, max_value=86_400, default=1800)


class WhatIfSerializer(serializers.Serializer):
    calls = serializers.FloatField()
    aht = serializers.FloatField()
    interval_seconds = serializers.IntegerField()
    target_level = serializers.FloatField(help_text="Share, 0..1.")
    target_seconds = serializers.IntegerField()
    agents = serializers.IntegerField()
    load = serializers.FloatField(help_text="Erlangs.")
    needed = serializers.IntegerField(help_text="The fewest agents that reach the target.")
    service_level = serializers.FloatField(help_text="%, with `agents`.")
    asa = serializers.FloatField(allow_null=True, help_text="Seconds, with `agents`; null when the queue never clears.")
    prob_wait = serializers.FloatField(help_text="%, with `agents`.")
    occupancy = serializers.FloatField(help_text="%, with `agents`.")
    meets_target = serializers.BooleanField()
