"""Contributions that each Abonent app makes to shared places, found by module name.

An app adds to the menu with `menu.py` (ITEMS), to the roles with `roles.py` (PERMISSIONS; START, a role's start
page), to the subscriber card with `panels.py` (panels()), and to the demo operator with `demo.py` (ORDER, load(),
operator_models()). Shared files then never list the apps, so a new app costs no edit elsewhere.
"""

from __future__ import annotations

import importlib
from functools import cache
from types import ModuleType

from django.apps import apps


@cache
def app_modules(module: str) -> tuple[ModuleType, ...]:
    """`abonent.<app>.<module>` for every installed Abonent app that has it, in INSTALLED_APPS order."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("abonent."):
            continue
        name = f"{config.name}.{module}"
        if importlib.util.find_spec(name) is None:
            continue
        found.append(importlib.import_module(name))
    return tuple(found)
