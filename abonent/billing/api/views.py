"""Billing pulls the outbox: GET /api/billing/actions/?state=pending, then POST …/ack/ with the ids it took, and
later …/<id>/confirm/ or …/<id>/reject/ (docs/billing/outbox.md)."""

from dataclasses import asdict

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from abonent.core.api.permissions import ModelPermissions
from abonent.core.api.serializers import drf_error
from abonent.core.api.viewsets import ReadOnlyRegisterViewSet

from .. import actions
from ..choices import SentVia
from ..filtersets import BillingActionFilterSet
from ..models import BillingAction
from .serializers import AckResultSerializer, AckSerializer, BillingActionSerializer, SettleSerializer

NEEDS = {"ack": "billing.send_billingaction", "confirm": "billing.settle_billingaction"}
NEEDS["reject"] = NEEDS["confirm"]


class OutboxPermissions(ModelPermissions):
    """Reading needs view; acknowledging needs send_billingaction; confirming and rejecting settle_billingaction."""

    def has_permission(self, request, view):
        needed = NEEDS.get(getattr(view, "action", None))
        if needed:
            return bool(request.user and request.user.is_authenticated and request.user.has_perm(needed))
        return super().has_permission(request, view)


class BillingActionViewSet(ReadOnlyRegisterViewSet):
    """The outbox of billing actions: filter by state, kind, created and sent dates, subscriber."""

    queryset = BillingAction.objects.select_related("subscriber")
    serializer_class = BillingActionSerializer
    filterset_class = BillingActionFilterSet
    permission_classes = [OutboxPermissions]

    @extend_schema(request=AckSerializer, responses=AckResultSerializer)
    @action(detail=False, methods=["post"])
    def ack(self, request):
        """Billing took these actions: pending → sent, with its reference. Idempotent: a repeat changes nothing and
        lists the ids under `already`; a cancelled action comes back under `refused` and must not be carried out."""
        data = AckSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = actions.mark_sent(
            data.validated_data["ids"], user=request.user, via=SentVia.API, reference=data.validated_data["reference"]
        )
        return Response(AckResultSerializer(asdict(result)).data)

    def _settle(self, request, run):
        data = SettleSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            done = run(self.get_object(), user=request.user, **data.validated_data)
        except DjangoValidationError as exc:
            raise drf_error(exc) from exc
        return Response(BillingActionSerializer(done).data)

    @extend_schema(request=SettleSerializer, responses=BillingActionSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        """sent → confirmed: billing carried the action out. Confirming twice changes nothing."""
        return self._settle(request, actions.confirm)

    @extend_schema(request=SettleSerializer, responses=BillingActionSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        """sent → rejected: billing did not carry it out; `message` (required) says why."""
        return self._settle(request, actions.reject)
