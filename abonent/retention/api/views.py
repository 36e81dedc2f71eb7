"""The retention toolkit in the API: registers, recording offers (same rules as the request card), and reports."""

import datetime as dt

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from abonent.churn.api.serializers import DisconnectionRequestSerializer
from abonent.churn.services import month_start
from abonent.core.api.permissions import HasPermission, ModelPermissions
from abonent.core.api.serializers import drf_error
from abonent.core.api.viewsets import ReadOnlyRegisterViewSet, RegisterViewSet
from abonent.core.forms import validate_report_date

from .. import actions, reports
from ..filtersets import (
    BonusSchemeFilterSet,
    HoldoutPolicyFilterSet,
    MatrixEntryFilterSet,
    MeasureFilterSet,
    RetentionAssignmentFilterSet,
    RetentionOfferFilterSet,
    RetentionPlanFilterSet,
)
from ..models import (
    BonusScheme,
    HoldoutPolicy,
    MatrixEntry,
    Measure,
    RetentionAssignment,
    RetentionOffer,
    RetentionPlan,
)
from .serializers import (
    AnswerOfferSerializer,
    BonusSchemeSerializer,
    HoldoutPolicySerializer,
    MatrixEntrySerializer,
    MeasureSerializer,
    NoOfferSerializer,
    RecordOfferSerializer,
    RetentionAssignmentSerializer,
    RetentionOfferSerializer,
    RetentionPlanSerializer,
)


class HistoryUserMixin:
    def perform_create(self, serializer):
        serializer.save()

    def perform_update(self, serializer):
        serializer.instance._history_user = self.request.user
        serializer.save()


class MeasureViewSet(HistoryUserMixin, RegisterViewSet):
    queryset = Measure.objects.all()
    serializer_class = MeasureSerializer
    filterset_class = MeasureFilterSet


class MatrixEntryViewSet(HistoryUserMixin, RegisterViewSet):
    queryset = MatrixEntry.objects.select_related("reason", "measure")
    serializer_class = MatrixEntrySerializer
    filterset_class = MatrixEntryFilterSet


class OfferPermissions(ModelPermissions):
    """Recording and answering offers needs retention.add_retentionoffer and churn.change_disconnectionrequest."""

    def has_permission(self, request, view):
        if getattr(view, "action", None) in ("create", "answer", "no_offer"):
            user = request.user
            return bool(
                user
                and user.is_authenticated
                and user.has_perm("retention.add_retentionoffer")
                and user.has_perm("churn.change_disconnectionrequest")
            )
        return super().has_permission(request, view)


class RetentionOfferViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Offers made: list, read; POST records an offer on a request (actions.record_offer), answer later."""

    queryset = RetentionOffer.objects.select_related("measure")
    serializer_class = RetentionOfferSerializer
    filterset_class = RetentionOfferFilterSet
    permission_classes = [OfferPermissions]

    def get_serializer_class(self):
        return {"create": RecordOfferSerializer, "answer": AnswerOfferSerializer, "no_offer": NoOfferSerializer}.get(
            self.action, RetentionOfferSerializer
        )

    def _respond(self, result, status_code):
        data = RetentionOfferSerializer(result.offer, context=self.get_serializer_context()).data
        data["records"] = [str(r) for r in result.records]
        data["closed_as"] = result.closed_as
        return Response(data, status=status_code)

    @extend_schema(request=RecordOfferSerializer, responses={201: RetentionOfferSerializer})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            result = actions.record_offer(data.pop("request"), user=request.user, **data)
        except DjangoValidationError as exc:
            raise drf_error(exc) from exc
        return self._respond(result, status.HTTP_201_CREATED)

    @extend_schema(request=NoOfferSerializer, responses=DisconnectionRequestSerializer)
    @action(detail=False, methods=["post"], url_path="no-offer")
    def no_offer(self, request):
        """The request card's "Record: no offer" for a holdout control request; refused for any other request."""
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            updated = actions.record_control(serializer.validated_data["request"], user=request.user)
        except DjangoValidationError as exc:
            raise drf_error(exc) from exc
        return Response(DisconnectionRequestSerializer(updated, context=self.get_serializer_context()).data)

    @extend_schema(request=AnswerOfferSerializer, responses=RetentionOfferSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        offer = self.get_object()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            result = actions.answer_offer(offer, user=request.user, **serializer.validated_data)
        except DjangoValidationError as exc:
            raise drf_error(exc) from exc
        return self._respond(result, status.HTTP_200_OK)


class HoldoutPolicyViewSet(HistoryUserMixin, RegisterViewSet):
    queryset = HoldoutPolicy.objects.all()
    serializer_class = HoldoutPolicySerializer
    filterset_class = HoldoutPolicyFilterSet


class RetentionAssignmentViewSet(ReadOnlyRegisterViewSet):
    queryset = RetentionAssignment.objects.all()
    serializer_class = RetentionAssignmentSerializer
    filterset_class = RetentionAssignmentFilterSet


class RetentionPlanViewSet(HistoryUserMixin, RegisterViewSet):
    queryset = RetentionPlan.objects.all()
    serializer_class = RetentionPlanSerializer
    filterset_class = RetentionPlanFilterSet


class BonusSchemeViewSet(HistoryUserMixin, RegisterViewSet):
    queryset = BonusScheme.objects.all()
    serializer_class = BonusSchemeSerializer
    filterset_class = BonusSchemeFilterSet


def _dates(request) -> tuple[dt.date, dt.date]:
    field = serializers.DateField(validators=[validate_report_date])
    today = timezone.localdate()
    start = request.query_params.get("start") or str(month_start(today).replace(year=today.year - 1))
    end = request.query_params.get("end") or str(today)
    return field.run_validation(start), field.run_validation(end)


def _effect_row(row) -> dict:
    return {
        "key": row.key,
        "label": row.label,
        "offers": row.offers,
        "accepted": row.accepted,
        "accept_rate": row.accept_rate,
        "horizons": row.horizons,
        "kept": row.kept,
        "cost": row.cost,
        "cost_per_kept": row.cost_per_kept,
        "revenue_kept": row.revenue,
        "return_on_cost": row.return_on_cost,
    }


PERIOD = [
    OpenApiParameter("start", OpenApiTypes.DATE, required=False),
    OpenApiParameter("end", OpenApiTypes.DATE, required=False),
]
EFFECT = [*PERIOD, OpenApiParameter("holdout_days", int, required=False, enum=[30, 90, 180])]


class EffectivenessAPIView(APIView):
    """Retention tool effectiveness for offers made from `start` to `end` (default: the last 12 months)."""

    permission_classes = [HasPermission]
    required_permission = "retention.view_costs"

    @extend_schema(parameters=EFFECT, responses=dict)
    def get(self, request):
        start, end = _dates(request)
        days = request.query_params.get("holdout_days", "30")
        days = int(days) if days in ("30", "90", "180") else reports.HOLDOUT_HORIZON_DAYS
        report = reports.effectiveness(start, end, holdout_days=days)
        u = report.uplift
        return Response(
            {
                "start": start,
                "end": end,
                "as_of": report.as_of,
                "by_measure": [_effect_row(r) for r in report.by_measure],
                "by_reason": [_effect_row(r) for r in report.by_reason],
                "total": _effect_row(report.total),
                "holdout": {
                    "horizon_days": u.horizon,
                    "treatment_n": u.treatment_n,
                    "treatment_kept": u.treatment_kept,
                    "control_n": u.control_n,
                    "control_kept": u.control_kept,
                    "uplift": u.difference,
                    "interval": u.interval,
                    "incremental_kept": u.incremental_kept,
                    "cost_per_incremental": u.cost_per_incremental,
                    "not_mature": u.not_mature,
                    "is_causal": u.is_causal,
                },
            }
        )


class EconomicsAPIView(APIView):
    permission_classes = [HasPermission]
    required_permission = "retention.view_retentionplan"

    @extend_schema(parameters=PERIOD, responses=dict)
    def get(self, request):
        start, end = _dates(request)
        return Response(
            [
                {
                    "month": m.month,
                    "staff": m.staff,
                    "payroll": m.payroll,
                    "measures_cost": m.measures_cost,
                    "total_cost": m.total_cost,
                    "kept": m.kept,
                    "kept_target": m.plan.kept_target if m.plan else None,
                    "fulfilment": m.fulfilment,
                    "revenue_kept": m.revenue_kept,
                    "cost_per_kept": m.cost_per_kept,
                    "budget": m.plan.budget if m.plan else None,
                    "budget_used": m.budget_used,
                    "disconnected": m.disconnected,
                    "non_retention_plan": m.plan.non_retention_plan if m.plan else None,
                }
                for m in reports.economics(start, end)
            ]
        )


class BonusAPIView(APIView):
    permission_classes = [HasPermission]
    required_permission = "retention.view_bonusscheme"

    @extend_schema(parameters=[OpenApiParameter("month", OpenApiTypes.DATE, required=True)], responses=dict)
    def get(self, request):
        try:
            month = serializers.DateField(validators=[validate_report_date]).run_validation(
                request.query_params.get("month", "")
            )
        except serializers.ValidationError:
            return Response({"detail": _("Give month as YYYY-MM-DD.")}, status=status.HTTP_400_BAD_REQUEST)
        return Response(
            [
                {
                    "employee": line.employee.pk,
                    "user": line.employee.user.username,
                    "role": line.role,
                    "scheme": line.scheme.pk,
                    "kept": line.kept,
                    "target": line.target,
                    "fulfilment": line.fulfilment,
                    "coefficient": line.coefficient,
                    "above_plan": line.above_plan,
                    "base_part": line.base_part,
                    "above_part": line.above_part,
                    "bonus": line.bonus,
                }
                for line in reports.bonuses(month)
            ]
        )
