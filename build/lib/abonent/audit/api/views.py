from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from abonent.core.api.permissions import HasPermission
from abonent.core.api.viewsets import RegisterViewSet

from .. import services
from ..filtersets import AuditTargetFilterSet
from ..forms import PeriodForm
from ..models import AuditTarget
from .serializers import AuditTargetSerializer, ScorecardRowSerializer


class AuditTargetViewSet(RegisterViewSet):
    queryset = AuditTarget.objects.all()
    serializer_class = AuditTargetSerializer
    filterset_class = AuditTargetFilterSet

    def perform_update(self, serializer):
        serializer.instance._history_user = self.request.user
        serializer.save()


class ScorecardApiView(APIView):
    """The audit scorecard for a period (start, end as YYYY-MM-DD; default the last three whole months)."""

    permission_classes = [HasPermission]
    required_permission = "audit.view_scorecard"

    @extend_schema(
        parameters=[OpenApiParameter("start", OpenApiTypes.DATE), OpenApiParameter("end", OpenApiTypes.DATE)],
        responses=ScorecardRowSerializer(many=True),
    )
    def get(self, request):
        form = PeriodForm(request.query_params)
        if not form.is_valid():
            return Response(form.errors, status=status.HTTP_400_BAD_REQUEST)
        rows = services.scorecard(form.cleaned_data["start"], form.cleaned_data["end"])
        return Response(ScorecardRowSerializer(rows, many=True).data)
