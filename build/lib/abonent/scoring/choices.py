from django.db import models
from django.utils.translation import gettext_lazy as _


class Horizon(models.IntegerChoices):
    DAYS_30 = 30, _("30 days")
    DAYS_90 = 90, _("90 days")


class RiskBand(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")

    @classmethod
    def colors(cls) -> dict[str, str]:
        return {cls.HIGH: "danger", cls.MEDIUM: "warning", cls.LOW: "success"}


class RunStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")

    @classmethod
    def colors(cls) -> dict[str, str]:
        return {cls.PENDING: "secondary", cls.RUNNING: "info", cls.SUCCEEDED: "success", cls.FAILED: "danger"}
