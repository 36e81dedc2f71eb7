"""The callback lifecycle: next, attempts and retry rules, release, cancel; concurrency of "next" on PostgreSQL."""

import datetime as dt
import threading

import pytest
from django.db import connection

from abonent.callcentre import actions
from abonent.callcentre.models import CallbackTask
from abonent.staff.models import TimeEntry

from .conftest import at

MON = "2026-11-23"


def task_for(phone, created, priority=3, policy=None):
    return CallbackTask.objects.create(
        phone=phone,
        created_at=created,
        last_missed_at=created,
        due_at=created + dt.timedelta(minutes=30),
        priority=priority,
    )


def test_next_gives_the_head_of_the_queue_and_keeps_it_for_the_agent(policy, make_user):
    old = task_for("79120000001", at(MON, 9))
    urgent = task_for("79120000002", at(MON, 10), priority=1)
    ann, bob = make_user("call_centre_agent"), make_user("call_centre_agent")
    assert actions.take_next(ann, now=at(MON, 11)) == urgent
    assert actions.take_next(ann, now=at(MON, 11)) == urgent  # an agent holding a task gets it back
    assert actions.take_next(bob, now=at(MON, 11)) == old
    assert actions.take_next(make_user("call_centre_agent"), now=at(MON, 11)) is None
    urgent.refresh_from_db()
    assert (urgent.status, urgent.assigned_to, urgent.assigned_at) == ("assigned", ann, at(MON, 11))
    assert urgent.history.first().history_user == ann


def test_reached_closes_the_task_and_records_time(policy, make_user):
    task = task_for("79120000001", at(MON, 9))
    ann = make_user("call_centre_agent")
    actions.take_next(ann, now=at(MON, 9, 10))
    actions.record_attempt(task, user=ann, outcome="reached", note="Перезвонили", minutes=4, now=at(MON, 9, 20))
    task.refresh_from_db()
    assert (task.status, task.outcome, task.attempts, task.closed_by) == ("done", "reached", 1, ann)
    assert task.first_attempt_at == at(MON, 9, 20) and task.sla_met is True
    entry = TimeEntry.objects.get()
    assert (entry.user, entry.minutes, entry.activity, entry.record) == (ann, 4, "callback", task)


def test_no_answer_retries_after_the_delay_then_closes_unreached(policy, make_user):
    task = task_for("79120000001", at(MON, 9))
    ann = make_user("call_centre_agent")
    actions.take_next(ann, now=at(MON, 9, 5))
    actions.record_attempt(task, user=ann, outcome="no_answer", now=at(MON, 9, 10))
    task.refresh_from_db()
    assert (task.status, task.assigned_to, task.attempts, task.next_attempt_at) == ("open", None, 1, at(MON, 10, 10))
    assert actions.take_next(ann, now=at(MON, 10, 0)) is None  # not before the retry delay
    assert actions.take_next(ann, now=at(MON, 10, 10)) == task
    actions.record_attempt(task, user=ann, outcome="busy", now=at(MON, 10, 12))
    actions.take_next(ann, now=at(MON, 11, 30))
    actions.record_attempt(task, user=ann, outcome="no_answer", now=at(MON, 11, 31))
    task.refresh_from_db()
    assert (task.status, task.outcome, task.attempts) == ("done", "unreached", 3)  # max attempts 3
    assert task.attempt_set.count() == 3


def test_wrong_number_closes(policy, make_user):
    task = task_for("79120000001", at(MON, 9))
    ann = make_user("call_centre_agent")
    actions.take_next(ann, now=at(MON, 9))
    actions.record_attempt(task, user=ann, outcome="wrong_number", now=at(MON, 9, 40))
    task.refresh_from_db()
    assert (task.outcome, task.sla_met) == ("wrong_number", False)  # first attempt after 9:30


def test_forbidden_moves(policy, make_user):
    task = task_for("79120000001", at(MON, 9))
    ann, bob = make_user("call_centre_agent"), make_user("call_centre_agent")
    with pytest.raises(actions.TransitionError):
        actions.record_attempt(task, user=ann, outcome="reached")  # not taken
    actions.take_next(ann)
    with pytest.raises(actions.TransitionError):
        actions.record_attempt(task, user=bob, outcome="reached")  # held by ann
    with pytest.raises(actions.TransitionError):
        actions.record_attempt(task, user=ann, outcome="maybe")
    with pytest.raises(actions.TransitionError):
        actions.release(task, user=bob)
    with pytest.raises(actions.TransitionError):
        actions.take(task, bob)
    actions.release(task, user=bob, manager=True)
    assert task.status == "open"
    actions.cancel(task, user=bob, note="тест")
    assert (task.status, task.outcome) == ("cancelled", "cancelled")
    with pytest.raises(actions.TransitionError):
        actions.cancel(task, user=bob)


def test_overdue(policy):
    task = task_for("79120000001", at(MON, 9))
    assert not task.is_overdue(at(MON, 9, 29))
    assert task.is_overdue(at(MON, 9, 31))


@pytest.mark.django_db(transaction=True)
def test_twenty_agents_never_get_the_same_task(on_postgres, make_user):
    """20 threads, each its own connection, take tasks until the queue is empty: every task exactly once."""
    for i in range(60):
        task_for(f"7912{i:07d}", at(MON, 9) + dt.timedelta(seconds=i))
    agents = [make_user("call_centre_agent") for _ in range(20)]
    taken: list[tuple[int, int]] = []
    lock = threading.Lock()
    barrier = threading.Barrier(len(agents))
    errors = []

    def work(agent):
        try:
            barrier.wait()
            while True:
                task = actions.take_next(agent)
                if task is None:
                    break
                with lock:
                    taken.append((task.pk, agent.pk))
                actions.record_attempt(task, user=agent, outcome="reached")
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(a,)) for a in agents]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    ids = [pk for pk, _ in taken]
    assert len(ids) == 60 and len(set(ids)) == 60  # zero duplicates
    assert CallbackTask.objects.filter(status="done", outcome="reached").count() == 60
    assert len({agent for _, agent in taken}) > 1  # the work was really shared
