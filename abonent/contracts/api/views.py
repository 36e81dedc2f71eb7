from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from abonent.core.api.permissions import ModelPermissions
from abonent.core.api.serializers import drf_error
from abonent.core.api.viewsets import RegisterViewSet

from .. import actions
from ..filtersets import AgitationFilterSet, AnnualContractFilterSet, ContractOfferFilterSet
from ..models import Agitation, AnnualContract, ContractOffer
from .serializers import (
    AgitationCreateSerializer,
    AgitationSerializer,
    AnnualContractSerializer,
    ContractCreateSerializer,
    ContractOfferSerializer,
    ContractStepSerializer,
)

STEPS = ("sign", "activate", "cancel", "end", "terminate", "renew")


class ContractOfferViewSet(RegisterViewSet):
    queryset = ContractOffer.objects.all()
    serializer_class = ContractOfferSerializer
    filterset_class = ContractOfferFilterSet

    def perform_update(self, serializer):
        serializer.instance._history_user = self.request.user
        serializer.save()


class AgitationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """The agitation register; POST records an offer and its answer ("accepted" also opens a draft contract)."""

    queryset = Agitation.objects.select_related("subscriber")
    serializer_class = AgitationSerializer
    filterset_class = AgitationFilterSet
    permission_classes = [ModelPermissions]

    def get_serializer_class(self):
        return AgitationCreateSerializer if self.action == "create" else AgitationSerializer

    @extend_schema(request=AgitationCreateSerializer, responses={201: AgitationSerializer})
    def create(self, request, *args, **kwargs):
        serializer = AgitationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        try:
            agitation, _contract = actions.record_agitation(data.pop("subscriber"), user=request.user, **data)
        except DjangoValidationError as exc:
            raise drf_error(exc) from exc
        return Response(AgitationSerializer(agitation).data, status=status.HTTP_201_CREATED)


class ContractPermissions(ModelPermissions):
    def has_permission(self, request, view):
        if getattr(view, "action", None) in STEPS:
            user = request.user
            return bool(user and user.is_authenticated and user.has_perm("contracts.change_annualcontract"))
        return super().has_permission(request, view)


class AnnualContractViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Annual contracts: POST creates a draft; the steps (sign, activate, cancel, end, terminate, renew) move it.

    A step the lifecycle forbids answers 400 with the reason.
    """

    queryset = AnnualContract.objects.select_related("subscriber")
    serializer_class = AnnualContractSerializer
    filterset_class = AnnualContractFilterSet
    permission_classes = [ContractPermissions]

    def get_serializer_class(self):
        if self.action == "create":
            return ContractCreateSerializer
        if self.action in STEPS:
            return ContractStepSerializer
        return AnnualContractSerializer

    def _respond(self, func, request, status_code=status.HTTP_200_OK):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            obj = func(serializer.validated_data)
        except DjangoValidationError as exc:
            raise drf_error(exc) from exc
        return Response(AnnualContractSerializer(obj, context=self.get_serializer_context()).data, status=status_code)

    @extend_schema(request=ContractCreateSerializer, responses={201: AnnualContractSerializer})
    def create(self, request, *args, **kwargs):
        def draft(data):
            data = dict(data)
            return actions.create_draft(data.pop("subscriber"), user=request.user, **data)

        return self._respond(draft, request, status.HTTP_201_CREATED)

    def _step(self, request, func):
        obj = self.get_object()
        return self._respond(lambda data: func(obj, data), request)

    @extend_schema(request=ContractStepSerializer, responses=AnnualContractSerializer)
    @action(detail=True, methods=["post"])
    def sign(self, request, pk=None):
        return self._step(request, lambda c, d: actions.sign(c, user=request.user, starts_on=d["on_date"]))

    @extend_schema(request=ContractStepSerializer, responses=AnnualContractSerializer)
    @action(detail=True, methods=["post"])
    def activate(self, request, pk=None):
        return self._step(request, lambda c, d: actions.activate(c, user=request.user))

    @extend_schema(request=ContractStepSerializer, responses=AnnualContractSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        return self._step(request, lambda c, d: actions.cancel(c, user=request.user, reason=d["reason"]))

    @extend_schema(request=ContractStepSerializer, responses=AnnualContractSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        return self._step(request, lambda c, d: actions.end(c, user=request.user))

    @extend_schema(request=ContractStepSerializer, responses=AnnualContractSerializer)
    @action(detail=True, methods=["post"])
    def terminate(self, request, pk=None):
        return self._step(
            request, lambda c, d: actions.terminate(c, user=request.user, reason=d["reason"], on=d["on_date"])
        )

    @extend_schema(request=ContractStepSerializer, responses={200: AnnualContractSerializer})
    @action(detail=True, methods=["post"])
    def renew(self, request, pk=None):
        """Returns the new, signed contract."""
        return self._step(request, lambda c, d: actions.renew(c, user=request.user, terms=d["terms"]))
