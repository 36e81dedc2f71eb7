from django.utils.translation import gettext_lazy as _

from abonent.core.choices import ChoiceSet


class OutageScope(ChoiceSet):
    BUILDING = "building", _("Building"), "primary"
    DISTRICT = "district", _("District"), "warning"


class OutageCause(ChoiceSet):
    ACCIDENT = "accident", _("Accident"), "danger"
    PLANNED = "planned", _("Planned works"), "info"
    POWER = "power", _("Power cut"), "warning"
    UPSTREAM = "upstream", _("Upstream provider"), "secondary"
    OTHER = "other", _("Other"), "light"
