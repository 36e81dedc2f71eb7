from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from abonent.core.api.serializers import drf_error
from abonent.core.api.viewsets import RegisterViewSet

from .. import actions
from ..filtersets import TicketFilterSet
from ..models import Ticket
from .serializers import MoveSerializer, TicketSerializer


class TicketViewSet(RegisterViewSet):
    """Tickets with the register's filters (incl. `overdue=true`); POST opens one through tickets.actions."""

    queryset = Ticket.objects.select_related("subscriber", "responsible")
    serializer_class = TicketSerializer
    filterset_class = TicketFilterSet
    http_method_names = ["get", "post", "patch", "head", "options"]
    create_action = actions.open_ticket

    def perform_update(self, serializer):
        serializer.instance._history_user = self.request.user
        serializer.save()

    @extend_schema(request=MoveSerializer, responses=TicketSerializer)
    @action(detail=True, methods=["post"], serializer_class=MoveSerializer)
    def move(self, request, pk=None):
        if not request.user.has_perm("tickets.change_ticket"):
            return Response({"detail": _("Permission denied.")}, status=status.HTTP_403_FORBIDDEN)
        ticket = self.get_object()
        serializer = MoveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            actions.move_ticket(ticket, serializer.validated_data["to"], user=request.user)
        except DjangoValidationError as exc:
            raise drf_error(exc) from exc
        return Response(TicketSerializer(self.get_queryset().get(pk=ticket.pk), context={"request": request}).data)
