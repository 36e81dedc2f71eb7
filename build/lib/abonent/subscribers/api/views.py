from abonent.core.api.viewsets import ReadOnlyRegisterViewSet, RegisterViewSet

from ..filtersets import PaymentFilterSet, SubscriberFilterSet, TariffFilterSet
from ..models import Payment, Subscriber, Tariff
from .serializers import PaymentSerializer, SubscriberSerializer, TariffSerializer


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
