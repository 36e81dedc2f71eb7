from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class StaffConfig(AppConfig):
    name = "abonent.staff"
    label = "staff"
    verbose_name = _("Staff")

    def ready(self):
        from . import checks  # noqa: F401  (registers the check of the roles' contributions)
        from .roles import sync_roles

        post_migrate.connect(sync_roles, dispatch_uid="abonent.staff.sync_roles")
