from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from abonent.core.api.permissions import ModelPermissions
from abonent.core.api.serializers import drf_error
from abonent.core.api.viewsets import RegisterViewSet, RetireMixin
from abonent.core.forms import validate_report_date

from .. import actions, services
from ..filtersets import ChurnReasonFilterSet, DisconnectionRequestFilterSet, ReasonGroupFilterSet, ScriptFilterSet
from ..models import ChurnReason, DisconnectionRequest, ReasonGroup, Script
from .serializers import (
    ChurnReasonSerializer,
    CloseRequestSerializer,
    DisconnectionRequestCreateSerializer,
    DisconnectionRequestSerializer,
    EstablishReasonSerializer,
    MakeOfferSerializer,
    NormProposalSerializer,
    ReasonGroupSerializer,
    ScriptSerializer,
)

STEPS = {"establish_reason", "make_offer", "close"}


class RequestPermissions(ModelPermissions):
    """Working a request (the step actions) needs `change`; receiving one needs `add`, reading `view`."""

    def has_permission(self, request, view):
        if getattr(view, "action", None) in STEPS:
            user = request.user
            return bool(user and user.is_authenticated and user.has_perm("churn.change_disconnectionrequest"))
        return super().has_permission(request, view)


class ReasonGroupViewSet(RetireMixin, RegisterViewSet):
    queryset = ReasonGroup.objects.all()
    serializer_class = ReasonGroupSerializer
    filterset_class = ReasonGroupFilterSet
    retire = staticmethod(actions.retire_group)


class ChurnReasonViewSet(RetireMixin, RegisterViewSet):
    """Churn reasons with their norms; PATCH `norm_percent` (with the change permission) sets a manual norm."""

    queryset = ChurnReason.objects.select_related("group")
    serializer_class = ChurnReasonSerializer
    filterset_class = ChurnReasonFilterSet
    retire = staticmethod(actions.retire_reason)

    def perform_update(self, serializer):
        serializer.instance._history_user = self.request.user
        serializer.save()

    @extend_schema(
        parameters=[
            OpenApiParameter("start", OpenApiTypes.DATE, required=True),
            OpenApiParameter("end", OpenApiTypes.DATE, required=True),
        ],
        responses=NormProposalSerializer(many=True),
    )
    @action(detail=False, methods=["get"], url_path="norm-proposals", filterset_class=None, pagination_class=None)
    def norm_proposals(self, request):
        """Norms proposed from the operator's churn over the baseline months from `start` to `end` (dates)."""
        dates = serializers.DateField(validators=[validate_report_date])
        try:
            start = dates.run_validation(request.query_params.get("start", ""))
            end = dates.run_validation(request.query_params.get("end", ""))
        except serializers.ValidationError:
            return Response({"detail": _("Give start and end as YYYY-MM-DD.")}, status=status.HTTP_400_BAD_REQUEST)
        return Response(NormProposalSerializer(services.propose_norms(start, end), many=True).data)


class ScriptViewSet(RegisterViewSet):
    queryset = Script.objects.select_related("group")
    serializer_class = ScriptSerializer
    filterset_class = ScriptFilterSet

    def perform_update(self, serializer):
        serializer.instance._history_user = self.request.user
        serializer.save()


class DisconnectionRequestViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Disconnection requests: list with the register's filters, read, receive, and work them step by step.

    The steps call abonent.churn.actions; a move the lifecycle forbids answers 400 with the reason.
    """

    queryset = DisconnectionRequest.objects.select_related(
        "subscriber",
        "reason",
        "reason__group",
        "agent",
        "owner",
        "reason_established_by",
        "offer_made_by",
        "closed_by",
    )
    serializer_class = DisconnectionRequestSerializer
    filterset_class = DisconnectionRequestFilterSet
    permission_classes = [RequestPermissions]

    def get_serializer_class(self):
        return {
            "create": DisconnectionRequestCreateSerializer,
            "establish_reason": EstablishReasonSerializer,
            "make_offer": MakeOfferSerializer,
            "close": CloseRequestSerializer,
        }.get(self.action, DisconnectionRequestSerializer)

    def _run(self, step, request, status_code=status.HTTP_200_OK):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            obj = step(serializer.validated_data)
        except DjangoValidationError as exc:
            raise drf_error(exc) from exc
        obj = self.get_queryset().get(pk=obj.pk)
        return Response(
            DisconnectionRequestSerializer(obj, context=self.get_serializer_context()).data, status=status_code
        )

    @extend_schema(request=DisconnectionRequestCreateSerializer, responses={201: DisconnectionRequestSerializer})
    def create(self, request, *args, **kwargs):
        def register(data):
            subscriber = data.pop("subscriber")
            return actions.register_request(subscriber, user=request.user, **data)

        return self._run(register, request, status.HTTP_201_CREATED)

    @extend_schema(request=EstablishReasonSerializer, responses=DisconnectionRequestSerializer)
    @action(detail=True, methods=["post"], url_path="establish-reason")
    def establish_reason(self, request, pk=None):
        obj = self.get_object()
        return self._run(lambda data: actions.establish_reason(obj, user=request.user, **data), request)

    @extend_schema(request=MakeOfferSerializer, responses=DisconnectionRequestSerializer)
    @action(detail=True, methods=["post"], url_path="make-offer")
    def make_offer(self, request, pk=None):
        obj = self.get_object()
        return self._run(lambda data: actions.make_free_offer(obj, user=request.user, **data), request)

    @extend_schema(request=CloseRequestSerializer, responses=DisconnectionRequestSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        obj = self.get_object()
        return self._run(lambda data: actions.close_request(obj, user=request.user, **data), request)
