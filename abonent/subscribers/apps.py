from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubscribersConfig(AppConfig):
    name = "abonent.subscribers"
    label = "subscribers"
    verbose_name = _("Subscribers")

    def ready(self):
        from django.core.signals import request_finished, request_started
        from django.db.models.signals import post_delete, post_save

        from . import service_kinds

        request_started.connect(service_kinds.start_request, dispatch_uid="service_kinds_start")
        request_finished.connect(service_kinds.end_request, dispatch_uid="service_kinds_end")
        kind = self.get_model("ServiceKind")
        post_save.connect(service_kinds.forget, sender=kind, dispatch_uid="service_kinds_saved")
        post_delete.connect(service_kinds.forget, sender=kind, dispatch_uid="service_kinds_deleted")
