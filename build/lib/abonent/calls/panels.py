from django.utils.translation import gettext as _

from abonent.core.panels import Panel

from .models import Call

RECENT = 5


def panels(subscriber, request) -> list[Panel]:
    """The subscriber's recent calls on the card."""
    if not request.user.has_perm("calls.view_call"):
        return []
    calls = Call.objects.filter(subscriber=subscriber).select_related("call_type").order_by("-started_at")
    recent = list(calls[:RECENT])
    total = len(recent) if len(recent) < RECENT else calls.count()
    return [
        Panel(
            _("Calls"),
            "calls/_subscriber_calls.html",
            {"calls": recent, "total": total, "account": subscriber.external_id},
            order=30,
        )
    ]
