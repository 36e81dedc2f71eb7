from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BillingConfig(AppConfig):
    name = "abonent.billing"
    label = "billing"
    verbose_name = _("Billing actions")

    def ready(self):
        from abonent.imports.signals import import_succeeded

        from .actions import check_after_import
        from .signals import action_enqueued
        from .tasks import schedule_push

        import_succeeded.connect(check_after_import, dispatch_uid="billing.check_after_import")
        action_enqueued.connect(schedule_push, dispatch_uid="billing.schedule_push")
