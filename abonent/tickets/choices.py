from django.db import models
from django.utils.translation import gettext_lazy as _

from abonent.core.choices import ChoiceSet


class TicketKind(models.TextChoices):
    REPAIR = "repair", _("Repair")
    TECH_SUPPORT = "tech_support", _("Tech support")
    CONNECTION = "connection", _("Connection")
    COMPLAINT = "complaint", _("Complaint")
    OTHER = "other", _("Other")


class TicketStatus(ChoiceSet):
    OPEN = "open", _("Open"), "primary"
    IN_PROGRESS = "in_progress", _("In progress"), "warning"
    RESOLVED = "resolved", _("Resolved"), "success"
    CLOSED = "closed", _("Closed"), "secondary"
    CANCELLED = "cancelled", _("Cancelled"), "secondary"

    @classmethod
    def open_values(cls) -> list[str]:
        return [cls.OPEN, cls.IN_PROGRESS]
