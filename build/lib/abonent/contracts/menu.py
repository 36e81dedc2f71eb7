from django.utils.translation import gettext_lazy as _

from abonent.core.context_processors import MenuItem

ITEMS = [
    MenuItem("retention", _("Annual contracts"), "contracts:annualcontract_list", "contracts.view_annualcontract", 40),
    MenuItem("retention", _("Offer list (contracts)"), "contracts:eligible", "contracts.add_agitation", 41),
    MenuItem("retention", _("Agitation"), "contracts:agitation_list", "contracts.view_agitation", 42),
    MenuItem("retention", _("Renewals"), "contracts:renewals", "contracts.view_annualcontract", 43),
    MenuItem("retention", _("Contract offers"), "contracts:contractoffer_list", "contracts.view_contractoffer", 44),
    MenuItem("reports", _("Annual contracts report"), "contracts:report", "contracts.view_annualcontract", 60),
]
