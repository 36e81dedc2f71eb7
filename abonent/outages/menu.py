from django.utils.translation import gettext_lazy as _

from abonent.core.context_processors import MenuItem

ITEMS = [
    MenuItem("base", _("Outages"), "outages:outage_list", "outages.view_outage", 50),
    MenuItem("reports", _("Churn and outages"), "outages:report", "outages.view_outage", 25),
]
