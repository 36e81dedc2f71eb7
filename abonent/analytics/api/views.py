"""Diagnostics in the API: the same form validates the query, the same service computes the numbers."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from abonent.core.api.permissions import HasPermission

from ..diagnostics import churn_diagnostics, churn_vs_inflow
from ..forms import DiagnosticsForm
from .serializers import ChurnDiagnosticsSerializer, ChurnVsInflowSerializer

PERIOD_PARAMETERS = [
    OpenApiParameter("start", OpenApiTypes.STR, description="First month, YYYY-MM"),
    OpenApiParameter("end", OpenApiTypes.STR, description="Last month, YYYY-MM (included)"),
    OpenApiParameter(
        "preset", OpenApiTypes.STR, enum=["last_12", "this_year", "last_month"], description="Instead of start/end"
    ),
    OpenApiParameter("kind", OpenApiTypes.STR, enum=["residential", "business"]),
    OpenApiParameter("service_type", OpenApiTypes.STR, enum=["internet", "catv", "iptv", "bundle"]),
    OpenApiParameter("city", OpenApiTypes.STR),
    OpenApiParameter("district", OpenApiTypes.STR),
    OpenApiParameter("tariff", OpenApiTypes.INT, description="Tariff id"),
]


class DiagnosticsAPIView(APIView):
    """Churn diagnostics of whole months; without a period, the last 12 complete months."""

    permission_classes = [HasPermission]
    required_permission = "churn.view_diagnostics"

    @extend_schema(
        parameters=[
            *PERIOD_PARAMETERS,
            OpenApiParameter("plan", OpenApiTypes.NUMBER, description="Plan of non-retention set in advance, % a year"),
        ],
        responses={200: ChurnDiagnosticsSerializer, 400: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        form = DiagnosticsForm(request.query_params)
        if not form.is_valid():
            return Response(form.errors, status=400)
        data = form.cleaned_data
        result = churn_diagnostics(data["start"], data["end"], form.segment, plan_annual_pct=form.plan_annual_pct)
        return Response(ChurnDiagnosticsSerializer(result).data)


class ChurnVsInflowAPIView(APIView):
    """Gross adds, churn, net growth and the base by month."""

    permission_classes = [HasPermission]
    required_permission = "churn.view_diagnostics"

    @extend_schema(parameters=PERIOD_PARAMETERS, responses={200: ChurnVsInflowSerializer, 400: OpenApiTypes.OBJECT})
    def get(self, request):
        form = DiagnosticsForm(request.query_params)
        if not form.is_valid():
            return Response(form.errors, status=400)
        result = churn_vs_inflow(form.cleaned_data["start"], form.cleaned_data["end"], form.segment)
        return Response(ChurnVsInflowSerializer(result).data)
