from django.db import models
from django.utils.translation import gettext_lazy as _

from abonent.core.choices import ChoiceSet, IntegerChoiceSet


class TaskStatus(ChoiceSet):
    OPEN = "open", _("Open"), "primary"
    ASSIGNED = "assigned", _("Taken by an agent"), "warning"
    DONE = "done", _("Done"), "success"
    CANCELLED = "cancelled", _("Cancelled"), "secondary"

    @classmethod
    def active_values(cls) -> list[str]:
        return [cls.OPEN, cls.ASSIGNED]


class TaskOutcome(models.TextChoices):
    """How a callback task ended; reached, got_through and called_back all mean the caller was spoken to."""

    REACHED = "reached", _("Reached by callback")
    GOT_THROUGH = "got_through", _("Got through themselves")
    CALLED_BACK = "called_back", _("Called back outside the queue")
    UNREACHED = "unreached", _("Not reached (attempts exhausted)")
    WRONG_NUMBER = "wrong_number", _("Wrong number")
    CANCELLED = "cancelled", _("Cancelled")

    @classmethod
    def contact_values(cls) -> list[str]:
        return [cls.REACHED, cls.GOT_THROUGH, cls.CALLED_BACK]


class AttemptOutcome(ChoiceSet):
    REACHED = "reached", _("Reached"), "success"
    NO_ANSWER = "no_answer", _("No answer"), "warning"
    BUSY = "busy", _("Busy"), "warning"
    WRONG_NUMBER = "wrong_number", _("Wrong number"), "danger"


class PriorityReason(models.TextChoices):
    NEW_CONNECTION = "new_connection", _("New connection")
    CHURN = "churn", _("Churn call")
    DISCONNECTION_REQUEST = "disconnection_request", _("Has an open disconnection request")
    OTHER = "other", _("Other")


class Priority(IntegerChoiceSet):
    """Seed 002: new-connection callers first (they compensate churn), then churn callers, then the rest."""

    NEW_CONNECTION = 1, _("1 — new connection"), "success"
    CHURN = 2, _("2 — churn / disconnection"), "danger"
    OTHER = 3, _("3 — other"), "secondary"


WEEKDAYS = [
    (1, _("Mon")),
    (2, _("Tue")),
    (3, _("Wed")),
    (4, _("Thu")),
    (5, _("Fri")),
    (6, _("Sat")),
    (7, _("Sun")),
]
