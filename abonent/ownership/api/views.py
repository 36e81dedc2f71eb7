from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from abonent.churn.models import DisconnectionRequest
from abonent.core.api.permissions import HasPermission

from .. import actions, services


class WorkLineSerializer(serializers.Serializer):
    kind = serializers.CharField()
    id = serializers.IntegerField(source="record.pk")
    title = serializers.CharField()
    account = serializers.CharField(source="subscriber.external_id", default=None)
    due = serializers.DateField(allow_null=True)
    overdue = serializers.BooleanField()
    status = serializers.CharField()
    url = serializers.CharField()


class MyWorkAPIView(APIView):
    """Everything the API user owns, open, by due date (overdue first), and how many are overdue."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        lines = services.my_work(request.user)
        return Response(
            {
                "count": len(lines),
                "overdue": sum(1 for line in lines if line.overdue),
                "results": WorkLineSerializer(lines, many=True).data,
            }
        )


class HandOverSerializer(serializers.Serializer):
    to = serializers.SlugRelatedField(
        slug_field="username",
        queryset=get_user_model().objects.filter(is_active=True),
        required=False,
        allow_null=True,
        default=None,
        help_text="Empty: the first matching assignment rule, else the next retention manager in turn",
    )
    due_on = serializers.DateField(required=False, allow_null=True, default=None)


class HandOverAPIView(APIView):
    """Hand a disconnection request over; answers who got it and how (chosen, rule, turn)."""

    permission_classes = [HasPermission]
    required_permission = "ownership.hand_over_request"

    @extend_schema(request=HandOverSerializer, responses={200: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT})
    def post(self, request, pk):
        obj = get_object_or_404(DisconnectionRequest, pk=pk)
        data = HandOverSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            done = actions.hand_over(obj, user=request.user, **data.validated_data)
        except ValidationError as exc:
            return Response({"detail": " ".join(exc.messages)}, status=400)
        return Response(
            {
                "request": obj.pk,
                "owner": done.owner.username,
                "by": done.by,
                "rule": done.rule.pk if done.rule else None,
                "due_on": done.request.due_on,
            }
        )
