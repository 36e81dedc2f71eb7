"""The navigation menu, grouped in sections and filtered by what the user may see.

Each app lists its entries in `<app>/menu.py` as ITEMS = [MenuItem(section, label, url name, permission, order)];
core itself lists none, and `core.checks` fails the start on an entry that names a missing url or permission.
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .access import may_open
from .registry import app_modules

# Section code -> label, in the order the navbar shows them.
SECTIONS = {
    "work": _("Work"),
    "calls": pgettext_lazy("menu", "Calls"),  # the section, not a count of calls ("Звонки", not "Звонков")
    "retention": _("Retention"),
    "reports": _("Reports"),
    "base": _("Base"),
    "settings": _("Settings"),
}


@dataclass(frozen=True)
class MenuItem:
    section: str
    label: str
    url_name: str
    permission: str
    order: int = 100


def all_items() -> list[MenuItem]:
    items: list[MenuItem] = []
    for module in app_modules("menu"):
        items.extend(getattr(module, "ITEMS", []))
    return items


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_sections": []}
    current = request.path
    entries = []
    for item in sorted(all_items(), key=lambda i: (list(SECTIONS).index(i.section), i.order)):
        if not user.has_perm(item.permission):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        if not may_open(user, url, request):
            continue
        entries.append({"section": item.section, "label": item.label, "url": url, "active": False})
    # Only the longest matching prefix is active: /analytics/diagnostics/ is Diagnostics, not also Dashboard.
    matching = [e for e in entries if current.startswith(e["url"])]
    if matching:
        max(matching, key=lambda e: len(e["url"]))["active"] = True
    sections = []
    for code, label in SECTIONS.items():
        items = [e for e in entries if e["section"] == code]
        if items:
            sections.append({"code": code, "label": label, "items": items, "active": any(e["active"] for e in items)})
    return {"nav_sections": sections}
