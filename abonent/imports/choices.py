from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportKind(models.TextChoices):
    SUBSCRIBERS = "subscribers", _("Subscribers")
    TARIFFS = "tariffs", _("Tariffs")
    SERVICES = "services", _("Services")
    PAYMENTS = "payments", _("Payments")
    CHARGES = "charges", _("Monthly charges and balances")
    USAGE = "usage", _("Traffic / usage")
    CDR = "cdr", _("PBX calls (Asterisk CDR)")
    QUEUE_LOG = "queue_log", _("PBX queue log (Asterisk queue_log)")
    PBX_CSV = "pbx_csv", _("Cloud PBX calls (CSV)")
    TICKETS = "tickets", _("Repair and support tickets")
    SURVEY_ANSWERS = "survey_answers", _("Survey answers (NPS)")
    CHURN_CLASSIFIER = "churn_classifier", _("Churn reason classifier (YAML)")


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")

    @classmethod
    def colors(cls) -> dict[str, str]:
        return {"pending": "secondary", "running": "info", "succeeded": "success", "failed": "danger"}
