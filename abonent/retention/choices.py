from django.db import models
from django.utils.translation import gettext_lazy as _


class MeasureProcess(models.TextChoices):
    """The process an accepted measure starts (seed 001, section 3); NONE = applied at once, no follow-up record."""

    NONE = "none", _("No process")
    TARIFF_CHANGE = "tariff_change", _("Tariff change")
    RECALCULATION = "recalculation", _("Recalculation")
    REPAIR = "repair", _("Urgent repair")
    SUSPENSION = "suspension", _("Temporary suspension")
    RELOCATION = "relocation", _("Relocation to a new address")
    ANNUAL_CONTRACT = "annual_contract", _("Annual contract")
    BONUS_CARD = "bonus_card", _("Bonus card")
    EQUIPMENT_RETURN = "equipment_return", _("Equipment return")
    REACTIVATION = "reactivation", _("Reactivation")
