"""What the outages app adds to record cards (core.cards): the outages the subscriber lived through on the
disconnection request card, and on the outage's own card the subscribers it affected and the requests it caused."""

from django.utils import timezone

from abonent.core.cards import CardContribution

from . import services


def request_outages(obj, request, context: dict) -> dict:
    """The N months before the request was received."""
    until = timezone.localtime(obj.received_at).date()
    reason = obj.reason.code if obj.reason_id else ""
    return {"outage_panel": services.card_context(obj.subscriber, until, reason_code=reason)}


def outage_reach(obj, request, context: dict) -> dict:
    affected = services.affected_subscribers(obj)
    return {
        "affected_count": affected.count(),
        "affected": list(affected.order_by("street", "building", "flat")[:50]),
        "linked_requests": list(services.linked_requests(obj)[:50]),
    }


CARDS = [
    CardContribution(
        "churn.disconnectionrequest",
        "side",
        "outages/_request_panel.html",
        request_outages,
        permission="outages.view_outage",
        order=50,
    ),
    CardContribution("outages.outage", "main", "outages/_outage_reach.html", outage_reach),
]
