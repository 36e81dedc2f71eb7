from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "abonent.imports"
    label = "imports"
    verbose_name = _("Imports")

    def ready(self):
        from . import checks  # noqa: F401  (registers the start-up check of the contributed kinds)
