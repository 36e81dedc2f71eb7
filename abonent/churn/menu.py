from django.utils.translation import gettext_lazy as _

from abonent.core.context_processors import MenuItem

ITEMS = [
    MenuItem(
        "work", _("Disconnection requests"), "churn:disconnectionrequest_list", "churn.view_disconnectionrequest", 10
    ),
    MenuItem("settings", _("Churn reasons"), "churn:churnreason_list", "churn.view_churnreason", 10),
    MenuItem("settings", _("Scripts"), "churn:script_list", "churn.view_script", 20),
]
