"""The subscriber card's panel: outages the subscriber lived through in the last N months (or the N months before
leaving), marked "frequent outages" from the threshold on."""

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from abonent.core.panels import Panel

from . import services


def panels(subscriber, request) -> list[Panel]:
    if not request.user.has_perm("outages.view_outage"):
        return []
    until = subscriber.disconnected_on or timezone.localdate()
    reason = subscriber.churn_reason.code if subscriber.churn_reason_id else ""
    context = services.card_context(subscriber, until, reason_code=reason)
    return [Panel(_("Outages"), "outages/_subscriber_panel.html", {"outage_panel": context}, order=45)]


def diagnostics_panels(request, start, end) -> list[Panel]:
    """The churn diagnostics' section: churn of buildings with outages in the period against the others."""
    if not request.user.has_perm("outages.view_outage"):
        return []
    result = services.churn_by_outages(start, end)
    query = urlencode({"start": start, "end": end})
    return [
        Panel(
            _("Churn and outages"),
            "outages/_diagnostics_panel.html",
            {"result": result, "report_url": f"{reverse('outages:report')}?{query}"},
            order=50,
        )
    ]
