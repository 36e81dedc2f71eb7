from django.utils.translation import gettext_lazy as _

from abonent.core.context_processors import MenuItem

ITEMS = [
    MenuItem("retention", _("Tariff changes"), "processes:tariffchange_list", "processes.view_tariffchange", 110),
    MenuItem("retention", _("Recalculations"), "processes:recalculation_list", "processes.view_recalculation", 120),
    MenuItem("retention", _("Urgent repairs"), "processes:urgentrepair_list", "processes.view_urgentrepair", 130),
    MenuItem("retention", _("Claims"), "processes:claim_list", "processes.view_claim", 140),
    MenuItem("retention", _("Relocations"), "processes:relocation_list", "processes.view_relocation", 150),
    MenuItem("retention", _("Reactivations"), "processes:reactivation_list", "processes.view_reactivation", 160),
    MenuItem("retention", _("Temporary suspensions"), "processes:suspension_list", "processes.view_suspension", 170),
    MenuItem(
        "retention", _("Equipment returns"), "processes:equipmentreturn_list", "processes.view_equipmentreturn", 180
    ),
    MenuItem("retention", _("Bonus cards"), "processes:bonuscard_list", "processes.view_bonuscard", 190),
    MenuItem("settings", _("Application forms"), "processes:formtemplate_list", "processes.view_formtemplate", 60),
    MenuItem(
        "settings", _("Process settings"), "processes:processsettings_edit", "processes.change_processsettings", 61
    ),
]
