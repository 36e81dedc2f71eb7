from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChurnConfig(AppConfig):
    name = "abonent.churn"
    label = "churn"
    verbose_name = _("Churn")
