"""Base-analysis, tariff and survival reports at size on PostgreSQL.

Creates a fresh database, migrates it and fills it in SQL (generate_series: much faster than the import path, which
import_bench.py measures) with N subscribers, their services (one in seven changed tariff once) and a monthly charge
for every month each was connected over `--months` months. Then times, best of 3 after a warm-up:

- base_analysis over 12 and over 36 months (dimensions kind, tariff, tenure, ARPU band), against the floor of a bare
  `SELECT month, count(*), sum(charged) … GROUP BY month` over the same charges;
- tariff_distribution + tariff_migrations over 12 months;
- survival split by kind (the grouped query + lifelines) against fetching one row per subscriber and fitting
  lifelines on them (what a naive implementation does);
- cohort_table over 24 acquisition months.

    .venv/bin/python bench/analytics_bench.py [--size 1000000] [--months 36] [--keep]
"""

from __future__ import annotations

from datetime import date

from _common import best, fill_sql, finish, log, log_counts, migrate_and_fill, setup_django, sized_database_parser

TODAY = date(2026, 11, 15)


FILL = """
-- Rows generated here are consistent by construction: skip the deferred foreign-key checks of 20 M+ rows.
SET session_replication_role = replica;
INSERT INTO subscribers_tariff (code, name, service_type, monthly_fee, speed_mbps, is_archived) VALUES
 ('INET-100', 'Домашний 100', 'internet', 450, 100, false), ('INET-300', 'Домашний 300', 'internet', 650, 300, false),
 ('INET-500', 'Домашний 500', 'internet', 900, 500, false), ('KTV-BASE', 'КТВ Базовый', 'catv', 350, NULL, false),
 ('BND-300', 'Интернет 300 + ТВ', 'bundle', 850, 300, false), ('BIZ-300', 'Бизнес 300', 'internet', 8900, 300, false);
SELECT setseed(0.42);
CREATE TEMP TABLE gen AS
SELECT i,
       CASE WHEN i % 10 = 0 THEN 'business' ELSE 'residential' END AS kind,
       (date %(today)s - (random() * 4000)::int) AS connected,
       random() AS r1, random() AS r2, (i % 6) AS district
FROM generate_series(1, %(size)s) AS i;
INSERT INTO subscribers_subscriber
  (external_id, kind, name, phones, city, district, street, building, flat, connected_on, status, disconnected_on,
   service_type, tariff_id, arpu)
SELECT 'B' || i, kind, 'Абонент ' || i, '', 'Ярославль', (ARRAY['Кировский','Ленинский','Заволжский','Дзержинский',
       'Фрунзенский','Красноперекопский'])[district + 1], '', '', '', connected,
       CASE WHEN d IS NULL THEN 'active' ELSE 'disconnected' END, d,
       t.service_type, t.id, t.monthly_fee
FROM (SELECT g.*, CASE WHEN r1 < 0.45 AND connected + (r2 * 2500)::int < date %(today)s
                       THEN connected + (r2 * 2500)::int END AS d,
             CASE WHEN kind = 'business' THEN 'BIZ-300'
                  ELSE (ARRAY['INET-100','INET-300','INET-500','KTV-BASE','BND-300'])[1 + i % 5] END AS code
      FROM gen g) s JOIN subscribers_tariff t ON t.code = s.code;
-- One in seven changed tariff once, 200 days after connecting (to INET-500 from another tariff).
INSERT INTO subscribers_service (subscriber_id, tariff_id, started_on, ended_on)
SELECT id, tariff_id, connected_on,
       CASE WHEN id % 7 = 0 AND connected_on + 200 < COALESCE(disconnected_on, date %(today)s)
            THEN connected_on + 199 ELSE disconnected_on END
FROM subscribers_subscriber;
INSERT INTO subscribers_service (subscriber_id, tariff_id, started_on, ended_on)
SELECT s.id, (SELECT id FROM subscribers_tariff WHERE code = CASE WHEN s.tariff_id =
              (SELECT id FROM subscribers_tariff WHERE code = 'INET-500') THEN 'INET-300' ELSE 'INET-500' END),
       s.connected_on + 200, s.disconnected_on
FROM subscribers_subscriber s
WHERE s.id % 7 = 0 AND s.connected_on + 200 < COALESCE(s.disconnected_on, date %(today)s);
INSERT INTO subscribers_monthlycharge (subscriber_id, month, charged, balance)
SELECT s.id, m::date, s.arpu, 0
FROM subscribers_subscriber s
JOIN generate_series(date %(first)s, date %(last)s, interval '1 month') AS m
  ON s.connected_on < m + interval '1 month' AND (s.disconnected_on IS NULL OR s.disconnected_on >= m);
"""


def main() -> None:
    parser = sized_database_parser(__doc__, "abonent_analytics_bench")
    parser.add_argument("--months", type=int, default=36)
    args = parser.parse_args()
    setup_django(args)
    from django.db import connection

    from abonent.analytics.base import base_analysis
    from abonent.analytics.diagnostics import add_months
    from abonent.analytics.survival import cohort_table, survival
    from abonent.analytics.tariffs import tariff_distribution, tariff_migrations

    last = add_months(TODAY.replace(day=1), -1)
    first = add_months(last, -(args.months - 1))

    def fill(cursor) -> None:
        cursor.execute(fill_sql(FILL, today=TODAY, size=args.size, first=first, last=last))
        cursor.execute("SET session_replication_role = DEFAULT")

    migrate_and_fill(args, fill)
    log_counts(("subscribers_subscriber", "subscribers_service", "subscribers_monthlycharge"))

    log(f"\nsize {args.size:,} subscribers, charges over {args.months} months; best of 3 after a warm-up")
    for months in (12, 36):
        begin = add_months(last, -(months - 1))

        def floor(begin=begin):
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT month, count(*), sum(charged) FROM subscribers_monthlycharge "
                    "WHERE month BETWEEN %s AND %s GROUP BY month",
                    [begin, last],
                )
                cursor.fetchall()

        floor_s = best(floor)
        log(f"{months} months: bare GROUP BY month over the charges (floor) {floor_s:.2f} s")
        for dimension in ("kind", "tariff", "tenure", "arpu_band"):
            seconds = best(lambda d=dimension, b=begin: base_analysis(b, last, d, today=TODAY))
            log(f"  base_analysis {dimension:<10} {seconds:6.2f} s  ({seconds / floor_s:.1f}× the floor)")
    begin = add_months(last, -11)
    seconds = best(lambda: (tariff_distribution(begin, last, today=TODAY), tariff_migrations(begin, last, today=TODAY)))
    log(f"tariff distribution + migrations, 12 months: {seconds:.2f} s")

    seconds = best(lambda: survival("kind", today=TODAY))
    log(f"survival by kind (grouped durations + lifelines, log-rank, RMST): {seconds:.2f} s")

    def naive():
        import numpy as np
        from lifelines import KaplanMeierFitter

        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT kind, (LEAST(COALESCE(disconnected_on, %s::date), %s::date) - connected_on), "
                "(disconnected_on IS NOT NULL AND disconnected_on <= %s::date)::int FROM subscribers_subscriber",
                [TODAY, TODAY, TODAY],
            )
            rows = cursor.fetchall()
        kinds = np.array([r[0] for r in rows])
        durations = np.array([r[1] for r in rows], dtype=float)
        events = np.array([r[2] for r in rows])
        for kind in ("residential", "business"):
            mask = kinds == kind
            KaplanMeierFitter().fit(durations[mask], events[mask])

    seconds_naive = best(naive, runs=1)
    log(f"  baseline: one row per subscriber into Python + lifelines: {seconds_naive:.2f} s")
    result = survival("kind", today=TODAY)
    for curve in result.curves:
        log(
            f"  {curve.key}: n={curve.subscribers:,} median={curve.median_months and round(curve.median_months, 1)} m, "
            f"RMST(60 m)={curve.rmst_months:.1f} m, S(12 m)={curve.at[12]:.3f}"
        )
    log(f"  log-rank p={result.logrank_p:.3g}  (durations in whole calendar months)")
    seconds = best(lambda: cohort_table(add_months(last, -23), last, today=TODAY))
    log(f"cohort table, 24 acquisition months: {seconds:.2f} s")
    finish(args)


if __name__ == "__main__":
    main()
