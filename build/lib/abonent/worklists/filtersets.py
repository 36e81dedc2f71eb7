import datetime as dt

import django_filters
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from abonent.analytics.segments import SegmentFilter
from abonent.churn.models import ReasonGroup
from abonent.core.filtersets import DateFromToFilter, RegisterFilterSet

from .choices import WorkItemStatus, WorkList, WorkOutcome
from .models import Campaign, WorkItem


def _users(request):
    return get_user_model().objects.filter(is_active=True).order_by("username")


class WorkItemFilterSet(RegisterFilterSet):
    search_fields = ("subscriber__external_id", "subscriber__name", "reason")
    work_list = django_filters.ChoiceFilter(choices=WorkList.choices, label=_("Work list"))
    status = django_filters.ChoiceFilter(
        choices=[("open", _("Open (any)")), *WorkItemStatus.choices], method="filter_status", label=_("Status")
    )
    outcome = django_filters.ChoiceFilter(choices=WorkOutcome.choices, label=_("Outcome"))
    assigned_to = django_filters.ModelChoiceFilter(queryset=_users, label=_("Responsible"))
    due = django_filters.ChoiceFilter(
        choices=[("overdue", _("Overdue")), ("today", _("Due today or overdue")), ("week", _("Due within a week"))],
        method="filter_due",
        label=_("Next action"),
    )
    campaign = django_filters.ModelChoiceFilter(queryset=Campaign.objects.all(), label=_("Campaign"))
    created = DateFromToFilter(field_name="created_at", label=_("Created"))
    segment = SegmentFilter(prefix="subscriber__")

    class Meta:
        model = WorkItem
        fields = ["q", "work_list", "status", "outcome", "assigned_to", "due", "campaign", "created", "segment"]

    def filter_status(self, queryset, name, value):
        if value == "open":
            return queryset.filter(status__in=WorkItemStatus.open_values())
        return queryset.filter(status=value)

    def filter_due(self, queryset, name, value):
        today = timezone.localdate()
        limit = {"overdue": today - dt.timedelta(days=1), "today": today, "week": today + dt.timedelta(days=7)}[value]
        return queryset.filter(status__in=WorkItemStatus.open_values(), next_action_on__lte=limit)


class CampaignFilterSet(RegisterFilterSet):
    search_fields = ("name", "note")
    work_list = django_filters.ChoiceFilter(choices=WorkList.choices, label=_("Work list"))
    reason_groups = django_filters.ModelChoiceFilter(queryset=ReasonGroup.objects.all(), label=_("Reason group"))
    created = DateFromToFilter(field_name="created_at", label=_("Created"))

    class Meta:
        model = Campaign
        fields = ["q", "work_list", "reason_groups", "created"]
