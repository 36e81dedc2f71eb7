"""Loading checked rows into the database, in the caller's transaction.

The usual way: rows go in chunks into a temporary staging table (COPY on PostgreSQL, executemany on SQLite),
rows equal to the stored ones are dropped from it, and the rest are upserted on the kind's key with
INSERT … ON CONFLICT … DO UPDATE … WHERE the row differs. Inserts and updates are counted from RETURNING on
PostgreSQL and before the upsert on SQLite. A large file into an empty PostgreSQL table goes faster: COPY
straight into the table, its indexes and foreign keys rebuilt after (Loader._bulk_load).
"""

import hashlib
import io
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import polars as pl
from django.db import connection

CHUNK_ROWS = 250_000
SQLITE_CHUNK_ROWS = 50_000
BULK_CHUNK_ROWS = 500_000
# From this many rows into an empty table, loading without indexes and rebuilding them is the faster way.
BULK_ROWS = 100_000
MAINTENANCE_WORK_MEM = "512MB"
WORK_MEM = "256MB"
# Serialises imports on PostgreSQL: two upserts over the same keys in different order could deadlock.
ADVISORY_LOCK = 7_346_501

TYPES = {
    "text": ("text", "TEXT"),
    "date": ("date", "TEXT"),
    "timestamp": ("timestamptz", "TEXT"),
    "money": ("numeric(12,2)", "NUMERIC"),
    "bigint": ("bigint", "INTEGER"),
    "integer": ("integer", "INTEGER"),
}


@dataclass(frozen=True)
class Field:
    """A target column: where its value comes from and what it gets on insert when the file lacks the column."""

    db: str
    type: str
    column: str | None = None  # the format column whose presence decides whether it is written; None: always
    source: str | None = None  # the clean frame's column (default: `column`, else `db`)
    blank: bool = False  # a CharField that stores '' rather than NULL
    default: object = None  # inserted when the column is not in the file

    @property
    def src(self) -> str:
        return self.source or self.column or self.db


@dataclass(frozen=True)
class Target:
    table: str
    key: tuple[str, ...]
    fields: tuple[Field, ...]
    insert_only: tuple[tuple[str, object], ...] = ()


def _text(db: str, column: str | None = None, **kw) -> Field:
    return Field(db, "text", column or db, blank=True, default="", **kw)


def sql_literal(value) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


TARGETS: dict[str, Target] = {
    "subscribers": Target(
        "subscribers_subscriber",
        ("external_id",),
        (
            Field("external_id", "text", "account"),
            Field("kind", "text", "kind", default="residential"),
            Field("name", "text", "name"),
            _text("phones"),
            _text("city"),
            _text("district"),
            _text("street"),
            _text("building"),
            _text("flat"),
            Field("connected_on", "date", "connected_on"),
            Field("status", "text", "status", default="active"),
            Field("disconnected_on", "date", "disconnected_on"),
            Field("churn_reason_id", "bigint", "churn_reason", source="churn_reason_id"),
        ),
        insert_only=(("service_type", ""), ("tariff_id", None), ("arpu", 0)),
    ),
    "tariffs": Target(
        "subscribers_tariff",
        ("code",),
        (
            Field("code", "text", "code"),
            Field("name", "text", "name"),
            Field("service_type", "text", "service_type"),
            Field("kind", "text", "kind", default="residential"),
            Field("monthly_fee", "money", "monthly_fee"),
            Field("speed_mbps", "money", "speed_mbps"),  # numeric(12,2), as the model's DecimalField
        ),
        insert_only=(("is_archived", False),),
    ),
    "services": Target(
        "subscribers_service",
        ("subscriber_id", "tariff_id", "started_on"),
        (
            Field("subscriber_id", "bigint"),
            Field("tariff_id", "bigint"),
            Field("started_on", "date", "started_on"),
            Field("ended_on", "date", "ended_on"),
        ),
    ),
    "payments": Target(
        "subscribers_payment",
        ("external_id",),
        (
            Field("external_id", "text"),
            Field("subscriber_id", "bigint"),
            Field("paid_at", "timestamp", "paid_at"),
            Field("amount", "money", "amount"),
            _text("channel"),
        ),
    ),
    "charges": Target(
        "subscribers_monthlycharge",
        ("subscriber_id", "month"),
        (
            Field("subscriber_id", "bigint"),
            Field("month", "date", "month"),
            Field("charged", "money", "charged"),
            Field("balance", "money", "balance"),
        ),
    ),
    "usage": Target(
        "subscribers_usage",
        ("subscriber_id", "period", "date"),
        (
            Field("subscriber_id", "bigint"),
            Field("period", "text", "period"),
            Field("date", "date", "date"),
            Field("bytes", "bigint", "bytes"),
        ),
    ),
}


@dataclass
class Counts:
    added: int = 0
    updated: int = 0
    unchanged: int = 0


def payment_key(key_text: str) -> str:
    """The id of a payment the billing gave none: md5 of account|paid_at|amount|channel (docs/imports/payments.md)."""
    return hashlib.md5(key_text.encode("utf-8")).hexdigest()


class Loader:
    """Upserts one kind's clean frame into its table.

    Into an empty PostgreSQL table a large file goes by COPY straight into the table with its secondary indexes
    and foreign keys dropped and rebuilt after (the way PostgreSQL's manual says to populate a database); the
    rebuild and VALIDATE CONSTRAINT check every row at once. Otherwise rows go through a temporary staging table:
    rows equal to what is stored are dropped from it, the rest are upserted.
    """

    def __init__(self, kind: str, present: set[str], run_id: int, target: Target | None = None):
        """`target` is the table of a kind another app loads (calls passes its own); else TARGETS[kind]."""
        self.kind = kind
        self.target = target or TARGETS[kind]
        self.run_id = run_id
        self.pg = connection.vendor == "postgresql"
        self.fields = [f for f in self.target.fields if f.column is None or f.column in present]
        self.absent = [f for f in self.target.fields if f not in self.fields]
        self.stage = f"import_stage_{run_id}"
        self.stage_columns = [f.db for f in self.fields]
        if self.pg and kind == "payments":
            self.stage_columns.append("key_text")

    # SQL

    def _expr(self, f: Field) -> str:
        if self.pg and self.kind == "payments" and f.db == "external_id":
            return "COALESCE(s.external_id, md5(s.key_text))"
        return f"COALESCE(s.{f.db}, '')" if f.blank else f"s.{f.db}"

    @property
    def changing(self) -> list[Field]:
        return [f for f in self.fields if f.db not in self.target.key]

    def create_stage_sql(self) -> str:
        types = {f.db: TYPES[f.type][0 if self.pg else 1] for f in self.fields}
        types["key_text"] = "text"
        columns = ", ".join(f"{c} {types[c]}" for c in self.stage_columns)
        return f"CREATE TEMP TABLE {self.stage} ({columns})"

    def _same_key(self) -> str:
        return " AND ".join(f"t.{k} = {self._expr(self._field(k))}" for k in self.target.key)

    def delete_unchanged_sql(self) -> str:
        """Drop from staging the rows already stored exactly so: re-importing a file then writes nothing."""
        same = " AND ".join(
            f"t.{f.db} IS NOT DISTINCT FROM {self._expr(f)}" if self.pg else f"t.{f.db} IS {self._expr(f)}"
            for f in self.changing
        )
        return (
            f"DELETE FROM {self.stage} AS s WHERE EXISTS (SELECT 1 FROM {self.target.table} t "
            f"WHERE {self._same_key()}{' AND ' + same if same else ''})"
        )

    def existing_sql(self) -> str:
        return (
            f"SELECT count(*) FROM {self.stage} AS s WHERE EXISTS "
            f"(SELECT 1 FROM {self.target.table} t WHERE {self._same_key()})"
        )

    def _differs(self, left: str, right: str) -> str:
        changing = [f.db for f in self.changing]
        if not changing:
            return "false"
        if self.pg:
            return (
                f"({', '.join(f'{left}.{c}' for c in changing)}) IS DISTINCT FROM "
                f"({', '.join(f'{right}.{c}' for c in changing)})"
            )
        return " OR ".join(f"{left}.{c} IS NOT {right}.{c}" for c in changing)

    def insert_columns(self) -> list[str]:
        return (
            [f.db for f in self.fields]
            + ["import_run_id"]
            + [f.db for f in self.absent]
            + [c for c, _value in self.target.insert_only]
        )

    def upsert_sql(self) -> str:
        values = (
            [self._expr(f) for f in self.fields]
            + ["%s"]
            + [sql_literal(f.default) for f in self.absent]
            + [sql_literal(v) for _c, v in self.target.insert_only]
        )
        updates = [f"{f.db} = excluded.{f.db}" for f in self.changing] + ["import_run_id = excluded.import_run_id"]
        sql = (
            f"INSERT INTO {self.target.table} AS t ({', '.join(self.insert_columns())}) "
            f"SELECT {', '.join(values)} FROM {self.stage} s "
            # SQLite needs a WHERE before ON CONFLICT in INSERT … SELECT to parse it as an upsert.
            f"{'' if self.pg else 'WHERE true '}"
            f"ON CONFLICT ({', '.join(self.target.key)}) DO UPDATE SET {', '.join(updates)} "
            f"WHERE {self._differs('t', 'excluded')}"
        )
        if self.pg:
            # xmax is 0 only on a freshly inserted row version: the count of inserts, the rest are updates.
            sql = (
                f"WITH up AS ({sql} RETURNING (t.xmax = 0) AS inserted) "
                "SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM up"
            )
        return sql

    def _field(self, db: str) -> Field:
        return next(f for f in self.fields if f.db == db)

    # Frames

    def db_frame(self, frame: pl.DataFrame, *, final: bool = False) -> pl.DataFrame:
        """The clean frame as the staging table's columns (or, `final`, the target's).

        PostgreSQL gets typed columns that write_csv renders; SQLite gets the text Django itself stores.
        """
        exprs = []
        for f in self.fields:
            col = pl.col(f.src)
            if not self.pg:
                if f.type == "date":
                    col = col.dt.strftime("%Y-%m-%d")
                elif f.type == "timestamp":
                    col = col.dt.strftime("%Y-%m-%d %H:%M:%S")
                elif f.type == "money":
                    col = col.cast(pl.Utf8)
            if final and f.blank:
                col = col.fill_null("")
            exprs.append(col.alias(f.db))
        if self.kind == "payments":
            if self.pg and not final:
                exprs.append(pl.col("key_text"))
            elif frame["external_id"].null_count():
                exprs[0] = pl.coalesce(
                    pl.col("external_id"), pl.col("key_text").map_elements(payment_key, return_dtype=pl.Utf8)
                ).alias("external_id")
        if final:
            exprs.append(pl.lit(self.run_id, pl.Int64).alias("import_run_id"))
            for f in self.absent:
                exprs.append(pl.lit(f.default).alias(f.db))
            for column, value in self.target.insert_only:
                exprs.append(pl.lit(value).alias(column))
        return frame.select(exprs)

    # Running

    def load(self, frame: pl.DataFrame, progress: Callable[[int, int], None] | None = None) -> Counts:
        with connection.cursor() as cur:
            if self.pg:
                cur.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK])
            empty = self._empty(cur)
            if self.pg and empty and frame.height >= BULK_ROWS:
                cur.execute(f"LOCK TABLE {self.target.table} IN ACCESS EXCLUSIVE MODE")
                if self._empty(cur):
                    return self._bulk_load(cur, frame, progress)
            cur.execute(f"DROP TABLE IF EXISTS {self.stage}")
            cur.execute(self.create_stage_sql())
            try:
                return self._staged_load(cur, frame, progress, empty)
            finally:
                cur.execute(f"DROP TABLE IF EXISTS {self.stage}")

    def _empty(self, cur) -> bool:
        cur.execute(f"SELECT EXISTS (SELECT 1 FROM {self.target.table})")
        return not cur.fetchone()[0]

    def _staged_load(self, cur, frame: pl.DataFrame, progress, empty: bool) -> Counts:
        counts = Counts()
        upsert = self.upsert_sql()
        done = 0
        columns = ", ".join(self.stage_columns)
        size = CHUNK_ROWS if self.pg else SQLITE_CHUNK_ROWS
        for rows, payload in self._rendered(frame, size, lambda chunk: self.db_frame(chunk)):
            if self.pg:
                cur.execute(f"TRUNCATE {self.stage}")
                self._copy(cur, self.stage, self.stage_columns, payload)
            else:
                cur.execute(f"DELETE FROM {self.stage}")
                placeholders = ", ".join(["%s"] * len(self.stage_columns))
                cur.executemany(f"INSERT INTO {self.stage} ({columns}) VALUES ({placeholders})", payload)
            unchanged = 0
            if not empty:
                cur.execute(self.delete_unchanged_sql())
                unchanged = cur.rowcount
            if self.pg:
                cur.execute(upsert, [self.run_id])
                added, updated = cur.fetchone()
            else:
                cur.execute(self.existing_sql())
                updated = cur.fetchone()[0]
                cur.execute(upsert, [self.run_id])
                added = rows - unchanged - updated
            counts.added += added
            counts.updated += updated
            counts.unchanged += unchanged
            done += rows
            if progress:
                progress(done, frame.height)
        return counts

    def _render(self, rows: pl.DataFrame):
        if not self.pg:
            return list(rows.iter_rows())
        buf = io.BytesIO()
        rows.write_csv(
            buf, include_header=False, null_value="", datetime_format="%Y-%m-%d %H:%M:%S+00", date_format="%Y-%m-%d"
        )
        return buf.getbuffer()

    def _rendered(self, frame: pl.DataFrame, size: int, prepare):
        """(rows, payload) per chunk; the next chunk renders in a thread while the database takes this one."""
        chunks = iter(frame.iter_slices(size))

        def job(chunk):
            return chunk.height, self._render(prepare(chunk))

        with ThreadPoolExecutor(max_workers=1) as pool:
            chunk = next(chunks, None)
            pending = pool.submit(job, chunk) if chunk is not None else None
            while pending is not None:
                result = pending.result()
                chunk = next(chunks, None)
                pending = pool.submit(job, chunk) if chunk is not None else None
                yield result

    def _copy(self, cur, table: str, columns: list[str], payload) -> None:
        with cur.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN (FORMAT csv)") as cp:
            cp.write(payload)

    def _bulk_load(self, cur, frame: pl.DataFrame, progress) -> Counts:
        """COPY into the empty, locked table without its indexes and foreign keys, then rebuild them."""
        table = self.target.table
        # ALTER TABLE is refused while deferred foreign-key checks are queued in this transaction: run them now.
        cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
        # The primary key goes too unless another table's foreign key needs it (a subscriber's does).
        cur.execute(
            """
            SELECT c.conname, pg_get_constraintdef(c.oid), pg_get_indexdef(ix.indexrelid), i.relname
            FROM pg_index ix
            JOIN pg_class i ON i.oid = ix.indexrelid
            LEFT JOIN pg_constraint c ON c.conindid = ix.indexrelid AND c.conrelid = ix.indrelid
            WHERE ix.indrelid = %s::regclass
              AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = ix.indexrelid)
            ORDER BY ix.indisprimary DESC
            """,
            [table],
        )
        indexes = cur.fetchall()
        cur.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass "
            "AND contype = 'f'",
            [table],
        )
        foreign_keys = cur.fetchall()
        for name, _definition in foreign_keys:
            cur.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for constraint, _definition, _indexdef, index in indexes:
            if constraint:
                cur.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{constraint}"')
            else:
                cur.execute(f'DROP INDEX "{index}"')
        # Ids taken from the sequence in one go: nobody else can insert while the table is locked.
        cur.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
        sequence = cur.fetchone()[0]
        cur.execute("SELECT nextval(%s)", [sequence])
        first_id = cur.fetchone()[0]
        cur.execute("SELECT setval(%s, %s)", [sequence, first_id + frame.height - 1])
        columns = ["id", *self.insert_columns()]
        frame = frame.with_row_index("id", offset=first_id)

        def prepare(chunk):
            return pl.concat([chunk.select("id"), self.db_frame(chunk, final=True)], how="horizontal").select(columns)

        done = 0
        for rows, payload in self._rendered(frame, BULK_CHUNK_ROWS, prepare):
            self._copy(cur, table, columns, payload)
            done += rows
            if progress:
                progress(done, frame.height)
        # Index sorts and the foreign-key check's hash join run in memory instead of spilling to disk.
        cur.execute(f"SET LOCAL maintenance_work_mem = '{MAINTENANCE_WORK_MEM}'")
        cur.execute(f"SET LOCAL work_mem = '{WORK_MEM}'")
        for constraint, definition, indexdef, _index in indexes:
            if constraint:
                cur.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{constraint}" {definition}')
            else:
                cur.execute(indexdef)
        for name, definition in foreign_keys:
            definition = definition.removesuffix(" NOT VALID")
            cur.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition} NOT VALID')
            cur.execute(f'ALTER TABLE {table} VALIDATE CONSTRAINT "{name}"')
        # The planner knows nothing of the new rows until analysed; the refresh that follows needs good plans.
        cur.execute(f"ANALYZE {table}")
        return Counts(added=frame.height)


def fetch_frame(sql: str, schema: dict) -> pl.DataFrame:
    """A query's rows as a frame; PostgreSQL streams them with COPY, which is what makes a million rows cheap."""
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            with cur.cursor.copy(f"COPY ({sql}) TO STDOUT (FORMAT csv)") as cp:
                data = b"".join(bytes(block) for block in cp)
            if not data:
                return pl.DataFrame(schema=schema)
            return pl.read_csv(io.BytesIO(data), has_header=False, new_columns=list(schema), schema=schema)
        cur.execute(sql)
        return pl.DataFrame(cur.fetchall(), schema=schema, orient="row")
