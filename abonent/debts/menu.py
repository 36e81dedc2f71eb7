from django.utils.translation import gettext_lazy as _

from abonent.core.context_processors import MenuItem

ITEMS = [
    MenuItem("work", _("Promises to pay"), "debts:promisetopay_list", "debts.view_promisetopay", 45),
    MenuItem("settings", _("Exemptions from blocking"), "debts:debtexemption_list", "debts.view_debtexemption", 60),
]
