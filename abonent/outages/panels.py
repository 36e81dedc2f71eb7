"""The subscriber card's panel: outages the subscriber lived through in the last N months (or the N months before
leaving), marked "frequent outages" from the threshold on."""

from django.utils import timezone
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
