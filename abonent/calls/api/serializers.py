from django.utils.translation import gettext as _
from rest_framework import serializers

from abonent.core.api.serializers import ValidatedModelSerializer
from abonent.subscribers.api.serializers import PhoneField

from ..choices import CallDirection, CallOutcome
from ..models import AgentInterval, Call, CallType, CallTypeRule, PbxColumnMapping
from ..parsers import DISPOSITIONS, PBX_FIELDS


class CallTypeSerializer(ValidatedModelSerializer):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = CallType
        fields = ["id", "code", "name", "name_ru", "name_en", "order", "callback_priority", "is_missed", "is_archived"]


class CallTypeRuleSerializer(ValidatedModelSerializer):
    class Meta:
        model = CallTypeRule
        fields = ["id", "order", "field", "value", "call_type"]


class PbxColumnMappingSerializer(ValidatedModelSerializer):
    class Meta:
        model = PbxColumnMapping
        fields = ["id", "name", "columns", "datetime_format", "outcome_values"]

    def validate_columns(self, value):
        unknown = sorted(set(value or {}) - set(PBX_FIELDS))
        if unknown:
            raise serializers.ValidationError(
                _("Unknown call fields: %(unknown)s; expected %(expected)s")
                % {"unknown": ", ".join(unknown), "expected": ", ".join(PBX_FIELDS)}
            )
        return value

    def validate_outcome_values(self, value):
        bad = sorted({str(v) for v in (value or {}).values()} - set(CallOutcome.values))
        if bad:
            raise serializers.ValidationError(
                _("Unknown outcomes: %(unknown)s; expected %(expected)s")
                % {"unknown": ", ".join(bad), "expected": ", ".join(CallOutcome.values)}
            )
        return value


class CallSerializer(ValidatedModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="calls-api:call-detail")
    account = serializers.CharField(source="subscriber.external_id", read_only=True, default=None)
    user = serializers.SlugRelatedField(slug_field="username", read_only=True)
    call_type_code = serializers.CharField(source="call_type.code", read_only=True, default=None)
    classified_user = serializers.SlugRelatedField(slug_field="username", read_only=True)
    caller = PhoneField()
    callee = PhoneField()

    class Meta:
        model = Call
        fields = [
            "id",
            "url",
            "call_id",
            "direction",
            "started_at",
            "answered_at",
            "ended_at",
            "caller",
            "callee",
            "queue",
            "ivr_branch",
            "agent",
            "user",
            "outcome",
            "wait_seconds",
            "talk_seconds",
            "duration_seconds",
            "abandon_position",
            "subscriber",
            "account",
            "call_type",
            "call_type_code",
            "classified_by",
            "classified_user",
            "sources",
        ]
        read_only_fields = fields


class ClassifySerializer(serializers.Serializer):
    call_type = serializers.SlugRelatedField(
        slug_field="code", queryset=CallType.objects.filter(is_archived=False), help_text="The call type's code"
    )


class AgentIntervalSerializer(ValidatedModelSerializer):
    user = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = AgentInterval
        fields = ["id", "agent", "user", "queue", "kind", "started_at", "ended_at", "reason"]
        read_only_fields = fields


class CallEventSerializer(serializers.Serializer):
    """One ended call as a PBX script pushes it; the outcome as Abonent's value or as an Asterisk disposition."""

    call_id = serializers.CharField(max_length=150, help_text="Asterisk linkedid/uniqueid or the PBX's call id")
    started_at = serializers.DateTimeField()
    answered_at = serializers.DateTimeField(required=False, allow_null=True)
    ended_at = serializers.DateTimeField(required=False, allow_null=True)
    caller = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")
    callee = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")
    direction = serializers.ChoiceField(
        choices=CallDirection.choices, required=False, help_text="Told from the numbers if left out"
    )
    queue = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    ivr_branch = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    agent = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default="", help_text="PBX agent, e.g. SIP/101"
    )
    outcome = serializers.ChoiceField(choices=CallOutcome.choices, required=False)
    disposition = serializers.CharField(required=False, help_text="ANSWERED, NO ANSWER, BUSY, FAILED or CONGESTION")
    wait_seconds = serializers.IntegerField(min_value=0, required=False, default=0)
    talk_seconds = serializers.IntegerField(min_value=0, required=False, default=0)
    abandon_position = serializers.IntegerField(min_value=1, required=False, allow_null=True)

    def validate(self, attrs):
        if "outcome" not in attrs:
            disposition = (attrs.pop("disposition", "") or "").strip().upper()
            if disposition not in DISPOSITIONS:
                raise serializers.ValidationError(
                    {
                        "outcome": _("Give outcome (%(outcomes)s) or disposition (%(dispositions)s).")
                        % {"outcomes": ", ".join(CallOutcome.values), "dispositions": ", ".join(DISPOSITIONS)}
                    }
                )
            attrs["outcome"] = DISPOSITIONS[disposition]
        attrs.pop("disposition", None)
        start = attrs["started_at"]
        for name in ("answered_at", "ended_at"):
            if attrs.get(name) and attrs[name] < start:
                raise serializers.ValidationError({name: _("Must not be before started_at.")})
        if attrs["outcome"] != CallOutcome.ANSWERED and attrs.get("answered_at"):
            raise serializers.ValidationError({"answered_at": _("Only an answered call has an answer time.")})
        return attrs
