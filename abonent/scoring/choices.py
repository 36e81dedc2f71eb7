from django.db import models
from django.utils.translation import gettext_lazy as _

from abonent.core.choices import ChoiceSet


class Horizon(models.IntegerChoices):
    DAYS_30 = 30, _("30 days")
    DAYS_90 = 90, _("90 days")


class RiskBand(ChoiceSet):
    HIGH = "high", _("High"), "danger"
    MEDIUM = "medium", _("Medium"), "warning"
    LOW = "low", _("Low"), "success"


class RunStatus(ChoiceSet):
    PENDING = "pending", _("Pending"), "secondary"
    RUNNING = "running", _("Running"), "info"
    SUCCEEDED = "succeeded", _("Succeeded"), "success"
    FAILED = "failed", _("Failed"), "danger"


class ModelKind(models.TextChoices):
    """How a model was trained: on monthly snapshots with a time-based holdout, or on one snapshot (weaker)."""

    TIME_BASED = "time_based", _("time-based, monthly snapshots")
    CROSS_SECTIONAL = "cross_sectional", _("cross-sectional, weaker evidence")
