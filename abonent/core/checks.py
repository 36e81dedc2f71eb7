"""Start-up checks of what the apps contribute: a misspelt url name, permission or section fails `check`/`runserver`.

Django runs these with every management command that checks (runserver, migrate, check), so a contribution that
names something that does not exist stops the start instead of silently dropping a menu entry or a permission.
"""

from __future__ import annotations

from django.apps import apps
from django.core import checks
from django.urls import NoReverseMatch, reverse

from .registry import app_modules


def known_permissions() -> set[str]:
    """Every permission an installed model declares, as app_label.codename, read from the models (no database)."""
    known = set()
    for model in apps.get_models():
        opts = model._meta
        for action in opts.default_permissions:
            known.add(f"{opts.app_label}.{action}_{opts.model_name}")
        for codename, _name in opts.permissions:
            known.add(f"{opts.app_label}.{codename}")
    return known


@checks.register()
def check_menu_contributions(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    from .context_processors import SECTIONS, MenuItem

    errors = []
    permissions = known_permissions()
    for module in app_modules("menu"):
        for item in getattr(module, "ITEMS", []):
            where = f"{module.__name__}: menu entry {item.url_name!r}"
            if not isinstance(item, MenuItem):
                errors.append(checks.Error(f"{where} is not a MenuItem", id="abonent.E001"))
                continue
            if item.section not in SECTIONS:
                errors.append(checks.Error(f"{where} names an unknown section {item.section!r}", id="abonent.E002"))
            try:
                reverse(item.url_name)
            except NoReverseMatch:
                errors.append(checks.Error(f"{where} names a url that does not exist", id="abonent.E003"))
            if item.permission not in permissions:
                errors.append(
                    checks.Error(f"{where} names an unknown permission {item.permission!r}", id="abonent.E004")
                )
    return errors
