"""Work lists and annual contracts at size on PostgreSQL.

Creates a fresh database, migrates it and fills it in SQL with N subscribers (80 % active, 3 % suspended, 2 %
blocked, 15 % disconnected over the last year), two months of charges for everyone connected (8 % of the active
with a growing debt), a payment in the last 40 days for the active who pay, and an annual contract for 6 % of the
active and for some who left. Then times, best of 3 after a warm-up unless said otherwise:

- warm_candidates (suspended, blocked, stopped paying) against the floor of a bare count of the suspended and
  blocked;
- refresh_list("warm"): the first run (every item created, with history) once, then the idempotent re-run;
- churn_under_contract over 12 months against the floor of fetching the same subscriber rows;
- the offer list (eligible_subscribers: count and first page) and due_for_renewal.

    .venv/bin/python bench/worklists_bench.py [--size 1000000] [--keep] [--reuse]
"""

from __future__ import annotations

import time
from datetime import date

from _common import best, fill_sql, finish, log, log_counts, migrate_and_fill, setup_django, sized_database_parser

TODAY = date(2026, 11, 15)


FILL = """
INSERT INTO subscribers_tariff (code, name, service_type, monthly_fee, speed_mbps, is_archived) VALUES
 ('INET-300', 'Домашний 300', 'internet', 650, 300, false), ('KTV-BASE', 'КТВ Базовый', 'catv', 350, NULL, false),
 ('BND-300', 'Интернет 300 + ТВ', 'bundle', 850, 300, false);
SELECT setseed(0.42);
CREATE TEMP TABLE gen AS
SELECT i, (date %(today)s - 60 - (random() * 3000)::int) AS connected, random() AS r1, random() AS r2
FROM generate_series(1, %(size)s) AS i;
INSERT INTO subscribers_subscriber
  (external_id, kind, name, phones, city, district, street, building, flat, connected_on, status, disconnected_on,
   service_type, tariff_id, arpu)
SELECT 'W' || i, 'residential', 'Абонент ' || i, '', 'Ярославль', '', '', '', '', connected,
       CASE WHEN r1 < 0.80 THEN 'active' WHEN r1 < 0.83 THEN 'suspended' WHEN r1 < 0.85 THEN 'blocked'
            ELSE 'disconnected' END,
       CASE WHEN r1 >= 0.85 THEN date %(today)s - 1 - (r2 * 360)::int END,
       t.service_type, t.id, t.monthly_fee
FROM gen g JOIN subscribers_tariff t ON t.code = (ARRAY['INET-300','KTV-BASE','BND-300'])[1 + i % 3];
INSERT INTO subscribers_monthlycharge (subscriber_id, month, charged, balance)
SELECT s.id, m::date, s.arpu, CASE WHEN s.id % 12 = 0 THEN -s.arpu * (1 + (m::date = date %(month)s)::int) ELSE 0 END
FROM subscribers_subscriber s
CROSS JOIN (VALUES (date %(previous)s), (date %(month)s)) AS months(m)
WHERE s.status <> 'disconnected';
INSERT INTO subscribers_payment (external_id, subscriber_id, paid_at, amount, channel)
SELECT 'P' || s.id, s.id, timestamptz %(today)s - (interval '1 day' * (10 + s.id % 30)), s.arpu, 'bank'
FROM subscribers_subscriber s WHERE s.status = 'active' AND s.id % 12 <> 0;
INSERT INTO contracts_annualcontract
  (subscriber_id, kind, service, benefit, cost_monthly, status, signed_on, starts_on, ends_on, ended_on,
   termination_reason, note, created_at)
SELECT s.id, 'free_period', CASE s.service_type WHEN 'catv' THEN 'tv' ELSE s.service_type END, '', 50,
       CASE WHEN s.status = 'disconnected' THEN 'terminated' ELSE 'active' END,
       st, st, st + interval '1 year' - interval '1 day',
       CASE WHEN s.status = 'disconnected' THEN GREATEST(s.disconnected_on, st) END, '', '', now()
FROM (SELECT s.*, date %(today)s - 20 - (s.id * 7919 % 340)::int AS st FROM subscribers_subscriber s
      WHERE s.id % 16 = 1) s;
"""


def main() -> None:
    args = sized_database_parser(__doc__, "abonent_worklists_bench").parse_args()
    setup_django(args)
    from django.db import connection

    from abonent.contracts import services as contracts
    from abonent.worklists import services as worklists
    from abonent.worklists.models import WorkItem

    month = TODAY.replace(day=1)
    previous = date(month.year - (month.month == 1), (month.month - 2) % 12 + 1, 1)
    sql = fill_sql(FILL, today=TODAY, size=args.size, month=month, previous=previous)
    migrate_and_fill(args, lambda cursor: cursor.execute(sql))
    log_counts(
        ("subscribers_subscriber", "subscribers_monthlycharge", "subscribers_payment", "contracts_annualcontract")
    )

    log(f"\nsize {args.size:,} subscribers; best of 3 after a warm-up")

    def floor_warm():
        with connection.cursor() as cursor:
            cursor.execute("SELECT id FROM subscribers_subscriber WHERE status IN ('suspended', 'blocked')")
            cursor.fetchall()

    floor_s = best(floor_warm)
    found = len(worklists.warm_candidates(TODAY))
    warm_s = best(lambda: worklists.warm_candidates(TODAY))
    log(
        f"warm candidates: {found:,}; floor (ids of suspended + blocked) {floor_s:.2f} s, "
        f"warm_candidates {warm_s:.2f} s ({warm_s / floor_s:.1f}× the floor)"
    )

    WorkItem.objects.filter(work_list="warm").delete()
    start = time.perf_counter()
    result = worklists.refresh_list("warm", today=TODAY)
    first_s = time.perf_counter() - start
    log(f"refresh_list warm, first run: {result.added:,} items created with history in {first_s:.2f} s")
    again_s = best(lambda: worklists.refresh_list("warm", today=TODAY))
    log(f"refresh_list warm, re-run (idempotent): {again_s:.2f} s")

    first = date(month.year - 1, month.month, 1)

    def floor_rows():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, service_type, connected_on, disconnected_on FROM subscribers_subscriber "
                "WHERE connected_on < %s AND (disconnected_on IS NULL OR disconnected_on >= %s)",
                [month, first],
            )
            cursor.fetchall()

    floor_s = best(floor_rows)
    churn_s = best(lambda: contracts.churn_under_contract(first, month - date.resolution))
    total = contracts.churn_under_contract(first, month - date.resolution)[-1]
    log(
        f"churn under contract, 12 months ({total.contract_months:,} contract / {total.other_months:,} other "
        f"subscriber-months): floor (fetch the rows) {floor_s:.2f} s, report {churn_s:.2f} s "
        f"({churn_s / floor_s:.1f}× the floor)"
    )
    eligible_s = best(
        lambda: (
            contracts.eligible_subscribers(today=TODAY).count(),
            list(contracts.eligible_subscribers(today=TODAY).order_by("last_offered_at")[:50]),
        )
    )
    log(f"offer list: count + first page {eligible_s:.2f} s")
    renewal_s = best(lambda: contracts.due_for_renewal(today=TODAY).count())
    log(f"due for renewal count {renewal_s:.3f} s")
    finish(args)


if __name__ == "__main__":
    main()
