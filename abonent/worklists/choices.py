from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkList(models.TextChoices):
    """Which list a work item is on (seed 004: hot, warm and hidden churn; risk, win-back, NPS, B2B)."""

    HOT = "hot", _("Hot churn")
    WARM = "warm", _("Warm churn")
    HIDDEN = "hidden", _("Hidden churn")
    RISK = "risk", _("Churn risk")
    WINBACK = "winback", _("Win-back")
    DETRACTOR = "detractor", _("NPS detractor follow-up")
    B2B = "b2b", _("B2B manager task")
    RENEWAL = "renewal", _("Annual contract renewal")
    CALL_BACK = "call_back", _("Call back: will think")


class WorkItemStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")

    @classmethod
    def open_values(cls) -> list[str]:
        return [cls.OPEN, cls.IN_PROGRESS]


class WorkOutcome(models.TextChoices):
    KEPT = "kept", _("Kept / problem solved")
    PROMISED = "promised", _("Promised to pay / stay")
    DECLINED = "declined", _("Declined")
    NO_ANSWER = "no_answer", _("No answer")
    WRONG_NUMBER = "wrong_number", _("Wrong number")
    RECONNECTED = "reconnected", _("Re-connected")
    LEFT = "left", _("Left anyway")
