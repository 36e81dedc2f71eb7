from django.utils.translation import gettext_lazy as _

from abonent.core.context_processors import MenuItem

ITEMS = [
    MenuItem("base", _("Imports"), "imports:importrun_list", "imports.view_importrun", 90),
]
