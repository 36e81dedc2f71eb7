from django.db import models
from django.utils.translation import gettext_lazy as _

from abonent.core.choices import ChoiceSet


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


class ImportStatus(ChoiceSet):
    PENDING = "pending", _("Pending"), "secondary"
    RUNNING = "running", _("Running"), "info"
    SUCCEEDED = "succeeded", _("Succeeded"), "success"
    FAILED = "failed", _("Failed"), "danger"
