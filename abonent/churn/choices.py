from django.db import models
from django.utils.translation import gettext_lazy as _

from abonent.core.choices import ChoiceSet


class NormSource(models.TextChoices):
    TEMPLATE = "template", _("Shipped template")
    HISTORY = "history", _("Proposed from own history")
    MANUAL = "manual", _("Set by the head")


class RequestChannel(models.TextChoices):
    VISIT = "visit", _("Visit")
    PHONE = "phone", _("Phone")
    WRITTEN = "written", _("Written")
    ONLINE = "online", _("Online")


class RequestStatus(ChoiceSet):
    NEW = "new", _("New"), "primary"
    REASON_ESTABLISHED = "reason_established", _("Reason established"), "info"
    OFFER_MADE = "offer_made", _("Retention offer made"), "warning"
    RETAINED = "retained", _("Retained"), "success"
    SUSPENDED = "suspended", _("Suspended instead"), "success"
    RELOCATED = "relocated", _("Relocated"), "success"
    WITHDRAWN = "withdrawn", _("Withdrawn"), "secondary"
    DISCONNECTED = "disconnected", _("Disconnected"), "danger"

    @classmethod
    def open_values(cls) -> list[str]:
        return [cls.NEW, cls.REASON_ESTABLISHED, cls.OFFER_MADE]

    @classmethod
    def closed_values(cls) -> list[str]:
        """The outcomes a request ends with; nothing leaves them."""
        return [cls.RETAINED, cls.SUSPENDED, cls.RELOCATED, cls.WITHDRAWN, cls.DISCONNECTED]


class OutcomeDetail(ChoiceSet):
    """What a closing names beside its outcome; a retained request with no accepted offer must name one."""

    KEPT_WITHOUT_OFFER = "kept_without_offer", _("Kept without an offer"), "success"


class OfferAnswer(ChoiceSet):
    ACCEPTED = "accepted", _("Accepted"), "success"
    DECLINED = "declined", _("Declined"), "danger"
    THINKING = "thinking", _("Will think"), "warning"
