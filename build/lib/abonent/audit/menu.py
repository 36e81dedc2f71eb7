from django.utils.translation import gettext_lazy as _

from abonent.core.context_processors import MenuItem

ITEMS = [
    MenuItem("reports", _("Audit scorecard"), "audit:scorecard", "audit.view_scorecard", 90),
    MenuItem("settings", _("Audit targets"), "audit:audittarget_list", "audit.view_audittarget", 90),
]
