from django.db import models
from django.utils.translation import gettext_lazy as _

from abonent.core.choices import ChoiceSet


class QuestionKind(models.TextChoices):
    TEXT = "text", _("Free text")
    CHOICE = "choice", _("Choice")
    SCALE = "scale", _("Scale 1–5")


class ResponseChannel(models.TextChoices):
    """How the answer reached us: on a call with staff, on the public link, or from an imported file."""

    CALL = "call", _("Call")
    LINK = "link", _("Public link")
    IMPORT = "import", _("Import")


class InvitationChannel(models.TextChoices):
    SMS = "sms", _("SMS")
    EMAIL = "email", _("E-mail")
    CALL = "call", _("Call")
    OTHER = "other", _("Other")


class NpsCategory(ChoiceSet):
    """Promoters 9–10, passives 7–8, detractors 0–6."""

    PROMOTER = "promoter", _("Promoter"), "success"
    PASSIVE = "passive", _("Passive"), "secondary"
    DETRACTOR = "detractor", _("Detractor"), "danger"

    @classmethod
    def of(cls, score: int) -> "NpsCategory":
        if score >= 9:
            return cls.PROMOTER
        if score >= 7:
            return cls.PASSIVE
        return cls.DETRACTOR
