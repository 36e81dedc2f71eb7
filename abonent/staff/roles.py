"""Roles of the subscriber department as Django groups with permissions.

The groups are created and kept in step with this table after every migrate (staff.apps). A user's role is the
group they belong to; permissions, not role names, are what views and the API check.
"""

from django.utils.translation import gettext_lazy as _

from abonent.core.registry import app_modules

# The roles and their labels; what each role may do is contributed by the apps in `<app>/roles.py` (PERMISSIONS by
# role code), so this table names no other app's permission. The administrator has every permission there is.
ROLES: dict[str, dict] = {
    "head_of_retention": {"label": _("Head of retention"), "permissions": []},
    "retention_manager": {"label": _("Retention manager"), "permissions": []},
    "call_centre_agent": {"label": _("Call-centre agent"), "permissions": []},
    "debt_agent": {"label": _("Debt agent"), "permissions": []},
    "b2b_manager": {"label": _("B2B account manager"), "permissions": []},
    "analyst": {"label": _("Analyst (read-only)"), "permissions": []},
    # A system's user, not a person's: it works through the API (a token) and sees only the billing outbox.
    "billing_integration": {"label": _("Billing system (API user)"), "permissions": [], "api_only": True},
    "administrator": {"label": _("Administrator"), "permissions": "__all__"},
}


def role_permissions(code: str) -> list[str] | str:
    """The role's permissions: what each app adds in `<app>/roles.py` (PERMISSIONS by role), in app order."""
    base = ROLES[code]["permissions"]
    if base == "__all__":
        return base
    perms = list(base)
    for module in app_modules("roles"):
        if module.__name__ != __name__:
            perms.extend(getattr(module, "PERMISSIONS", {}).get(code, []))
    return perms


def group_name(role: str) -> str:
    """The Django group that stands for a role; the code is kept so renaming a label never breaks access."""
    return role


def sync_roles(sender=None, **kwargs) -> None:
    """Runs after migrate; only on the last app's signal, when every app's permissions exist."""
    from django.apps import apps
    from django.contrib.auth.models import Group, Permission

    with_models = [c for c in apps.get_app_configs() if c.models_module is not None]
    if sender is not None and with_models and sender.label != with_models[-1].label:
        return

    for code in ROLES:
        group, _created = Group.objects.get_or_create(name=group_name(code))
        wanted = role_permissions(code)
        if wanted == "__all__":
            perms = list(Permission.objects.all())
        else:
            perms = []
            for dotted in wanted:
                app_label, codename = dotted.split(".")
                perm = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
                if perm is not None:
                    perms.append(perm)
        group.permissions.set(perms)


def role_label(code: str) -> str:
    role = ROLES.get(code)
    return str(role["label"]) if role else code


# The matrix in docs/roles.md is written from this table (`abonent roles_doc`) and checked against it by a test.
MATRIX_START = "<!-- The matrix below is written by `abonent roles_doc` from the code; do not edit it by hand. -->"
MATRIX_END = "<!-- End of the generated matrix. -->"


def _permission_names() -> dict[str, str]:
    """Every permission of an Abonent model (and auth's) as app.codename → its English name, without the database."""
    from django.apps import apps

    names = {}
    for model in apps.get_models():
        opts = model._meta
        if not (opts.app_config.name.startswith("abonent.") or opts.app_label == "auth") or opts.auto_created:
            continue
        for action in opts.default_permissions:
            names[f"{opts.app_label}.{action}_{opts.model_name}"] = f"Can {action} {opts.verbose_name_raw}"
        for codename, name in opts.permissions:
            names[f"{opts.app_label}.{codename}"] = str(name)
    return names


def roles_markdown() -> str:
    """The role × permission matrix as Markdown tables, one per app, in English."""
    from django.utils import translation

    with translation.override("en"):
        roles = [code for code in ROLES if role_permissions(code) != "__all__"]
        granted = {code: set(role_permissions(code)) for code in roles}
        names = _permission_names()
        used = sorted(set().union(*granted.values()))
        unknown = [p for p in used if p not in names]
        if unknown:
            raise ValueError(f"roles name permissions no model has: {', '.join(unknown)}")
        lines = [MATRIX_START, ""]
        header = "| permission | " + " | ".join(role_label(code) for code in roles) + " |"
        for app in sorted({p.split(".")[0] for p in used}):
            lines += [f"### {app}", "", header, "|---|" + "---|" * len(roles)]
            for permission in [p for p in used if p.startswith(app + ".")]:
                marks = " | ".join("✓" if permission in granted[code] else "" for code in roles)
                lines.append(f"| `{permission}` {names[permission]} | {marks} |")
            lines.append("")
        lines.append(MATRIX_END)
    return "\n".join(lines) + "\n"
