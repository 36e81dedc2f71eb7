from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportKind(models.TextChoices):
    SUBSCRIBERS = "subscribers", _("Subscribers")
    TARIFFS = "tariffs", _("Tariffs")
    SERVICES = "services", _("Services")
    PAYMENTS = "payments", _("Payments")
    CHARGES = "charges", _("Monthly charges and balances")
    USAGE = "usage", _("Traffic / usage")


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")

    @classmethod
    def colors(cls) -> dict[str, str]:
        return {"pending": "secondary", "running": "info", "succeeded": "success", "failed": "danger"}
