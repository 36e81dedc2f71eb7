from django.db import models
from django.utils.translation import gettext_lazy as _

from abonent.core.choices import ChoiceSet


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class Area(models.TextChoices):
    """The audit areas of seed 000."""

    INFLOW = "inflow", _("Incoming flow and funnel")
    RETENTION = "retention", _("Retention and churn prevention")
    SERVICE = "service", _("Service and calls")
    DEBT = "debt", _("Receivables")


class Status(ChoiceSet):
    GREEN = "green", _("On target"), "success"
    AMBER = "amber", _("Close to target"), "warning"
    RED = "red", _("Off target"), "danger"
    NO_DATA = "no_data", _("No data"), "secondary"
    NO_TARGET = "no_target", _("No target"), "light"
