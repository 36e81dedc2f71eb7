from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RetentionConfig(AppConfig):
    name = "abonent.retention"
    label = "retention"
    verbose_name = _("Retention")

    def ready(self):
        from abonent.churn.signals import free_offer_requested

        from .actions import refuse_free_offer_to_control

        free_offer_requested.connect(refuse_free_offer_to_control, dispatch_uid="abonent.retention.free_offer")
