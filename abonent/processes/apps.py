from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcessesConfig(AppConfig):
    name = "abonent.processes"
    label = "processes"
    verbose_name = _("Retention processes")

    def ready(self):
        from . import signals  # noqa: F401  (connects the offer_accepted, offer_records and ticket receivers)
