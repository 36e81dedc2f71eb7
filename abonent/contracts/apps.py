from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContractsConfig(AppConfig):
    name = "abonent.contracts"
    label = "contracts"
    verbose_name = _("Annual contracts")

    def ready(self):
        from abonent.retention.signals import offer_accepted, offer_records

        from .receivers import contracts_of_offer, on_offer_accepted

        offer_accepted.connect(on_offer_accepted, dispatch_uid="contracts.annual_contract")
        offer_records.connect(contracts_of_offer, dispatch_uid="contracts.contracts_of_offer")
