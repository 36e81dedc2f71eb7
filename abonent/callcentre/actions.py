"""State changes of a callback task. Views, the API, the demo and the bench call these; nothing assigns
`CallbackTask.status` directly (docs/registers/callbacks.md):

    open ──take_next / take──▶ assigned ──record_attempt(reached | wrong_number)──▶ done
    assigned ──record_attempt(no_answer | busy)──▶ open (next attempt after the retry delay) | done (unreached)
    assigned ──release──▶ open
    open | assigned ──cancel──▶ cancelled            open ──(answered call from/to the number)──▶ done
"""

from __future__ import annotations

import datetime as dt
from functools import cache

from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from abonent.core.actions import TransitionError, history_insert_sql, save_with_history, sync_copy, update_with_history
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


def take_next(user, *, now: dt.datetime | None = None) -> CallbackTask | None:
    """Give the agent one task: the one they already hold, else the head of the queue; None when it is empty.

    Two agents never get the same task, and one agent never holds two (docs/decisions/0006-one-callback-per-agent.md).
    On PostgreSQL one statement (one round trip, its own transaction) returns the task the agent holds or claims the
    head of the queue read with `FOR UPDATE SKIP LOCKED`, so agents each lock a different row without waiting for
    one another, and writes the claim's history row. Two concurrent calls of one agent may both see no held task:
    the second claim then breaks the partial unique constraint "one taken task per agent" (it waits for the first
    to commit), is rolled back and retried, and the retry returns the task the first call claimed. Elsewhere
    (SQLite) the agent's row is locked, then a compare-and-set UPDATE … WHERE status = 'open' claims the row; a lost
    race moves on to the next candidate.
    """
    now = now or timezone.now()
    if connection.vendor == "postgresql":
        return _take_next_postgresql(user, now)
    with transaction.atomic():
        return _take_next_locking(user, now)


def _take_next_postgresql(user, now: dt.datetime) -> CallbackTask | None:
    for _attempt in range(3):
        try:
            if not connection.in_atomic_block:
                return _held_or_claimed(user, now)  # autocommit: the statement is the transaction
            with transaction.atomic():  # inside a caller's transaction: a savepoint to roll the lost claim back
                return _held_or_claimed(user, now)
        except IntegrityError:
            continue  # the agent's own concurrent "next" claimed first: the retry finds that task held
    return held_task(user)


def _take_next_locking(user, now: dt.datetime) -> CallbackTask | None:
    _lock_agent(user)
    held = held_task(user)
    if held is not None:
        return held
    for pk in list(queries.queue(now).values_list("pk", flat=True)[:25]):
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


@cache
def _columns(model=CallbackTask) -> tuple[list[str], str]:
    names = [field.attname for field in model._meta.concrete_fields]
    return names, ", ".join(connection.ops.quote_name(field.column) for field in model._meta.concrete_fields)


def _held_or_claimed(user, now: dt.datetime) -> CallbackTask | None:
    """PostgreSQL: the task the agent holds, else the head of the queue claimed with its history row, in one
    statement (IntegrityError when a concurrent call of the same agent claimed first: see take_next)."""
    names, columns = _columns()
    table = connection.ops.quote_name(CallbackTask._meta.db_table)
    sql = f"""
        WITH held AS (SELECT {columns} FROM {table} WHERE status = %s AND assigned_to_id = %s LIMIT 1),
        claimed AS (
            UPDATE {table} SET status = %s, assigned_to_id = %s, assigned_at = %s
            WHERE id = (
                SELECT id FROM {table}
                WHERE status = %s AND (next_attempt_at IS NULL OR next_attempt_at <= %s)
                    AND NOT EXISTS (SELECT 1 FROM held)
                ORDER BY priority, created_at, id
                FOR UPDATE SKIP LOCKED LIMIT 1
            )
            RETURNING {columns}
        ),
        history AS ({history_insert_sql(CallbackTask, "claimed")})
        SELECT {columns} FROM held UNION ALL SELECT {columns} FROM claimed"""
    # The history row is dated when it is written (as simple-history dates it), not at the `now` a caller passes.
    params = [TaskStatus.ASSIGNED, user.pk, TaskStatus.ASSIGNED, user.pk, now, TaskStatus.OPEN, now]
    params += [timezone.now(), user.pk]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return CallbackTask.from_db(connection.alias, names, row) if row else None


def _locked_with_policy(task: CallbackTask) -> tuple[CallbackTask, int, int]:
    """The task locked for the change, with the policy's maximum attempts and retry delay read by the same
    statement on PostgreSQL (no second round trip per attempt); elsewhere two ORM reads."""
    if connection.vendor != "postgresql":
        policy = CallbackPolicy.current()
        return CallbackTask.objects.select_for_update().get(pk=task.pk), policy.max_attempts, policy.retry_minutes
    names, columns = _columns()
    quote = connection.ops.quote_name
    table, policies = quote(CallbackTask._meta.db_table), quote(CallbackPolicy._meta.db_table)
    sql = f"""
        SELECT {columns},
            (SELECT max_attempts FROM {policies} ORDER BY id LIMIT 1),
            (SELECT retry_minutes FROM {policies} ORDER BY id LIMIT 1)
        FROM {table} WHERE id = %s FOR UPDATE OF {table}"""
    with connection.cursor() as cursor:
        cursor.execute(sql, [task.pk])
        row = cursor.fetchone()
    if row is None:
        raise CallbackTask.DoesNotExist(f"callback task {task.pk}")
    *values, max_attempts, retry_minutes = row
    if max_attempts is None:  # no policy saved yet: current() creates the one with the defaults
        policy = CallbackPolicy.current()
        max_attempts, retry_minutes = policy.max_attempts, policy.retry_minutes
    return CallbackTask.from_db(connection.alias, names, values), max_attempts, retry_minutes


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
    locked, max_attempts, retry_minutes = _locked_with_policy(task)
    if locked.status != TaskStatus.ASSIGNED or locked.assigned_to_id != user.pk:
        raise TransitionError(
            _("Take task №%(pk)s first: only the agent holding it records attempts.") % {"pk": locked.pk}
        )
    attempt = CallbackAttempt(task=locked, user=user, at=now, outcome=outcome, note=note, minutes=minutes or 0)
    # The task is locked and the user is the one asking: their existence needs no query of its own.
    attempt.full_clean(exclude=["task", "user"])
    attempt.save()
    locked.attempts += 1
    if locked.first_attempt_at is None:
        locked.first_attempt_at = now
    if outcome in (AttemptOutcome.REACHED, AttemptOutcome.WRONG_NUMBER):
        _close(
            locked, TaskOutcome.REACHED if outcome == AttemptOutcome.REACHED else TaskOutcome.WRONG_NUMBER, user, now
        )
    elif locked.attempts >= max_attempts:
        _close(locked, TaskOutcome.UNREACHED, user, now)
    else:
        locked.status = TaskStatus.OPEN
        locked.assigned_to = None
        locked.assigned_at = None
        locked.next_attempt_at = now + dt.timedelta(minutes=retry_minutes)
    update_with_history(locked, user, ATTEMPT_FIELDS)
    if minutes:
        record_time(user, minutes, "callback", record=locked, on=timezone.localdate(now), note=note[:255])
    sync_copy(task, locked)
    return attempt


# What recording an attempt may change (the closing fields of _close included).
ATTEMPT_FIELDS = [
    "attempts", "first_attempt_at", "status", "outcome", "closed_at", "closed_by", "next_attempt_at", "assigned_to",
    "assigned_at",
]  # fmt: skip


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
