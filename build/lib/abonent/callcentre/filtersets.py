import django_filters
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from abonent.analytics.segments import SegmentFilter
from abonent.calls.models import CallType
from abonent.core.filtersets import DateFromToFilter, RegisterFilterSet

from .choices import AttemptOutcome, Priority, TaskOutcome, TaskStatus
from .models import CallbackAttempt, CallbackTask


def _agents(request):
    return get_user_model().objects.filter(is_active=True).order_by("username")


class CallbackTaskFilterSet(RegisterFilterSet):
    search_fields = ("phone", "subscriber__external_id", "subscriber__name")
    status = django_filters.ChoiceFilter(
        choices=[("active", _("Open or taken")), *TaskStatus.choices], method="filter_status", label=_("Status")
    )
    priority = django_filters.ChoiceFilter(choices=Priority.choices, label=_("Priority"))
    outcome = django_filters.ChoiceFilter(choices=TaskOutcome.choices, label=_("Outcome"))
    call_type = django_filters.ModelChoiceFilter(queryset=CallType.objects.all(), label=_("Call type"))
    assigned_to = django_filters.ModelChoiceFilter(queryset=_agents, label=_("Agent"))
    created = DateFromToFilter(field_name="created_at", label=_("Created"))
    segment = SegmentFilter(prefix="subscriber__")

    class Meta:
        model = CallbackTask
        fields = ["q", "status", "priority", "outcome", "call_type", "assigned_to", "created", "segment"]

    def filter_status(self, queryset, name, value):
        if value == "active":
            return queryset.filter(status__in=TaskStatus.active_values())
        return queryset.filter(status=value)


class CallbackAttemptFilterSet(RegisterFilterSet):
    search_fields = ("task__phone", "note")
    outcome = django_filters.ChoiceFilter(choices=AttemptOutcome.choices, label=_("Outcome"))
    user = django_filters.ModelChoiceFilter(queryset=_agents, label=_("Agent"))
    at = DateFromToFilter(field_name="at", label=_("Date"))

    class Meta:
        model = CallbackAttempt
        fields = ["q", "outcome", "user", "at", "task"]
