"""Call statistics and staffing over a big period on PostgreSQL, against the old per-call path in the same run.

Creates a fresh database, migrates it and fills the calls table in SQL (`INSERT … SELECT generate_series`, the
bench's own setup: `--calls` calls over a year, business hours weighted, 85 % inbound, 20 % of them missed), then
times, best of `--runs` after a warm-up:

- `count`: a plain `SELECT count(*)` of the period's calls (the floor: one pass over the rows);
- `old statistics` / `old staffing`: the grouping the reports did before (a time-zone EXTRACT of hour, weekday,
  minute per call in the GROUP BY), kept here only, to compare;
- `statistics` / `staffing`: reports.call_statistics and reports.staffing_report, the services the pages and the
  API use (calls grouped by UTC half-hour in SQL, then polars on those rows).

    .venv/bin/python bench/calls_report_bench.py [--calls 5000000] [--runs 1] [--keep] [--reuse]
    .venv/bin/python bench/calls_report_bench.py --sqlite /tmp/calls.sqlite3 --calls 1000000

See bench/README.md for the figures measured.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import time
from pathlib import Path

from _common import finish, log, migrate_and_fill, peak_rss_mb, setup_django, sized_database_parser

TARGET_SECONDS = 10.0
START = dt.date(2025, 1, 1)
DAYS = 365

FILL = """
INSERT INTO calls_call (call_id, direction, started_at, answered_at, ended_at, caller, callee, queue, ivr_branch,
    agent, outcome, wait_seconds, talk_seconds, duration_seconds, classified_by, sources)
SELECT 'b-' || i,
       CASE WHEN i % 20 < 17 THEN 'inbound' WHEN i % 20 < 19 THEN 'outbound' ELSE 'internal' END,
       t,
       CASE WHEN i % 5 <> 0 THEN t + (i % 90) * interval '1 second' END,
       t + ((i % 90) + 60 + (i * 7919) % 540) * interval '1 second',
       '7912' || lpad((i % 1000000)::text, 7, '0'), '74952000000',
       CASE WHEN i % 3 = 0 THEN 'sales' ELSE 'support' END, '', '',
       CASE WHEN i % 5 <> 0 THEN 'answered' ELSE 'abandoned' END,
       i % 90,
       CASE WHEN i % 5 <> 0 THEN 60 + (i * 7919) % 540 ELSE 0 END,
       (i % 90) + 60 + (i * 7919) % 540,
       '', 'cdr'
FROM (
    -- In the order of the days, as a PBX writes them; within a day 08:00–20:00 local (05:00–17:00 UTC in Moscow).
    SELECT i, (%(start)s::date + time '05:00')::timestamp AT TIME ZONE 'UTC'
              + ((i - 1) * %(days)s / %(calls)s) * interval '1 day'
              + ((i * 104729) % 43200) * interval '1 second' AS t
    FROM generate_series(1::bigint, %(calls)s) AS i
) s;
"""


# The same calls for SQLite (no generate_series, no lpad; times stored as UTC text, as Django writes them).
FILL_SQLITE = """
INSERT INTO calls_call (call_id, direction, started_at, answered_at, ended_at, caller, callee, queue, ivr_branch,
    agent, outcome, wait_seconds, talk_seconds, duration_seconds, classified_by, sources)
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %(calls)s),
s(i, t) AS (
    SELECT i, datetime(%(start)s, '+5 hours', '+' || ((i - 1) * %(days)s / %(calls)s) || ' days',
                       '+' || ((i * 104729) % 43200) || ' seconds')
    FROM n
)
SELECT 'b-' || i,
       CASE WHEN i % 20 < 17 THEN 'inbound' WHEN i % 20 < 19 THEN 'outbound' ELSE 'internal' END,
       t,
       CASE WHEN i % 5 <> 0 THEN datetime(t, '+' || (i % 90) || ' seconds') END,
       datetime(t, '+' || ((i % 90) + 60 + (i * 7919) % 540) || ' seconds'),
       '7912' || substr('0000000' || (i % 1000000), -7, 7), '74952000000',
       CASE WHEN i % 3 = 0 THEN 'sales' ELSE 'support' END, '', '',
       CASE WHEN i % 5 <> 0 THEN 'answered' ELSE 'abandoned' END,
       i % 90,
       CASE WHEN i % 5 <> 0 THEN 60 + (i * 7919) % 540 ELSE 0 END,
       (i % 90) + 60 + (i * 7919) % 540,
       '', 'cdr'
FROM s;
"""


def old_statistics(start: dt.date, end: dt.date) -> None:
    """The grouping call_statistics did before: ExtractHour / ExtractIsoWeekDay per call (kept for comparison)."""
    from django.db.models.functions import ExtractHour, ExtractIsoWeekDay

    from abonent.callcentre import reports
    from abonent.calls.choices import CallDirection

    qs = reports.calls_in(start, end)
    reports.classifier_table(qs)
    inbound = qs.filter(direction=CallDirection.INBOUND)
    figures = reports._queue_figures(20)
    inbound.aggregate(**figures)
    list(inbound.annotate(hour=ExtractHour("started_at")).values("hour").annotate(**figures))
    list(inbound.annotate(day=ExtractIsoWeekDay("started_at")).values("day").annotate(**figures))


def old_staffing(start: dt.date, end: dt.date) -> None:
    """The grouping staffing_report did before: weekday, hour and minute of each call in the GROUP BY."""
    from django.db.models import Avg, Case, Count, IntegerField, Q, Value, When
    from django.db.models.functions import ExtractHour, ExtractIsoWeekDay, ExtractMinute

    from abonent.callcentre import reports
    from abonent.calls.choices import CallDirection

    inbound = reports.calls_in(start, end).filter(direction=CallDirection.INBOUND)
    inbound.aggregate(talk=Avg("talk_seconds", filter=reports.ANSWERED))
    list(
        inbound.alias(minute=ExtractMinute("started_at"))
        .annotate(
            wd=ExtractIsoWeekDay("started_at"),
            hour=ExtractHour("started_at"),
            half=Case(When(Q(minute__gte=30), then=Value(1)), default=Value(0), output_field=IntegerField()),
        )
        .values("wd", "hour", "half")
        .annotate(calls=Count("pk"), answered=Count("pk", filter=reports.ANSWERED), talk=Avg("talk_seconds"))
    )


def timed(fn, runs: int) -> tuple[float, object]:
    fn()
    best, result = float("inf"), None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - started)
    return best, result


def main() -> None:
    parser = sized_database_parser(__doc__, "abonent_calls_report_bench")
    parser.add_argument("--calls", type=int, default=5_000_000)
    parser.add_argument("--runs", type=int, default=1, help="timed runs of each (best is shown), after a warm-up")
    parser.add_argument(
        "--sqlite", type=Path, help="a SQLite file to (re)create and use instead of PostgreSQL (the default database)"
    )
    args = parser.parse_args()
    if args.sqlite:
        sqlite_setup(args)
    else:
        setup_django(args)
    from _common import fill_sql

    log(f"{args.calls:,} calls over {DAYS} days ...")
    fill = FILL_SQLITE if args.sqlite else FILL
    migrate_and_fill(args, lambda cursor: cursor.execute(fill_sql(fill, start=START, days=DAYS, calls=args.calls)))
    from django.db import connection

    from abonent.callcentre import reports

    end = START + dt.timedelta(days=DAYS - 1)
    since, until = reports.period_bounds(START, end)

    def count():
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM calls_call WHERE started_at >= %s AND started_at < %s", [since, until])
            return cursor.fetchone()[0]

    rows = [
        ("count", *timed(count, args.runs)),
        ("old statistics", *timed(lambda: old_statistics(START, end), args.runs)),
        ("statistics", *timed(lambda: reports.call_statistics(START, end), args.runs)),
        ("old staffing", *timed(lambda: old_staffing(START, end), args.runs)),
        ("staffing", *timed(lambda: reports.staffing_report(START, end), args.runs)),
    ]
    stats = rows[2][2]
    staffing = rows[4][2]
    engine = f"SQLite {sqlite3.sqlite_version}" if args.sqlite else f"PostgreSQL {connection.pg_version // 10000}"
    log(f"{engine}, {rows[0][2]:,} calls in {START} … {end}")
    log(f"  statistics: {stats.summary['offered']:,} inbound offered, SL {stats.summary['service_level_pct']} %")
    log(f"  staffing: {len(staffing.slots)} slots over {len(staffing.days_used)} days with calls")
    log(f"{'':<16} {'seconds':>9}")
    for name, seconds, _result in rows:
        log(f"{name:<16} {seconds:>9.2f}")
    worst = max(rows[2][1], rows[4][1])
    log(f"target < {TARGET_SECONDS:.0f} s each: {'PASS' if worst < TARGET_SECONDS else 'FAIL'}")
    if args.sqlite:
        log(f"peak RSS {peak_rss_mb():.0f} MB")
        connection.close()
        if not args.keep:
            args.sqlite.unlink(missing_ok=True)
    else:
        finish(args)


def sqlite_setup(args) -> None:
    if not args.reuse:
        args.sqlite.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{args.sqlite.resolve()}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "abonent.settings")
    import django

    django.setup()


if __name__ == "__main__":
    main()
