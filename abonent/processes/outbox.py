"""What the retention processes ask billing to carry out, through the outbox of billing actions (abonent.billing).

One action per decision, keyed by the record and its step, so a repeated step never enqueues twice:
a tariff change applied, a suspension started and ended, a recalculation approved, a reactivation done. A
recalculation billing confirmed is credited by `signals.credit_confirmed_recalculation`.
"""

from __future__ import annotations

from django.utils import timezone

from abonent.billing import actions as billing
from abonent.billing.choices import ActionKind

from .models import Reactivation, Recalculation, Suspension, TariffChange


def _enqueue(record, kind: str, step: str, *, user, **parameters):
    return billing.enqueue(
        subscriber=record.subscriber,
        kind=kind,
        key=f"processes.{record._meta.model_name}:{record.pk}:{step}",
        parameters={k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in parameters.items()},
        source=record,
        source_text=f"{str(record._meta.verbose_name).capitalize()} №{record.pk}",
        user=user,
    )


def tariff_applied(record: TariffChange, *, user):
    record = TariffChange.objects.select_related("subscriber", "from_tariff", "to_tariff").get(pk=record.pk)
    return _enqueue(
        record,
        ActionKind.TARIFF_CHANGE,
        "applied",
        user=user,
        from_tariff=record.from_tariff.code if record.from_tariff_id else None,
        to_tariff=record.to_tariff.code,
        on=record.effective_on,
    )


def suspension_started(record: Suspension, *, user):
    return _enqueue(
        record, ActionKind.SUSPEND, "started", user=user, starts_on=record.starts_on, ends_on=record.ends_on
    )


def suspension_ended(record: Suspension, *, user):
    ended = timezone.localtime(record.closed_at).date() if record.closed_at else timezone.localdate()
    return _enqueue(record, ActionKind.RESUME, "ended", user=user, on=ended)


def recalculation_approved(record: Recalculation, *, user):
    return _enqueue(
        record,
        ActionKind.RECALCULATION,
        "approved",
        user=user,
        amount=f"{record.amount:.2f}",
        period_start=record.period_start,
        period_end=record.period_end,
        reason=record.reason,
    )


def reactivated(record: Reactivation, *, user):
    return _enqueue(record, ActionKind.REACTIVATE, "done", user=user, on=record.done_on)
