from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallcentreConfig(AppConfig):
    name = "abonent.callcentre"
    label = "callcentre"
    verbose_name = _("Call centre")

    def ready(self):
        from abonent.calls.signals import calls_stored

        from .services import on_calls_stored

        calls_stored.connect(on_calls_stored, dispatch_uid="callcentre.callback_tasks")
