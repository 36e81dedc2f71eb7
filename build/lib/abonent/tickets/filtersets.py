import django_filters
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from abonent.analytics.segments import SegmentFilter
from abonent.core.filtersets import DateFromToFilter, RegisterFilterSet

from . import services
from .choices import TicketKind, TicketStatus
from .models import Ticket


def _users(request):
    return get_user_model().objects.filter(is_active=True).order_by("username")


class TicketFilterSet(RegisterFilterSet):
    """`q` finds a ticket by its number, subject, or the subscriber's account number or name."""

    search_fields = ("external_id", "subject", "subscriber__external_id", "subscriber__name")
    status = django_filters.ChoiceFilter(
        choices=[("open", _("Open (any)")), *TicketStatus.choices], method="filter_status", label=_("Status")
    )
    kind = django_filters.ChoiceFilter(choices=TicketKind.choices, label=_("Kind"))
    responsible = django_filters.ModelChoiceFilter(queryset=_users, label=_("Responsible"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Past the SLA deadline"))
    opened = DateFromToFilter(field_name="opened_at", label=_("Opened"))
    segment = SegmentFilter(prefix="subscriber__")

    class Meta:
        model = Ticket
        fields = ["q", "status", "kind", "urgent", "is_repeat", "responsible", "overdue", "opened", "segment"]

    def filter_status(self, queryset, name, value):
        if value == "open":
            return queryset.filter(status__in=TicketStatus.open_values())
        return queryset.filter(status=value)

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(services.overdue_q()) if value else queryset.exclude(services.overdue_q())
