from django.db import models
from django.utils.translation import gettext_lazy as _


class TicketKind(models.TextChoices):
    REPAIR = "repair", _("Repair")
    TECH_SUPPORT = "tech_support", _("Tech support")
    CONNECTION = "connection", _("Connection")
    COMPLAINT = "complaint", _("Complaint")
    OTHER = "other", _("Other")


class TicketStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")

    @classmethod
    def open_values(cls) -> list[str]:
        return [cls.OPEN, cls.IN_PROGRESS]

    @classmethod
    def colors(cls) -> dict[str, str]:
        return {
            "open": "primary",
            "in_progress": "warning",
            "resolved": "success",
            "closed": "secondary",
            "cancelled": "secondary",
        }
