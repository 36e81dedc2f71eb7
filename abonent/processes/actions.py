"""State changes of the retention processes: opening a record and the steps of each process.

Every step goes through `transition()`: one transaction, the row locked, the move checked against the model's
TRANSITIONS, who and when recorded (closed_by/closed_at for a final state), the history row saved with the user.
The per-process functions below add what a step means (the head's approval limit on recalculations, the
subscriber's status on suspensions and reactivations, the ticket of an urgent repair). Views, the API, the daily
command and the offer receivers call these; nothing assigns `status` directly.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from abonent.core.actions import TransitionError, save_with_history, sync_copy
from abonent.subscribers.choices import SubscriberStatus
from abonent.subscribers.models import Subscriber, Tariff
from abonent.subscribers.services import check_tariff_for
from abonent.tickets import actions as ticket_actions

from . import outbox
from .models import (
    BonusCard,
    Claim,
    EquipmentReturn,
    ProcessRecord,
    ProcessSettings,
    Reactivation,
    Recalculation,
    Relocation,
    Suspension,
    TariffChange,
    UrgentRepair,
)

__all__ = ["TransitionError", "open_process", "transition", "run_step", "steps_for"]


def _append_note(record: ProcessRecord, note: str) -> None:
    note = (note or "").strip()
    if note:
        record.note = f"{record.note}\n{note}".strip() if record.note else note


def allowed(record: ProcessRecord) -> tuple[str, ...]:
    return tuple(record.TRANSITIONS.get(record.status, ()))


@transaction.atomic
def transition(record: ProcessRecord, to: str, *, user, note: str = "", at: dt.datetime | None = None, **changes):
    """Move `record` to the state `to`; `changes` are field values set in the same save. Returns the record."""
    locked = type(record).objects.select_for_update().get(pk=record.pk)
    if to not in allowed(locked):
        raise TransitionError(
            _("%(process)s №%(pk)s is «%(status)s»; it cannot become «%(to)s».")
            % {
                "process": str(locked._meta.verbose_name).capitalize(),
                "pk": locked.pk,
                "status": locked.get_status_display(),
                "to": dict(locked.STATUS.choices).get(to, to),
            }
        )
    for name, value in changes.items():
        setattr(locked, name, value)
    _append_note(locked, note)
    locked.status = to
    if to in locked.CLOSED:
        locked.closed_at = at or timezone.now()
        locked.closed_by = user
    else:
        locked.closed_at = None
        locked.closed_by = None
    save_with_history(locked, user)
    sync_copy(record, locked)
    return record


@transaction.atomic
def open_process(
    model: type[ProcessRecord],
    *,
    subscriber: Subscriber,
    user,
    request=None,
    offer=None,
    responsible=None,
    deadline: dt.date | None = None,
    created_at: dt.datetime | None = None,
    **fields,
) -> ProcessRecord:
    """Open a process record in its initial state; the deadline defaults per process, the responsible to `user`."""
    record = model(subscriber=subscriber, request=request, offer=offer, **fields)
    record.status = model.INITIAL
    record.created_at = created_at or timezone.now()
    record.created_by = user if getattr(user, "pk", None) else None
    record.responsible = responsible or record.created_by
    if isinstance(record, TariffChange) and record.from_tariff_id is None:
        record.from_tariff_id = subscriber.tariff_id
    record.deadline = deadline or record.default_deadline(timezone.localtime(record.created_at).date())
    record.clean()
    if isinstance(record, UrgentRepair):
        ticket = ticket_actions.open_ticket(
            subscriber,
            subject=record.problem or _("Urgent repair on a disconnection request"),
            user=record.created_by,
            urgent=True,
            opened_at=record.created_at,
            responsible=record.responsible,
            disconnection_request=request,
        )
        record.ticket = ticket
        record.deadline = deadline or timezone.localtime(ticket.deadline).date()
    save_with_history(record, record.created_by)
    return record


def _set_subscriber_status(subscriber_id: int, status: str, *, only_from: tuple[str, ...]) -> None:
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber_id)
    if subscriber.status in only_from:
        subscriber.status = status
        subscriber.save(update_fields=["status"])


# Steps of each process -------------------------------------------------------------------------------------------


def apply_tariff_change(
    record: TariffChange,
    *,
    user,
    effective_on: dt.date | None = None,
    note: str = "",
    confirm_fee_change: bool = False,
):
    """requested → applied: the subscriber's current tariff becomes the new one (the billing confirms it later).

    The new tariff must be for the subscriber's kind; a fee change over settings.RETENTION_TARIFF_FEE_WARN_SHARE
    needs `confirm_fee_change` (subscribers.services.check_tariff_for).
    """
    if record.to_tariff_id is None:
        raise TransitionError(_("Choose the new tariff before applying the change."))
    subscriber = Subscriber.objects.select_related("tariff").get(pk=record.subscriber_id)
    check_tariff_for(
        subscriber,
        Tariff.objects.get(pk=record.to_tariff_id),
        confirm_fee_change=confirm_fee_change,
        field="to_tariff",
    )
    effective_on = effective_on or record.effective_on or timezone.localdate()
    with transaction.atomic():
        transition(record, "applied", user=user, note=note, effective_on=effective_on)
        if effective_on <= timezone.localdate():
            Subscriber.objects.filter(pk=record.subscriber_id).update(tariff_id=record.to_tariff_id)
        outbox.tariff_applied(record, user=user)
    return record


def needs_head_approval(record: Recalculation) -> bool:
    return record.amount > ProcessSettings.load().recalculation_limit


def may_decide(record: Recalculation, user) -> bool:
    return not needs_head_approval(record) or user.has_perm("processes.approve_recalculation")


def _decide(record: Recalculation, to: str, *, user, note: str) -> Recalculation:
    if not may_decide(record, user):
        raise TransitionError(
            _("%(amount)s RUB is above the limit of %(limit)s RUB: only the head may decide on this recalculation.")
            % {"amount": record.amount, "limit": ProcessSettings.load().recalculation_limit}
        )
    return transition(record, to, user=user, note=note, decided_at=timezone.now(), decided_by=user)


def approve_recalculation(record: Recalculation, *, user, note: str = "") -> Recalculation:
    """requested → approved; above the head's limit only a user with `approve_recalculation` may approve. Billing
    is asked to credit it (the outbox); its confirmation credits the record."""
    with transaction.atomic():
        _decide(record, "approved", user=user, note=note)
        outbox.recalculation_approved(record, user=user)
    return record


def reject_recalculation(record: Recalculation, *, user, note: str = "") -> Recalculation:
    return _decide(record, "rejected", user=user, note=note)


def credit_recalculation(record: Recalculation, *, user, credited_on: dt.date | None = None, note: str = ""):
    return transition(record, "credited", user=user, note=note, credited_on=credited_on or timezone.localdate())


def move_repair(record: UrgentRepair, to: str, *, user, note: str = "") -> UrgentRepair:
    """Work an urgent repair through its ticket; the ticket's new state is mirrored back (mirror_ticket)."""
    if record.ticket_id is None:
        return transition(record, to, user=user, note=note)

    with transaction.atomic():
        locked = UrgentRepair.objects.select_for_update().get(pk=record.pk)
        if to not in allowed(locked):
            transition(locked, to, user=user)  # raises the process's own refusal
        ticket_actions.move_ticket(locked.ticket, to, user=user)
        if note:
            locked.refresh_from_db()
            _append_note(locked, note)
            save_with_history(locked, user)
    record.refresh_from_db()
    return record


# A ticket's state as the urgent repair's state.
TICKET_TO_REPAIR = {
    "open": "open",
    "in_progress": "in_progress",
    "resolved": "resolved",
    "closed": "resolved",
    "cancelled": "cancelled",
}


@transaction.atomic
def mirror_ticket(ticket, *, user=None) -> int:
    """Bring the urgent repairs of `ticket` to the ticket's state (however the ticket changed: card, API, import).

    The ticket is the record of the work; the repair is the retention view of it, so it follows without its own
    transition check. Returns how many repairs changed.
    """
    changed = 0
    target = TICKET_TO_REPAIR.get(ticket.status)
    for repair in UrgentRepair.objects.select_for_update().filter(ticket=ticket).exclude(status=target):
        repair.status = target
        if target in repair.CLOSED:
            repair.closed_at = ticket.resolved_at or timezone.now()
            repair.closed_by = user
        else:
            repair.closed_at = repair.closed_by = None
        save_with_history(repair, user)
        changed += 1
    return changed


def answer_claim(record: Claim, *, user, answer_text: str, answered_on: dt.date | None = None, note: str = ""):
    """registered | in_work → answered, with the answer's text and date (late if after the deadline)."""
    if not (answer_text or "").strip():
        raise TransitionError(_("Write the answer to the claim."))
    return transition(
        record,
        "answered",
        user=user,
        note=note,
        answer_text=answer_text.strip(),
        answered_on=answered_on or timezone.localdate(),
    )


def reject_claim(record: Claim, *, user, answer_text: str, answered_on: dt.date | None = None, note: str = ""):
    """The claim is refused; the refusal is still an answer the subscriber receives, with its grounds."""
    if not (answer_text or "").strip():
        raise TransitionError(_("Give the grounds of the refusal."))
    return transition(
        record,
        "rejected",
        user=user,
        note=note,
        answer_text=answer_text.strip(),
        answered_on=answered_on or timezone.localdate(),
    )


def check_coverage(record: Relocation, *, user, coverage: str, note: str = "") -> Relocation:
    return transition(record, "coverage_checked", user=user, note=note, coverage=coverage)


def schedule_relocation(record: Relocation, *, user, connection_on: dt.date, note: str = "") -> Relocation:
    """coverage_checked → scheduled; only where the new address is covered."""
    locked = Relocation.objects.get(pk=record.pk)
    if locked.status == "coverage_checked" and locked.coverage != "yes":
        raise TransitionError(_("The new address is not covered (or needs a survey): the connection cannot be set."))
    if connection_on is None:
        raise TransitionError(_("Give the connection date."))
    return transition(record, "scheduled", user=user, note=note, connection_on=connection_on)


def connect_relocation(record: Relocation, *, user, note: str = "") -> Relocation:
    return transition(record, "connected", user=user, note=note)


def reactivate(record: Reactivation, *, user, done_on: dt.date | None = None, note: str = "") -> Reactivation:
    """requested → done: a suspended or blocked subscriber is active again."""
    with transaction.atomic():
        transition(record, "done", user=user, note=note, done_on=done_on or timezone.localdate())
        _set_subscriber_status(
            record.subscriber_id,
            SubscriberStatus.ACTIVE,
            only_from=(SubscriberStatus.SUSPENDED, SubscriberStatus.BLOCKED),
        )
        outbox.reactivated(record, user=user)
    return record


def start_suspension(record: Suspension, *, user, note: str = "") -> Suspension:
    """planned → active: the subscriber's services are suspended."""
    with transaction.atomic():
        transition(record, "active", user=user, note=note)
        _set_subscriber_status(record.subscriber_id, SubscriberStatus.SUSPENDED, only_from=(SubscriberStatus.ACTIVE,))
        outbox.suspension_started(record, user=user)
    return record


def end_suspension(record: Suspension, *, user, note: str = "", at: dt.datetime | None = None) -> Suspension:
    """active → ended (by the daily task after the last day, or early on request): services resume."""
    with transaction.atomic():
        transition(record, "ended", user=user, note=note, at=at)
        _set_subscriber_status(record.subscriber_id, SubscriberStatus.ACTIVE, only_from=(SubscriberStatus.SUSPENDED,))
        outbox.suspension_ended(record, user=user)
    return record


def return_equipment(record: EquipmentReturn, *, user, returned_on: dt.date | None = None, note: str = ""):
    return transition(record, "returned", user=user, note=note, returned_on=returned_on or timezone.localdate())


def activate_bonus_card(record: BonusCard, *, user, activated_on: dt.date | None = None, note: str = ""):
    return transition(record, "activated", user=user, note=note, activated_on=activated_on or timezone.localdate())


# The steps offered on a record's card and in the API ------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """A step the card shows as a button (with a small form of `fields`) and the API accepts by `name`."""

    name: str
    label: str
    to: str
    fields: tuple[str, ...] = ()
    style: str = "primary"


def _plain(to: str):
    def run(record, *, user, note: str = "", **kwargs):
        return transition(record, to, user=user, note=note, **kwargs)

    return run


def _repair(to: str):
    def run(record, *, user, note: str = ""):
        return move_repair(record, to, user=user, note=note)

    return run


STEPS: dict[type[ProcessRecord], list[tuple[Step, object]]] = {
    TariffChange: [
        (
            Step("apply", gettext_lazy("Apply"), "applied", ("effective_on", "confirm_fee_change"), "success"),
            apply_tariff_change,
        ),
        (Step("cancel", gettext_lazy("Cancel"), "cancelled", (), "outline-secondary"), _plain("cancelled")),
    ],
    Recalculation: [
        (Step("approve", gettext_lazy("Approve"), "approved", (), "success"), approve_recalculation),
        (Step("reject", gettext_lazy("Reject"), "rejected", (), "outline-danger"), reject_recalculation),
        (Step("credit", gettext_lazy("Credited"), "credited", ("credited_on",), "success"), credit_recalculation),
    ],
    UrgentRepair: [
        (Step("start", gettext_lazy("Start work"), "in_progress", (), "primary"), _repair("in_progress")),
        (Step("resolve", gettext_lazy("Resolved"), "resolved", (), "success"), _repair("resolved")),
        (Step("cancel", gettext_lazy("Cancel"), "cancelled", (), "outline-secondary"), _repair("cancelled")),
    ],
    Claim: [
        (Step("take", gettext_lazy("Take in work"), "in_work", (), "primary"), _plain("in_work")),
        (Step("answer", gettext_lazy("Answer"), "answered", ("answer_text", "answered_on"), "success"), answer_claim),
        (
            Step("reject", gettext_lazy("Reject"), "rejected", ("answer_text", "answered_on"), "outline-danger"),
            reject_claim,
        ),
    ],
    Relocation: [
        (
            Step("check", gettext_lazy("Coverage checked"), "coverage_checked", ("coverage",), "primary"),
            check_coverage,
        ),
        (
            Step("schedule", gettext_lazy("Schedule connection"), "scheduled", ("connection_on",), "primary"),
            schedule_relocation,
        ),
        (Step("connect", gettext_lazy("Connected"), "connected", (), "success"), connect_relocation),
        (Step("impossible", gettext_lazy("Impossible"), "impossible", (), "outline-danger"), _plain("impossible")),
    ],
    Reactivation: [
        (Step("done", gettext_lazy("Done"), "done", ("done_on",), "success"), reactivate),
        (Step("cancel", gettext_lazy("Cancel"), "cancelled", (), "outline-secondary"), _plain("cancelled")),
    ],
    Suspension: [
        (Step("start", gettext_lazy("Start now"), "active", (), "primary"), start_suspension),
        (Step("end", gettext_lazy("End now"), "ended", (), "success"), end_suspension),
        (Step("cancel", gettext_lazy("Cancel"), "cancelled", (), "outline-secondary"), _plain("cancelled")),
    ],
    EquipmentReturn: [
        (Step("return", gettext_lazy("Returned"), "returned", ("returned_on",), "success"), return_equipment),
        (Step("write_off", gettext_lazy("Write off"), "written_off", (), "outline-danger"), _plain("written_off")),
    ],
    BonusCard: [
        (Step("activate", gettext_lazy("Activated"), "activated", ("activated_on",), "success"), activate_bonus_card),
        (Step("cancel", gettext_lazy("Cancel"), "cancelled", (), "outline-secondary"), _plain("cancelled")),
    ],
}


def steps_for(record: ProcessRecord) -> list[Step]:
    """The steps the record's current state allows."""
    return [step for step, _run in STEPS[type(record)] if step.to in allowed(record)]


def run_step(record: ProcessRecord, name: str, *, user, **data) -> ProcessRecord:
    """Run the step `name` with its field values (and an optional `note`)."""
    for step, run in STEPS[type(record)]:
        if step.name == name:
            values = {k: v for k, v in data.items() if k in step.fields or k == "note"}
            if isinstance(record, Relocation) and name == "schedule":
                values.setdefault("connection_on", None)
            if isinstance(record, Claim) and name in ("answer", "reject"):
                values.setdefault("answer_text", "")
            if isinstance(record, Relocation) and name == "check" and not values.get("coverage"):
                raise TransitionError(_("Choose the result of the coverage check."))
            return run(record, user=user, **values)
    raise TransitionError(_("Unknown step: %(step)s.") % {"step": name})


# The daily run: suspensions start, end and remind -----------------------------------------------------------------


def daily(today: dt.date | None = None, *, user=None) -> dict[str, int]:
    """Start planned suspensions whose first day came, end active ones whose last day passed, and remind.

    The reminder: `suspension_reminder_days` before the last day the record is marked and the subscriber goes on
    the warm work list with the end date as the next action (if the work lists are installed). Idempotent: a
    second run on the same day changes nothing.
    """
    today = today or timezone.localdate()
    counts = {"started": 0, "ended": 0, "reminded": 0}
    for record in Suspension.objects.filter(status="planned", starts_on__lte=today).order_by("pk"):
        start_suspension(record, user=user, note=_("Started automatically on %(day)s.") % {"day": today})
        counts["started"] += 1
    for record in Suspension.objects.filter(status="active", ends_on__lt=today).order_by("pk"):
        end_suspension(record, user=user, note=_("Ended automatically on %(day)s.") % {"day": today})
        counts["ended"] += 1
    days = ProcessSettings.load().suspension_reminder_days
    due = Suspension.objects.filter(
        status="active", reminded_on__isnull=True, ends_on__lte=today + dt.timedelta(days=days)
    ).select_related("subscriber")
    for record in due.order_by("pk"):
        remind_suspension_end(record, today=today, user=user)
        counts["reminded"] += 1
    return counts


@transaction.atomic
def remind_suspension_end(record: Suspension, *, today: dt.date, user=None) -> Suspension:
    locked = Suspension.objects.select_for_update().get(pk=record.pk)
    if locked.reminded_on:
        return record
    locked.reminded_on = today
    save_with_history(locked, user)
    sync_copy(record, locked)
    try:  # the work lists are an optional app: imported where used, absent when not installed
        from abonent.worklists.services import add_to_work_list
    except ImportError:
        return record
    add_to_work_list(
        record.subscriber,
        "warm",
        user=user,
        assigned_to=record.responsible,
        reason=_("Temporary suspension ends on %(day)s: call to confirm the services resume.")
        % {"day": record.ends_on.strftime("%d.%m.%Y")},
        source=record,
        next_action_on=record.ends_on,
    )
    return record


def amount(value) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))
