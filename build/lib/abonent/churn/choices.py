from django.db import models
from django.utils.translation import gettext_lazy as _


class NormSource(models.TextChoices):
    TEMPLATE = "template", _("Shipped template")
    HISTORY = "history", _("Proposed from own history")
    MANUAL = "manual", _("Set by the head")


class RequestChannel(models.TextChoices):
    VISIT = "visit", _("Visit")
    PHONE = "phone", _("Phone")
    WRITTEN = "written", _("Written")
    ONLINE = "online", _("Online")


class RequestStatus(models.TextChoices):
    NEW = "new", _("New")
    REASON_ESTABLISHED = "reason_established", _("Reason established")
    OFFER_MADE = "offer_made", _("Retention offer made")
    RETAINED = "retained", _("Retained")
    SUSPENDED = "suspended", _("Suspended instead")
    RELOCATED = "relocated", _("Relocated")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    DISCONNECTED = "disconnected", _("Disconnected")

    @classmethod
    def open_values(cls) -> list[str]:
        return [cls.NEW, cls.REASON_ESTABLISHED, cls.OFFER_MADE]

    @classmethod
    def closed_values(cls) -> list[str]:
        """The outcomes a request ends with; nothing leaves them."""
        return [cls.RETAINED, cls.SUSPENDED, cls.RELOCATED, cls.WITHDRAWN, cls.DISCONNECTED]

    @classmethod
    def colors(cls) -> dict[str, str]:
        return {
            "new": "primary",
            "reason_established": "info",
            "offer_made": "warning",
            "retained": "success",
            "suspended": "success",
            "relocated": "success",
            "withdrawn": "secondary",
            "disconnected": "danger",
        }


class OfferAnswer(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    THINKING = "thinking", _("Will think")
