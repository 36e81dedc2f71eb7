"""What the benchmarks share: a fresh PostgreSQL database filled in SQL, best-of-N timing, logging.

A benchmark script in this folder imports it as `_common` (the script's folder is first on sys.path); importing it
also puts the project root on sys.path so that `abonent` imports.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def log(message: str) -> None:
    print(message, flush=True)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def best(fn: Callable[[], object], runs: int = 3) -> float:
    """The fastest of `runs` timed calls of fn, in seconds, after one untimed warm-up call."""
    fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def admin_url(url: str) -> tuple[str, str]:
    """The server's maintenance database URL and the benchmark database's name."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name:
        raise SystemExit("--database-url must name a database")
    return urlunsplit(parts._replace(path="/postgres")), name


def recreate_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    maintenance, name = admin_url(url)
    with psycopg.connect(maintenance, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    maintenance, name = admin_url(url)
    with psycopg.connect(maintenance, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def sized_database_parser(doc: str, database: str) -> argparse.ArgumentParser:
    """The options of a benchmark on a database of its own filled in SQL: --size, --database-url, --keep, --reuse.

    `database` names the default database (BENCH_DATABASE_URL overrides the whole URL); a script adds its own options
    to the parser it gets.
    """
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    default_url = f"postgres://postgres@127.0.0.1:5432/{database}"
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", default_url))
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--reuse", action="store_true", help="use the database as it is (after a --keep run)")
    return parser


def setup_django(args: argparse.Namespace) -> None:
    """Recreates the benchmark database (unless --reuse) and sets Django up on it."""
    if not args.reuse:
        recreate_database(args.database_url)
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "abonent.settings")
    import django

    django.setup()


def migrate_and_fill(args: argparse.Namespace, fill: Callable[[object], None]) -> None:
    """Migrates the fresh database and fills it with fill(cursor), then ANALYZEs; nothing with --reuse."""
    if args.reuse:
        return
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    with connection.cursor() as cursor:
        fill(cursor)
        cursor.execute("ANALYZE")
    log(f"filled in {time.perf_counter() - start:.0f} s")


def fill_sql(template: str, **values: date | int | str) -> str:
    """The template with each %(name)s replaced by a SQL literal: a date quoted, a number as it is.

    The filling scripts are several statements in one execute(), so they take literals rather than parameters.
    """
    sql = template
    for key, value in values.items():
        sql = sql.replace(f"%({key})s", f"'{value}'" if isinstance(value, date | str) else str(value))
    return sql


def log_counts(tables: Iterable[str]) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT count(*) FROM {table}")
            log(f"  {table}: {cursor.fetchone()[0]:,}")


def finish(args: argparse.Namespace) -> None:
    """Logs the peak RSS, closes Django's connection and drops the database unless --keep."""
    from django.db import connection

    log(f"peak RSS {peak_rss_mb():.0f} MB")
    connection.close()
    if not args.keep:
        drop_database(args.database_url)


def plain_copy(url: str, table: str, columns: list[str], path: Path, options: str = "FORMAT csv") -> float:
    """Seconds to COPY the file into a fresh table of `columns`, all text: the floor an import stands on.

    `options` are COPY's (e.g. "FORMAT csv, HEADER true, DELIMITER ';'"); the table is dropped afterwards.
    """
    import psycopg
    from psycopg import sql

    name = sql.Identifier(table)
    fields = sql.SQL(", ").join(sql.SQL("{} text").format(sql.Identifier(c)) for c in columns)
    with psycopg.connect(url) as conn:
        conn.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(name))
        conn.execute(sql.SQL("CREATE TABLE {} ({})").format(name, fields))
        conn.commit()
        started = time.perf_counter()
        with conn.cursor() as cur, path.open("rb") as fh:
            with cur.copy(sql.SQL("COPY {} FROM STDIN WITH ({})").format(name, sql.SQL(options))) as copy:
                while chunk := fh.read(1 << 20):
                    copy.write(chunk)
        conn.commit()
        seconds = time.perf_counter() - started
        conn.execute(sql.SQL("DROP TABLE {}").format(name))
        conn.commit()
        return seconds


def progress_logger(label: str) -> Callable[[int, int], None]:
    """An import's progress callback that logs each tenth done: "    <label>: processed / total"."""
    shown = [-1]

    def progress(processed: int, total: int) -> None:
        if total:
            tenth = processed * 10 // total
            if tenth > shown[0]:
                shown[0] = tenth
                log(f"    {label}: {processed:,} / {total:,}")

    return progress


def reset_peak_rss() -> bool:
    """Resets this process's peak RSS (Linux: VmHWM, by writing 5 to /proc/self/clear_refs); False if it cannot."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def peak_rss_since_reset_mb() -> float:
    """The peak RSS since reset_peak_rss() (VmHWM), in MB; the process's whole peak where /proc is missing."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return peak_rss_mb()
