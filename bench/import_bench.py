"""Import and diagnostics benchmark on PostgreSQL.

Generates the demo operator's subscribers and payments as CSV files (bench/out/), creates a fresh database,
migrates it, then in the same run times for each file a plain `COPY` into a bare table of text columns (the floor
any import must stand on) and `import_file` (the real import: reading, validation, lookups, upsert), and prints
the ratio against the 3x target. Then it times `churn_diagnostics` for the last 12 months (best of 3 after a
warm-up) against the 1 s target, and prints the peak RSS of this process.

    .venv/bin/python bench/import_bench.py [--size 1000000] [--months 36] [--keep]

See bench/README.md for the figures measured.
"""

from __future__ import annotations

import argparse
import os
import shutil
import time
from datetime import date
from pathlib import Path

from _common import drop_database, log, peak_rss_mb, progress_logger, recreate_database
from _common import plain_copy as copy_seconds

ROOT = Path(__file__).resolve().parent.parent

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/abonent_bench"
IMPORT_TARGET = 3.0  # import time / COPY time
DIAGNOSTICS_TARGET = 1.0  # seconds


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1_000_000, help="subscribers (default 1 000 000)")
    parser.add_argument("--months", type=int, default=36, help="months of payments (default 36)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL),
        help=f"database to (re)create and use (default {DEFAULT_URL})",
    )
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out", help="where the files go")
    parser.add_argument("--keep", action="store_true", help="keep the files and the database afterwards")
    return parser.parse_args()


def plain_copy(url: str, kind: str, path: Path) -> float:
    """Seconds to COPY the file into a fresh table with the same columns, all text: the baseline."""
    with path.open("rb") as fh:
        header = fh.readline().decode("utf-8").strip().split(";")
    return copy_seconds(url, f"bench_copy_{kind}", header, path, "FORMAT csv, HEADER true, DELIMITER ';'")


def timed_import(kind: str, path: Path) -> tuple[float, int]:
    from abonent.imports.services import import_file

    progress = progress_logger(f"{kind} rows")
    started = time.perf_counter()
    run = import_file(kind, path, source="cli", progress=progress)
    seconds = time.perf_counter() - started
    if run.status != "succeeded":
        raise SystemExit(f"import of {kind} failed: {run.message} {run.errors[:3]}")
    return seconds, run.rows_total


def main() -> None:
    args = parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "abonent.settings")
    today = date.today()
    started_all = time.perf_counter()

    from abonent.demo.generator import generate_files

    log(f"Generating {args.size:,} subscribers and {args.months} months of payments into {args.out} ...")
    started = time.perf_counter()
    paths = generate_files(
        args.out, size=args.size, seed=args.seed, months=args.months, today=today, kinds=("subscribers", "payments")
    )
    generated = time.perf_counter() - started
    sizes = {kind: path.stat().st_size / 2**20 for kind, path in paths.items()}
    log(f"  generated in {generated:.1f} s: " + ", ".join(f"{k} {v:,.0f} MB" for k, v in sizes.items()))

    log(f"Creating {args.database_url} and migrating ...")
    recreate_database(args.database_url)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)

    results = []
    for kind in ("subscribers", "payments"):
        log(f"COPY {kind} ...")
        copy_seconds = plain_copy(args.database_url, kind, paths[kind])
        log(f"  {copy_seconds:.1f} s")
        log(f"import_file {kind} ...")
        import_seconds, rows = timed_import(kind, paths[kind])
        log(f"  {import_seconds:.1f} s")
        results.append((kind, rows, import_seconds, copy_seconds))
    with connection.cursor() as cursor:
        # A live database has autovacuum's statistics; a freshly loaded one gets them here.
        cursor.execute("ANALYZE")

    from abonent.analytics.diagnostics import add_months, churn_diagnostics, month_start

    end = add_months(month_start(today), -1)
    start = add_months(end, -11)
    churn_diagnostics(start, end)  # warm-up
    timings = []
    for _ in range(3):
        t0 = time.perf_counter()
        report = churn_diagnostics(start, end)
        timings.append(time.perf_counter() - t0)
    diagnostics = min(timings)

    log("")
    log(
        f"Size {args.size:,} subscribers, {args.months} months; PostgreSQL {connection.pg_version // 10000}; "
        f"total run {time.perf_counter() - started_all:.0f} s"
    )
    log(f"{'file':<12} {'rows':>12} {'import, s':>10} {'COPY, s':>9} {'ratio':>6} {'target':>7}  result")
    for kind, rows, import_seconds, copy_seconds in results:
        ratio = import_seconds / copy_seconds if copy_seconds else float("inf")
        verdict = "PASS" if ratio <= IMPORT_TARGET else "FAIL"
        log(
            f"{kind:<12} {rows:>12,} {import_seconds:>10.1f} {copy_seconds:>9.1f} {ratio:>5.1f}x "
            f"{IMPORT_TARGET:>5.0f}x   {verdict}"
        )
    verdict = "PASS" if diagnostics < DIAGNOSTICS_TARGET else "FAIL"
    log(
        f"churn_diagnostics {start:%Y-%m}..{end:%Y-%m} (churned {report.churned:,}, base {report.base_end:,}): "
        f"best of 3 {diagnostics:.3f} s (runs {', '.join(f'{t:.3f}' for t in timings)}), "
        f"target < {DIAGNOSTICS_TARGET:.0f} s   {verdict}"
    )
    log(f"Peak RSS: {peak_rss_mb():,.0f} MB")

    if not args.keep:
        connection.close()
        drop_database(args.database_url)
        shutil.rmtree(args.out, ignore_errors=True)


if __name__ == "__main__":
    main()
