"""Audit scorecard and NPS report at size on PostgreSQL.

Creates a fresh database, migrates it and fills it in SQL (generate_series) with N subscribers (some disconnected,
some blocked), three months of charges, disconnection requests, inbound calls, callback tasks, connection tickets,
competitor tariffs and survey answers over 12 months. Then times, best of 3 after a warm-up:

- the audit scorecard for the last 3 whole months (every metric, with its query count), against the floor of the
  bare full scans the metrics need (count(*) of subscribers, of the month's charges, of the period's calls);
- the NPS report over 12 months by each dimension, against a single SQL GROUP BY of the same counts (the floor).

    .venv/bin/python bench/audit_bench.py [--size 1000000] [--keep] [--reuse]
"""

from __future__ import annotations

import time
from datetime import date

from _common import best, finish, log, log_counts, migrate_and_fill, setup_django, sized_database_parser

TODAY = date(2026, 11, 15)
START, END = date(2026, 8, 1), date(2026, 10, 31)


def insert(cursor, table: str, given: dict[str, str], source: str) -> None:
    """INSERT INTO table SELECT …: `given` maps columns to expressions over `source`; every other NOT NULL column
    without a default gets an empty value of its type (other apps may add columns this script does not know)."""
    cursor.execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = %s AND is_nullable = 'NO' "
        "AND column_default IS NULL AND column_name <> 'id'",
        [table],
    )
    empty = {"text": "''", "character varying": "''", "boolean": "false", "jsonb": "'{}'::jsonb"}
    columns = dict(given)
    for name, data_type in cursor.fetchall():
        if name not in columns:
            columns[name] = empty.get(data_type, "0")
    names = ", ".join(columns)
    values = ", ".join(columns.values())
    cursor.execute(f"INSERT INTO {table} ({names}) SELECT {values} FROM {source}")


def fill(cursor, size: int) -> None:
    cursor.execute("SELECT setseed(0.42)")
    cursor.execute(
        "INSERT INTO subscribers_tariff (code, name, service_type, monthly_fee, speed_mbps, is_archived) VALUES "
        "('I100','Дом 100','internet',450,100,false),('I300','Дом 300','internet',650,300,false),"
        "('I500','Дом 500','internet',900,500,false),('TV','КТВ','catv',350,NULL,false)"
    )
    cursor.execute(
        "CREATE TEMP TABLE gen AS SELECT i, (date %s - (random() * 3000)::int) AS connected, random() AS r1, "
        "random() AS r2 FROM generate_series(1, %s) AS i",
        [TODAY, size],
    )
    insert(
        cursor,
        "subscribers_subscriber",
        {
            "external_id": "'B' || i",
            "kind": "CASE WHEN i % 10 = 0 THEN 'business' ELSE 'residential' END",
            "name": "'Абонент ' || i",
            "connected_on": "connected",
            "status": "CASE WHEN r1 < 0.12 THEN 'disconnected' WHEN r1 < 0.15 THEN 'blocked' ELSE 'active' END",
            "disconnected_on": "CASE WHEN r1 < 0.12 THEN LEAST(date '2026-11-14', connected + 30 + (r2 * 900)::int)"
            " END",
            "churn_reason_id": "CASE WHEN r1 < 0.12 THEN (SELECT id FROM churn_churnreason ORDER BY id "
            "OFFSET (i % 18) LIMIT 1) END",
            "service_type": "CASE WHEN i % 4 = 3 THEN 'catv' ELSE 'internet' END",
            "tariff_id": "(SELECT id FROM subscribers_tariff ORDER BY id OFFSET (i % 4) LIMIT 1)",
            "arpu": "500",
        },
        "gen",
    )
    insert(
        cursor,
        "subscribers_monthlycharge",
        {
            "subscriber_id": "s.id",
            "month": "m::date",
            "charged": "500",
            "balance": "CASE WHEN random() < 0.1 THEN -(random() * 1500)::int ELSE 0 END",
        },
        "subscribers_subscriber s JOIN generate_series(date '2026-08-01', date '2026-10-01', interval '1 month') m "
        "ON s.connected_on < m + interval '1 month' AND (s.disconnected_on IS NULL OR s.disconnected_on >= m)",
    )
    n = max(100, size // 30)
    insert(
        cursor,
        "churn_disconnectionrequest",
        {
            "subscriber_id": "(i::bigint * 7919) % %(size)s + (SELECT min(id) FROM subscribers_subscriber)".replace(
                "%(size)s", str(size)
            ),
            "received_at": "timestamptz '2026-08-01' + (random() * 91) * interval '1 day'",
            "channel": "'phone'",
            "status": "(ARRAY['new','reason_established','offer_made','retained','suspended','disconnected',"
            "'withdrawn'])[1 + i % 7]",
            "reason_id": "CASE WHEN i % 7 <> 0 THEN (SELECT id FROM churn_churnreason ORDER BY id "
            "OFFSET (i % 18) LIMIT 1) END",
            "offer_made_at": "CASE WHEN i % 7 >= 2 AND i % 7 <= 5 THEN timestamptz '2026-09-01' END",
            "closed_at": "CASE WHEN i % 7 >= 3 THEN timestamptz '2026-08-01' + (random() * 91) * interval '1 day' END",
        },
        f"generate_series(1, {n}) AS i",
    )
    insert(
        cursor,
        "calls_call",
        {
            "call_id": "'c' || i",
            "direction": "CASE WHEN i % 10 = 0 THEN 'outbound' ELSE 'inbound' END",
            "started_at": "timestamptz '2026-08-01' + (random() * 91) * interval '1 day'",
            "outcome": "CASE WHEN i % 5 = 0 THEN 'abandoned' WHEN i % 11 = 0 THEN 'no_answer' ELSE 'answered' END",
            "talk_seconds": "(random() * 400)::int",
        },
        f"generate_series(1, {max(1000, size // 3)}) AS i",
    )
    insert(
        cursor,
        "callcentre_callbacktask",
        {
            "phone": "'7900' || i",
            "created_at": "timestamptz '2026-08-01' + (random() * 91) * interval '1 day'",
            "last_missed_at": "timestamptz '2026-08-01'",
            "due_at": "timestamptz '2026-08-02'",
            "status": "'done'",
            "priority": "3",
            "missed_calls": "1",
            "outcome": "(ARRAY['reached','got_through','unreached','cancelled'])[1 + i % 4]",
        },
        f"generate_series(1, {max(100, size // 20)}) AS i",
    )
    insert(
        cursor,
        "tickets_ticket",
        {
            "subscriber_id": "(SELECT min(id) FROM subscribers_subscriber) + i",
            "kind": "CASE WHEN i % 3 = 0 THEN 'connection' ELSE 'repair' END",
            "subject": "'t' || i",
            "opened_at": "timestamptz '2026-08-01' + (random() * 91) * interval '1 day'",
            "status": "CASE WHEN i % 4 = 0 THEN 'open' ELSE 'closed' END",
        },
        f"generate_series(1, {max(100, size // 50)}) AS i",
    )
    cursor.execute(
        "INSERT INTO analytics_competitortariff (competitor, name, service_type, speed_mbps, price, area, source, "
        "checked_on, is_archived) VALUES ('A','A1','internet',300,600,'','', '2026-10-01', false),"
        "('B','B1','internet',300,700,'','', '2026-10-01', false),('C','C1','catv',NULL,300,'','', '2026-10-01', false)"
    )
    cursor.execute(
        "INSERT INTO surveys_survey (name, nps_question, intro, starts_on, is_active) "
        "VALUES ('NPS', 'Порекомендуете?', '', '2025-11-01', true)"
    )
    insert(
        cursor,
        "surveys_response",
        {
            "survey_id": "(SELECT id FROM surveys_survey)",
            "subscriber_id": "(i::bigint * 104729) % %(size)s + (SELECT min(id) FROM subscribers_subscriber)".replace(
                "%(size)s", str(size)
            ),
            "score": "(random() * 10)::int",
            "answers": "'[]'::jsonb",
            "channel": "'link'",
            "answered_at": "timestamptz '2025-11-15' + (random() * 364) * interval '1 day'",
        },
        f"generate_series(1, {max(100, size // 15)}) AS i",
    )


def main() -> None:
    args = sized_database_parser(__doc__, "abonent_audit_bench").parse_args()
    setup_django(args)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from abonent.audit import services
    from abonent.audit.metrics import METRIC_LIST, Period
    from abonent.surveys import services as nps

    migrate_and_fill(args, lambda cursor: fill(cursor, args.size))
    log_counts(
        (
            "subscribers_subscriber",
            "subscribers_monthlycharge",
            "churn_disconnectionrequest",
            "calls_call",
            "callcentre_callbacktask",
            "tickets_ticket",
            "surveys_response",
        )
    )

    def floor():
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM subscribers_subscriber")
            cursor.execute("SELECT count(*) FROM subscribers_monthlycharge WHERE month = '2026-10-01'")
            cursor.execute(
                "SELECT count(*) FROM calls_call WHERE started_at >= %s AND started_at < %s", [START, date(2026, 11, 1)]
            )

    log(f"\nsize {args.size:,}; period {START} … {END}; best of 3 after a warm-up")
    floor_s = best(floor)
    log(f"floor (bare counts of subscribers, the month's charges, the period's calls): {floor_s:.2f} s")
    for metric in METRIC_LIST:
        # A fresh period each time: the scorecard shares flows and call counts between metrics through it.
        with CaptureQueriesContext(connection) as queries:
            value = metric.compute(Period(START, END)).value
        seconds = best(lambda m=metric: m.compute(Period(START, END)))
        shown = "—" if value is None else f"{value:.1f}"
        log(f"  {metric.code:<26} {seconds:6.3f} s  {len(queries):2d} queries  value {shown}")
    with CaptureQueriesContext(connection) as queries:
        services.scorecard(START, END)
    seconds = best(lambda: services.scorecard(START, END))
    log(f"scorecard: {seconds:.2f} s, {len(queries)} queries ({seconds / floor_s:.1f}× the floor)")
    rows = services.scorecard(START, END)
    started = time.perf_counter()
    pdf = services.scorecard_pdf(rows, START, END)
    log(f"scorecard PDF: {time.perf_counter() - started:.2f} s, {len(pdf):,} bytes")

    year_start, year_end = date(2025, 11, 1), date(2026, 10, 31)

    def nps_floor():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT s.service_type, count(*) FILTER (WHERE score >= 9), count(*) FILTER (WHERE score <= 6), "
                "count(*) FROM surveys_response r JOIN subscribers_subscriber s ON s.id = r.subscriber_id "
                "WHERE r.answered_at >= %s AND r.answered_at < %s GROUP BY s.service_type",
                [year_start, date(2026, 11, 1)],
            )
            cursor.fetchall()

    nps_floor_s = best(nps_floor)
    log(f"\nNPS, 12 months: SQL GROUP BY service type (floor) {nps_floor_s:.2f} s")
    for dimension in ("kind", "service_type", "tariff", "district", "tenure"):
        seconds = best(lambda d=dimension: nps.nps_report(year_start, year_end, dimension=d))
        log(f"  nps_report {dimension:<13} {seconds:6.2f} s  ({seconds / nps_floor_s:.1f}× the floor)")
    finish(args)


if __name__ == "__main__":
    main()
