from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status
from rest_framework.response import Response
from rest_framework.views import APIView

from abonent.core.api.permissions import HasPermission
from abonent.core.api.viewsets import ReadOnlyRegisterViewSet

from .. import services, tasks
from ..filtersets import RiskScoreFilterSet, ScoringModelFilterSet, ScoringRunFilterSet
from ..forms import TrackRecordForm
from ..models import RiskScore, ScoringModel, ScoringRun
from .serializers import (
    RiskScoreSerializer,
    ScoringModelSerializer,
    ScoringRunSerializer,
    TrackRecordReportSerializer,
)


class RiskScoreViewSet(ReadOnlyRegisterViewSet):
    """Scores of the latest successful run (every run's scores with ?run=<id> is not offered: use the run's id)."""

    queryset = RiskScore.objects.select_related("subscriber", "model").order_by("run", "rank")
    serializer_class = RiskScoreSerializer
    filterset_class = RiskScoreFilterSet

    def get_queryset(self):
        run = services.latest_run()
        return super().get_queryset().filter(run=run) if run else RiskScore.objects.none()


class ScoringModelViewSet(ReadOnlyRegisterViewSet):
    queryset = ScoringModel.objects.defer("booster")
    serializer_class = ScoringModelSerializer
    filterset_class = ScoringModelFilterSet


class ScoringRunViewSet(mixins.CreateModelMixin, ReadOnlyRegisterViewSet):
    """POST starts a run in the background (train: retrain first); poll the run for progress."""

    queryset = ScoringRun.objects.all()
    serializer_class = ScoringRunSerializer
    filterset_class = ScoringRunFilterSet

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        run = tasks.start_run(
            user=request.user,
            train=serializer.validated_data.get("train", True),
            as_of=serializer.validated_data.get("scored_on"),
            source="api",
        )
        run.refresh_from_db()
        return Response(self.get_serializer(run).data, status=status.HTTP_201_CREATED)


class TrackRecordAPIView(APIView):
    """The risk model's track record: every past run whose horizon has passed, against who actually left."""

    permission_classes = [HasPermission]
    required_permission = "scoring.view_scoringmodel"

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "as_of",
                OpenApiTypes.DATE,
                description="Outcomes known up to, not in the future (default: the date of the latest imported data)",
            )
        ],
        responses={200: TrackRecordReportSerializer, 400: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        form = TrackRecordForm(request.query_params)
        if not form.is_valid():
            return Response(form.errors, status=400)
        as_of = form.cleaned_data["as_of"]
        report = {"records": services.track_record(as_of)}
        return Response(TrackRecordReportSerializer(report, context={"as_of": as_of}).data)
