from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DebtsConfig(AppConfig):
    name = "abonent.debts"
    label = "debts"
    verbose_name = _("Receivables")

    def ready(self):
        from abonent.imports.signals import import_succeeded

        from .actions import check_after_payments

        import_succeeded.connect(check_after_payments, dispatch_uid="debts.check_after_payments")
