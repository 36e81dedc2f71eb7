"""State changes of a subscriber that Abonent itself records; billing imports set the rest (docs/registers/)."""

from __future__ import annotations

from django.db import transaction

from abonent.core.actions import save_with_history

from .choices import SubscriberStatus
from .models import ServiceKind, Subscriber
from .service_kinds import is_used


def reconnect(subscriber: Subscriber) -> Subscriber:
    """The subscriber came back: active again, no disconnection date and no churn reason left from the last leave."""
    subscriber.status, subscriber.disconnected_on, subscriber.churn_reason = SubscriberStatus.ACTIVE, None, None
    subscriber.save(update_fields=["status", "disconnected_on", "churn_reason"])
    return subscriber


@transaction.atomic
def retire_service_kind(kind: ServiceKind, *, user) -> str:
    """Delete a service type no row holds, archive one in use (its rows keep it); returns "deleted" or "archived"."""
    kind = ServiceKind.objects.select_for_update().get(pk=kind.pk)
    if is_used(kind.code):
        if not kind.is_archived:
            kind.is_archived = True
            save_with_history(kind, user, update_fields=["is_archived"])
        return "archived"
    kind._history_user = user
    kind.delete()
    return "deleted"
