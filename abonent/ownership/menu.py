from django.utils.translation import gettext_lazy as _

from abonent.core.context_processors import MenuItem

ITEMS = [
    MenuItem("work", _("My work"), "ownership:my_work", "worklists.view_workitem", 0),
    MenuItem("settings", _("Assignment rules"), "ownership:assignmentrule_list", "ownership.view_assignmentrule", 62),
]
