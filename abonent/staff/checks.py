"""Start-up check of `<app>/roles.py`: a role code or permission that does not exist fails `check`/`runserver`."""

from __future__ import annotations

from django.core import checks

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
