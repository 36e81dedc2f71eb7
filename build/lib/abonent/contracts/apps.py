from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContractsConfig(AppConfig):
    name = "abonent.contracts"
    label = "contracts"
    verbose_name = _("Annual contracts")

    def ready(self):
        from abonent.retention.signals import offer_accepted

        from .receivers import on_offer_accepted

        offer_accepted.connect(on_offer_accepted, dispatch_uid="contracts.annual_contract")
