from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def create_cache_tables(sender, using="default", **kwargs):
    """`abonent migrate` also creates the database cache's table (the shared rate-limit counters without Redis)."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


class CoreConfig(AppConfig):
    name = "abonent.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from . import checks  # noqa: F401  (registers the start-up checks of the apps' contributions)
        from .sqlite import install_unicode_like

        connection_created.connect(install_unicode_like, dispatch_uid="abonent.core.unicode_like")
        post_migrate.connect(create_cache_tables, sender=self, dispatch_uid="abonent.core.cache_tables")
