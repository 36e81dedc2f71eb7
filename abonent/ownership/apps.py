from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OwnershipConfig(AppConfig):
    name = "abonent.ownership"
    label = "ownership"
    verbose_name = _("Ownership and reminders")

    def ready(self):
        from abonent.churn.signals import call_back_promised

        from .actions import schedule_call_back

        call_back_promised.connect(schedule_call_back, dispatch_uid="ownership.schedule_call_back")
