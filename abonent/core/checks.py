"""Start-up checks of what the apps contribute: a misspelt url name, permission, model, template
or callable fails `check`/`runserver`.

Django runs these with every management command that checks (runserver, migrate, check), so a contribution that
names something that does not exist stops the start instead of silently dropping a menu entry or a permission.
"""

from __future__ import annotations

from django.apps import apps
from django.core import checks
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import NoReverseMatch, reverse

from .cards import SLOTS, CardContribution
from .context_processors import SECTIONS, MenuItem
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


@checks.register()
def check_card_contributions(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    errors = []
    permissions = known_permissions()
    for module in app_modules("cards"):
        for card in getattr(module, "CARDS", []):
            where = f"{module.__name__}: card contribution {getattr(card, 'template', card)!r}"
            if not isinstance(card, CardContribution):
                errors.append(checks.Error(f"{where} is not a CardContribution", id="abonent.E020"))
                continue
            try:
                apps.get_model(card.model)
            except (LookupError, ValueError):
                errors.append(checks.Error(f"{where} names an unknown model {card.model!r}", id="abonent.E021"))
            if card.slot not in SLOTS:
                errors.append(checks.Error(f"{where} names an unknown slot {card.slot!r}", id="abonent.E022"))
            try:
                get_template(card.template)
            except TemplateDoesNotExist:
                errors.append(checks.Error(f"{where} names a template that does not exist", id="abonent.E023"))
            if card.permission and card.permission not in permissions:
                errors.append(
                    checks.Error(f"{where} names an unknown permission {card.permission!r}", id="abonent.E024")
                )
            if card.context is not None and not callable(card.context):
                errors.append(checks.Error(f"{where} has a context that is not callable", id="abonent.E025"))
    return errors
