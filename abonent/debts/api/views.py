from abonent.core.api.viewsets import RegisterViewSet

from .. import actions
from ..filtersets import PromiseToPayFilterSet
from ..models import PromiseToPay
from .serializers import PromiseToPaySerializer


class PromiseToPayViewSet(RegisterViewSet):
    """Promises to pay; POST records one (open), a payments import closes it. Not edited or deleted."""

    queryset = PromiseToPay.objects.select_related("subscriber")
    serializer_class = PromiseToPaySerializer
    filterset_class = PromiseToPayFilterSet
    http_method_names = ["get", "post", "head", "options"]
    create_action = actions.record_promise
