from django.utils.translation import gettext_lazy as _

from abonent.core.choices import ChoiceSet


class ImportStatus(ChoiceSet):
    PENDING = "pending", _("Pending"), "secondary"
    RUNNING = "running", _("Running"), "info"
    SUCCEEDED = "succeeded", _("Succeeded"), "success"
    FAILED = "failed", _("Failed"), "danger"
