"""Storing calls from any source as one call per call id, and classifying them.

store_calls() takes a frame of parsers.CALL_SCHEMA, normalises the numbers, finds the subscriber by phone and the
employee by PBX agent, gives each call its type (missed → the missed type, internal → the internal type, else the
first matching CallTypeRule) and upserts it in the caller's transaction:

- into an empty table the rows go in as they are (COPY on PostgreSQL, see imports.loaders);
- otherwise through a temporary staging table and one INSERT … ON CONFLICT (call_id) that merges sources: the
  queue_log owns what happened in the queue (outcome, answer time, wait, talk, agent, queue, abandon position), the
  line sources (CDR, cloud-PBX CSV, live feed) own the numbers, direction, IVR branch and duration; start is the
  earliest, end the latest. A row is written only when a value changes, so a re-import changes nothing, and the
  result does not depend on which file came first.

Then `calls_stored` is sent with the ids of the calls added or changed.
"""

from __future__ import annotations

import io
import logging
import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import polars as pl
from django.db import connection, transaction

from abonent.imports.loaders import ADVISORY_LOCK, Counts, Field, Loader, Target, fetch_frame

from .choices import CallDirection, CallOutcome, CallSource, ClassifiedBy, RuleField
from .models import AgentInterval, Call, CallType, CallTypeRule
from .parsers import CALL_SCHEMA, Interval, normalise_phone_expr
from .signals import calls_stored

logger = logging.getLogger(__name__)
CALL_LOCK = ADVISORY_LOCK + 1
STAGE_CHUNK = 200_000
RULE_COLUMNS = {RuleField.QUEUE: "queue", RuleField.IVR: "ivr_branch", RuleField.DESTINATION: "callee"}
QUEUE_OWNED = ("outcome", "answered_at", "wait_seconds", "talk_seconds", "abandon_position")
# A load into an empty table goes through the imports loader (COPY with indexes rebuilt after); merging several
# sources into stored calls is _merge below.
CALL_TARGET = Target(
    Call._meta.db_table,
    ("call_id",),
    (
        Field("call_id", "text"),
        Field("direction", "text"),
        Field("started_at", "timestamp"),
        Field("answered_at", "timestamp"),
        Field("ended_at", "timestamp"),
        Field("caller", "text", blank=True, default=""),
        Field("callee", "text", blank=True, default=""),
        Field("queue", "text", blank=True, default=""),
        Field("ivr_branch", "text", blank=True, default=""),
        Field("agent", "text", blank=True, default=""),
        Field("outcome", "text"),
        Field("wait_seconds", "integer"),
        Field("talk_seconds", "integer"),
        Field("duration_seconds", "integer"),
        Field("abandon_position", "integer"),
        Field("subscriber_id", "bigint"),
        Field("user_id", "bigint"),
        Field("call_type_id", "bigint"),
        Field("classified_by", "text", blank=True, default=""),
        Field("sources", "text", blank=True, default=""),
    ),
    insert_only=(("classified_user_id", None),),
)
QUEUE_FILLED = ("queue", "agent")
LINE_OWNED = ("direction", "duration_seconds")
LINE_FILLED = ("caller", "callee", "ivr_branch")
STAGE_COLUMNS = [
    *CALL_SCHEMA,
    "subscriber_id",
    "user_id",
    "call_type_id",
    "classified_by",
]
STAGE_TYPES = {
    pl.Utf8: ("text", "TEXT"),
    pl.Int64: ("bigint", "INTEGER"),
}


@dataclass
class StoreResult:
    counts: Counts
    ids: Sequence[int] = field(default_factory=list)  # a range after a load into an empty table


# Lookups -------------------------------------------------------------------------------------------------------


def phone_map() -> pl.DataFrame:
    """phone → subscriber_id; a number shared by several accounts goes to a current one, then the oldest."""
    subscribers = fetch_frame(
        "SELECT id, phones, status FROM subscribers_subscriber WHERE phones <> ''",
        {"subscriber_id": pl.Int64, "phones": pl.Utf8, "status": pl.Utf8},
    )
    return (
        subscribers.with_columns(phone=pl.col("phones").str.split(","), gone=pl.col("status") == "disconnected")
        .explode("phone")
        .with_columns(pl.col("phone").str.strip_chars())
        .filter(pl.col("phone") != "")
        .sort(["phone", "gone", "subscriber_id"])
        .unique("phone", keep="first", maintain_order=True)
        .select("phone", "subscriber_id")
    )


def agent_map() -> pl.DataFrame:
    """PBX agent (staff.Employee.pbx_agent) → user_id."""
    return fetch_frame(
        "SELECT pbx_agent, user_id FROM staff_employee WHERE pbx_agent <> ''", {"agent": pl.Utf8, "user_id": pl.Int64}
    ).unique("agent", keep="first")


@dataclass(frozen=True)
class Classifier:
    missed_id: int | None
    internal_id: int | None
    rules: tuple[tuple[str, str, int], ...]  # (call column, glob, call_type_id), in order

    @classmethod
    def load(cls) -> Classifier:
        types = CallType.objects.filter(is_archived=False)
        missed = types.filter(is_missed=True).order_by("order").values_list("pk", flat=True).first()
        internal = types.filter(code="internal").values_list("pk", flat=True).first()
        rules = tuple(
            (RULE_COLUMNS[r.field], r.value.strip(), r.call_type_id)
            for r in CallTypeRule.objects.filter(call_type__is_archived=False).order_by("order", "pk")
            if r.value.strip()
        )
        return cls(missed, internal, rules)

    def expr(self) -> tuple[pl.Expr, pl.Expr]:
        """(call_type_id, classified_by) of a frame of calls."""
        branches: list[tuple[pl.Expr, int, str]] = []
        if self.missed_id:
            branches.append((pl.col("outcome").is_in(CallOutcome.missed_values()), self.missed_id, ClassifiedBy.AUTO))
        if self.internal_id:
            branches.append((pl.col("direction") == CallDirection.INTERNAL, self.internal_id, ClassifiedBy.AUTO))
        for column, glob, type_id in self.rules:
            pattern = "(?i)^" + ".*".join(re.escape(part) for part in glob.split("*")) + "$"
            branches.append((pl.col(column).fill_null("").str.contains(pattern), type_id, ClassifiedBy.RULE))
        if not branches:
            return pl.lit(None, pl.Int64), pl.lit("")
        type_expr = by_expr = None
        for condition, type_id, by in branches:
            if type_expr is None:
                type_expr = pl.when(condition).then(pl.lit(type_id, pl.Int64))
                by_expr = pl.when(condition).then(pl.lit(str(by.value)))
            else:
                type_expr = type_expr.when(condition).then(pl.lit(type_id, pl.Int64))
                by_expr = by_expr.when(condition).then(pl.lit(str(by.value)))
        return type_expr.otherwise(pl.lit(None, pl.Int64)), by_expr.otherwise(pl.lit(""))

    def sql(self, alias: str = "") -> tuple[str, str, list]:
        """(call type CASE, classified-by CASE, params) over a calls row, the same rules as expr()."""
        p = f"{alias}." if alias else ""
        branches: list[tuple[str, list, int, str]] = []
        missed = ", ".join(["%s"] * len(CallOutcome.missed_values()))
        if self.missed_id:
            branches.append((f"{p}outcome IN ({missed})", list(CallOutcome.missed_values()), self.missed_id, "auto"))
        if self.internal_id:
            branches.append((f"{p}direction = %s", [CallDirection.INTERNAL.value], self.internal_id, "auto"))
        for column, glob, type_id in self.rules:
            like = glob.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_").replace("*", "%")
            branches.append((f"LOWER({p}{column}) LIKE %s ESCAPE '\\'", [like], type_id, "rule"))
        if not branches:
            return "NULL", "''", []
        type_sql = "CASE " + " ".join(f"WHEN {c} THEN {t}" for c, _p, t, _b in branches) + " ELSE NULL END"
        by_sql = "CASE " + " ".join(f"WHEN {c} THEN '{b}'" for c, _p, _t, b in branches) + " ELSE '' END"
        params = [x for _c, ps, _t, _b in branches for x in ps]
        return type_sql, by_sql, params


def prepare(frame: pl.DataFrame, classifier: Classifier | None = None) -> pl.DataFrame:
    """Numbers normalised, subscriber and employee found, type given: the frame as the stage table takes it."""
    frame = frame.with_columns(
        caller=normalise_phone_expr(pl.col("caller")),
        callee=normalise_phone_expr(pl.col("callee")),
        queue=pl.col("queue").fill_null("").str.slice(0, 100),
        ivr_branch=pl.col("ivr_branch").fill_null("").str.slice(0, 100),
        agent=pl.col("agent").fill_null("").str.slice(0, 100),
    )
    # The subscriber is on the outside end: the caller of an inbound call, the dialled number of an outbound one.
    frame = frame.with_columns(
        phone=pl.when(pl.col("direction") == CallDirection.OUTBOUND)
        .then(pl.col("callee"))
        .when(pl.col("direction") == CallDirection.INBOUND)
        .then(pl.col("caller"))
        .otherwise(pl.lit(None, pl.Utf8))
    )
    # Looked up column by column (not joined): a join would copy every column of a frame of millions of calls.
    phones, agents = phone_map(), agent_map()
    frame = frame.with_columns(
        subscriber_id=pl.col("phone").replace_strict(
            phones["phone"], phones["subscriber_id"], default=None, return_dtype=pl.Int64
        ),
        user_id=pl.col("agent").replace_strict(agents["agent"], agents["user_id"], default=None, return_dtype=pl.Int64),
    ).drop("phone")
    type_expr, by_expr = (classifier or Classifier.load()).expr()
    frame = frame.with_columns(call_type_id=type_expr, classified_by=by_expr)
    return frame.select(STAGE_COLUMNS)


# Storing -------------------------------------------------------------------------------------------------------


def _pg() -> bool:
    return connection.vendor == "postgresql"


def _least(a: str, b: str, op: str) -> str:
    return f"CASE WHEN {a} IS NULL THEN {b} WHEN {b} IS NULL THEN {a} WHEN {b} {op} {a} THEN {b} ELSE {a} END"


def merge_assignments(source: str) -> dict[str, str]:
    """Column → value after merging the stored row `t` with the incoming `excluded` of `source`."""
    has_queue = "t.sources LIKE '%%queue_log%%'"
    has_line = "t.sources <> 'queue_log'"
    out: dict[str, str] = {}
    if source == CallSource.QUEUE_LOG:
        for c in QUEUE_OWNED:
            out[c] = f"excluded.{c}"
        for c in QUEUE_FILLED:
            out[c] = f"COALESCE(NULLIF(excluded.{c}, ''), t.{c})"
        out["user_id"] = "COALESCE(excluded.user_id, t.user_id)"
        for c in LINE_OWNED:
            out[c] = f"CASE WHEN {has_line} THEN t.{c} ELSE excluded.{c} END"
        for c in LINE_FILLED:
            out[c] = f"CASE WHEN {has_line} THEN COALESCE(NULLIF(t.{c}, ''), excluded.{c}) ELSE excluded.{c} END"
        out["subscriber_id"] = (
            f"CASE WHEN {has_line} THEN COALESCE(t.subscriber_id, excluded.subscriber_id) "
            "ELSE excluded.subscriber_id END"
        )
    else:
        for c in QUEUE_OWNED:
            out[c] = f"CASE WHEN {has_queue} THEN t.{c} ELSE excluded.{c} END"
        for c in QUEUE_FILLED:
            out[c] = f"CASE WHEN {has_queue} THEN COALESCE(NULLIF(t.{c}, ''), excluded.{c}) ELSE excluded.{c} END"
        out["user_id"] = f"CASE WHEN {has_queue} THEN COALESCE(t.user_id, excluded.user_id) ELSE excluded.user_id END"
        for c in LINE_OWNED:
            out[c] = f"excluded.{c}"
        for c in LINE_FILLED:
            out[c] = f"COALESCE(NULLIF(excluded.{c}, ''), t.{c})"
        out["subscriber_id"] = "COALESCE(excluded.subscriber_id, t.subscriber_id)"
    out["started_at"] = _least("t.started_at", "excluded.started_at", "<")
    out["ended_at"] = _least("t.ended_at", "excluded.ended_at", ">")
    parts = []
    for value in CallSource.values:
        if value == source:
            parts.append(f"'{value},'")
        else:
            parts.append(f"CASE WHEN t.sources LIKE '%%{value}%%' THEN '{value},' ELSE '' END")
    out["sources"] = f"RTRIM({' || '.join(parts)}, ',')"
    return out


def _stage_sql(stage: str, pg: bool) -> str:
    columns = []
    for name in STAGE_COLUMNS:
        dtype = CALL_SCHEMA.get(name, pl.Int64 if name.endswith("_id") else pl.Utf8)
        if isinstance(dtype, pl.Datetime):
            sql_type = "timestamptz" if pg else "TEXT"
        else:
            sql_type = STAGE_TYPES[pl.Utf8 if dtype == pl.Utf8 else pl.Int64][0 if pg else 1]
        columns.append(f"{name} {sql_type}")
    return f"CREATE TEMP TABLE {stage} ({', '.join(columns)})"


def _render(chunk: pl.DataFrame, pg: bool):
    if pg:
        buf = io.BytesIO()
        chunk.write_csv(buf, include_header=False, null_value="", datetime_format="%Y-%m-%d %H:%M:%S+00")
        return buf.getvalue()
    rows = chunk.with_columns(
        [pl.col(c).dt.strftime("%Y-%m-%d %H:%M:%S") for c, t in chunk.schema.items() if isinstance(t, pl.Datetime)]
    )
    return list(rows.iter_rows())


def store_calls(
    frame: pl.DataFrame,
    source: str,
    *,
    run=None,
    live: bool = False,
    progress: Callable[[int, int], None] | None = None,
    send: bool = True,
    prepared: bool = False,
) -> StoreResult:
    """Upsert the calls (merging with what other sources stored), classify them, send calls_stored.

    `prepared`: the frame is prepare()'s already (a big import prepares the parser's frame in place, so that the
    parsed and the prepared frame are not both held in memory).
    """
    with transaction.atomic():
        if frame.height == 0:
            return StoreResult(Counts())
        classifier = Classifier.load()
        staged = frame if prepared else prepare(frame, classifier)
        del frame
        run_id = run.pk if run is not None else None
        pg = _pg()
        with connection.cursor() as cur:
            if pg:
                cur.execute("SELECT pg_advisory_xact_lock(%s)", [CALL_LOCK])
            cur.execute("SELECT EXISTS (SELECT 1 FROM calls_call)")
            empty = not cur.fetchone()[0]
        if empty:
            loader = Loader("calls", set(), run_id, target=CALL_TARGET)
            counts = loader.load(staged.with_columns(sources=pl.lit(source)), progress)
            ids = _all_ids()
        else:
            counts, ids = _merge(staged, source, run_id, classifier, pg, progress)
        if send and ids:
            started = time.perf_counter()
            calls_stored.send(sender=Call, call_ids=ids, live=live, run=run)
            logger.info("calls_stored receivers took %.2f s for %s calls", time.perf_counter() - started, len(ids))
    return StoreResult(counts, ids)


def _all_ids() -> Sequence[int]:
    """Ids of every call (the table was empty before this load); a load into an empty table numbers them in a row,
    so they are a range, not millions of ints in memory."""
    with connection.cursor() as cur:
        cur.execute("SELECT min(id), max(id), count(*) FROM calls_call")
        low, high, count = cur.fetchone()
    if not count:
        return []
    if high - low + 1 == count:
        return range(low, high + 1)
    return list(Call.objects.order_by("pk").values_list("pk", flat=True))


def _merge(
    staged: pl.DataFrame, source: str, run_id, classifier: Classifier, pg: bool, progress
) -> tuple[Counts, list]:
    stage = f"calls_stage_{run_id or 'live'}"
    assignments = merge_assignments(source)
    insert_columns = [*STAGE_COLUMNS, "sources", "import_run_id", "classified_user_id"]
    values = [f"s.{c}" for c in STAGE_COLUMNS] + [f"'{source}'", "%s", "NULL"]
    updates = ", ".join(f"{c} = {v}" for c, v in assignments.items()) + ", import_run_id = excluded.import_run_id"
    if pg:
        differs = f"({', '.join(f't.{c}' for c in assignments)}) IS DISTINCT FROM ({', '.join(assignments.values())})"
    else:
        differs = " OR ".join(f"t.{c} IS NOT ({v})" for c, v in assignments.items())
    upsert = (
        f"INSERT INTO calls_call AS t ({', '.join(insert_columns)}) SELECT {', '.join(values)} FROM {stage} s "
        f"{'' if pg else 'WHERE true '}ON CONFLICT (call_id) DO UPDATE SET {updates} WHERE {differs} "
    )
    if pg:
        upsert += "RETURNING t.id, (t.xmax = 0)"
    else:
        upsert += "RETURNING id"
    type_sql, by_sql, params = classifier.sql()
    reclassify = (
        f"UPDATE calls_call SET call_type_id = {type_sql}, classified_by = {by_sql} "
        f"WHERE call_id IN (SELECT call_id FROM {stage}) AND classified_by NOT IN ('agent', 'bulk') AND "
    )
    if pg:
        reclassify += f"(call_type_id, classified_by) IS DISTINCT FROM ({type_sql}, {by_sql})"
    else:
        reclassify += f"(call_type_id IS NOT ({type_sql}) OR classified_by IS NOT ({by_sql}))"
    reclassify_params = params * 4
    counts = Counts()
    ids: list[int] = []
    done = 0
    with connection.cursor() as cur:
        cur.execute(f"DROP TABLE IF EXISTS {stage}")
        cur.execute(_stage_sql(stage, pg))
        try:
            for chunk in staged.iter_slices(STAGE_CHUNK):
                payload = _render(chunk, pg)
                if pg:
                    cur.execute(f"TRUNCATE {stage}")
                    with cur.cursor.copy(f"COPY {stage} ({', '.join(STAGE_COLUMNS)}) FROM STDIN (FORMAT csv)") as cp:
                        cp.write(payload)
                else:
                    cur.execute(f"DELETE FROM {stage}")
                    marks = ", ".join(["%s"] * len(STAGE_COLUMNS))
                    cur.executemany(f"INSERT INTO {stage} ({', '.join(STAGE_COLUMNS)}) VALUES ({marks})", payload)
                    cur.execute(
                        f"SELECT count(*) FROM {stage} s "
                        "WHERE EXISTS (SELECT 1 FROM calls_call t WHERE t.call_id = s.call_id)"
                    )
                    existing = cur.fetchone()[0]
                cur.execute(upsert, [run_id])
                returned = cur.fetchall()
                if pg:
                    added = sum(1 for _id, inserted in returned if inserted)
                    updated = len(returned) - added
                else:
                    added = chunk.height - existing
                    updated = len(returned) - added
                counts.added += added
                counts.updated += updated
                counts.unchanged += chunk.height - added - updated
                ids.extend(row[0] for row in returned)
                cur.execute(reclassify, reclassify_params)
                done += chunk.height
                if progress:
                    progress(done, staged.height)
        finally:
            cur.execute(f"DROP TABLE IF EXISTS {stage}")
    return counts, ids


# Agent intervals ------------------------------------------------------------------------------------------------


def store_intervals(intervals: Iterable[Interval], closings: Iterable[tuple], run=None) -> tuple[int, int]:
    """Agents' sessions and pauses, upserted on (agent, queue, kind, start); (stored, closed from earlier files)."""
    users = dict(agent_map().iter_rows())
    rows = [
        AgentInterval(
            agent=i.agent[:100],
            queue=i.queue[:100],
            kind=i.kind,
            started_at=i.started_at,
            ended_at=i.ended_at,
            reason=i.reason[:100],
            user_id=users.get(i.agent),
            import_run=run,
        )
        for i in intervals
    ]
    stored = 0
    if rows:
        existing = {
            (a.agent, a.queue, a.kind, a.started_at): a
            for a in AgentInterval.objects.filter(
                started_at__gte=min(r.started_at for r in rows), started_at__lte=max(r.started_at for r in rows)
            )
        }
        new, changed = [], []
        for row in rows:
            old = existing.get((row.agent, row.queue, row.kind, row.started_at))
            if old is None:
                new.append(row)
            elif (old.ended_at is None and row.ended_at is not None) or old.user_id != row.user_id:
                old.ended_at = old.ended_at or row.ended_at
                old.user_id = row.user_id
                changed.append(old)
        AgentInterval.objects.bulk_create(new, batch_size=2000)
        AgentInterval.objects.bulk_update(changed, ["ended_at", "user_id"], batch_size=2000)
        stored = len(new) + len(changed)
    closed = 0
    for agent, queue, kind, ended_at in closings:
        opened = AgentInterval.objects.filter(agent=agent, kind=kind, ended_at__isnull=True, started_at__lte=ended_at)
        if queue is not None:
            opened = opened.filter(queue=queue)
        closed += opened.update(ended_at=ended_at)
    return stored, closed
