from django.utils.translation import gettext_lazy as _

from abonent.core.context_processors import MenuItem

REPORTS = "callcentre.view_callcentre_reports"

ITEMS = [
    MenuItem("calls", _("My callback"), "callcentre:my_callback", "callcentre.change_callbacktask", 10),
    MenuItem("calls", _("Callback queue"), "callcentre:callbacktask_list", "callcentre.view_callbacktask", 20),
    MenuItem("calls", _("Call statistics"), "callcentre:statistics", REPORTS, 60),
    MenuItem("calls", _("Staffing"), "callcentre:staffing", REPORTS, 70),
    MenuItem("calls", _("Workload"), "callcentre:workload", REPORTS, 80),
    MenuItem("calls", _("Missed calls: how bad"), "callcentre:missed_calls", REPORTS, 90),
    MenuItem(
        "settings", _("Callback policy"), "callcentre:callbackpolicy_detail", "callcentre.view_callbackpolicy", 60
    ),
]
