from django.utils.translation import gettext_lazy as _

from abonent.core.context_processors import MenuItem

ITEMS = [
    MenuItem("settings", _("Employees"), "staff:employee_list", "staff.view_employee", 60),
    MenuItem("settings", _("Time entries"), "staff:timeentry_list", "staff.view_timeentry", 65),
]
