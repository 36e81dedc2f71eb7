from django.db import models
from django.utils.translation import gettext_lazy as _


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class Area(models.TextChoices):
    """The audit areas of seed 000."""

    INFLOW = "inflow", _("Incoming flow and funnel")
    RETENTION = "retention", _("Retention and churn prevention")
    SERVICE = "service", _("Service and calls")
    DEBT = "debt", _("Receivables")


class Status(models.TextChoices):
    GREEN = "green", _("On target")
    AMBER = "amber", _("Close to target")
    RED = "red", _("Off target")
    NO_DATA = "no_data", _("No data")
    NO_TARGET = "no_target", _("No target")

    @classmethod
    def colors(cls) -> dict[str, str]:
        return {"green": "success", "amber": "warning", "red": "danger", "no_data": "secondary", "no_target": "light"}

    @classmethod
    def hex_colors(cls) -> dict[str, str]:
        return {"green": "#b7e1b0", "amber": "#ffe08a", "red": "#f4a6a6", "no_data": "#e0e0e0", "no_target": "#f5f5f5"}
