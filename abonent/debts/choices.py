from django.utils.translation import gettext_lazy as _

from abonent.core.choices import ChoiceSet


class PromiseStatus(ChoiceSet):
    OPEN = "open", _("Open"), "primary"
    KEPT = "kept", _("Kept"), "success"
    PARTLY_KEPT = "partly_kept", _("Partly kept"), "warning"
    BROKEN = "broken", _("Broken"), "danger"


class ExemptionKind(ChoiceSet):
    NEVER_BLOCK = "never_block", _("Never block"), "danger"
    POSTPONE = "postpone", _("Postpone until the date"), "warning"
