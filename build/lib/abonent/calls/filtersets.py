import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from abonent.analytics.segments import SegmentFilter
from abonent.core.filtersets import DateFromToFilter, RegisterFilterSet
from abonent.subscribers.services import normalise_phone

from .choices import CallDirection, CallOutcome, ClassifiedBy, RuleField
from .models import AgentInterval, Call, CallType, CallTypeRule, PbxColumnMapping

UNCLASSIFIED = "unclassified"


def _users(request):
    return get_user_model().objects.filter(is_active=True).order_by("username")


class CallFilterSet(RegisterFilterSet):
    """Filters of the call register; `q` finds a call by a number or the subscriber's account or name."""

    search_fields = ("caller", "callee", "call_id", "subscriber__external_id", "subscriber__name")
    period = DateFromToFilter(field_name="started_at__date", label=_("Period"))
    direction = django_filters.ChoiceFilter(choices=CallDirection.choices, label=_("Direction"))
    outcome = django_filters.ChoiceFilter(
        choices=[("missed", _("Missed (any)")), *CallOutcome.choices], method="filter_outcome", label=_("Outcome")
    )
    queue = django_filters.CharFilter(label=_("Queue"))
    user = django_filters.ModelChoiceFilter(queryset=_users, label=_("Employee"))
    agent = django_filters.CharFilter(label=_("PBX agent"))
    call_type = django_filters.ModelChoiceFilter(queryset=CallType.objects.all(), label=_("Call type"))
    classified = django_filters.ChoiceFilter(
        choices=[
            ("no", _("Not classified")),
            ("todo", _("Answered, not classified")),
            ("yes", _("Classified")),
            *ClassifiedBy.choices,
        ],
        method="filter_classified",
        label=_("Classification"),
    )
    subscriber = django_filters.CharFilter(field_name="subscriber__external_id", label=_("Account number"))
    caller = django_filters.CharFilter(method="filter_caller", label=_("Caller"))
    segment = SegmentFilter(prefix="subscriber__")

    class Meta:
        model = Call
        fields = [
            "q",
            "period",
            "direction",
            "outcome",
            "queue",
            "user",
            "agent",
            "call_type",
            "classified",
            "subscriber",
            "caller",
            "segment",
        ]

    def filter_outcome(self, queryset, name, value):
        if value == "missed":
            return queryset.filter(outcome__in=CallOutcome.missed_values())
        return queryset.filter(outcome=value)

    def filter_classified(self, queryset, name, value):
        if value == "no":
            return queryset.filter(call_type__isnull=True)
        if value == "todo":
            return unclassified_answered(queryset)
        if value == "yes":
            return queryset.filter(call_type__isnull=False)
        return queryset.filter(classified_by=value)

    def filter_caller(self, queryset, name, value):
        number = normalise_phone(value) or "".join(ch for ch in value if ch.isdigit())
        if not number:
            return queryset.none()
        return queryset.filter(Q(caller=number) | Q(caller__endswith=number))


def unclassified_answered(queryset):
    """The agents' to-do: answered calls (inbound or outbound) that have no type yet."""
    return queryset.filter(call_type__isnull=True, outcome=CallOutcome.ANSWERED).exclude(
        direction=CallDirection.INTERNAL
    )


class CallTypeFilterSet(RegisterFilterSet):
    search_fields = ("code", "name_ru", "name_en")

    class Meta:
        model = CallType
        fields = ["q", "callback_priority", "is_missed", "is_archived"]


class CallTypeRuleFilterSet(RegisterFilterSet):
    search_fields = ("value",)
    field = django_filters.ChoiceFilter(choices=RuleField.choices, label=_("Match on"))
    call_type = django_filters.ModelChoiceFilter(queryset=CallType.objects.all(), label=_("Call type"))

    class Meta:
        model = CallTypeRule
        fields = ["q", "field", "call_type"]


class PbxColumnMappingFilterSet(RegisterFilterSet):
    search_fields = ("name",)

    class Meta:
        model = PbxColumnMapping
        fields = ["q"]


class AgentIntervalFilterSet(RegisterFilterSet):
    search_fields = ("agent", "queue")
    period = DateFromToFilter(field_name="started_at__date", label=_("Period"))
    user = django_filters.ModelChoiceFilter(queryset=_users, label=_("Employee"))

    class Meta:
        model = AgentInterval
        fields = ["q", "period", "kind", "user"]
