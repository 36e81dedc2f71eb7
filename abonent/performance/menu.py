from django.utils.translation import gettext_lazy as _

from abonent.core.context_processors import MenuItem

ITEMS = [MenuItem("reports", _("Manager performance"), "performance:managers", "retention.view_costs", 60)]
