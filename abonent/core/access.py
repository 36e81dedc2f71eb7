"""Whether a user may open a URL, read from the view's own permission, and where each user starts their day.

A link to a page the user may not open is a dead end, so templates render links through `may_open` (the `link`
tag and the `openable` filter) instead of repeating the view's permission in a `perms` check beside every link.

Start pages are contributions: `<app>/roles.py` may declare `START = {role: (url name, priority)}`; a user lands
on the highest-priority start page of their roles that they may open (`staff.checks` refuses a bad entry).
"""

from __future__ import annotations

from django.contrib.auth.mixins import AccessMixin, PermissionRequiredMixin
from django.urls import Resolver404, resolve, reverse

from .registry import app_modules


def may_open(user, url: str, request=None) -> bool:
    """True unless the view behind the same-site `url` would refuse `user` for want of a permission or a login.

    The check is the view's own: `get_permission_required()` as `PermissionRequiredMixin` (and so core's
    `ModelPermissionMixin`) computes it for these URL arguments. A URL that resolves to nothing is not ours to
    judge and counts as open; so does a view that decides per record (it still answers 403 itself).
    """
    path = url.split("#")[0].split("?")[0]
    try:
        match = resolve(path)
    except Resolver404:
        return True
    view_class = getattr(match.func, "view_class", None)
    if view_class is None or not issubclass(view_class, AccessMixin):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    if not issubclass(view_class, PermissionRequiredMixin):
        return True
    view = view_class(**getattr(match.func, "view_initkwargs", {}))
    view.setup(request, *match.args, **match.kwargs)
    return user.has_perms(view.get_permission_required())


def start_entries() -> list[tuple[str, str, int, str]]:
    """Every contributed start page as (role, url name, priority, contributing module)."""
    entries = []
    for module in app_modules("roles"):
        for role, (url_name, priority) in getattr(module, "START", {}).items():
            entries.append((role, url_name, priority, module.__name__))
    return entries


def start_url(user, request=None) -> str | None:
    """The user's start page: the highest-priority START of their roles that they may open (None when there is none).

    A role is the group a user belongs to (staff.roles.group_name keeps the code as the group's name).
    """
    roles = set(user.groups.values_list("name", flat=True))
    for _role, url_name, _priority, _module in sorted(
        (e for e in start_entries() if e[0] in roles), key=lambda e: -e[2]
    ):
        url = reverse(url_name)
        if may_open(user, url, request):
            return url
    return None
