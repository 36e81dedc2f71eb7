"""Callback "next" under concurrent agents on PostgreSQL: throughput, latency and duplicate assignments.

Creates N open callback tasks, then runs A agents (threads, each with its own database connection) that take
tasks with `actions.take_next` (the service behind the "Next" button and POST /api/callcentre/callbacks/next/)
and close each with `record_attempt(reached)` until the queue is empty. Then the same with a naive baseline
(SELECT the head of the queue, then UPDATE it, no locking) on a fresh set of tasks, to show what the locking buys.
Prints tasks/s, p50/p95 latency of "next", and duplicate assignments (a task handed to more than one agent).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/abonent_callback_bench \
        .venv/bin/python bench/callback_bench.py [--tasks 5000]
        [--agents 50]

The database must be migrated (`createdb -h 127.0.0.1 -U postgres abonent_callback_bench`, then `abonent migrate` with
that DATABASE_URL); the bench deletes the callback tasks it finds there, so never point it at a working database.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tasks", type=int, default=5000)
    parser.add_argument("--agents", type=int, default=50)
    parser.add_argument(
        "--db", default=os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/abonent_callback_bench")
    )
    parser.add_argument(
        "--processes", action="store_true", help="one process per agent instead of threads (no shared GIL)"
    )
    return parser.parse_args()


def setup(url: str, agents: int) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("CONN_MAX_AGE", "0")
    # Each agent thread keeps its connection for its whole run: a pool smaller than that would make agents wait.
    os.environ.setdefault("DB_POOL_MAX_SIZE", str(agents + 1))
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "abonent.settings")
    django.setup()


def make_tasks(n: int) -> None:
    from django.utils import timezone

    from abonent.callcentre.models import CallbackAttempt, CallbackTask

    CallbackAttempt.objects.all().delete()
    CallbackTask.history.model.objects.all().delete()
    CallbackTask.objects.all().delete()
    start = timezone.now() - dt.timedelta(hours=3)
    CallbackTask.objects.bulk_create(
        [
            CallbackTask(
                phone=f"7912{i:07d}",
                created_at=start + dt.timedelta(seconds=i),
                last_missed_at=start + dt.timedelta(seconds=i),
                due_at=start + dt.timedelta(seconds=i, minutes=30),
                priority=1 + i % 3,
            )
            for i in range(n)
        ],
        batch_size=5000,
    )


def naive_take(user):
    """The baseline: read the head of the queue, then claim it — no row lock, no compare-and-set."""
    from django.db import transaction
    from django.utils import timezone

    from abonent.callcentre import queries
    from abonent.callcentre.models import CallbackTask

    with transaction.atomic():
        task = queries.queue().first()
        if task is None:
            return None
        CallbackTask.objects.filter(pk=task.pk).update(status="assigned", assigned_to=user, assigned_at=timezone.now())
        task.status, task.assigned_to = "assigned", user
        return task


def naive_close(task, user):
    from abonent.callcentre.models import CallbackTask

    CallbackTask.objects.filter(pk=task.pk).update(status="done", outcome="reached")


def _process_agent(args):
    """One agent in its own process (forked after the parent closed its connection)."""
    user_pk, kind, start_at = args
    from django.contrib.auth import get_user_model
    from django.db import connection

    user = get_user_model().objects.get(pk=user_pk)
    take, close = STRATEGIES[kind]
    while time.time() < start_at:
        time.sleep(0.001)
    lat, mine = [], []
    while True:
        t0 = time.perf_counter()
        task = take(user)
        lat.append(time.perf_counter() - t0)
        if task is None:
            break
        mine.append(task.pk)
        close(task, user)
    connection.close()
    return mine, lat, time.time()


def run_processes(label: str, agents: list, kind: str) -> dict:
    import multiprocessing

    from django.db import connections

    connections.close_all()
    start_at = time.time() + 1.0
    with multiprocessing.get_context("fork").Pool(len(agents)) as pool:
        results = pool.map(_process_agent, [(u.pk, kind, start_at) for u in agents])
    taken = [pk for mine, _l, _e in results for pk in mine]
    latencies = [x for _m, lat, _e in results for x in lat]
    elapsed = max(e for _m, _l, e in results) - start_at
    return report(label, taken, latencies, elapsed, [])


def report(label, taken, latencies, elapsed, errors) -> dict:
    counts = Counter(taken)
    duplicates = sum(n - 1 for n in counts.values() if n > 1)
    ms = sorted(x * 1000 for x in latencies)
    result = {
        "label": label,
        "tasks": len(counts),
        "assignments": len(taken),
        "seconds": elapsed,
        "tps": len(counts) / elapsed if elapsed else 0,
        "p50": statistics.median(ms) if ms else 0,
        "p95": ms[int(len(ms) * 0.95) - 1] if ms else 0,
        "duplicates": duplicates,
        "errors": len(errors),
    }
    print(
        f"{label:<36} tasks {result['tasks']:>6}  {result['tps']:8.1f} tasks/s  next p50 {result['p50']:6.1f} ms  "
        f"p95 {result['p95']:6.1f} ms  duplicate assignments {duplicates}  errors {len(errors)}"
    )
    if errors:
        print("   first error:", repr(errors[0])[:200])
    return result


def run(label: str, agents: list, take, close) -> dict:
    from django.db import connection

    latencies: list[float] = []
    taken: list[int] = []
    lock = threading.Lock()
    barrier = threading.Barrier(len(agents) + 1)
    errors: list[Exception] = []

    def work(user):
        mine_lat, mine = [], []
        try:
            barrier.wait()
            while True:
                t0 = time.perf_counter()
                task = take(user)
                mine_lat.append(time.perf_counter() - t0)
                if task is None:
                    break
                mine.append(task.pk)
                close(task, user)
        except Exception as exc:  # noqa: BLE001 - counted and printed
            errors.append(exc)
        finally:
            with lock:
                latencies.extend(mine_lat)
                taken.extend(mine)
            connection.close()

    threads = [threading.Thread(target=work, args=(u,)) for u in agents]
    for t in threads:
        t.start()
    barrier.wait()
    started = time.perf_counter()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    return report(label, taken, latencies, elapsed, errors)


def _locked_take(user):
    from abonent.callcentre import actions

    return actions.take_next(user)


def _locked_close(task, user):
    from abonent.callcentre import actions

    actions.record_attempt(task, user=user, outcome="reached")


STRATEGIES = {"locked": (_locked_take, _locked_close), "naive": (naive_take, naive_close)}


def main() -> None:
    args = parse_args()
    setup(args.db, args.agents)
    from django.contrib.auth import get_user_model
    from django.db import connection

    print(f"PostgreSQL: {connection.vendor == 'postgresql'}  tasks {args.tasks}  agents {args.agents}")
    User = get_user_model()
    agents = [User.objects.get_or_create(username=f"bench-agent-{i}")[0] for i in range(args.agents)]

    how = "processes" if args.processes else "threads"
    make_tasks(args.tasks)
    if args.processes:
        locked = run_processes(f"take_next (SKIP LOCKED), {how}", agents, "locked")
    else:
        locked = run(f"take_next (SKIP LOCKED), {how}", agents, *STRATEGIES["locked"])
    make_tasks(args.tasks)
    if args.processes:
        naive = run_processes(f"naive SELECT then UPDATE, {how}", agents, "naive")
    else:
        naive = run(f"naive SELECT then UPDATE, {how}", agents, *STRATEGIES["naive"])
    print(
        f"locking: {locked['duplicates']} duplicates vs {naive['duplicates']} for the naive baseline; "
        f"throughput {locked['tps']:.0f} vs {naive['tps']:.0f} tasks/s"
    )
    make_tasks(0)


if __name__ == "__main__":
    main()
