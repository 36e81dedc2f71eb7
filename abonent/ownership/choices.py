from django.utils.translation import gettext_lazy as _

from abonent.core.choices import ChoiceSet


class HandOverBy(ChoiceSet):
    """How the owner of a handed-over request was found."""

    CHOSEN = "chosen", _("Chosen by hand"), "secondary"
    RULE = "rule", _("Assignment rule"), "primary"
    TURN = "turn", _("In turn (round-robin)"), "info"


class WorkKind(ChoiceSet):
    """What a line of "My work" is."""

    REQUEST = "request", _("Disconnection request"), "danger"
    WORK_ITEM = "work_item", _("Work item"), "primary"
    PROCESS = "process", _("Process record"), "info"
    CALLBACK = "callback", _("Callback"), "warning"
