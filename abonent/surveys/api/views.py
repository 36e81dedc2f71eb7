from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response as ApiResponse
from rest_framework.views import APIView

from abonent.core.api.permissions import HasPermission, ModelPermissions
from abonent.core.api.serializers import drf_error
from abonent.core.api.viewsets import ReadOnlyRegisterViewSet, RegisterViewSet

from .. import actions, services
from ..filtersets import InvitationFilterSet, QuestionFilterSet, ResponseFilterSet, SurveyFilterSet
from ..forms import NpsReportForm
from ..models import Invitation, Question, Response, Survey
from .serializers import (
    InvitationSerializer,
    NpsGroupSerializer,
    QuestionSerializer,
    ResponseCreateSerializer,
    ResponseSerializer,
    SurveySerializer,
)


class SurveyViewSet(RegisterViewSet):
    queryset = Survey.objects.all()
    serializer_class = SurveySerializer
    filterset_class = SurveyFilterSet


class QuestionViewSet(RegisterViewSet):
    queryset = Question.objects.all()
    serializer_class = QuestionSerializer
    filterset_class = QuestionFilterSet


class InvitationViewSet(ReadOnlyRegisterViewSet):
    """Invitations with their public links (create them in bulk on the invitations page)."""

    queryset = Invitation.objects.select_related("subscriber")
    serializer_class = InvitationSerializer
    filterset_class = InvitationFilterSet


class ResponseViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Survey answers; POST records an answer taken on a call (a detractor goes on the follow-up list)."""

    queryset = Response.objects.select_related("subscriber", "answered_by")
    serializer_class = ResponseSerializer
    filterset_class = ResponseFilterSet
    permission_classes = [ModelPermissions]

    def get_serializer_class(self):
        return ResponseCreateSerializer if self.action == "create" else ResponseSerializer

    @extend_schema(request=ResponseCreateSerializer, responses={201: ResponseSerializer})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            response = actions.record_response(
                data["survey"],
                data["subscriber"],
                score=data["score"],
                comment=data["comment"],
                answers=data["answers"],
                channel=data["channel"],
                user=request.user,
            )
        except DjangoValidationError as exc:
            raise drf_error(exc) from exc
        return ApiResponse(ResponseSerializer(response).data, status=status.HTTP_201_CREATED)


class NpsReportSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    dimension = serializers.CharField()
    overall = NpsGroupSerializer()
    groups = NpsGroupSerializer(many=True)
    months = serializers.ListField(child=NpsGroupSerializer())


class NpsReportApiView(APIView):
    """The NPS report: overall, by the chosen dimension and by month (same parameters as the page)."""

    permission_classes = [HasPermission]
    required_permission = "surveys.view_nps_report"

    @extend_schema(
        parameters=[
            OpenApiParameter("start", OpenApiTypes.DATE),
            OpenApiParameter("end", OpenApiTypes.DATE),
            OpenApiParameter("survey", int),
            OpenApiParameter("segment", int),
            OpenApiParameter("dimension", str, enum=list(services.DIMENSIONS)),
        ],
        responses=NpsReportSerializer,
    )
    def get(self, request):
        form = NpsReportForm(request.query_params)
        if not form.is_valid():
            return ApiResponse(form.errors, status=status.HTTP_400_BAD_REQUEST)
        data = form.cleaned_data
        report = services.nps_report(
            data["start"], data["end"], dimension=data["dimension"], survey=data["survey"], segment=data["segment"]
        )
        return ApiResponse(
            NpsReportSerializer(
                {
                    "start": report.start,
                    "end": report.end,
                    "dimension": report.dimension,
                    "overall": report.overall,
                    "groups": report.groups,
                    "months": [g for _month, g in report.months],
                }
            ).data
        )
