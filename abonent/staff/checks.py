"""Start-up check of `<app>/roles.py`: a role code, permission or start page that does not exist fails
`check`/`runserver`, and so does a role with no start page."""

from __future__ import annotations

from django.core import checks
from django.urls import NoReverseMatch, reverse

from abonent.core.access import start_entries
from abonent.core.checks import known_permissions
from abonent.core.registry import app_modules

from .roles import ROLES


@checks.register()
def check_role_contributions(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    errors = []
    permissions = known_permissions()
    for module in app_modules("roles"):
        for role, granted in getattr(module, "PERMISSIONS", {}).items():
            if role not in ROLES:
                errors.append(checks.Error(f"{module.__name__}: unknown role {role!r}", id="abonent.E010"))
            for permission in granted:
                if permission not in permissions:
                    errors.append(
                        checks.Error(
                            f"{module.__name__}: role {role!r} gets an unknown permission {permission!r}",
                            id="abonent.E011",
                        )
                    )
    return errors


@checks.register()
def check_start_pages(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """`START = {role: (url name, priority)}`: a known role, a URL without arguments, a whole-number priority; every
    role has one (a user must land somewhere of their own, not on a page their role cannot open)."""
    errors = []
    for module in app_modules("roles"):
        start = getattr(module, "START", {})
        for role, entry in start.items():
            where = f"{module.__name__}: start page of {role!r}"
            if role not in ROLES:
                errors.append(
                    checks.Error(f"{module.__name__}: start page for an unknown role {role!r}", id="abonent.E012")
                )
            if not (isinstance(entry, tuple) and len(entry) == 2 and isinstance(entry[1], int)):
                errors.append(checks.Error(f"{where} is not (url name, priority)", id="abonent.E013"))
                continue
            try:
                reverse(entry[0])
            except NoReverseMatch:
                errors.append(checks.Error(f"{where} names a url {entry[0]!r} that does not exist", id="abonent.E014"))
    if errors:
        return errors
    with_start = {role for role, _url, _priority, _module in start_entries()}
    for role in ROLES:
        if role not in with_start:
            errors.append(
                checks.Error(f"role {role!r} has no start page (START in an app's roles.py)", id="abonent.E015")
            )
    return errors
