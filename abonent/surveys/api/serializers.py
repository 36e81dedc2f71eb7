from rest_framework import serializers

from abonent.core.api.serializers import ValidatedModelSerializer
from abonent.subscribers.api.serializers import subscriber_from_account
from abonent.subscribers.models import Subscriber

from ..choices import ResponseChannel
from ..models import Invitation, Question, Response, Survey


class SurveySerializer(ValidatedModelSerializer):
    class Meta:
        model = Survey
        fields = ["id", "name", "nps_question", "intro", "starts_on", "ends_on", "is_active"]


class QuestionSerializer(ValidatedModelSerializer):
    class Meta:
        model = Question
        fields = ["id", "survey", "order", "text", "kind", "options", "required"]


class InvitationSerializer(ValidatedModelSerializer):
    account = serializers.CharField(source="subscriber.external_id", read_only=True)
    link = serializers.SerializerMethodField()

    class Meta:
        model = Invitation
        fields = [
            "id",
            "survey",
            "subscriber",
            "account",
            "token",
            "channel",
            "created_at",
            "sent_at",
            "expires_on",
            "answered_at",
            "link",
        ]
        read_only_fields = fields

    def get_link(self, obj) -> str:
        request = self.context.get("request")
        path = obj.public_path()
        return request.build_absolute_uri(path) if request else path


class ResponseSerializer(ValidatedModelSerializer):
    account = serializers.CharField(source="subscriber.external_id", read_only=True)
    category = serializers.CharField(read_only=True)
    answered_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Response
        fields = [
            "id",
            "survey",
            "subscriber",
            "account",
            "invitation",
            "score",
            "category",
            "comment",
            "answers",
            "channel",
            "answered_by",
            "answered_at",
        ]
        read_only_fields = fields


class ResponseCreateSerializer(serializers.Serializer):
    """An answer taken by staff (channel call) for a subscriber given by id or account number."""

    survey = serializers.PrimaryKeyRelatedField(queryset=Survey.objects.all())
    subscriber = serializers.PrimaryKeyRelatedField(queryset=Subscriber.objects.all(), required=False)
    account = serializers.CharField(required=False)
    score = serializers.IntegerField(min_value=0, max_value=10)
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    answers = serializers.ListField(child=serializers.DictField(), required=False, default=list)
    channel = serializers.ChoiceField(choices=[ResponseChannel.CALL], default=ResponseChannel.CALL)

    def validate(self, attrs):
        return subscriber_from_account(attrs)


class NpsGroupSerializer(serializers.Serializer):
    label = serializers.CharField()
    total = serializers.IntegerField()
    promoters = serializers.IntegerField()
    passives = serializers.IntegerField()
    detractors = serializers.IntegerField()
    nps = serializers.FloatField(allow_null=True)
    margin = serializers.FloatField(allow_null=True)
    is_small = serializers.BooleanField()
