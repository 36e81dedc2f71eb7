from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RetentionConfig(AppConfig):
    name = "abonent.retention"
    label = "retention"
    verbose_name = _("Retention")

    def ready(self):
        from abonent.churn.signals import free_offer_requested, non_retention_plans

        from .actions import refuse_free_offer_to_control
        from .services import plans_of_non_retention

        free_offer_requested.connect(refuse_free_offer_to_control, dispatch_uid="abonent.retention.free_offer")
        non_retention_plans.connect(plans_of_non_retention, dispatch_uid="abonent.retention.non_retention_plans")
