"""Callback queue logic: working time and the SLA, the priority of a missed caller, and turning stored calls into
callback tasks (the receiver of `calls.signals.calls_stored`).

Rules (docs/registers/callbacks.md):
- a missed inbound call (abandoned, no answer, busy, …) creates a task unless the same number got through (an
  answered inbound call later) or was called back (an answered outbound call to it later) meanwhile;
- further missed calls from a number with an active task join that task (missed_calls + 1);
- an answered call from/to a number closes its *open* tasks (got_through / called_back); a task an agent has
  taken stays with that agent, whose card shows the call;
- missed calls older than the policy's max_age_hours create nothing (an import of old history is not a queue).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from abonent.calls.choices import CallDirection, CallOutcome, RuleField
from abonent.calls.models import Call, CallType, CallTypeRule
from abonent.churn.choices import RequestStatus
from abonent.churn.models import DisconnectionRequest
from abonent.subscribers.services import normalise_phone

from .actions import close_by_contact
from .choices import Priority, PriorityReason, TaskOutcome, TaskStatus
from .models import CallbackPolicy, CallbackTask

CHUNK = 2000
BULK = 50_000  # more ids than this: pick the window's calls in SQL first
logger = logging.getLogger(__name__)


# Working time ------------------------------------------------------------------------------------------------------


def _at(day: dt.date, time: dt.time) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, time))


def next_working_moment(moment: dt.datetime, policy: CallbackPolicy) -> dt.datetime:
    """`moment` if it falls in working hours, else the start of the next working period."""
    local = timezone.localtime(moment)
    day = local.date()
    for _ in range(8):
        if day.isoweekday() in policy.work_days:
            start, end = _at(day, policy.work_starts), _at(day, policy.work_ends)
            if local < start:
                return start
            if local < end:
                return local
        day += dt.timedelta(days=1)
        local = _at(day, dt.time(0))
    return moment


def add_working_minutes(moment: dt.datetime, minutes: int, policy: CallbackPolicy) -> dt.datetime:
    """`moment` plus `minutes` counted only in working hours (a call at 17:50 with a 30-minute SLA is due 9:20)."""
    current = next_working_moment(moment, policy)
    remaining = dt.timedelta(minutes=minutes)
    for _ in range(400):
        local = timezone.localtime(current)
        end = _at(local.date(), policy.work_ends)
        available = end - local
        if remaining <= available:
            return current + remaining
        remaining -= available
        current = next_working_moment(end, policy)
    return current + remaining


def due_at(created_at: dt.datetime, policy: CallbackPolicy) -> dt.datetime:
    return add_working_minutes(created_at, policy.sla_minutes, policy)


# Priority ----------------------------------------------------------------------------------------------------------


class Router:
    """The call type a missed call was routed to (IVR branch, queue, dialled number), by the classifier's rules.

    A missed call's own type is "did not take place"; what the caller wanted is where the PBX routed them.
    """

    def __init__(self):
        # The same matching as the calls classifier: exact value, * for any characters, case-insensitive.
        self.rules = [
            (
                rule.field,
                re.compile("(?i)^" + ".*".join(re.escape(p) for p in rule.value.strip().split("*")) + "$"),
                rule,
            )
            for rule in CallTypeRule.objects.filter(call_type__is_archived=False)
            .select_related("call_type")
            .order_by("order", "pk")
            if rule.value.strip()
        ]

    def routed_type(self, call: Call) -> CallType | None:
        if call.call_type_id and not call.call_type.is_missed:
            return call.call_type
        values = {RuleField.QUEUE: call.queue, RuleField.IVR: call.ivr_branch, RuleField.DESTINATION: call.callee}
        for field, pattern, rule in self.rules:
            value = values.get(field) or ""
            if value and pattern.match(value):
                return rule.call_type
        return None


def priority_for(call_type: CallType | None, has_open_request: bool) -> tuple[int, str]:
    """New connection 1, churn 2 (a churn call type or an open disconnection request), the rest 3."""
    type_priority = call_type.callback_priority if call_type is not None else Priority.OTHER
    if type_priority <= Priority.NEW_CONNECTION:
        return Priority.NEW_CONNECTION, PriorityReason.NEW_CONNECTION
    if type_priority == Priority.CHURN:
        return Priority.CHURN, PriorityReason.CHURN
    if has_open_request:
        return Priority.CHURN, PriorityReason.DISCONNECTION_REQUEST
    return Priority.OTHER, PriorityReason.OTHER


# Stored calls → tasks ----------------------------------------------------------------------------------------------


def phone_variants(phone: str) -> list[str]:
    """How a PBX may have written a normalised number as a dialled number."""
    if len(phone) == 11 and phone.startswith("7"):
        return [phone, "8" + phone[1:], "+" + phone, phone[1:]]
    return [phone]


def _contact_phone(direction: str, caller: str, callee: str) -> str:

    if direction == CallDirection.INBOUND:
        return caller
    return normalise_phone(callee) or callee


def _is_missed_inbound(call: Call) -> bool:
    return call.direction == CallDirection.INBOUND and call.outcome in CallOutcome.missed_values() and bool(call.caller)


def _is_contact(call: Call) -> bool:
    return call.outcome == CallOutcome.ANSWERED and call.direction in (CallDirection.INBOUND, CallDirection.OUTBOUND)


def process_stored_calls(
    call_ids: Sequence,
    *,
    now: dt.datetime | None = None,
    max_age_hours: int | None = None,
    run_id: int | None = None,
) -> dict[str, int]:
    """Create, merge and close callback tasks for the calls just stored; returns counts.

    `call_ids` are Call primary keys (ints) or PBX call ids (strings). Idempotent: a missed call already inside a
    task's span (first to last missed call) is not counted again. Only missed inbound calls and answered calls
    started within the policy's window matter; they are picked in SQL first, so an import of a year of history
    (`run_id` = its ImportRun, millions of ids) costs one indexed query over the window's calls.
    """
    counts = {"created": 0, "merged": 0, "closed": 0, "skipped": 0}
    if not call_ids:
        return counts
    policy = CallbackPolicy.current()
    now = now or timezone.now()
    cutoff = now - dt.timedelta(hours=policy.max_age_hours if max_age_hours is None else max_age_hours)
    router = Router()
    relevant = Call.objects.filter(started_at__gte=cutoff).filter(
        Q(direction=CallDirection.INBOUND, outcome__in=CallOutcome.missed_values())
        | Q(direction__in=(CallDirection.INBOUND, CallDirection.OUTBOUND), outcome=CallOutcome.ANSWERED)
    )
    ids = call_ids if isinstance(call_ids, range) else list(call_ids)
    key = "pk" if isinstance(ids[0], int) else "call_id"
    if key == "pk" and len(ids) > BULK:
        # A big import: only its calls within the window matter, found with one indexed query instead of chunks.
        if run_id is not None:
            ids = list(relevant.filter(import_run_id=run_id).order_by("started_at", "pk").values_list("pk", flat=True))
        else:
            wanted = ids if isinstance(ids, range) else set(ids)
            ids = [pk for pk in relevant.order_by("started_at", "pk").values_list("pk", flat=True) if pk in wanted]
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        calls = list(relevant.filter(**{f"{key}__in": chunk}).select_related("call_type").order_by("started_at", "pk"))
        if calls:
            for name, value in _process(calls, policy, router).items():
                counts[name] += value
    return counts


@transaction.atomic
def _process(calls: list[Call], policy: CallbackPolicy, router: Router) -> dict[str, int]:
    counts = {"created": 0, "merged": 0, "closed": 0, "skipped": 0}
    missed = [c for c in calls if _is_missed_inbound(c)]
    contacts = [c for c in calls if _is_contact(c)]
    phones = {c.caller for c in missed} | {_contact_phone(c.direction, c.caller, c.callee) for c in contacts}
    phones.discard("")
    if not phones:
        return counts

    # Answered calls with these numbers after the earliest call of the batch: was the caller spoken to meanwhile?
    earliest = min(c.started_at for c in calls)
    variants = {v: p for p in phones for v in phone_variants(p)}
    last_contact: dict[str, dt.datetime] = {}
    answered = Call.objects.filter(outcome=CallOutcome.ANSWERED, started_at__gte=earliest).filter(
        Q(direction=CallDirection.INBOUND, caller__in=list(phones))
        | Q(direction=CallDirection.OUTBOUND, callee__in=list(variants))
    )
    for direction, caller, callee, started in answered.values_list("direction", "caller", "callee", "started_at"):
        phone = caller if direction == CallDirection.INBOUND else variants.get(callee)
        if phone and (phone not in last_contact or started > last_contact[phone]):
            last_contact[phone] = started

    tasks_by_phone: dict[str, list[CallbackTask]] = defaultdict(list)
    for task in CallbackTask.objects.select_for_update().filter(
        phone__in=list(phones), last_missed_at__gte=earliest - dt.timedelta(days=30)
    ):
        tasks_by_phone[task.phone].append(task)
    for task in CallbackTask.objects.select_for_update().filter(
        phone__in=list(phones), status__in=TaskStatus.active_values()
    ):
        if task not in tasks_by_phone[task.phone]:
            tasks_by_phone[task.phone].append(task)

    # Open tasks of numbers spoken to after their last missed call close by themselves.
    for contact in contacts:
        phone = _contact_phone(contact.direction, contact.caller, contact.callee)
        outcome = TaskOutcome.GOT_THROUGH if contact.direction == CallDirection.INBOUND else TaskOutcome.CALLED_BACK
        for task in tasks_by_phone.get(phone, []):
            if task.status == TaskStatus.OPEN and task.last_missed_at < contact.started_at:
                close_by_contact(task, outcome=outcome, at=contact.started_at)
                counts["closed"] += 1

    requests = set(
        DisconnectionRequest.objects.filter(
            subscriber_id__in={c.subscriber_id for c in missed if c.subscriber_id},
            status__in=RequestStatus.open_values(),
        ).values_list("subscriber_id", flat=True)
    )
    new: list[CallbackTask] = []
    merged: dict[int, CallbackTask] = {}
    for call in missed:
        phone = call.caller
        known = tasks_by_phone.get(phone, [])
        if any(t.created_at <= call.started_at <= t.last_missed_at for t in known):
            counts["skipped"] += 1  # counted before (re-import or a second signal for the same call)
            continue
        if phone in last_contact and last_contact[phone] > call.started_at:
            counts["skipped"] += 1  # got through or was called back meanwhile
            continue
        routed = router.routed_type(call)
        priority, reason = priority_for(routed, call.subscriber_id in requests)
        active = next((t for t in known if t.status in TaskStatus.active_values()), None)
        if active is not None:
            active.missed_calls += 1
            active.last_missed_at = max(active.last_missed_at, call.started_at)
            if priority < active.priority:
                active.priority, active.priority_reason, active.call_type = priority, reason, routed
            active.subscriber_id = active.subscriber_id or call.subscriber_id
            if active.pk is not None:
                merged[active.pk] = active
            counts["merged"] += 1
            continue
        task = CallbackTask(
            call=call,
            phone=phone,
            subscriber_id=call.subscriber_id,
            call_type=routed,
            priority=priority,
            priority_reason=reason,
            created_at=call.started_at,
            last_missed_at=call.started_at,
            due_at=due_at(call.started_at, policy),
        )
        new.append(task)
        tasks_by_phone[phone].append(task)
        counts["created"] += 1
    # Written in two statements per batch, not one per missed call (an import of recent history has thousands).
    CallbackTask.objects.bulk_create(new, batch_size=1000)
    CallbackTask.objects.bulk_update(
        list(merged.values()),
        ["missed_calls", "last_missed_at", "priority", "priority_reason", "call_type", "subscriber"],
        batch_size=1000,
    )
    return counts


def on_calls_stored(sender, call_ids: Iterable = (), live: bool = False, run=None, **kwargs) -> None:
    """Receiver of calls.signals.calls_stored (connected in CallcentreConfig.ready).

    `run` (the ImportRun of an import, None for the live feed) lets a big import be read by its run in SQL rather
    than by its ids. A failure here is logged and never undoes the call import that sent the signal: the calls
    are the record, the queue can be rebuilt from them (`process_stored_calls`).
    """
    run_id = getattr(run, "pk", run)
    try:
        with transaction.atomic():
            process_stored_calls(call_ids if isinstance(call_ids, range) else list(call_ids or []), run_id=run_id)
    except Exception:
        logger.exception("Callback tasks were not created for %d stored calls", len(call_ids or []))


def caller_history(task: CallbackTask, limit: int = 20) -> list[Call]:
    """The caller's recent calls (from and to the number, and the subscriber's other numbers)."""
    condition = Q(caller=task.phone) | Q(callee__in=phone_variants(task.phone))
    if task.subscriber_id:
        condition |= Q(subscriber_id=task.subscriber_id)
    return list(Call.objects.filter(condition).select_related("call_type", "user").order_by("-started_at")[:limit])
