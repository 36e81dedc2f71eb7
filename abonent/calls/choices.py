from django.db import models
from django.utils.translation import gettext_lazy as _

from abonent.core.choices import ChoiceSet


class CallDirection(models.TextChoices):
    INBOUND = "inbound", _("Inbound")
    OUTBOUND = "outbound", _("Outbound")
    INTERNAL = "internal", _("Internal")


class CallOutcome(ChoiceSet):
    """How the call ended for the caller; ABANDONED = hung up waiting in a queue (seed 002: "did not take place")."""

    ANSWERED = "answered", _("Answered"), "success"
    ABANDONED = "abandoned", _("Abandoned in queue"), "danger"
    NO_ANSWER = "no_answer", _("No answer"), "danger"
    BUSY = "busy", _("Busy"), "danger"
    FAILED = "failed", _("Failed"), "danger"
    CONGESTION = "congestion", _("Congestion"), "danger"
    TIMEOUT = "timeout", _("Queue timeout"), "danger"

    @classmethod
    def missed_values(cls) -> list[str]:
        return [cls.ABANDONED, cls.NO_ANSWER, cls.BUSY, cls.FAILED, cls.CONGESTION, cls.TIMEOUT]


class CallSource(models.TextChoices):
    CDR = "cdr", _("Asterisk CDR (Master.csv)")
    QUEUE_LOG = "queue_log", _("Asterisk queue_log")
    GENERIC = "generic", _("Cloud PBX CSV")
    LIVE = "live", _("Live feed")
    MANUAL = "manual", _("Entered by hand")


class ClassifiedBy(models.TextChoices):
    RULE = "rule", _("Mapping rule")
    AGENT = "agent", _("Agent")
    BULK = "bulk", _("Bulk")
    AUTO = "auto", _("Missed call")


class RuleField(models.TextChoices):
    QUEUE = "queue", _("Queue")
    IVR = "ivr", _("IVR branch")
    DESTINATION = "destination", _("Dialled number")


class AgentIntervalKind(models.TextChoices):
    SESSION = "session", _("Logged in")
    PAUSE = "pause", _("Paused")
