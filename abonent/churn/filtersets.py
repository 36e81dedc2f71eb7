import django_filters
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from abonent.core.filtersets import DateFromToFilter, RegisterFilterSet
from abonent.subscribers.choices import SubscriberKind
from abonent.subscribers.service_kinds import service_type_choices

from .choices import NormSource, RequestChannel, RequestStatus
from .models import ChurnReason, DisconnectionRequest, ReasonGroup, Script


class ReasonGroupFilterSet(RegisterFilterSet):
    search_fields = ("code", "name_ru", "name_en")

    class Meta:
        model = ReasonGroup
        fields = ["q", "is_managed", "is_archived"]


class ChurnReasonFilterSet(RegisterFilterSet):
    search_fields = ("code", "name_ru", "name_en")
    group = django_filters.ModelChoiceFilter(queryset=ReasonGroup.objects.all(), label=_("Group"))
    norm_source = django_filters.ChoiceFilter(choices=NormSource.choices, label=_("Norm source"))

    class Meta:
        model = ChurnReason
        fields = ["q", "group", "is_managed", "norm_source", "is_archived"]


class ScriptFilterSet(RegisterFilterSet):
    search_fields = ("title", "title_en", "body_ru", "body_en")
    group = django_filters.ModelChoiceFilter(queryset=ReasonGroup.objects.all(), label=_("Reason group"))

    class Meta:
        model = Script
        fields = ["q", "group", "is_default"]


def _agents(request):
    return get_user_model().objects.filter(is_active=True).order_by("username")


class DisconnectionRequestFilterSet(RegisterFilterSet):
    """Filters of the request register; `q` finds a request by the subscriber's account number or name."""

    search_fields = ("subscriber__external_id", "subscriber__name")
    status = django_filters.ChoiceFilter(
        choices=[("open", _("Open (any)")), *RequestStatus.choices], method="filter_status", label=_("Status")
    )
    reason = django_filters.ModelChoiceFilter(queryset=ChurnReason.objects.select_related("group"), label=_("Reason"))
    reason_group = django_filters.ModelChoiceFilter(
        field_name="reason__group", queryset=ReasonGroup.objects.all(), label=_("Reason group")
    )
    received = DateFromToFilter(field_name="received_at", label=_("Received"))
    agent = django_filters.ModelChoiceFilter(queryset=_agents, label=_("Agent"))
    owner = django_filters.ModelChoiceFilter(queryset=_agents, label=_("Responsible"))
    channel = django_filters.ChoiceFilter(choices=RequestChannel.choices, label=_("Channel"))
    service_type = django_filters.ChoiceFilter(choices=service_type_choices, label=_("Service type"))
    subscriber_kind = django_filters.ChoiceFilter(choices=SubscriberKind.choices, label=_("Residential/business"))

    class Meta:
        model = DisconnectionRequest
        fields = [
            "q",
            "status",
            "reason_group",
            "reason",
            "received",
            "agent",
            "owner",
            "channel",
            "service_type",
            "subscriber_kind",
        ]

    def filter_status(self, queryset, name, value):
        if value == "open":
            return queryset.filter(status__in=RequestStatus.open_values())
        return queryset.filter(status=value)
