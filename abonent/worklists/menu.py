from django.utils.translation import gettext_lazy as _

from abonent.core.context_processors import MenuItem

ITEMS = [
    MenuItem("work", _("My work today"), "worklists:my_work", "worklists.view_workitem", 1),
    MenuItem("work", _("Hot churn"), "worklists:hot", "worklists.view_workitem", 20),
    MenuItem("work", _("Warm churn"), "worklists:warm", "worklists.view_workitem", 21),
    MenuItem("work", _("Win-back campaigns"), "worklists:campaign_list", "worklists.view_campaign", 22),
    MenuItem("work", _("All work items"), "worklists:workitem_list", "worklists.view_workitem", 23),
]
