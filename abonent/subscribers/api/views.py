from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from abonent.core.api.viewsets import ReadOnlyRegisterViewSet, RegisterViewSet

from ..filtersets import PaymentFilterSet, SavedSegmentFilterSet, SubscriberFilterSet, TariffFilterSet
from ..models import Payment, SavedSegment, Subscriber, Tariff
from ..segments import segment_summary
from .serializers import (
    PaymentSerializer,
    SavedSegmentSerializer,
    SegmentSummarySerializer,
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

    @extend_schema(responses=SegmentSummarySerializer)
    @action(detail=True, methods=["get"])
    def summary(self, request, pk=None):
        return Response(SegmentSummarySerializer(segment_summary(self.get_object().definition)).data)
