from django.urls import reverse
from django.utils.translation import gettext as _

from abonent.core.panels import Panel


def panels(subscriber, request) -> list[Panel]:
    """What was sent to billing about this subscriber, the latest five."""
    if not request.user.has_perm("billing.view_billingaction"):
        return []
    found = list(subscriber.billing_actions.all()[:6])
    if not found:
        return []
    more = reverse("billing:billingaction_list") + f"?subscriber={subscriber.pk}" if len(found) > 5 else None
    return [
        Panel(
            _("Billing actions"),
            "billing/_subscriber_panel.html",
            {"actions": found[:5], "more_url": more},
            order=60,
        )
    ]
