from datetime import UTC

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from abonent.core.api.permissions import HasPermission
from abonent.core.api.viewsets import ReadOnlyRegisterViewSet, RegisterViewSet, RetireMixin

from .. import actions
from ..choices import CallSource
from ..filtersets import (
    AgentIntervalFilterSet,
    CallFilterSet,
    CallTypeFilterSet,
    CallTypeRuleFilterSet,
    PbxColumnMappingFilterSet,
)
from ..models import AgentInterval, Call, CallType, CallTypeRule, PbxColumnMapping
from ..parsers import calls_frame, direction_of
from ..services import store_calls
from .serializers import (
    AgentIntervalSerializer,
    CallEventSerializer,
    CallSerializer,
    CallTypeRuleSerializer,
    CallTypeSerializer,
    ClassifySerializer,
    PbxColumnMappingSerializer,
)


class CallViewSet(ReadOnlyRegisterViewSet):
    """The call log (read); POST …/{id}/classify/ with a call type code (needs calls.change_call)."""

    queryset = Call.objects.select_related("subscriber", "user", "call_type", "classified_user")
    serializer_class = CallSerializer
    filterset_class = CallFilterSet
    ordering_fields = ["started_at", "wait_seconds", "talk_seconds"]

    def get_permissions(self):
        if self.action == "classify":
            return [HasPermission()]
        return super().get_permissions()

    @property
    def required_permission(self):
        return "calls.change_call"

    @extend_schema(request=ClassifySerializer, responses=CallSerializer)
    @action(detail=True, methods=["post"])
    def classify(self, request, pk=None):
        call = self.get_object()
        data = ClassifySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            call = actions.classify(call, data.validated_data["call_type"], user=request.user)
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"call_type": exc.messages}) from exc
        return Response(CallSerializer(self.get_queryset().get(pk=call.pk), context=self.get_serializer_context()).data)


class CallTypeViewSet(RetireMixin, RegisterViewSet):
    """Call types; DELETE removes an unused type and archives one in use (200 with the archived type)."""

    retire = staticmethod(actions.retire_call_type)
    queryset = CallType.objects.all()
    serializer_class = CallTypeSerializer
    filterset_class = CallTypeFilterSet


class CallTypeRuleViewSet(RegisterViewSet):
    queryset = CallTypeRule.objects.select_related("call_type")
    serializer_class = CallTypeRuleSerializer
    filterset_class = CallTypeRuleFilterSet


class PbxColumnMappingViewSet(RegisterViewSet):
    queryset = PbxColumnMapping.objects.all()
    serializer_class = PbxColumnMappingSerializer
    filterset_class = PbxColumnMappingFilterSet

    def perform_create(self, serializer):
        serializer.save(created_by=self.request.user)


class AgentIntervalViewSet(ReadOnlyRegisterViewSet):
    queryset = AgentInterval.objects.select_related("user")
    serializer_class = AgentIntervalSerializer
    filterset_class = AgentIntervalFilterSet


class CallEventView(APIView):
    """The live feed: a PBX script POSTs one ended call (an object) or several (a list) as JSON.

    Idempotent on call_id: sending a call again changes nothing; a call later imported from Master.csv or
    queue_log merges with it. Stored calls are announced at once (calls_stored, live=True), so a missed call is in
    the callback queue when this request returns. Needs the calls.add_call permission (token authentication).
    """

    permission_classes = [HasPermission]
    required_permission = "calls.add_call"

    @extend_schema(
        request=CallEventSerializer(many=True),
        responses={
            201: inline_serializer(
                "CallEventResult",
                {
                    "added": serializers.IntegerField(),
                    "updated": serializers.IntegerField(),
                    "unchanged": serializers.IntegerField(),
                    "ids": serializers.ListField(child=serializers.IntegerField()),
                },
            )
        },
    )
    def post(self, request):
        many = isinstance(request.data, list)
        events = CallEventSerializer(data=request.data, many=many)
        if not events.is_valid():
            errors = events.errors
            if many and isinstance(errors, dict):
                # One entry per event, in the order sent; {} for the good ones.
                errors = [errors.get(i, {}) for i in range(len(request.data))]
            return Response(errors, status=status.HTTP_400_BAD_REQUEST)
        rows = events.validated_data if many else [events.validated_data]
        seen = set()
        for index, row in enumerate(rows):
            if row["call_id"] in seen:
                raise serializers.ValidationError({index: {"call_id": _("The same call_id twice in one request.")}})
            seen.add(row["call_id"])
        frame = calls_frame([_row(r) for r in rows])
        with transaction.atomic():
            result = store_calls(frame, CallSource.LIVE, live=True)
        counts = result.counts
        return Response(
            {"added": counts.added, "updated": counts.updated, "unchanged": counts.unchanged, "ids": list(result.ids)},
            status=status.HTTP_201_CREATED,
        )


def _row(event: dict) -> dict:
    def utc(value):
        return value.astimezone(UTC) if value else None

    start, end = utc(event["started_at"]), utc(event.get("ended_at"))
    answered = utc(event.get("answered_at"))
    return {
        "call_id": event["call_id"],
        "direction": event.get("direction") or direction_of(event["caller"], event["callee"]),
        "started_at": start,
        "answered_at": answered,
        "ended_at": end,
        "caller": event["caller"],
        "callee": event["callee"],
        "queue": event["queue"],
        "ivr_branch": event["ivr_branch"],
        "agent": event["agent"],
        "outcome": event["outcome"],
        "wait_seconds": event["wait_seconds"],
        "talk_seconds": event["talk_seconds"],
        "duration_seconds": int((end - start).total_seconds()) if end else 0,
        "abandon_position": event.get("abandon_position"),
    }
