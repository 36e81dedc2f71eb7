from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from abonent.core.panels import Panel

from . import services
from .choices import WorkKind


def dashboard_panels(request) -> list[Panel]:
    """The head's morning view of overdue work per owner (requests, work items, process records, callbacks)."""
    user = request.user
    if not user.has_perm("ownership.change_assignmentrule"):
        return []
    counts = services.overdue_by_owner()
    people = get_user_model().objects.in_bulk(list(counts))
    rows = sorted(
        (
            {
                "name": people[pk].get_full_name() or people[pk].username,
                "counts": [counts[pk][kind] for kind in WorkKind.values],
                "total": sum(counts[pk].values()),
            }
            for pk in counts
            if pk in people
        ),
        key=lambda row: (-row["total"], row["name"]),
    )
    return [
        Panel(
            _("Overdue work by owner"),
            "ownership/_dashboard_panel.html",
            {"rows": rows, "kinds": [label for _value, label in WorkKind.choices]},
            order=31,
        )
    ]
