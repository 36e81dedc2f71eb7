from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from abonent.core.panels import Panel

from . import services
from .choices import WorkItemStatus, WorkList


def panels(subscriber, request) -> list[Panel]:
    """The subscriber's open work items."""
    user = request.user
    if not user.has_perm("worklists.view_workitem"):
        return []
    items = list(
        subscriber.work_items.filter(status__in=WorkItemStatus.open_values()).select_related("assigned_to")[:10]
    )
    return [
        Panel(
            _("Work lists"),
            "worklists/_subscriber_panel.html",
            {"items": items, "subscriber": subscriber, "can_add": user.has_perm("worklists.add_workitem")},
            order=30,
        )
    ]


def dashboard_panels(request) -> list[Panel]:
    """Open and overdue items per list (hot and warm always shown), and the user's own work due today."""
    user = request.user
    if not user.has_perm("worklists.view_workitem"):
        return []
    sizes = services.list_sizes()
    links = {WorkList.HOT: "worklists:hot", WorkList.WARM: "worklists:warm"}
    rows = []
    for code, label in WorkList.choices:
        size = sizes.get(code)
        if size is None and code not in links:
            continue
        size = size or {"open": 0, "overdue": 0}
        url = (
            reverse(links[code])
            if code in links
            else reverse("worklists:workitem_list") + f"?work_list={code}&status=open"
        )
        rows.append({"code": code, "label": label, "url": url, **size})
    mine = user.work_items.filter(
        status__in=WorkItemStatus.open_values(), next_action_on__lte=timezone.localdate()
    ).count()
    return [Panel(_("Work lists"), "worklists/_dashboard_panel.html", {"rows": rows, "mine": mine}, order=30)]
