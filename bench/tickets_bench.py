"""Ticket import and SLA report benchmark on the configured database (a loaded demo operator is needed).

Writes N tickets for existing accounts to a CSV (bench/out/tickets.csv) and, inside one transaction that is rolled
back at the end, times: the floor (`bulk_create` of the same tickets, no checks, no history), the import of the
file (read, check, upsert with history, repeat flags), the same file again (idempotent: all unchanged), and the
SLA report and the overdue filter over all tickets (best of 3).

    ABONENT_HOME=... .venv/bin/python bench/tickets_bench.py [--rows 20000]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


class Rollback(Exception):
    pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=20_000)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "abonent.settings")
    import django

    django.setup()
    from django.db import transaction
    from django.utils import timezone

    from abonent.subscribers.models import Subscriber
    from abonent.tickets import services
    from abonent.tickets.importers import import_tickets
    from abonent.tickets.models import Ticket

    accounts = list(Subscriber.objects.values_list("external_id", "pk")[: max(1, args.rows // 2)])
    if not accounts:
        sys.exit("No subscribers: load the demo first (abonent demo).")
    rng = random.Random(1)
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    path = out / "tickets.csv"
    start = dt.datetime(2026, 1, 1, 9, 0)
    rows = []
    for n in range(args.rows):
        account, pk = rng.choice(accounts)
        opened = start + dt.timedelta(minutes=rng.randint(0, 300 * 24 * 60))
        resolved = opened + dt.timedelta(hours=rng.randint(1, 90))
        rows.append((f"BENCH-{n:07d}", account, rng.choice(["ремонт", "техподдержка"]), opened, resolved, pk))
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(["Номер заявки", "Лицевой счёт", "Тип заявки", "Дата создания", "Статус", "Дата решения"])
        for number, account, kind, opened, resolved, _pk in rows:
            writer.writerow([number, account, kind, f"{opened:%d.%m.%Y %H:%M}", "решена", f"{resolved:%d.%m.%Y %H:%M}"])

    figures = {}
    try:
        with transaction.atomic():
            tz = timezone.get_current_timezone()
            t = time.perf_counter()
            floor = [
                Ticket(
                    external_id=f"FLOOR-{number}",
                    subscriber_id=pk,
                    kind="repair" if kind == "ремонт" else "tech_support",
                    subject="x",
                    opened_at=opened.replace(tzinfo=tz),
                    resolved_at=resolved.replace(tzinfo=tz),
                    status="resolved",
                )
                for number, _account, kind, opened, resolved, pk in rows
            ]
            Ticket.objects.bulk_create(floor, batch_size=2000)
            figures["floor: bulk_create"] = time.perf_counter() - t
            t = time.perf_counter()
            run = import_tickets(path, file_name=path.name, source="cli")
            figures["import (new)"] = time.perf_counter() - t
            assert run.status == "succeeded", run.message
            t = time.perf_counter()
            again = import_tickets(path, file_name=path.name, source="cli")
            figures["import again (unchanged)"] = time.perf_counter() - t
            assert again.rows_unchanged == args.rows, again.message
            for name, job in (
                ("SLA report, all tickets", lambda: services.sla_report(Ticket.objects.all())),
                ("overdue count, all tickets", lambda: services.overdue().count()),
            ):
                best = min(_timed(job) for _ in range(3))
                figures[name] = best
            total = Ticket.objects.count()
            raise Rollback
    except Rollback:
        pass
    print(f"{args.rows} ticket rows; {total} tickets in the database during the run (rolled back)")
    for name, seconds in figures.items():
        print(f"  {name:32s} {seconds:8.2f} s")
    ratio = figures["import (new)"] / figures["floor: bulk_create"]
    print(f"  import / floor: {ratio:.1f}x; {args.rows / figures['import (new)']:.0f} rows/s")


def _timed(job) -> float:
    t = time.perf_counter()
    job()
    return time.perf_counter() - t


if __name__ == "__main__":
    main()
