import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from abonent.core.tables import RegisterTable

from .models import Employee, TimeEntry
from .roles import role_label

# Free-text codes the apps and the demo write; shown translated, any other value as entered.
ACTIVITY_LABELS = {
    "callback": _("Callback"),
    "request": _("Disconnection request"),
    "visit": _("Visit"),
    "letter": _("Letter"),
}
GRADE_LABELS = {"manager": _("manager"), "senior": _("senior"), "lead": _("lead")}


class EmployeeTable(RegisterTable):
    name = tables.Column(verbose_name=_("Employee"), accessor="user", order_by=("user__last_name",), linkify=True)
    username = tables.Column(verbose_name=_("Login"), accessor="user__username")
    roles = tables.Column(verbose_name=_("Role"), accessor="user", orderable=False, empty_values=())

    class Meta(RegisterTable.Meta):
        model = Employee
        fields = (
            "name",
            "username",
            "roles",
            "position",
            "grade",
            "monthly_salary",
            "paid_hours_per_month",
            "pbx_agent",
            "hired_on",
            "left_on",
        )

    def render_grade(self, value):
        return GRADE_LABELS.get(value, value)

    def render_name(self, record):
        return str(record)

    def render_roles(self, record):

        return ", ".join(role_label(g.name) for g in record.user.groups.all())

    def value_roles(self, record):
        return self.render_roles(record)


class TimeEntryTable(RegisterTable):
    class Meta(RegisterTable.Meta):
        model = TimeEntry
        fields = ("date", "user", "minutes", "activity", "note")

    def render_activity(self, value):
        return ACTIVITY_LABELS.get(value, value)
