from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from abonent.core.api.viewsets import ReadOnlyRegisterViewSet, RegisterViewSet, RetireMixin

from .. import actions
from ..filtersets import (
    PaymentFilterSet,
    SavedSegmentFilterSet,
    ServiceKindFilterSet,
    SubscriberFilterSet,
    TariffFilterSet,
)
from ..forms import AsOfForm
from ..models import Payment, SavedSegment, ServiceKind, Subscriber, Tariff
from ..segments import segment_summary
from .serializers import (
    PaymentSerializer,
    SavedSegmentSerializer,
    SegmentSummarySerializer,
    ServiceKindSerializer,
    SubscriberSerializer,
    TariffSerializer,
)


class SubscriberViewSet(ReadOnlyRegisterViewSet):
    """Subscribers come from billing imports; the API reads them."""

    queryset = Subscriber.objects.all()
    serializer_class = SubscriberSerializer
    filterset_class = SubscriberFilterSet


class TariffViewSet(RegisterViewSet):
    queryset = Tariff.objects.all()
    serializer_class = TariffSerializer
    filterset_class = TariffFilterSet


class ServiceKindViewSet(RetireMixin, RegisterViewSet):
    """The service types register; DELETE archives a type that stored rows hold."""

    queryset = ServiceKind.objects.all()
    serializer_class = ServiceKindSerializer
    filterset_class = ServiceKindFilterSet
    retire = staticmethod(actions.retire_service_kind)


class PaymentViewSet(ReadOnlyRegisterViewSet):
    queryset = Payment.objects.all()
    serializer_class = PaymentSerializer
    filterset_class = PaymentFilterSet


class SavedSegmentViewSet(RegisterViewSet):
    """Saved segments; `GET …/{id}/summary/` gives the segment today (subscribers, active, last month's charges)."""

    queryset = SavedSegment.objects.select_related("owner")
    serializer_class = SavedSegmentSerializer
    filterset_class = SavedSegmentFilterSet

    def perform_create(self, serializer):
        serializer.save(owner=self.request.user)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "as_of", OpenApiTypes.DATE, description="The day to count to; default: the latest imported data's date"
            )
        ],
        responses={200: SegmentSummarySerializer, 400: OpenApiTypes.OBJECT},
    )
    @action(detail=True, methods=["get"])
    def summary(self, request, pk=None):
        form = AsOfForm(request.query_params)
        if not form.is_valid():
            return Response(form.errors, status=400)
        as_of = form.cleaned_data["as_of"]
        result = segment_summary(self.get_object().definition, today=as_of)
        return Response(SegmentSummarySerializer(result, context={"as_of": as_of}).data)
