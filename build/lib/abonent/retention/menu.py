from django.utils.translation import gettext_lazy as _

from abonent.core.context_processors import MenuItem

ITEMS = [
    MenuItem("retention", _("Retention matrix"), "retention:matrix", "retention.view_matrixentry", 10),
    MenuItem("retention", _("Measures"), "retention:measure_list", "retention.view_measure", 20),
    MenuItem("retention", _("Offers"), "retention:retentionoffer_list", "retention.view_retentionoffer", 30),
    MenuItem("retention", _("Effectiveness"), "retention:effectiveness", "retention.view_costs", 40),
    MenuItem("retention", _("Economics"), "retention:economics", "retention.view_retentionplan", 50),
    MenuItem("retention", _("Plans"), "retention:retentionplan_list", "retention.view_retentionplan", 55),
    MenuItem("retention", _("Bonuses"), "retention:bonuses", "retention.view_bonusscheme", 60),
    MenuItem("retention", _("Bonus schemes"), "retention:bonusscheme_list", "retention.view_bonusscheme", 65),
    MenuItem("retention", _("Holdout"), "retention:holdoutpolicy_list", "retention.view_holdoutpolicy", 70),
]
