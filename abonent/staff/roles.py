"""Roles of the subscriber department as Django groups with permissions.

The groups are created and kept in step with this table after every migrate (staff.apps). A user's role is the
group they belong to; permissions, not role names, are what views and the API check.
"""

from django.utils.translation import gettext_lazy as _

VIEW_BASE = [
    "subscribers.view_subscriber",
    "subscribers.view_tariff",
    "subscribers.view_service",
    "subscribers.view_payment",
    "subscribers.view_monthlycharge",
    "subscribers.view_usage",
    "churn.view_reasongroup",
    "churn.view_churnreason",
    "churn.view_script",
]
WORK_REQUESTS = [
    "churn.view_disconnectionrequest",
    "churn.add_disconnectionrequest",
    "churn.change_disconnectionrequest",
]
KEEP_CLASSIFIER = [
    "churn.add_reasongroup",
    "churn.change_reasongroup",
    "churn.add_churnreason",
    "churn.change_churnreason",
    "churn.add_script",
    "churn.change_script",
]
IMPORT = [
    "imports.view_importrun",
    "imports.add_importrun",
    "subscribers.add_subscriber",
    "subscribers.change_subscriber",
    "subscribers.add_tariff",
    "subscribers.change_tariff",
]

ROLES: dict[str, dict] = {
    "head_of_retention": {
        "label": _("Head of retention"),
        "permissions": VIEW_BASE
        + WORK_REQUESTS
        + KEEP_CLASSIFIER
        + IMPORT
        + ["subscribers.view_phone", "churn.view_diagnostics", "churn.delete_disconnectionrequest"],
    },
    "retention_manager": {
        "label": _("Retention manager"),
        "permissions": VIEW_BASE + WORK_REQUESTS + ["subscribers.view_phone", "churn.view_diagnostics"],
    },
    "call_centre_agent": {
        "label": _("Call-centre agent"),
        "permissions": VIEW_BASE
        + ["churn.view_disconnectionrequest", "churn.add_disconnectionrequest", "subscribers.view_phone"],
    },
    "debt_agent": {
        "label": _("Debt agent"),
        "permissions": VIEW_BASE + ["subscribers.view_phone"],
    },
    "b2b_manager": {
        "label": _("B2B account manager"),
        "permissions": VIEW_BASE + WORK_REQUESTS + ["subscribers.view_phone", "churn.view_diagnostics"],
    },
    "analyst": {
        "label": _("Analyst (read-only)"),
        "permissions": VIEW_BASE
        + ["churn.view_disconnectionrequest", "churn.view_diagnostics", "imports.view_importrun"],
    },
    "administrator": {
        "label": _("Administrator"),
        "permissions": "__all__",
    },
}


def role_permissions(code: str) -> list[str] | str:
    """The role's permissions: this table plus what each app adds in `<app>/roles.py` (PERMISSIONS by role)."""
    from abonent.core.registry import app_modules

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
