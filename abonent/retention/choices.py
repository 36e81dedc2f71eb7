from django.db import models
from django.utils.translation import gettext_lazy as _

from abonent.core.choices import ChoiceSet


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


class RoleChoice(models.TextChoices):
    """The department's roles (staff.roles.ROLES) as a choice, for measures' grant rights and bonus schemes."""

    HEAD_OF_RETENTION = "head_of_retention", _("Head of retention")
    RETENTION_MANAGER = "retention_manager", _("Retention manager")
    CALL_CENTRE_AGENT = "call_centre_agent", _("Call-centre agent")
    DEBT_AGENT = "debt_agent", _("Debt agent")
    B2B_MANAGER = "b2b_manager", _("B2B account manager")


class ControlKind(models.TextChoices):
    NO_OFFER = "no_offer", _("No offer")
    STANDARD_OFFER = "standard_offer", _("Only the standard offer")


class AssignmentGroup(ChoiceSet):
    TREATMENT = "treatment", _("Treatment"), "primary"
    CONTROL = "control", _("Control"), "secondary"


class BonusBasis(models.TextChoices):
    PERSONAL = "personal", _("Personal plan")
    TEAM = "team", _("Team plan")


class ContractKind(models.TextChoices):
    """The four kinds of annual contract (seed 001, 5.2): what a measure offers, what contracts carry out.

    Declared here, below contracts, because a retention measure names the kind it offers (Measure.contract_kind);
    the contracts app builds on retention (it receives offer_accepted) and imports it from here.
    """

    FREE_PERIOD = "free_period", _("Free period")
    FIXED_FEE = "fixed_fee", _("Fixed fee guarantee")
    FREE_EQUIPMENT = "free_equipment", _("Free equipment rental")
    SPEED_INCREASE = "speed_increase", _("Speed increase")
