"""Asterisk CDR import benchmark on PostgreSQL.

Generates a Master.csv of `--rows` calls in the 21-column shape (cdr_csv with uniqueid, userfield and
newcdrcolumns), creates a fresh database, migrates it and imports `--subscribers` demo subscribers (so callers are
matched by phone against a real base), then in the same run times a plain `COPY` of the file into a bare table of
21 text columns (the floor) and `import_file("cdr", …)` (the real import: parsing, checking every line, merging a
call's legs, numbers, subscribers, agents, call types, loading) and prints rows/s, the ratio against the 3x target
and the peak RSS of this process.

    .venv/bin/python bench/cdr_bench.py [--rows 5000000] [--subscribers 100000] [--keep]

See bench/README.md for the figures measured.
"""

from __future__ import annotations

import argparse
import os
import shutil
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import polars as pl
from _common import (
    ROOT,
    drop_database,
    log,
    peak_rss_mb,
    peak_rss_since_reset_mb,
    plain_copy,
    progress_logger,
    recreate_database,
    reset_peak_rss,
)

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/abonent_cdr_bench"
TARGET = 3.0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=5_000_000, help="CDR lines (default 5 000 000)")
    parser.add_argument("--subscribers", type=int, default=100_000, help="demo subscribers to match callers against")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL),
        help=f"database to (re)create and use (default {DEFAULT_URL})",
    )
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "cdr", help="where the files go")
    parser.add_argument("--keep", action="store_true", help="keep the files and the database afterwards")
    return parser.parse_args()


def generate_master_csv(path: Path, rows: int, phones: list[str], seed: int, chunk: int = 1_000_000) -> None:
    """A PBX's Master.csv: inbound queue calls (answered, abandoned), outbound and internal calls, over a year.

    About one call in twenty has a second leg (a transfer) with the same linkedid, so the import has legs to merge.
    """
    from abonent.calls.parsers import CDR_21

    rng = np.random.default_rng(seed)
    phone_pool = np.array(phones or ["79120000000"], dtype=object)
    start_epoch = int(datetime.combine(date.today() - timedelta(days=365), datetime.min.time()).timestamp())
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        done = 0
        while done < rows:
            n = min(chunk, rows - done)
            seq = np.arange(done, done + n, dtype=np.int64)
            kind = rng.choice(4, n, p=[0.55, 0.25, 0.12, 0.08])  # answered queue, abandoned, outbound, internal
            start = start_epoch + np.sort(rng.integers(0, 365 * 86400, n))
            ivr = rng.integers(3, 25, n)
            wait = rng.exponential(30, n).astype(np.int64)
            talk = rng.lognormal(4.8, 0.7, n).astype(np.int64) + 5
            answer = np.where(kind == 1, start + 1, start + ivr + wait)
            end = np.where(kind == 1, start + ivr + wait, answer + talk)
            known = rng.random(n) < 0.8
            caller = np.where(
                known,
                phone_pool[rng.integers(0, len(phone_pool), n)],
                (79_000_000_000 + rng.integers(0, 10**9, n)).astype(str),
            ).astype(str)
            agent = (101 + rng.integers(0, 40, n)).astype(str)
            # Every 20th call's second line is a transfer leg of the call before it.
            leg = (seq % 20 == 19) & (kind == 0)
            uid = pl.Series((start).astype(str)) + "." + pl.Series(seq.astype(str))
            linked = pl.Series(np.where(leg, np.roll(uid.to_numpy(), 1), uid.to_numpy()).astype(str))
            frame = pl.DataFrame(
                {
                    "kind": kind,
                    "caller": caller,
                    "agent": agent,
                    "start": start,
                    "answer": answer,
                    "end": end,
                    "uid": uid,
                    "linked": linked,
                    "seq": seq,
                }
            )
            local = pl.from_epoch(pl.col("start"), "s")
            inbound = pl.col("kind") <= 1
            fields = [
                pl.lit("").alias("accountcode"),
                pl.when(pl.col("kind") == 2)
                .then(pl.col("agent"))
                .when(pl.col("kind") == 3)
                .then(pl.col("agent"))
                .otherwise(pl.lit("8") + pl.col("caller").str.slice(1))
                .alias("src"),
                pl.when(pl.col("kind") == 2)
                .then(pl.col("caller"))
                .when(pl.col("kind") == 3)
                .then((pl.col("agent").cast(pl.Int64) + 1).cast(pl.Utf8))
                .otherwise(pl.lit("4952000000"))
                .alias("dst"),
                pl.when(inbound).then(pl.lit("from-trunk")).otherwise(pl.lit("from-internal")).alias("dcontext"),
                (pl.lit('"') + pl.col("caller") + pl.lit('" <') + pl.col("caller") + pl.lit(">")).alias("clid"),
                (pl.lit("SIP/trunk-") + pl.col("seq").cast(pl.Utf8)).alias("channel"),
                pl.when(pl.col("kind") == 1)
                .then(pl.lit(""))
                .otherwise(pl.lit("SIP/") + pl.col("agent") + pl.lit("-") + pl.col("seq").cast(pl.Utf8))
                .alias("dstchannel"),
                pl.when(inbound).then(pl.lit("Queue")).otherwise(pl.lit("Dial")).alias("lastapp"),
                pl.when(inbound).then(pl.lit("support,t,,,300")).otherwise(pl.lit("SIP/trunk,60")).alias("lastdata"),
                local.dt.strftime("%Y-%m-%d %H:%M:%S").alias("start"),
                pl.from_epoch(pl.col("answer"), "s").dt.strftime("%Y-%m-%d %H:%M:%S").alias("answer"),
                pl.from_epoch(pl.col("end"), "s").dt.strftime("%Y-%m-%d %H:%M:%S").alias("end"),
                (pl.col("end") - pl.col("start")).alias("duration"),
                (pl.col("end") - pl.col("answer")).alias("billsec"),
                pl.lit("ANSWERED").alias("disposition"),
                pl.lit("DOCUMENTATION").alias("amaflags"),
                pl.col("uid").alias("uniqueid"),
                pl.when(inbound).then(pl.lit("1-support")).otherwise(pl.lit("")).alias("userfield"),
                pl.lit("").alias("peeraccount"),
                pl.col("linked").alias("linkedid"),
                pl.col("seq").alias("sequence"),
            ]
            # The fields in Asterisk's order, as the parser names them (one list for the import, tests, bench).
            by_name = {field.meta.output_name(): field for field in fields}
            out = frame.select(*[by_name[name] for name in CDR_21])
            out.write_csv(fh, include_header=False, quote_style="non_numeric")
            done += n


def main() -> None:
    args = parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "abonent.settings")
    started_all = time.perf_counter()

    log(f"Creating {args.database_url} and migrating ...")
    recreate_database(args.database_url)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)

    phones: list[str] = []
    if args.subscribers:
        from abonent.demo.generator import generate_files
        from abonent.imports.services import import_file

        log(f"Importing {args.subscribers:,} demo subscribers ...")
        paths = generate_files(args.out, size=args.subscribers, seed=args.seed, months=1, kinds=("subscribers",))
        run = import_file("subscribers", paths["subscribers"], source="cli")
        if run.status != "succeeded":
            raise SystemExit(f"subscribers import failed: {run.message}")
        from abonent.subscribers.models import Subscriber

        phones = [p.split(",")[0] for p in Subscriber.objects.exclude(phones="").values_list("phones", flat=True)]

    path = args.out / "Master.csv"
    log(f"Generating {args.rows:,} CDR lines into {path} ...")
    started = time.perf_counter()
    generate_master_csv(path, args.rows, phones, args.seed)
    log(f"  {time.perf_counter() - started:.1f} s, {path.stat().st_size / 2**20:,.0f} MB")

    from abonent.calls.parsers import CDR_21

    log("COPY into a bare table ...")
    copy_seconds = plain_copy(args.database_url, "bench_copy_cdr", CDR_21, path)
    log(f"  {copy_seconds:.1f} s")

    from abonent.imports.services import import_file

    log("import_file cdr ...")
    progress = progress_logger("calls")

    import logging

    receivers = []

    class SignalTime(logging.Handler):
        def emit(self, record):
            if record.msg.startswith("calls_stored receivers took"):
                receivers.append(record.args[0])

    signal_log = logging.getLogger("abonent.calls.services")
    signal_log.setLevel(logging.INFO)
    signal_log.addHandler(SignalTime())
    # The peak RSS of the import alone (generating the file and the subscribers' import come before it).
    measured = reset_peak_rss()
    started = time.perf_counter()
    run = import_file("cdr", path, source="cli", progress=progress)
    import_seconds = time.perf_counter() - started
    import_peak = peak_rss_since_reset_mb() if measured else None
    if run.status != "succeeded":
        raise SystemExit(f"CDR import failed: {run.message} {run.errors[:3]}")
    from abonent.calls.models import Call

    matched = Call.objects.filter(subscriber__isnull=False).count()
    ratio = import_seconds / copy_seconds if copy_seconds else float("inf")
    log("")
    log(
        f"{args.rows:,} CDR lines → {run.rows_total:,} calls ({matched:,} matched to subscribers); "
        f"PostgreSQL {connection.pg_version // 10000}; total run {time.perf_counter() - started_all:.0f} s"
    )
    log(f"{'':<10} {'seconds':>9} {'lines/s':>11}")
    log(f"{'COPY':<10} {copy_seconds:>9.1f} {args.rows / copy_seconds:>11,.0f}")
    log(f"{'import':<10} {import_seconds:>9.1f} {args.rows / import_seconds:>11,.0f}")
    log(f"ratio {ratio:.2f}x, target {TARGET:.0f}x   {'PASS' if ratio <= TARGET else 'FAIL'}")
    if receivers:
        from abonent.callcentre.models import CallbackTask

        own = import_seconds - sum(receivers)
        log(
            f"of which calls_stored receivers (callback tasks): {sum(receivers):.1f} s "
            f"({CallbackTask.objects.count():,} tasks from the missed calls of the policy's window); "
            f"the import without them: {own:.1f} s = {own / copy_seconds:.2f}x COPY"
        )
    if import_peak is not None:
        log(f"Peak RSS of the import: {import_peak:,.0f} MB")
    log(f"Peak RSS of the whole run: {peak_rss_mb():,.0f} MB")

    if not args.keep:
        connection.close()
        drop_database(args.database_url)
        shutil.rmtree(args.out, ignore_errors=True)


if __name__ == "__main__":
    main()
