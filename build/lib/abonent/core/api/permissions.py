"""API permissions that mirror the UI's: model permissions for reads too."""

from rest_framework import permissions


class ModelPermissions(permissions.DjangoModelPermissions):
    """Model permissions for every method, reads included: an analyst sees, an agent may add, nobody else writes."""

    perms_map = {
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "OPTIONS": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
        "POST": ["%(app_label)s.add_%(model_name)s"],
        "PUT": ["%(app_label)s.change_%(model_name)s"],
        "PATCH": ["%(app_label)s.change_%(model_name)s"],
        "DELETE": ["%(app_label)s.delete_%(model_name)s"],
    }


class HasPermission(permissions.BasePermission):
    """For API views that are not a model register (reports): `required_permission` on the view."""

    def has_permission(self, request, view):
        perm = getattr(view, "required_permission", None)
        return bool(request.user and request.user.is_authenticated and (perm is None or request.user.has_perm(perm)))
