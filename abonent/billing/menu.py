from django.utils.translation import gettext_lazy as _

from abonent.core.context_processors import MenuItem

ITEMS = [
    MenuItem("work", _("Billing actions"), "billing:billingaction_list", "billing.view_billingaction", 80),
]
