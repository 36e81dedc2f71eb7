"""State changes of a callback task. Views, the API, the demo and the bench call these; nothing assigns
`CallbackTask.status` directly (docs/registers/callbacks.md):

    open ──take_next / take──▶ assigned ──record_attempt(reached | wrong_number)──▶ done
    assigned ──record_attempt(no_answer | busy)──▶ open (next attempt after the retry delay) | done (unreached)
    assigned ──release──▶ open
    open | assigned ──cancel──▶ cancelled            open ──(answered call from/to the number)──▶ done
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from abonent.core.actions import TransitionError, save_with_history, sync_copy
from abonent.staff.services import record_time

from . import queries
from .choices import AttemptOutcome, TaskOutcome, TaskStatus
from .models import CallbackAttempt, CallbackPolicy, CallbackTask


def _assign(task: CallbackTask, user, now: dt.datetime) -> CallbackTask:
    task.status = TaskStatus.ASSIGNED
    task.assigned_to = user
    task.assigned_at = now
    save_with_history(task, user)
    return task


def held_task(user) -> CallbackTask | None:
    return CallbackTask.objects.filter(status=TaskStatus.ASSIGNED, assigned_to=user).first()


def _lock_agent(user) -> None:
    """Queue up one agent's concurrent "next"/"take" calls behind each other (other agents are not held up).

    The check "already holds a task" and the claim must be one step: without this lock 20 tabs of one agent each
    see no held task and each claim a different row. `FOR NO KEY UPDATE` so rows that merely reference the user
    (history, time entries, logins) are not blocked. SQLite has no row locks; its writers are serialised anyway and
    the constraint `callback_one_task_per_agent` refuses a second task there (see `take_next`).
    """
    get_user_model().objects.select_for_update(no_key=True).filter(pk=user.pk).values_list("pk").first()


@transaction.atomic
def take_next(user, *, now: dt.datetime | None = None) -> CallbackTask | None:
    """Give the agent one task: the one they already hold, else the head of the queue; None when it is empty.

    Two agents never get the same task, and one agent never holds two (docs/decisions/0006-one-callback-per-agent.md).
    On PostgreSQL the agent's row is locked first, so one agent's concurrent calls run one after another, and the
    head of the queue is read with `FOR UPDATE SKIP LOCKED`, so different agents each lock a different row without
    waiting for one another. Elsewhere (SQLite) a compare-and-set UPDATE … WHERE status = 'open' claims the row; a
    lost race moves on to the next candidate. The partial unique constraint "one taken task per agent" backs both.
    """
    now = now or timezone.now()
    _lock_agent(user)
    held = held_task(user)
    if held is not None:
        return held
    queue = queries.queue(now)
    if connection.features.has_select_for_update_skip_locked:
        task = queue.select_for_update(skip_locked=True, of=("self",)).first()
        return _assign(task, user, now) if task is not None else None
    for pk in list(queue.values_list("pk", flat=True)[:25]):
        try:
            with transaction.atomic():
                claimed = CallbackTask.objects.filter(pk=pk, status=TaskStatus.OPEN).update(
                    status=TaskStatus.ASSIGNED, assigned_to=user, assigned_at=now
                )
        except IntegrityError:
            # The agent's own concurrent "next" claimed a task after our check: that one is the agent's task.
            return held_task(user)
        if claimed:
            task = CallbackTask.objects.get(pk=pk)
            save_with_history(task, user)  # the history row of the assignment
            return task
    return None


@transaction.atomic
def take(task: CallbackTask, user, *, now: dt.datetime | None = None) -> CallbackTask:
    """Take a particular open task from the register (e.g. the head calls a caller back personally).

    An agent holding another task finishes or returns it first: one taken task per agent.
    """
    now = now or timezone.now()
    _lock_agent(user)
    locked = CallbackTask.objects.select_for_update().get(pk=task.pk)
    if locked.status == TaskStatus.ASSIGNED and locked.assigned_to_id == user.pk:
        return locked
    if locked.status != TaskStatus.OPEN:
        raise TransitionError(_("Task №%(pk)s is not open.") % {"pk": locked.pk})
    held = held_task(user)
    if held is not None:
        raise TransitionError(_("Finish task №%(pk)s first.") % {"pk": held.pk})
    claimed = CallbackTask.objects.filter(pk=locked.pk, status=TaskStatus.OPEN).update(
        status=TaskStatus.ASSIGNED, assigned_to=user, assigned_at=now
    )
    if not claimed:
        raise TransitionError(_("Another agent has just taken task №%(pk)s.") % {"pk": locked.pk})
    locked.refresh_from_db()
    save_with_history(locked, user)
    return locked


@transaction.atomic
def record_attempt(
    task: CallbackTask,
    *,
    user,
    outcome: str,
    note: str = "",
    minutes: int = 0,
    now: dt.datetime | None = None,
) -> CallbackAttempt:
    """Record one callback attempt by the agent holding the task, and move the task on.

    reached / wrong number close the task; no answer / busy put it back in the queue after the policy's retry
    delay, or close it as unreached once the maximum attempts are used. The minutes go to the agent's time.
    """
    now = now or timezone.now()
    if outcome not in AttemptOutcome.values:
        raise TransitionError(_("Unknown outcome: %(outcome)s.") % {"outcome": outcome})
    locked = CallbackTask.objects.select_for_update().get(pk=task.pk)
    if locked.status != TaskStatus.ASSIGNED or locked.assigned_to_id != user.pk:
        raise TransitionError(
            _("Take task №%(pk)s first: only the agent holding it records attempts.") % {"pk": locked.pk}
        )
    policy = CallbackPolicy.current()
    attempt = CallbackAttempt(task=locked, user=user, at=now, outcome=outcome, note=note, minutes=minutes or 0)
    attempt.full_clean()
    attempt.save()
    locked.attempts += 1
    if locked.first_attempt_at is None:
        locked.first_attempt_at = now
    if outcome in (AttemptOutcome.REACHED, AttemptOutcome.WRONG_NUMBER):
        _close(
            locked, TaskOutcome.REACHED if outcome == AttemptOutcome.REACHED else TaskOutcome.WRONG_NUMBER, user, now
        )
    elif locked.attempts >= policy.max_attempts:
        _close(locked, TaskOutcome.UNREACHED, user, now)
    else:
        locked.status = TaskStatus.OPEN
        locked.assigned_to = None
        locked.assigned_at = None
        locked.next_attempt_at = now + dt.timedelta(minutes=policy.retry_minutes)
    save_with_history(locked, user)
    if minutes:
        record_time(user, minutes, "callback", record=locked, on=timezone.localdate(now), note=note[:255])
    sync_copy(task, locked)
    return attempt


def _close(task: CallbackTask, outcome: str, user, now: dt.datetime) -> None:
    task.status = TaskStatus.DONE
    task.outcome = outcome
    task.closed_at = now
    task.closed_by = user
    task.next_attempt_at = None


def close_backdated(task: CallbackTask, *, outcome: str, at: dt.datetime, user) -> CallbackTask:
    """Close an open task in memory at a past moment, for back-filled history that the caller bulk-updates.

    The demo operator's month of callbacks is walked attempt by attempt and written with one bulk_update; it goes
    through here so the task's closing rule stays in one place. Nothing is saved and no history row is written.
    """
    if task.status not in TaskStatus.active_values():
        raise TransitionError(_("Task №%(pk)s is already closed.") % {"pk": task.pk})
    task.status, task.outcome, task.closed_at, task.closed_by = TaskStatus.DONE, outcome, at, user
    return task


def write_backdated(tasks: list[CallbackTask]) -> None:
    """Save back-filled tasks (attempts counted, some closed by `close_backdated`) in one bulk update."""
    CallbackTask.objects.bulk_update(
        tasks,
        ["status", "outcome", "closed_at", "closed_by", "attempts", "first_attempt_at", "next_attempt_at"],
        batch_size=1000,
    )


def close_by_contact(task: CallbackTask, *, outcome: str, at: dt.datetime) -> None:
    """An open task whose number got through (or was called back outside the queue) closes by itself.

    Called by the calls_stored receiver with the task already locked (select_for_update) in its transaction; the
    history row has no user because the PBX, not an agent, made the change.
    """
    if task.status != TaskStatus.OPEN:
        raise TransitionError(_("Only an open task closes by itself; task №%(pk)s is taken.") % {"pk": task.pk})
    _close(task, outcome, None, at)
    save_with_history(task, None, update_fields=["status", "outcome", "closed_at", "closed_by", "next_attempt_at"])


@transaction.atomic
def release(task: CallbackTask, *, user, manager: bool = False) -> CallbackTask:
    """Put a taken task back in the queue; only its agent does, or a manager (permission manage_callbacktask)."""
    locked = CallbackTask.objects.select_for_update().get(pk=task.pk)
    if locked.status != TaskStatus.ASSIGNED:
        raise TransitionError(_("Task №%(pk)s is not taken.") % {"pk": locked.pk})
    if locked.assigned_to_id != user.pk and not manager:
        raise TransitionError(_("Task №%(pk)s is held by another agent.") % {"pk": locked.pk})
    locked.status = TaskStatus.OPEN
    locked.assigned_to = None
    locked.assigned_at = None
    save_with_history(locked, user)
    sync_copy(task, locked)
    return task


@transaction.atomic
def cancel(task: CallbackTask, *, user, note: str = "") -> CallbackTask:
    """Cancel an active task (a test call, a number that must not be called)."""
    locked = CallbackTask.objects.select_for_update().get(pk=task.pk)
    if not locked.is_active:
        raise TransitionError(_("Task №%(pk)s is already closed.") % {"pk": locked.pk})
    _close(locked, TaskOutcome.CANCELLED, user, timezone.now())
    locked.status = TaskStatus.CANCELLED
    if note:
        locked.note = (locked.note + "\n" + note).strip()
    save_with_history(locked, user)
    sync_copy(task, locked)
    return task
