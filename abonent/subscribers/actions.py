"""State changes of a subscriber that Abonent itself records; billing imports set the rest (docs/registers/)."""

from __future__ import annotations

from .choices import SubscriberStatus
from .models import Subscriber


def reconnect(subscriber: Subscriber) -> Subscriber:
    """The subscriber came back: active again, no disconnection date and no churn reason left from the last leave."""
    subscriber.status, subscriber.disconnected_on, subscriber.churn_reason = SubscriberStatus.ACTIVE, None, None
    subscriber.save(update_fields=["status", "disconnected_on", "churn_reason"])
    return subscriber
