"""Staff registers: employees (pay, paid hours, PBX identity) and the time entries of offline work."""

from abonent.core.views import ObjectDetailView, ObjectEditView, ObjectListView

from .filtersets import EmployeeFilterSet, TimeEntryFilterSet
from .forms import EmployeeForm
from .models import Employee, TimeEntry
from .roles import role_label
from .tables import EmployeeTable, TimeEntryTable


class EmployeeListView(ObjectListView):
    queryset = Employee.objects.select_related("user").prefetch_related("user__groups")
    table_class = EmployeeTable
    filterset_class = EmployeeFilterSet


class EmployeeDetailView(ObjectDetailView):
    queryset = Employee.objects.select_related("user")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["time_entries"] = TimeEntry.objects.filter(user=self.object.user).order_by("-date", "-pk")[:20]
        context["roles"] = [role_label(g.name) for g in self.object.user.groups.all()]
        return context


class EmployeeEditView(ObjectEditView):
    queryset = Employee.objects.all()
    form_class = EmployeeForm


class TimeEntryListView(ObjectListView):
    queryset = TimeEntry.objects.select_related("user")
    table_class = TimeEntryTable
    filterset_class = TimeEntryFilterSet
