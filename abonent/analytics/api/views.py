"""Diagnostics in the API: the same form validates the query, the same service computes the numbers."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from abonent.core.api.permissions import HasPermission
from abonent.core.api.viewsets import RegisterViewSet
from abonent.subscribers.api.serializers import SERVICE_TYPE_HELP

from ..base import DIMENSIONS, base_analysis
from ..diagnostics import churn_diagnostics, churn_vs_inflow
from ..filtersets import CompetitorTariffFilterSet
from ..forms import BaseAnalysisForm, CohortForm, DiagnosticsForm, SurvivalForm, TariffReportForm
from ..models import CompetitorTariff
from ..survival import cohort_table, survival
from ..tariffs import market_comparison, tariff_distribution, tariff_migrations
from .serializers import (
    BaseAnalysisSerializer,
    ChurnDiagnosticsSerializer,
    ChurnVsInflowSerializer,
    CohortTableSerializer,
    CompetitorTariffSerializer,
    SurvivalSerializer,
    TariffReportSerializer,
)

PERIOD_PARAMETERS = [
    OpenApiParameter("start", OpenApiTypes.STR, description="First month, YYYY-MM"),
    OpenApiParameter("end", OpenApiTypes.STR, description="Last month, YYYY-MM (included)"),
    OpenApiParameter(
        "preset", OpenApiTypes.STR, enum=["last_12", "this_year", "last_month"], description="Instead of start/end"
    ),
    OpenApiParameter("kind", OpenApiTypes.STR, enum=["residential", "business"]),
    OpenApiParameter("service_type", OpenApiTypes.STR, description=SERVICE_TYPE_HELP),
    OpenApiParameter("city", OpenApiTypes.STR),
    OpenApiParameter("district", OpenApiTypes.STR),
    OpenApiParameter("tariff", OpenApiTypes.INT, description="Tariff id"),
    OpenApiParameter("saved_segment", OpenApiTypes.INT, description="Saved segment id (its conditions on top)"),
    OpenApiParameter(
        "as_of", OpenApiTypes.DATE, description="The day the report runs to; default: the latest imported data's date"
    ),
]

AS_OF_PARAMETERS = [p for p in PERIOD_PARAMETERS if p.name == "as_of"]


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
        result = churn_diagnostics(
            data["start"], data["end"], form.segment, plan_annual_pct=form.plan_annual_pct, as_of=data["as_of"]
        )
        return Response(ChurnDiagnosticsSerializer(result, context={"as_of": data["as_of"]}).data)


class ChurnVsInflowAPIView(APIView):
    """Gross adds, churn, net growth and the base by month."""

    permission_classes = [HasPermission]
    required_permission = "churn.view_diagnostics"

    @extend_schema(parameters=PERIOD_PARAMETERS, responses={200: ChurnVsInflowSerializer, 400: OpenApiTypes.OBJECT})
    def get(self, request):
        form = DiagnosticsForm(request.query_params)
        if not form.is_valid():
            return Response(form.errors, status=400)
        data = form.cleaned_data
        result = churn_vs_inflow(data["start"], data["end"], form.segment, as_of=data["as_of"])
        return Response(ChurnVsInflowSerializer(result, context={"as_of": data["as_of"]}).data)


# --- registers ------------------------------------------------------------------------------------------------------


class CompetitorTariffViewSet(RegisterViewSet):
    queryset = CompetitorTariff.objects.all()
    serializer_class = CompetitorTariffSerializer
    filterset_class = CompetitorTariffFilterSet


# --- reports --------------------------------------------------------------------------------------------------------

SEGMENT_PARAMETERS = [
    OpenApiParameter("saved_segment", OpenApiTypes.INT, description="Saved segment id"),
    OpenApiParameter("kind", OpenApiTypes.STR, many=True),
    OpenApiParameter("service_type", OpenApiTypes.STR, many=True),
    OpenApiParameter("status", OpenApiTypes.STR, many=True),
    OpenApiParameter("city", OpenApiTypes.STR, description="Names separated by commas"),
    OpenApiParameter("district", OpenApiTypes.STR, description="Names separated by commas"),
    OpenApiParameter("tariff", OpenApiTypes.INT, many=True),
    OpenApiParameter("tenure_min", OpenApiTypes.INT, description="Whole months"),
    OpenApiParameter("tenure_max", OpenApiTypes.INT),
    OpenApiParameter("arpu_min", OpenApiTypes.NUMBER, description="RUB"),
    OpenApiParameter("arpu_max", OpenApiTypes.NUMBER),
]
MONTHS_PARAMETERS = [p for p in PERIOD_PARAMETERS if p.name in ("start", "end", "preset", "as_of")]


class ReportAPIView(APIView):
    permission_classes = [HasPermission]
    required_permission = "analytics.view_reports"
    form_class = None

    def get(self, request):
        form = self.form_class(request.query_params)
        if not form.is_valid():
            return Response(form.errors, status=400)
        return Response(self.compute(form))

    @staticmethod
    def context(form) -> dict:
        return {"as_of": form.cleaned_data["as_of"]}


class BaseAnalysisAPIView(ReportAPIView):
    """The active base, subscribers charged, revenue and ARPU by month for each value of a dimension."""

    form_class = BaseAnalysisForm

    @extend_schema(
        parameters=[
            *MONTHS_PARAMETERS,
            OpenApiParameter("dimension", OpenApiTypes.STR, enum=[d for d, _label in DIMENSIONS]),
            OpenApiParameter("arpu_bands", OpenApiTypes.STR, description="Band edges, RUB, separated by commas"),
            *SEGMENT_PARAMETERS,
        ],
        responses={200: BaseAnalysisSerializer, 400: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        return super().get(request)

    def compute(self, form):
        data = form.cleaned_data
        result = base_analysis(
            data["start"],
            data["end"],
            data["dimension"],
            definitions=form.definitions(),
            arpu_bands=data["arpu_bands"],
            today=data["as_of"],
        )
        return BaseAnalysisSerializer(result, context=self.context(form)).data


class TariffReportAPIView(ReportAPIView):
    """Services and list revenue by tariff by month, tariff changes (matrix, up/down by month), market comparison."""

    form_class = TariffReportForm

    @extend_schema(
        parameters=[
            *MONTHS_PARAMETERS,
            OpenApiParameter("saved_segment", OpenApiTypes.INT),
            OpenApiParameter("window", OpenApiTypes.INT, description="Days between an end and a start; default 7"),
        ],
        responses={200: TariffReportSerializer, 400: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        return super().get(request)

    def compute(self, form):
        data = form.cleaned_data
        definitions = form.definitions()
        distribution = tariff_distribution(data["start"], data["end"], definitions=definitions, today=data["as_of"])
        migrations = tariff_migrations(
            data["start"], data["end"], window=data["window"], definitions=definitions, today=data["as_of"]
        )
        payload = {
            "start": distribution.start,
            "end": distribution.end,
            "months": distribution.months,
            "rows": distribution.rows,
            "total_services": distribution.total_services,
            "total_revenue": distribution.total_revenue,
            "migrations": migrations.months,
            "matrix": [{"source": s, "target": t, "changes": n} for (s, t), n in sorted(migrations.matrix.items())],
            "up": migrations.up,
            "down": migrations.down,
            "lateral": migrations.lateral,
            "market": market_comparison(),
        }
        return TariffReportSerializer(payload, context=self.context(form)).data


class SurvivalAPIView(ReportAPIView):
    """Kaplan–Meier curves by group with 95 % bands, median and expected lifetime, lifetime value, log-rank p."""

    form_class = SurvivalForm

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "split",
                OpenApiTypes.STR,
                description="none, kind, service_type, tariff, district, contract, cohort_year, cohort_month, segment",
            ),
            OpenApiParameter("split_segment", OpenApiTypes.INT, description="For split=segment"),
            OpenApiParameter("connected_from", OpenApiTypes.DATE),
            OpenApiParameter("connected_to", OpenApiTypes.DATE),
            OpenApiParameter("horizon", OpenApiTypes.INT, description="Months for the expected lifetime; default 60"),
            OpenApiParameter("margin", OpenApiTypes.NUMBER, description="Margin, % of ARPU, for the lifetime value"),
            *AS_OF_PARAMETERS,
            *SEGMENT_PARAMETERS,
        ],
        responses={200: SurvivalSerializer, 400: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        return super().get(request)

    def compute(self, form):
        data = form.cleaned_data
        margin = data.get("margin")
        result = survival(
            data["split"],
            definitions=form.definitions(),
            split_segment=data.get("split_segment"),
            connected_from=data.get("connected_from"),
            connected_to=data.get("connected_to"),
            horizon_months=data["horizon"],
            margin_pct=float(margin) if margin is not None else None,
            today=data["as_of"],
        )
        return SurvivalSerializer(result, context=self.context(form)).data


class CohortAPIView(ReportAPIView):
    """Acquisition month × months since: the share still connected."""

    form_class = CohortForm

    @extend_schema(parameters=[*MONTHS_PARAMETERS, *SEGMENT_PARAMETERS], responses={200: CohortTableSerializer})
    def get(self, request):
        return super().get(request)

    def compute(self, form):
        data = form.cleaned_data
        result = cohort_table(data["start"], data["end"], definitions=form.definitions(), today=data["as_of"])
        return CohortTableSerializer(result, context=self.context(form)).data
