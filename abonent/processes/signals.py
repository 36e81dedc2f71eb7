"""Receivers of the processes app: accepted retention offers open their process and the offer card asks for the
records they made; tickets drive urgent repairs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.dateparse import parse_date

from abonent.billing.choices import ActionKind, ActionState
from abonent.billing.signals import action_settled
from abonent.retention.signals import offer_accepted, offer_records
from abonent.subscribers.models import Tariff

from . import actions
from .models import (
    BonusCard,
    EquipmentReturn,
    ProcessRecord,
    Reactivation,
    Recalculation,
    Relocation,
    Suspension,
    TariffChange,
    UrgentRepair,
)


def _date(value, default: dt.date | None) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    parsed = parse_date(str(value)) if value else None
    return parsed or default


def _money(value, default: Decimal = Decimal("0.00")) -> Decimal:
    try:
        return Decimal(str(value)).quantize(Decimal("0.01")) if value not in (None, "") else default
    except (InvalidOperation, ValueError):
        return default


def _add_month(day: dt.date) -> dt.date:
    month = day.month % 12 + 1
    year = day.year + (day.month == 12)
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    return day + dt.timedelta(days=30)


def _tariff(value) -> Tariff | None:
    if not value:
        return None
    found = Tariff.objects.filter(pk=value).first() if str(value).isdigit() else None
    return found or Tariff.objects.filter(code=str(value)).first()


def record_from_offer(offer, user=None):
    """The process record an accepted offer starts, with `offer.details` or sensible defaults; None if none.

    Defaults: a suspension of one month from today, a tariff change effective today, a recalculation of 0 RUB
    to be filled in, a relocation with the address to be given, equipment due in 14 days.
    """
    process = offer.measure.process
    details = offer.details or {}
    today = timezone.localdate()
    common = {
        "subscriber": offer.subscriber,
        "user": user or offer.made_by,
        "request": offer.request,
        "offer": offer,
        "note": str(details.get("note", ""))[:2000],
    }
    if process == "suspension":
        starts_on = _date(details.get("starts_on"), today)
        ends_on = _date(details.get("ends_on"), None) or _add_month(starts_on) - dt.timedelta(days=1)
        record = actions.open_process(Suspension, starts_on=starts_on, ends_on=max(ends_on, starts_on), **common)
        if starts_on <= today:
            actions.start_suspension(record, user=common["user"])
        return record
    if process == "tariff_change":
        return actions.open_process(
            TariffChange,
            to_tariff=_tariff(details.get("tariff") or details.get("to_tariff")),
            effective_on=_date(details.get("effective_on"), today),
            **common,
        )
    if process == "recalculation":
        return actions.open_process(
            Recalculation,
            amount=_money(details.get("amount")),
            reason=str(details.get("reason") or offer.measure.name)[:255],
            period_start=_date(details.get("period_start"), None),
            period_end=_date(details.get("period_end"), None),
            **common,
        )
    if process == "repair":
        return actions.open_process(
            UrgentRepair, problem=str(details.get("problem") or offer.measure.name)[:255], **common
        )
    if process == "relocation":
        return actions.open_process(
            Relocation,
            new_address=str(details.get("address") or details.get("new_address") or "")[:255],
            connection_on=_date(details.get("connection_on"), None),
            **common,
        )
    if process == "reactivation":
        return actions.open_process(Reactivation, **common)
    if process == "equipment_return":
        return actions.open_process(EquipmentReturn, items=str(details.get("items") or "")[:255], **common)
    if process == "bonus_card":
        return actions.open_process(
            BonusCard,
            card_number=str(details.get("card_number") or "")[:32],
            amount=_money(details.get("amount")),
            level=str(details.get("level") or "")[:32],
            **common,
        )
    return None


@receiver(offer_accepted, dispatch_uid="processes.offer_accepted")
def on_offer_accepted(sender, offer, user=None, **kwargs):
    return record_from_offer(offer, user)


# An offer starts one process, so a handful per register is plenty; the bound keeps a wrong link from flooding the card.
RECORDS_PER_PROCESS = 10


@receiver(offer_records, dispatch_uid="processes.offer_records")
def records_of_offer(sender, offer, **kwargs) -> list[ProcessRecord]:
    """The process records (every register on ProcessRecord) this offer started, newest first per register."""
    return [
        record
        for model in ProcessRecord.__subclasses__()
        for record in model.objects.filter(offer=offer).select_related("subscriber")[:RECORDS_PER_PROCESS]
    ]


@receiver(post_save, sender="tickets.Ticket", dispatch_uid="processes.ticket_saved")
def on_ticket_saved(sender, instance, created, **kwargs):
    if not created:
        actions.mirror_ticket(instance, user=getattr(instance, "_history_user", None))


@receiver(action_settled, dispatch_uid="processes.credit_confirmed_recalculation")
def credit_confirmed_recalculation(sender, *, action, state: str, **kwargs):
    """Billing confirmed a recalculation it was sent: the approved recalculation is credited on that day."""
    if state != ActionState.CONFIRMED or action.kind != ActionKind.RECALCULATION:
        return
    record = action.source
    if isinstance(record, Recalculation) and record.status == "approved":
        actions.credit_recalculation(
            record, user=action.settled_by, credited_on=timezone.localtime(action.settled_at).date()
        )


__all__ = ["record_from_offer", "UrgentRepair"]
