import django_filters
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from abonent.core.filtersets import DateFromToFilter, RegisterFilterSet

from .models import Employee, TimeEntry


class EmployeeFilterSet(RegisterFilterSet):
    search_fields = ("user__username", "user__first_name", "user__last_name", "position", "pbx_agent")
    role = django_filters.ModelChoiceFilter(
        field_name="user__groups", queryset=Group.objects.order_by("name"), label=_("Role")
    )
    current = django_filters.BooleanFilter(field_name="left_on", lookup_expr="isnull", label=_("Currently employed"))

    class Meta:
        model = Employee
        fields = ["q", "role", "grade", "current"]


def _users(request):
    return get_user_model().objects.filter(is_active=True).order_by("username")


class TimeEntryFilterSet(RegisterFilterSet):
    search_fields = ("activity", "note")
    user = django_filters.ModelChoiceFilter(queryset=_users, label=_("Employee"))
    date = DateFromToFilter(field_name="date", label=_("Date"))

    class Meta:
        model = TimeEntry
        fields = ["q", "user", "date", "activity"]
