"""A promise is recorded open and closed by the payments: kept, partly kept or broken once its date has passed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from abonent.core.actions import TransitionError, save_with_history
from abonent.subscribers.models import Payment

from .choices import PromiseStatus
from .models import DebtExemption, PromiseToPay


def record_promise(*, subscriber, amount: Decimal, due_date: dt.date, user, **fields) -> PromiseToPay:
    promise = PromiseToPay(subscriber=subscriber, amount=amount, due_date=due_date, agent=user, **fields)
    promise.full_clean()
    save_with_history(promise, user)
    return promise


def grant_exemption(*, subscriber, kind: str, reason: str, user, until: dt.date | None = None) -> DebtExemption:
    """The head exempts an account from blocking; who approved and when is recorded."""
    exemption = DebtExemption(subscriber=subscriber, kind=kind, reason=reason, until=until, approved_by=user)
    exemption.full_clean()
    save_with_history(exemption, user)
    return exemption


def check_promise(promise: PromiseToPay, *, today: dt.date, user=None) -> PromiseToPay:
    """Sum what was paid from the promise's day to its date; close it when paid in full or when its date passed."""
    if promise.status != PromiseStatus.OPEN:
        raise TransitionError(f"promise {promise.pk} is {promise.status}, not open")
    paid = Payment.objects.filter(
        subscriber=promise.subscriber_id,
        paid_at__date__gte=promise.promised_on,
        paid_at__date__lte=promise.due_date,
    ).aggregate(total=Sum("amount"))["total"] or Decimal(0)
    promise.paid, promise.checked_on = paid, today
    if paid >= promise.amount:
        promise.status = PromiseStatus.KEPT
    elif today > promise.due_date:
        promise.status = PromiseStatus.PARTLY_KEPT if paid else PromiseStatus.BROKEN
    save_with_history(promise, user)
    return promise


def check_after_payments(sender, *, run, kind: str, **kwargs) -> None:
    """Receiver of imports' `import_succeeded`: a payments import checks every open promise."""
    if kind != "payments":
        return
    today = timezone.localdate()
    with transaction.atomic():
        for promise in PromiseToPay.objects.select_for_update().filter(status=PromiseStatus.OPEN):
            check_promise(promise, today=today, user=run.user)
