from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from abonent.core.api.permissions import HasPermission

from .. import services
from ..forms import PerformanceForm
from ..views import ALL_PERMISSION, VIEW_PERMISSION, visible_rows


class ManagerPerformanceAPIView(APIView):
    """The performance screen's rows: every manager for the head and the analyst, one's own for a manager."""

    permission_classes = [HasPermission]
    required_permission = VIEW_PERMISSION

    @extend_schema(
        parameters=[
            OpenApiParameter("period", OpenApiTypes.STR, enum=list(services.PERIODS), description="Default: month"),
            OpenApiParameter("as_of", OpenApiTypes.DATE, description="Default: the date of the latest imported data"),
        ],
        responses={200: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        form = PerformanceForm(request.query_params)
        if not form.is_valid():
            return Response(form.errors, status=400)
        data = form.cleaned_data
        every = services.manager_performance(data["first"], data["last"], as_of=data["as_of"])
        return Response(
            {
                "period": data["period"],
                "first": data["first"],
                "last": data["last"],
                "as_of": data["as_of"],
                "all_managers": request.user.has_perm(ALL_PERMISSION),
                "rows": [row.as_dict() for row in visible_rows(request.user, every)],
                "total": services.totals(every).as_dict(),
            }
        )
