"""The callback queue and the call-centre reports in the API.

POST /api/callcentre/callbacks/next/ gives the calling agent one task (the same service as the "Next" button).
"""

from dataclasses import asdict

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from abonent.core.api.permissions import HasPermission, ModelPermissions
from abonent.core.api.viewsets import ReadOnlyRegisterViewSet

from .. import actions, reports
from ..filtersets import CallbackAttemptFilterSet, CallbackTaskFilterSet
from ..models import CallbackAttempt, CallbackPolicy, CallbackTask
from .serializers import (
    AttemptInputSerializer,
    CallbackAttemptSerializer,
    CallbackPolicySerializer,
    CallbackTaskSerializer,
    CancelInputSerializer,
    ReportQuerySerializer,
)

WORK = {"next", "attempt", "release", "take"}


def drf_error(exc: DjangoValidationError) -> serializers.ValidationError:
    return serializers.ValidationError({"detail": " ".join(exc.messages)})


class TaskPermissions(ModelPermissions):
    """Working tasks needs change_callbacktask; cancelling needs manage_callbacktask; reading view."""

    def has_permission(self, request, view):
        user = request.user
        name = getattr(view, "action", None)
        if name in WORK:
            return bool(user and user.is_authenticated and user.has_perm("callcentre.change_callbacktask"))
        if name == "cancel":
            return bool(user and user.is_authenticated and user.has_perm("callcentre.manage_callbacktask"))
        return super().has_permission(request, view)


class CallbackTaskViewSet(ReadOnlyRegisterViewSet):
    queryset = CallbackTask.objects.select_related("subscriber", "call_type", "assigned_to", "closed_by")
    serializer_class = CallbackTaskSerializer
    filterset_class = CallbackTaskFilterSet
    permission_classes = [TaskPermissions]

    def _answer(self, task, code=status.HTTP_200_OK):
        task = self.get_queryset().get(pk=task.pk)
        return Response(CallbackTaskSerializer(task, context=self.get_serializer_context()).data, status=code)

    @extend_schema(request=None, responses={200: CallbackTaskSerializer, 204: None})
    @action(detail=False, methods=["post"])
    def next(self, request):
        """Take the next callback: the task you hold, else the head of the queue; 204 when the queue is empty."""
        task = actions.take_next(request.user)
        if task is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return self._answer(task)

    @extend_schema(request=AttemptInputSerializer, responses=CallbackTaskSerializer)
    @action(detail=True, methods=["post"])
    def attempt(self, request, pk=None):
        task = self.get_object()
        data = AttemptInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            actions.record_attempt(task, user=request.user, **data.validated_data)
        except DjangoValidationError as exc:
            raise drf_error(exc) from exc
        return self._answer(task)

    @extend_schema(request=None, responses=CallbackTaskSerializer)
    @action(detail=True, methods=["post"])
    def take(self, request, pk=None):
        task = self.get_object()
        try:
            task = actions.take(task, request.user)
        except DjangoValidationError as exc:
            raise drf_error(exc) from exc
        return self._answer(task)

    @extend_schema(request=None, responses=CallbackTaskSerializer)
    @action(detail=True, methods=["post"])
    def release(self, request, pk=None):
        task = self.get_object()
        try:
            actions.release(task, user=request.user, manager=request.user.has_perm("callcentre.manage_callbacktask"))
        except DjangoValidationError as exc:
            raise drf_error(exc) from exc
        return self._answer(task)

    @extend_schema(request=CancelInputSerializer, responses=CallbackTaskSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        task = self.get_object()
        data = CancelInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            actions.cancel(task, user=request.user, note=data.validated_data["note"])
        except DjangoValidationError as exc:
            raise drf_error(exc) from exc
        return self._answer(task)


class CallbackAttemptViewSet(ReadOnlyRegisterViewSet):
    queryset = CallbackAttempt.objects.select_related("user")
    serializer_class = CallbackAttemptSerializer
    filterset_class = CallbackAttemptFilterSet


class CallbackPolicyView(APIView):
    """The callback policy: GET for anyone who may view it, PUT/PATCH with change_callbackpolicy."""

    permission_classes = [ModelPermissions]
    queryset = CallbackPolicy.objects.all()

    @extend_schema(responses=CallbackPolicySerializer)
    def get(self, request):
        return Response(CallbackPolicySerializer(CallbackPolicy.current()).data)

    @extend_schema(request=CallbackPolicySerializer, responses=CallbackPolicySerializer)
    def put(self, request):
        return self._save(request, partial=False)

    @extend_schema(request=CallbackPolicySerializer, responses=CallbackPolicySerializer)
    def patch(self, request):
        return self._save(request, partial=True)

    def _save(self, request, partial):
        policy = CallbackPolicy.current()
        serializer = CallbackPolicySerializer(policy, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        policy._history_user = request.user
        serializer.save()
        return Response(serializer.data)


class ReportView(APIView):
    permission_classes = [HasPermission]
    required_permission = "callcentre.view_callcentre_reports"

    def params(self, request) -> dict:
        query = ReportQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        return query.validated_data

    @staticmethod
    def staffing_params(p):
        return reports.StaffingParams(
            target_level=p["target_level"] / 100,
            target_seconds=p["target_seconds"],
            shrinkage=p["shrinkage"] / 100,
            wrap_up_seconds=p["wrap_up_seconds"],
        )


class StatisticsView(ReportView):
    @extend_schema(parameters=[ReportQuerySerializer], responses=dict)
    def get(self, request):
        """Call statistics: the classifier table, queue figures, by hour and weekday, callback results."""
        p = self.params(request)
        agent = get_user_model().objects.filter(pk=p["agent"]).first() if p["agent"] else None
        stats = reports.call_statistics(p["start"], p["end"], queue=p["queue"], agent=agent, threshold=p["threshold"])
        data = asdict(stats)
        return Response(data)


class StaffingView(ReportView):
    @extend_schema(parameters=[ReportQuerySerializer], responses=dict)
    def get(self, request):
        p = self.params(request)
        report = reports.staffing_report(p["start"], p["end"], queue=p["queue"], params=self.staffing_params(p))
        slots = [{**asdict(s), "label": s.label} for s in report.slots]
        return Response(
            {
                "start": report.start,
                "end": report.end,
                "aht": report.aht,
                "params": asdict(report.params),
                "under": report.under,
                "over": report.over,
                "shortage_agent_hours_per_week": report.shortage_agent_hours_per_week,
                "slots": slots,
            }
        )


class WorkloadView(ReportView):
    @extend_schema(parameters=[ReportQuerySerializer], responses=dict)
    def get(self, request):
        p = self.params(request)
        rows = reports.workload(p["start"], p["end"])
        return Response([{**r, "user": r["user"].username} for r in rows])


class MissedCallsView(ReportView):
    @extend_schema(parameters=[ReportQuerySerializer], responses=dict)
    def get(self, request):
        p = self.params(request)
        params = reports.EconomicsParams(
            reach_days=p["reach_days"], basis=p["basis"], monthly_pay=p["monthly_pay"], staffing=self.staffing_params(p)
        )
        result = reports.missed_call_economics(p["start"], p["end"], params)
        result["daily"] = [{"date": d, "missed": n} for d, n in result["daily"]]
        return Response(result)
