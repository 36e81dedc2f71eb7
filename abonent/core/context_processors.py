"""The navigation menu, filtered by what the user may see."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

MENU = [
    (_("Dashboard"), "analytics:dashboard", "churn.view_diagnostics"),
    (_("Diagnostics"), "analytics:diagnostics", "churn.view_diagnostics"),
    (_("Requests"), "churn:disconnectionrequest_list", "churn.view_disconnectionrequest"),
    (_("Subscribers"), "subscribers:subscriber_list", "subscribers.view_subscriber"),
    (_("Tariffs"), "subscribers:tariff_list", "subscribers.view_tariff"),
    (_("Reasons"), "churn:churnreason_list", "churn.view_churnreason"),
    (_("Scripts"), "churn:script_list", "churn.view_script"),
    (_("Imports"), "imports:importrun_list", "imports.view_importrun"),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    current = request.path
    for label, name, permission in MENU:
        if not user.has_perm(permission):
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        items.append({"label": label, "url": url, "active": False})
    # Only the longest matching prefix is active: /analytics/diagnostics/ is Diagnostics, not also Dashboard.
    matching = [item for item in items if current.startswith(item["url"])]
    if matching:
        max(matching, key=lambda item: len(item["url"]))["active"] = True
    return {"nav_items": items}
