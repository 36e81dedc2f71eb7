"""Demo callback queue: tasks from the demo PBX history's missed calls, with attempts and outcomes for past days
(about two thirds of callers reached) and part of today's queue left open for the dashboard.

Runs after the calls step; without calls it only creates the policy.
"""

from __future__ import annotations

import datetime as dt
import math
import random

from django.db import transaction
from django.utils import timezone

from abonent.calls.choices import CallDirection, CallOutcome
from abonent.calls.models import Call
from abonent.staff.models import TimeEntry

from . import actions, services
from .choices import AttemptOutcome, TaskOutcome, TaskStatus
from .models import CallbackAttempt, CallbackPolicy, CallbackTask

ORDER = 30
DAYS = 28


def operator_models() -> list:
    return [
        CallbackAttempt,
        CallbackTask.history.model,
        CallbackTask,
        CallbackPolicy.history.model,
        CallbackPolicy,
    ]


def _minutes_to_first_attempt(rng: random.Random) -> float:
    # Log-normal: median about 25 minutes, a tail into hours on busy days.
    return min(600.0, math.exp(rng.gauss(math.log(25), 0.75)))


@transaction.atomic
def load(ctx) -> dict[str, int]:
    rng = random.Random(ctx.seed * 7919 + 30)
    policy = CallbackPolicy.current()
    now = timezone.now()
    today = timezone.localdate()
    since = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=DAYS), dt.time(0)))
    missed = list(
        Call.objects.filter(
            started_at__gte=since, direction=CallDirection.INBOUND, outcome__in=CallOutcome.missed_values()
        ).values_list("pk", flat=True)
    )
    if not missed:
        return {"callback tasks": 0}
    # The receiver already made tasks for the last days' missed calls; the older ones of the month join them the
    # same way (same rules: merged per number, none when the caller got through meanwhile).
    services.process_stored_calls(missed, now=now, max_age_hours=(DAYS + 1) * 24)

    agents = [u for u in (ctx.users.get("agent"), ctx.users.get("manager")) if u is not None]
    tasks = list(CallbackTask.objects.filter(status=TaskStatus.OPEN, created_at__gte=since).order_by("created_at"))
    if not tasks:
        return {"callback tasks": CallbackTask.objects.count(), "callback attempts": 0}
    # The PBX history may end yesterday: its last day stands for "today" and stays partly open.
    last_day = min(today, timezone.localdate(tasks[-1].created_at))
    start_of_today = timezone.make_aware(dt.datetime.combine(last_day, dt.time(0)))
    attempts: list[CallbackAttempt] = []
    minutes_by_day: dict[tuple[int, dt.date], int] = {}
    for task in tasks:
        is_today = task.created_at >= start_of_today
        if is_today and (now - task.created_at < dt.timedelta(hours=2) or rng.random() < 0.5):
            continue  # today's queue stays partly open
        agent = rng.choice(agents)
        at = services.next_working_moment(task.created_at, policy) + dt.timedelta(
            minutes=_minutes_to_first_attempt(rng)
        )
        outcome = None
        for number in range(1, policy.max_attempts + 1):
            if at > now:
                break
            roll = rng.random()
            if roll < 0.04:
                result = AttemptOutcome.WRONG_NUMBER
            elif roll < (0.45 if number == 1 else 0.30):
                result = AttemptOutcome.REACHED
            else:
                result = rng.choice([AttemptOutcome.NO_ANSWER, AttemptOutcome.NO_ANSWER, AttemptOutcome.BUSY])
            spent = rng.randint(2, 6) if result == AttemptOutcome.REACHED else 1
            attempts.append(CallbackAttempt(task=task, user=agent, at=at, outcome=result, minutes=spent))
            key = (agent.pk, timezone.localdate(at))
            minutes_by_day[key] = minutes_by_day.get(key, 0) + spent
            task.attempts = number
            task.first_attempt_at = task.first_attempt_at or at
            if result in (AttemptOutcome.REACHED, AttemptOutcome.WRONG_NUMBER):
                outcome = TaskOutcome.REACHED if result == AttemptOutcome.REACHED else TaskOutcome.WRONG_NUMBER
                break
            if number == policy.max_attempts:
                outcome = TaskOutcome.UNREACHED
                break
            at = at + dt.timedelta(minutes=policy.retry_minutes + rng.randint(0, 90))
        if outcome is None:
            if task.attempts:
                task.next_attempt_at = at
            continue
        actions.close_backdated(task, outcome=outcome, at=at, user=agent)
    CallbackAttempt.objects.bulk_create(attempts, batch_size=2000)
    actions.write_backdated(tasks)
    TimeEntry.objects.bulk_create(
        [
            TimeEntry(user_id=user_id, date=day, minutes=min(minutes, 24 * 60), activity="callback", note="demo")
            for (user_id, day), minutes in minutes_by_day.items()
        ],
        batch_size=2000,
    )
    return {"callback tasks": CallbackTask.objects.count(), "callback attempts": len(attempts)}
