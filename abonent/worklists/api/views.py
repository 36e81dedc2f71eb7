from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from abonent.core.api.permissions import ModelPermissions
from abonent.core.api.serializers import drf_error

from .. import actions, services
from ..filtersets import CampaignFilterSet, WorkItemFilterSet
from ..models import Campaign, WorkItem
from .serializers import (
    CampaignReportSerializer,
    CampaignSerializer,
    OutcomeSerializer,
    WinbackCampaignSerializer,
    WorkItemCreateSerializer,
    WorkItemSerializer,
)


class WorkItemPermissions(ModelPermissions):
    def has_permission(self, request, view):
        if getattr(view, "action", None) == "outcome":
            user = request.user
            return bool(user and user.is_authenticated and user.has_perm("worklists.change_workitem"))
        return super().has_permission(request, view)


class WorkItemViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Work items of every list. POST puts a subscriber on a list (their open item if already there); PATCH changes
    who works it and when; POST …/outcome/ records what came of the contact."""

    queryset = WorkItem.objects.select_related("subscriber")
    serializer_class = WorkItemSerializer
    filterset_class = WorkItemFilterSet
    permission_classes = [WorkItemPermissions]

    def get_serializer_class(self):
        return {"create": WorkItemCreateSerializer, "outcome": OutcomeSerializer}.get(self.action, WorkItemSerializer)

    @extend_schema(request=WorkItemCreateSerializer, responses={201: WorkItemSerializer, 200: WorkItemSerializer})
    def create(self, request, *args, **kwargs):
        serializer = WorkItemCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        item, created = services.add_to_work_list(
            data.pop("subscriber"), data.pop("work_list"), user=request.user, **data
        )
        return Response(WorkItemSerializer(item).data, status=status.HTTP_201_CREATED if created else 200)

    def perform_update(self, serializer):
        item, user = serializer.instance, self.request.user
        if not services.may_work(user, item):
            raise PermissionDenied(_("You may work only your own or unassigned items of your lists."))
        if "assigned_to" in serializer.validated_data and not services.may_assign(
            user, item, serializer.validated_data["assigned_to"]
        ):
            raise PermissionDenied(_("Only a manager gives an item to someone else or takes it from them."))
        item._history_user = user
        serializer.save()

    @extend_schema(request=OutcomeSerializer, responses=WorkItemSerializer)
    @action(detail=True, methods=["post"])
    def outcome(self, request, pk=None):
        item = self.get_object()
        if not services.may_work(request.user, item):
            raise PermissionDenied(_("You may work only your own or unassigned items of your lists."))
        serializer = OutcomeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            actions.record_outcome(item, user=request.user, **serializer.validated_data)
        except DjangoValidationError as exc:
            raise drf_error(exc) from exc
        return Response(WorkItemSerializer(item).data)


class CampaignViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Campaigns; POST creates a win-back campaign for the churned subscribers of a period and reason groups."""

    queryset = Campaign.objects.prefetch_related("reason_groups")
    serializer_class = CampaignSerializer
    filterset_class = CampaignFilterSet
    permission_classes = [ModelPermissions]

    def get_serializer_class(self):
        return WinbackCampaignSerializer if self.action == "create" else CampaignSerializer

    @extend_schema(request=WinbackCampaignSerializer, responses={201: CampaignSerializer})
    def create(self, request, *args, **kwargs):
        serializer = WinbackCampaignSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        campaign = services.create_winback_campaign(user=request.user, **serializer.validated_data)
        return Response(CampaignSerializer(campaign).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=CampaignReportSerializer)
    @action(detail=True, methods=["get"], filterset_class=None)
    def report(self, request, pk=None):
        return Response(CampaignReportSerializer(services.campaign_report(self.get_object())).data)
