"""Reading PBX call logs into one frame shape: Asterisk Master.csv (cdr_csv), Asterisk queue_log, cloud-PBX CSV.

Every parser returns calls as a polars frame with the columns of CALL_SCHEMA (times in UTC, numbers as written),
one row per call id, and raises ParseError listing every bad line (file, line, column, value, expected): a file
with one bad line imports nothing. services.store_calls() takes it from there (phones, subscribers, agents, types).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import polars as pl
from django.conf import settings
from django.utils.translation import gettext as _

from abonent.imports.formats import EVENTS_FROM
from abonent.imports.readers import ROW, ErrorLog, FileError, check_time, file_error, read_table
from abonent.imports.validation import header_errors

from .choices import AgentIntervalKind, CallDirection, CallOutcome
from .conf import direction_rule

MAX_ERRORS = 1000

CALL_SCHEMA = {
    "call_id": pl.Utf8,
    "direction": pl.Utf8,
    "started_at": pl.Datetime("us", "UTC"),
    "answered_at": pl.Datetime("us", "UTC"),
    "ended_at": pl.Datetime("us", "UTC"),
    "caller": pl.Utf8,
    "callee": pl.Utf8,
    "queue": pl.Utf8,
    "ivr_branch": pl.Utf8,
    "agent": pl.Utf8,
    "outcome": pl.Utf8,
    "wait_seconds": pl.Int64,
    "talk_seconds": pl.Int64,
    "duration_seconds": pl.Int64,
    "abandon_position": pl.Int64,
}


# A call longer than this is a channel left hanging, not a call (and would not fit the counters).
MAX_CALL_SECONDS = 30 * 24 * 3600


class ParseError(FileError):
    """Bad lines in a call log; `count` is how many errors there were (only the first MAX_ERRORS are kept)."""

    def __init__(self, message: str, errors: list[dict], count: int | None = None, summary: list[dict] | None = None):
        super().__init__(message, errors[:MAX_ERRORS], count if count is not None else len(errors), summary)


def _raise_errors(errors: list[dict] | ErrorLog) -> None:
    if not isinstance(errors, ErrorLog):
        log = ErrorLog(MAX_ERRORS)
        for error in errors:
            log.add(error)
        errors = log
    kept = sorted(errors.errors, key=lambda e: (e["row"] or 0, e["column"]))
    lines = len({e["row"] for e in kept})
    raise ParseError(
        _("%(errors)s errors in %(lines)s lines; nothing was imported.") % {"errors": errors.count, "lines": lines},
        kept,
        errors.count,
        errors.summary(),
    )


def latest_moment() -> datetime:
    """The latest plausible time of a call (or a queue event): a day from now, for clocks and time zones."""
    return datetime.now(UTC).replace(tzinfo=None) + timedelta(days=1)


def empty_calls() -> pl.DataFrame:
    return pl.DataFrame(schema=CALL_SCHEMA)


# Numbers and direction ----------------------------------------------------------------------------------------


def normalise_phone_expr(expr: pl.Expr) -> pl.Expr:
    """subscribers.services.normalise_phone as a column expression; a non-phone keeps its digits (an extension)."""
    digits = expr.fill_null("").str.replace_all(r"\D", "")
    length = digits.str.len_chars()
    fixed = (
        pl.when(length == 10)
        .then(pl.lit("7") + digits)
        .when((length == 11) & digits.str.starts_with("8"))
        .then(pl.lit("7") + digits.str.slice(1))
        .otherwise(digits)
    )
    return fixed.str.slice(0, 32)


def direction_expr(src: pl.Expr, dst: pl.Expr, context: pl.Expr | None = None, rule: dict | None = None) -> pl.Expr:
    """inbound / outbound / internal from the numbers (docs/imports/cdr.md "Direction").

    A context listed as inbound makes the call inbound; otherwise a short number (an extension, at most
    `extension_max_digits` digits) calling a short number is internal, calling a longer one is outbound; the rest
    (a city or mobile number calling in) is inbound.
    """
    rule = rule or direction_rule()
    pattern = rf"^\d{{1,{int(rule['extension_max_digits'])}}}$"
    src_ext = src.fill_null("").str.strip_chars().str.contains(pattern)
    dst_ext = dst.fill_null("").str.strip_chars().str.contains(pattern)
    expr = pl.when(src_ext & dst_ext).then(pl.lit(CallDirection.INTERNAL.value))
    expr = expr.when(src_ext).then(pl.lit(CallDirection.OUTBOUND.value)).otherwise(pl.lit(CallDirection.INBOUND.value))
    if context is not None and rule["inbound_contexts"]:
        expr = (
            pl.when(context.fill_null("").is_in(list(rule["inbound_contexts"])))
            .then(pl.lit(CallDirection.INBOUND.value))
            .otherwise(expr)
        )
    return expr


def direction_of(src: str, dst: str, context: str = "") -> str:
    """direction_expr for one call (the live feed)."""
    frame = pl.DataFrame({"src": [src or ""], "dst": [dst or ""], "ctx": [context or ""]})
    return frame.select(direction_expr(pl.col("src"), pl.col("dst"), pl.col("ctx")))[0, 0]


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


# Asterisk Master.csv ------------------------------------------------------------------------------------------

CDR_16 = [
    "accountcode",
    "src",
    "dst",
    "dcontext",
    "clid",
    "channel",
    "dstchannel",
    "lastapp",
    "lastdata",
    "start",
    "answer",
    "end",
    "duration",
    "billsec",
    "disposition",
    "amaflags",
]
CDR_18 = CDR_16 + ["uniqueid", "userfield"]
CDR_21 = CDR_18 + ["peeraccount", "linkedid", "sequence"]
CDR_SHAPES = {16: CDR_16, 18: CDR_18, 21: CDR_21}


def master_csv(rows: Iterable[Sequence], width: int = 21, *, header: bool = False) -> str:
    """Master.csv text as Asterisk's cdr_csv writes it (every field quoted, a call leg a line), each row cut to
    `width` fields (16, 18 or 21); `header` puts the field names first, as a file saved from a spreadsheet has."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
    if header:
        writer.writerow(CDR_SHAPES[width])
    for row in rows:
        writer.writerow(list(row)[:width])
    return out.getvalue()


DISPOSITIONS = {
    "ANSWERED": CallOutcome.ANSWERED.value,
    "NO ANSWER": CallOutcome.NO_ANSWER.value,
    "BUSY": CallOutcome.BUSY.value,
    "FAILED": CallOutcome.FAILED.value,
    "CONGESTION": CallOutcome.CONGESTION.value,
}
CDR_TIME = "%Y-%m-%d %H:%M:%S"
LINE = "__line"
EXTRA = "__extra"
BLOCK_BYTES = 64 << 20  # a Master.csv is read in blocks of this size: memory stays flat for any file


def _first_row(path: Path) -> list[str]:
    with open(path, "rb") as fh:
        head = fh.read(65536).decode("utf-8", errors="replace").lstrip("\ufeff")
    line = head.splitlines()[0] if head.strip() else ""
    return next(csv.reader([line]), [])


def _cdr_shape_errors(path: Path, file_name: str, width: int, skip: int) -> list[dict]:
    """The careful pass for a file polars rejects: every line whose field count differs from the first line's."""
    errors = []
    with open(path, encoding="utf-8", errors="replace", newline="") as fh:
        reader = csv.reader(fh, strict=True)
        try:
            for number, row in enumerate(reader, start=1):
                if number <= skip or not row:
                    continue
                if len(row) != width:
                    errors.append(
                        file_error(
                            file_name,
                            "bad_line",
                            _("%(n)s fields, as in the first line") % {"n": width},
                            row=reader.line_num,
                            column=_("fields"),
                            value=str(len(row)),
                        )
                    )
                    if len(errors) >= MAX_ERRORS:
                        break
        except csv.Error as exc:
            errors.append(
                file_error(
                    file_name, "bad_line", _("a CSV line (check the quotes)"), row=reader.line_num, value=str(exc)
                )
            )
    return errors


def _cdr_shape(path: Path, file_name: str) -> tuple[int, int]:
    """The file's shape (16, 18 or 21 fields, from its first line) and its header lines (0 or 1)."""
    first = _first_row(path)
    if not first:
        raise ParseError(_("The file is empty."), [file_error(file_name, "empty_file", _("CDR lines"), row=1)])
    width = len(first)
    if width not in CDR_SHAPES:
        raise ParseError(
            _("Not an Asterisk Master.csv: the first line has %(n)s fields.") % {"n": width},
            [
                file_error(
                    file_name,
                    "bad_shape",
                    _("16, 18 or 21 fields (cdr_csv default, with uniqueid and userfield, with newcdrcolumns)"),
                    row=1,
                    column=_("fields"),
                    value=str(width),
                )
            ],
        )
    # Asterisk writes no header; a file saved from a spreadsheet may have one.
    return width, 1 if first[9].strip().lower() == "start" else 0


def _scan(source, width: int, skip: int, first_line: int) -> pl.LazyFrame:
    """Lines of a Master.csv (a path or a block of bytes) as a lazy frame of strings with `__line`: only the fields
    a query reads are parsed."""
    scan = pl.scan_csv(
        source,
        has_header=False,
        # One field more than the first line: a line with extra fields shows as a value there.
        schema={**{c: pl.Utf8 for c in CDR_SHAPES[width]}, EXTRA: pl.Utf8},
        missing_columns="insert",
        quote_char='"',
        skip_rows=skip,
        encoding="utf8-lossy",
        raise_if_empty=False,
    )
    return scan.with_row_index(LINE, offset=first_line)


def _record_blocks(path: Path, size: int = BLOCK_BYTES):
    """The file in blocks of about `size` bytes, each ending at a line end outside quotes (whole CDR lines)."""
    with open(path, "rb") as fh:
        rest = b""
        while data := fh.read(size):
            block = rest + data
            cut = len(block)
            while True:
                cut = block.rfind(b"\n", 0, cut)
                # A line end inside a quoted field has an odd number of quotes before it (quotes come in pairs).
                if cut < 0 or block.count(b'"', 0, cut) % 2 == 0:
                    break
            if cut < 0:
                rest = block
                continue
            yield block[: cut + 1]
            rest = block[cut + 1 :]
        if rest.strip() or rest == b"":
            yield rest


def scan_cdr(path: Path, file_name: str) -> tuple[pl.LazyFrame, int, int]:
    """Master.csv as a lazy frame of strings named as the Asterisk fields, with `__line`; its shape; header lines."""
    path = Path(path)
    width, skip = _cdr_shape(path, file_name)
    return _scan(path, width, skip, 1 + skip), width, skip


def _collect(frame: pl.LazyFrame, path: Path, file_name: str, width: int, skip: int) -> pl.DataFrame:
    """The lazy query's result; a line with a wrong field count is found by the careful pass and named."""
    try:
        return frame.collect()
    except pl.exceptions.PolarsError:
        # polars refuses a line with more or fewer fields than the first; the careful pass names it.
        errors = _cdr_shape_errors(path, file_name, width, skip)
        if not errors:
            raise
        _raise_errors(errors)


def read_cdr(path: Path, file_name: str) -> tuple[pl.DataFrame, int]:
    """Master.csv as a frame of strings named as the Asterisk fields, with `__line`; and its shape (16/18/21)."""
    scan, width, skip = scan_cdr(path, file_name)
    return _collect(scan.drop(EXTRA), Path(path), file_name, width, skip), width


def _compact(frame: pl.DataFrame) -> pl.DataFrame:
    """The frame with its text columns copied into buffers of their own: a column read from a block otherwise keeps
    the whole block's text alive (polars' string views point into the buffers the CSV reader filled)."""
    text = [name for name, dtype in frame.schema.items() if dtype == pl.Utf8]
    return frame.with_columns(pl.col(text).cast(pl.Binary).cast(pl.Utf8)) if text else frame


def _check(
    frame: pl.DataFrame, bad: pl.Expr, column: str, expected: str, file_name: str, code: str = "bad_value"
) -> tuple[list[dict], int]:
    rows = frame.filter(bad)
    if not rows.height:
        return [], 0
    shown = rows.head(MAX_ERRORS).select(LINE, pl.col(column).fill_null("").str.slice(0, 800))
    return [
        file_error(file_name, code, expected, row=line, column=column, value=value) for line, value in shown.iter_rows()
    ], rows.height


LOCAL_HALF = r";\d$"
LOCAL_HALF_2 = r"^Local/.*;2$"
# A Local channel's ";2" half starts when the leg that dials it does, give or take the PBX's clock ticks.
LOCAL_SLACK = timedelta(seconds=5)


def _link_local_legs(legs: pl.DataFrame, rounds: int = 3) -> pl.DataFrame:
    """The legs of a Local channel's ";2" half moved into the call that dialled its ";1" half.

    With linkedid (21 fields) they share the call id already; with 16 or 18 fields each ";2" leg has an id of its
    own and would count as a call. The half is found by its name (`Local/ch1@TimeDelay-00000001`) among the legs
    whose dstchannel is that Local channel, the latest one that started before it (names repeat after a restart).
    Local channels dialling Local channels are followed `rounds` deep.
    """
    if legs.select(pl.col("local_in").is_not_null().any()).item() is not True:
        return legs
    for _round in range(rounds):
        outer = (
            legs.filter(pl.col("local_out").is_not_null())
            .select(
                pl.col("local_out").alias("local_in"),
                (pl.col("start") - LOCAL_SLACK).alias("_from"),
                pl.col("call_id").alias("_outer_id"),
            )
            .sort("_from")
        )
        inner = legs.filter(pl.col("local_in").is_not_null()).select(LINE, "local_in", "start", "call_id").sort("start")
        # Both sides are sorted by time as a whole, so within each Local channel too.
        found = inner.join_asof(
            outer, left_on="start", right_on="_from", by="local_in", strategy="backward", check_sortedness=False
        )
        moved = found.filter(pl.col("_outer_id").is_not_null() & (pl.col("_outer_id") != pl.col("call_id")))
        if not moved.height:
            break
        legs = (
            legs.join(moved.select(LINE, "_outer_id"), on=LINE, how="left")
            .with_columns(call_id=pl.coalesce("_outer_id", "call_id"))
            .drop("_outer_id")
        )
    return legs


def parse_cdr(path: Path, file_name: str) -> pl.DataFrame:
    """Master.csv → calls; several lines of one call (its legs: linkedid, else uniqueid) become one call.

    - call id: linkedid (21 fields), uniqueid (18), else `cdr:<channel>@<start epoch>` (16: no id in the file);
    - outcome: the disposition, but an inbound call no person's channel answered is missed (abandoned, or no
      answer when phones rang), whatever application of the PBX answered it (Queue, Playback, Hangup…);
    - caller/dialled number: src/dst of the first leg; agent: the answering leg's dstchannel without its suffix,
      through Local channels to the phone their ";2" half reached;
    - queue: Queue()'s first argument; IVR branch: the userfield (set CDR(userfield) in the dialplan).
    """
    path = Path(path)
    width, skip = _cdr_shape(path, file_name)
    zone = settings.TIME_ZONE
    # Asterisk pads nothing, but a file saved from a spreadsheet may: trim the fields the import reads.
    used = (
        "src",
        "dst",
        "dcontext",
        "channel",
        "dstchannel",
        "lastapp",
        "start",
        "answer",
        "end",
        "duration",
        "billsec",
        "disposition",
        "uniqueid",
        "userfield",
        "linkedid",
        "sequence",
    )
    # Only the fields read are parsed at all (the caller-id text, account codes are skipped).
    names = CDR_SHAPES[width]

    def parsed_of(scan: pl.LazyFrame) -> pl.LazyFrame:
        raw = scan.select(
            pl.col(LINE),
            *[pl.col(c).str.strip_chars() for c in used if c in names],
            pl.col("lastdata").str.strip_chars(),
            pl.col("amaflags"),
            pl.col(EXTRA),
            # A blank line (a file saved from an editor) is no call: skipped, but it keeps its line number.
            pl.all_horizontal([pl.col(c).is_null() for c in names]).alias("_blank"),
        )
        parsed = raw.with_columns(
            _start=pl.col("start").str.strptime(pl.Datetime("us"), CDR_TIME, strict=False),
            _answer=pl.col("answer").str.strptime(pl.Datetime("us"), CDR_TIME, strict=False),
            _end=pl.col("end").str.strptime(pl.Datetime("us"), CDR_TIME, strict=False),
            _duration=pl.col("duration").cast(pl.Int64, strict=False),
            _billsec=pl.col("billsec").cast(pl.Int64, strict=False),
            _seq=pl.col("sequence").cast(pl.Int64, strict=False) if width == 21 else pl.lit(0, pl.Int64),
        )
        return parsed

    time_expected = _("date and time YYYY-MM-DD HH:MM:SS")
    earliest, latest = datetime.combine(EVENTS_FROM, datetime.min.time()), latest_moment()
    plausible = _("a time from %(low)s to %(high)s") % {"low": f"{earliest:%d.%m.%Y}", "high": f"{latest:%d.%m.%Y}"}
    seconds = _("whole number of seconds, at most %(n)s (30 days)") % {"n": MAX_CALL_SECONDS}

    def implausible(column: str) -> pl.Expr:
        return pl.col(column).is_not_null() & ((pl.col(column) < earliest) | (pl.col(column) > latest))

    def count(column: str) -> pl.Expr:
        return pl.col(column).is_null() | (pl.col(column) < 0) | (pl.col(column) > MAX_CALL_SECONDS)

    checks = [
        (pl.col("_start").is_null(), "start", time_expected),
        (implausible("_start"), "start", plausible),
        (pl.col("answer").fill_null("").ne("") & pl.col("_answer").is_null(), "answer", time_expected + _(" or empty")),
        (implausible("_answer"), "answer", plausible),
        (pl.col("_answer") < pl.col("_start"), "answer", _("a time not before start")),
        (pl.col("_end").is_null(), "end", time_expected),
        (implausible("_end"), "end", plausible),
        (pl.col("_end") < pl.col("_start"), "end", _("a time not before start")),
        (pl.col("_end") < pl.col("_answer"), "end", _("a time not before answer")),
        (count("_duration"), "duration", seconds),
        (count("_billsec"), "billsec", seconds),
        (
            ~pl.col("disposition").fill_null("").str.to_uppercase().is_in(list(DISPOSITIONS)),
            "disposition",
            _("one of: ") + ", ".join(DISPOSITIONS),
        ),
        (pl.col("amaflags").is_null(), "amaflags", _("a value (the line has too few fields)")),
    ]
    # Asterisk's numbers and ids are short (AST_MAX_EXTENSION is 80): a longer one is a broken line, not data to cut.
    for column, most in (("src", 80), ("dst", 80), ("uniqueid", 150), ("linkedid", 150)):
        if column in names:
            expected = _("at most %(n)s characters") % {"n": most}
            checks.append((pl.col(column).str.len_chars() > most, column, expected))
    if width >= 18:
        checks.append((pl.col("uniqueid").fill_null("").eq(""), "uniqueid", _("the channel's unique id")))
    if width == 21:
        checks.append((pl.col("_seq").is_null(), "sequence", _("whole number")))
    bad = pl.any_horizontal([check for check, _c, _e in checks]) & ~pl.col("_blank")
    extra = pl.col(EXTRA).is_not_null()

    def utc(column: str) -> pl.Expr:
        return (
            pl.col(column)
            .dt.replace_time_zone(zone, ambiguous="earliest", non_existent="null")
            .dt.convert_time_zone("UTC")
        )

    if width == 21:
        call_id = pl.when(pl.col("linkedid").fill_null("") != "").then(pl.col("linkedid")).otherwise(pl.col("uniqueid"))
    elif width == 18:
        call_id = pl.col("uniqueid")
    else:
        call_id = (
            pl.lit("cdr:")
            + pl.col("channel").fill_null("")
            + pl.lit("@")
            + pl.col("_start").dt.replace_time_zone(zone, ambiguous="earliest").dt.epoch("s").cast(pl.Utf8)
        )
    disposition = pl.col("disposition").str.to_uppercase().replace_strict(DISPOSITIONS, default=None)
    agent_channel = pl.col("dstchannel").fill_null("").str.replace(r"-[0-9a-fA-F]+(;\d+)?$", "")

    def legs_of(parsed: pl.LazyFrame) -> pl.LazyFrame:
        legs = parsed.select(
            bad.alias("_bad"),
            extra.alias("_extra"),
            pl.col("_blank"),
            call_id.str.slice(0, 150).alias("call_id"),
            pl.col(LINE),
            pl.col("_seq"),
            utc("_start").alias("start"),
            utc("_answer").alias("answer"),
            utc("_end").alias("end"),
            pl.col("_billsec").alias("billsec"),
            pl.col("src").fill_null(""),
            pl.col("dst").fill_null(""),
            pl.col("dcontext").fill_null(""),
            disposition.alias("outcome"),
            agent_channel.alias("agent"),
            # A Local channel's two halves: ";1" is dialled (the dstchannel of the leg that rang it), ";2" runs the
            # dialplan and dials the real phone (its own leg, whose channel is the ";2" half).
            pl.when(pl.col("channel").fill_null("").str.contains(LOCAL_HALF_2))
            .then(pl.col("channel").str.replace(LOCAL_HALF, ""))
            .alias("local_in"),
            pl.when(pl.col("dstchannel").fill_null("").str.starts_with("Local/"))
            .then(pl.col("dstchannel").str.replace(LOCAL_HALF, ""))
            .alias("local_out"),
            (pl.col("lastapp").fill_null("").str.to_lowercase() == "queue").alias("queue_app"),
            pl.when(pl.col("lastapp").fill_null("").str.to_lowercase() == "queue")
            .then(pl.col("lastdata").fill_null("").str.split(",").list.first())
            .otherwise(pl.lit(""))
            .alias("queue"),
            pl.col("userfield").fill_null("") if width >= 18 else pl.lit("").alias("userfield"),
        )
        return legs

    # One pass in blocks of whole lines: each block's text is parsed, checked and reduced to its legs' typed
    # columns, then dropped, so memory holds the legs, not the file. A bad block's lines are named at once.
    parts: list[pl.DataFrame] = []
    log = ErrorLog(MAX_ERRORS)
    first_line = 1 + skip
    for number, block in enumerate(_record_blocks(path)):
        check_time(file_name, first_line)
        parsed = parsed_of(_scan(block, width, skip if number == 0 else 0, first_line))
        part = _collect(legs_of(parsed), path, file_name, width, skip)
        first_line += part.height
        part = part.filter(~pl.col("_blank")).drop("_blank")
        if part["_extra"].any():
            _raise_errors(_cdr_shape_errors(path, file_name, width, skip))
        if part["_bad"].any():
            wrong = _collect(parsed.filter(bad), path, file_name, width, skip)
            for check, column, expected in checks:
                # The raw text of a time is shown, not its parsed value.
                found, n = _check(wrong, check, column.lstrip("_"), expected, file_name)
                for error in found:
                    log.add(error)
                log.count_more(column.lstrip("_"), "bad_value", n - len(found))
        if not log:
            parts.append(_compact(part.drop("_bad", "_extra")))
    if log:
        _raise_errors(log)
    legs = _link_local_legs(pl.concat(parts, rechunk=False))
    del parts
    # A leg that reached a person: answered with an agent channel (a Local channel is resolved below).
    person = (pl.col("outcome") == "answered") & (pl.col("agent") != "")
    legs = legs.with_columns(person=person)
    # Most calls have one line; only calls with several legs need sorting and grouping.
    several = legs.select(pl.col("call_id").is_duplicated()).to_series()
    single = legs.filter(~several).select(
        pl.col("call_id"),
        pl.col("src"),
        pl.col("dst"),
        pl.col("dcontext"),
        pl.col("start").alias("started_at"),
        pl.when(pl.col("person")).then(pl.col("answer")).alias("person_answer"),
        pl.col("answer").alias("any_answer"),
        pl.col("end").alias("ended_at"),
        pl.when(pl.col("person")).then(pl.col("billsec")).alias("person_billsec"),
        pl.col("person").alias("reached"),
        (pl.col("outcome") == "answered").alias("answered"),
        (pl.col("agent") != "").alias("rang"),
        pl.col("queue_app").alias("queued"),
        pl.col("outcome").alias("first_outcome"),
        pl.when(pl.col("person")).then(pl.col("agent")).alias("agent"),
        pl.when(pl.col("queue") != "").then(pl.col("queue")).alias("queue"),
        pl.when(pl.col("userfield") != "").then(pl.col("userfield")).alias("ivr_branch"),
    )
    # The legs of a Local channel's ";2" half come after the call's own legs (the first leg gives the numbers); the
    # Local leg itself is no person when its ";2" half is in the file: the phone that half reached is.
    multi = (
        legs.filter(several)
        .with_columns(_inner=pl.col("local_in").is_not_null())
        .sort(["call_id", "_inner", "_seq", "start", LINE])
        .with_columns(
            person=pl.col("person") & ~(pl.col("local_out").is_not_null() & pl.col("_inner").any().over("call_id"))
        )
    )
    del legs
    grouped = multi.group_by("call_id", maintain_order=True).agg(
        pl.col("src").first(),
        pl.col("dst").first(),
        pl.col("dcontext").first(),
        pl.col("start").min().alias("started_at"),
        pl.col("answer").filter(pl.col("person")).min().alias("person_answer"),
        pl.col("answer").min().alias("any_answer"),
        pl.col("end").max().alias("ended_at"),
        pl.col("billsec").filter(pl.col("person")).max().alias("person_billsec"),
        pl.col("person").any().alias("reached"),
        (pl.col("outcome") == "answered").any().alias("answered"),
        ((pl.col("agent") != "") & pl.col("local_out").is_null()).any().alias("rang"),
        pl.col("queue_app").any().alias("queued"),
        pl.col("outcome").first().alias("first_outcome"),
        pl.col("agent").filter(pl.col("person")).first().alias("agent"),
        pl.col("queue").filter(pl.col("queue") != "").first().alias("queue"),
        pl.col("userfield").filter(pl.col("userfield") != "").first().alias("ivr_branch"),
    )
    calls = pl.concat([single, grouped.cast(single.schema)], rechunk=False) if grouped.height else single
    del single, grouped
    # An inbound call is answered only when a person's channel answered it. The PBX answering it (Queue, Playback,
    # an IVR, Hangup after ringing agents) makes Asterisk write ANSWERED; for the caller the call was missed:
    # abandoned in the queue or IVR, or no answer when phones rang (docs/registers/calls.md "Answered or missed").
    direction = direction_expr(pl.col("src"), pl.col("dst"), pl.col("dcontext"))
    inbound = direction == CallDirection.INBOUND.value
    outcome = (
        pl.when(pl.col("reached"))
        .then(pl.lit(CallOutcome.ANSWERED.value))
        .when(pl.col("answered") & pl.col("queued"))
        .then(pl.lit(CallOutcome.ABANDONED.value))
        .when(pl.col("answered") & inbound & pl.col("rang"))
        .then(pl.lit(CallOutcome.NO_ANSWER.value))
        .when(pl.col("answered") & inbound)
        .then(pl.lit(CallOutcome.ABANDONED.value))
        .when(pl.col("answered"))
        .then(pl.lit(CallOutcome.ANSWERED.value))
        .otherwise(pl.col("first_outcome"))
    )
    calls = calls.with_columns(direction=direction, outcome=outcome)
    answered_at = (
        pl.when(pl.col("reached"))
        .then(pl.col("person_answer"))
        .when(pl.col("outcome") == "answered")
        .then(pl.col("any_answer"))
    )
    talk = (
        pl.when(pl.col("reached"))
        .then(pl.col("person_billsec"))
        .when(pl.col("outcome") == "answered")
        .then((pl.col("ended_at") - pl.col("any_answer")).dt.total_seconds())
        .otherwise(0)
    )
    wait = pl.when(pl.col("reached")).then((pl.col("person_answer") - pl.col("started_at")).dt.total_seconds())
    return calls.select(
        pl.col("call_id"),
        pl.col("direction"),
        pl.col("started_at"),
        answered_at.alias("answered_at"),
        pl.col("ended_at"),
        pl.col("src").alias("caller"),
        pl.col("dst").alias("callee"),
        pl.col("queue").fill_null(""),
        pl.col("ivr_branch").fill_null(""),
        pl.col("agent").fill_null(""),
        pl.col("outcome"),
        wait.fill_null(0).clip(0).cast(pl.Int64).alias("wait_seconds"),
        talk.fill_null(0).clip(0).cast(pl.Int64).alias("talk_seconds"),
        (pl.col("ended_at") - pl.col("started_at")).dt.total_seconds().clip(0).cast(pl.Int64).alias("duration_seconds"),
        pl.lit(None, pl.Int64).alias("abandon_position"),
    )


# Asterisk queue_log -------------------------------------------------------------------------------------------

INT, TEXT = "int", "text"
# Event → its data fields: (name, type, required). Positions are data1, data2, … (Asterisk 1.8+ and 1.4 alike).
QUEUE_EVENTS: dict[str, list[tuple[str, str, bool]]] = {
    "ENTERQUEUE": [("url", TEXT, False), ("callerid", TEXT, False), ("position", INT, False)],
    "CONNECT": [("holdtime", INT, True), ("bridgedchanneluniqueid", TEXT, False), ("ringtime", INT, False)],
    "COMPLETECALLER": [("holdtime", INT, True), ("calltime", INT, True), ("origposition", INT, False)],
    "COMPLETEAGENT": [("holdtime", INT, True), ("calltime", INT, True), ("origposition", INT, False)],
    "ABANDON": [("position", INT, True), ("origposition", INT, False), ("waittime", INT, True)],
    "EXITWITHTIMEOUT": [("position", INT, True), ("origposition", INT, False), ("waittime", INT, False)],
    "EXITEMPTY": [("position", INT, True), ("origposition", INT, False), ("waittime", INT, False)],
    "EXITWITHKEY": [
        ("key", TEXT, True),
        ("position", INT, True),
        ("origposition", INT, False),
        ("waittime", INT, False),
    ],
    "RINGNOANSWER": [("ringtime", INT, True)],
    "ATTENDEDTRANSFER": [("method", TEXT, True), ("target", TEXT, False)],
    "BLINDTRANSFER": [
        ("extension", TEXT, True),
        ("context", TEXT, False),
        ("holdtime", INT, True),
        ("calltime", INT, True),
    ],
    "TRANSFER": [("extension", TEXT, True), ("context", TEXT, False), ("holdtime", INT, True), ("calltime", INT, True)],
    "AGENTLOGIN": [("channel", TEXT, False)],
    "AGENTLOGOFF": [("channel", TEXT, False), ("logintime", INT, False)],
    "AGENTCALLBACKLOGIN": [("channel", TEXT, False)],
    "AGENTCALLBACKLOGOFF": [("channel", TEXT, False), ("logintime", INT, False)],
    "ADDMEMBER": [],
    "REMOVEMEMBER": [],
    "PAUSE": [("reason", TEXT, False)],
    "UNPAUSE": [("reason", TEXT, False)],
    "PAUSEALL": [("reason", TEXT, False)],
    "UNPAUSEALL": [("reason", TEXT, False)],
    "DID": [("did", TEXT, False)],
}
# Written by Asterisk but carrying nothing a call or an agent interval needs.
QUEUE_IGNORED = {"QUEUESTART", "CONFIGRELOAD", "SYSCOMPAT", "AGENTDUMP", "INFO", "PENALTY", "RINGCANCELED"}
NONE = "NONE"


@dataclass
class QueueCall:
    callid: str
    started: int | None = None
    queue: str = ""
    caller: str = ""
    did: str = ""
    answered: int | None = None
    agent: str = ""
    wait: int | None = None
    talk: int = 0
    ended: int | None = None
    outcome: str = ""
    position: int | None = None
    first_seen: int = 0


@dataclass
class Interval:
    agent: str
    queue: str
    kind: str
    started_at: datetime | None
    ended_at: datetime | None = None
    reason: str = ""


@dataclass
class QueueLog:
    calls: pl.DataFrame
    intervals: list[Interval] = field(default_factory=list)
    # Closings whose opening is not in this file: (agent, queue or None for every queue, kind, ended_at).
    closings: list[tuple[str, str | None, str, datetime]] = field(default_factory=list)
    lines: int = 0
    in_progress: int = 0
    ignored: int = 0


def _moment(epoch: int) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)


def parse_queue_log(path: Path, file_name: str) -> QueueLog:
    """queue_log → calls (one per callid) and agents' logged-in/paused intervals.

    Hold (wait) time, talk time and the abandon position come from the events' data, not from timestamps:
    CONNECT holdtime; COMPLETECALLER/COMPLETEAGENT/transfers holdtime and calltime; ABANDON position and
    waittime; EXITWITHTIMEOUT/EXITEMPTY/EXITWITHKEY position (and waittime when written). A call still waiting
    at the end of the file (no CONNECT, no exit) is left for the next file.
    """
    log = ErrorLog(MAX_ERRORS)
    earliest = int(datetime.combine(EVENTS_FROM, datetime.min.time(), UTC).timestamp())
    latest = int(latest_moment().replace(tzinfo=UTC).timestamp())
    calls: dict[str, QueueCall] = {}
    agent_events: list[tuple[int, int, str, str, str, str]] = []
    lines = ignored = 0
    with open(path, encoding="utf-8-sig", errors="replace", newline="") as fh:
        for number, line in enumerate(fh, start=1):
            if number % 10_000 == 0:
                check_time(file_name, number)
            line = line.rstrip("\r\n")
            if not line.strip():
                continue
            lines += 1
            parts = line.split("|")
            # epoch, callid, queue, agent, event and at most six data fields (ATTENDEDTRANSFER LINK has six).
            if not 5 <= len(parts) <= 11 or len(parts[1]) > 150:
                log.add(
                    file_error(
                        file_name,
                        "bad_line",
                        _("epoch|callid|queue|agent|EVENT|data1…data6, a call id of at most 150 characters"),
                        row=number,
                        column=_("line"),
                        value=line[:800],
                    )
                )
                continue
            stamp, callid, queue, agent, event = (p.strip() for p in parts[:5])
            data = [p.strip() for p in parts[5:]]
            try:
                epoch = int(float(stamp))
                if not earliest <= epoch <= latest:
                    raise ValueError
            except (ValueError, OverflowError):
                log.add(
                    file_error(
                        file_name,
                        "bad_value",
                        _("Unix time in seconds, from %(low)s to %(high)s") % {"low": earliest, "high": latest},
                        row=number,
                        column="epoch",
                        value=stamp[:800],
                    )
                )
                continue
            event = event.upper()
            spec = QUEUE_EVENTS.get(event)
            if spec is None:
                ignored += 1
                continue
            values: dict[str, object] = {}
            if event == "ATTENDEDTRANSFER":
                # BRIDGE|bridge|hold|call|pos, APP|app|hold|call|pos, LINK|chan1|chan2|hold|call|pos
                offset = 3 if data and data[0].upper() == "LINK" else 2
                spec = spec + [("holdtime", INT, True), ("calltime", INT, True)]
                data = data[:2] + data[offset:]
            line_ok = True
            for index, (name, kind, required) in enumerate(spec):
                value = data[index] if index < len(data) else ""
                if value == "":
                    if required:
                        line_ok = False
                        log.add(
                            file_error(
                                file_name,
                                "missing",
                                _("%(event)s needs data%(n)s (%(name)s)")
                                % {"event": event, "n": index + 1, "name": name},
                                row=number,
                                column=f"data{index + 1} ({name})",
                                value="",
                            )
                        )
                    values[name] = None
                    continue
                if kind == INT:
                    try:
                        values[name] = int(value)
                        if not 0 <= values[name] <= MAX_CALL_SECONDS:
                            raise ValueError
                    except ValueError:
                        line_ok = False
                        log.add(
                            file_error(
                                file_name,
                                "bad_value",
                                _("whole number from 0 to %(n)s") % {"n": MAX_CALL_SECONDS},
                                row=number,
                                column=f"data{index + 1} ({name})",
                                value=value[:800],
                            )
                        )
                        continue
                else:
                    values[name] = value
            if not line_ok or log:
                continue
            queue = "" if queue == NONE else queue
            agent = "" if agent == NONE else agent
            if event in (
                "AGENTLOGIN",
                "AGENTLOGOFF",
                "AGENTCALLBACKLOGIN",
                "AGENTCALLBACKLOGOFF",
                "ADDMEMBER",
                "REMOVEMEMBER",
                "PAUSE",
                "UNPAUSE",
                "PAUSEALL",
                "UNPAUSEALL",
            ):
                if agent:
                    agent_events.append((epoch, number, event, agent, queue, str(values.get("reason") or "")))
                continue
            if not callid or callid == NONE:
                continue
            call = calls.get(callid)
            if call is None:
                call = calls[callid] = QueueCall(callid, first_seen=epoch)
            _apply(call, event, epoch, queue, agent, values)
    if log:
        _raise_errors(log)
    if not lines:
        raise ParseError(_("The file is empty."), [file_error(file_name, "empty_file", _("queue_log lines"), row=1)])
    result = QueueLog(calls=empty_calls(), lines=lines, ignored=ignored)
    rows = []
    for call in calls.values():
        if not call.outcome:
            if call.answered is None:
                result.in_progress += 1
                continue
            call.outcome = CallOutcome.ANSWERED.value
        started = call.started if call.started is not None else call.first_seen
        wait = call.wait if call.wait is not None else max(0, (call.answered or call.ended or started) - started)
        ended = _moment(call.ended) if call.ended is not None else None
        rows.append(
            {
                "call_id": call.callid[:150],
                "direction": None,
                "started_at": _moment(started),
                "answered_at": _moment(call.answered) if call.answered is not None else None,
                "ended_at": ended,
                "caller": call.caller,
                "callee": call.did,
                "queue": call.queue,
                "ivr_branch": "",
                "agent": call.agent,
                "outcome": call.outcome,
                "wait_seconds": wait,
                "talk_seconds": call.talk,
                "duration_seconds": max(0, (call.ended or started) - started),
                "abandon_position": call.position,
            }
        )
    if rows:
        frame = pl.DataFrame(rows, schema=CALL_SCHEMA)
        result.calls = frame.with_columns(
            direction=direction_expr(pl.col("caller"), pl.col("callee")).replace(
                CallDirection.OUTBOUND.value, CallDirection.INBOUND.value
            )
        )
    result.intervals, result.closings = _intervals(agent_events)
    return result


def _apply(call: QueueCall, event: str, epoch: int, queue: str, agent: str, values: dict) -> None:
    if queue:
        call.queue = queue
    if event == "ENTERQUEUE":
        if call.started is None:
            call.started = epoch
        call.caller = call.caller or str(values.get("callerid") or "")
    elif event == "DID":
        call.did = str(values.get("did") or "")
    elif event == "CONNECT":
        call.answered = epoch
        call.wait = values["holdtime"]
        call.agent = agent
        if call.started is None:
            call.started = epoch - values["holdtime"]
    elif event in ("COMPLETECALLER", "COMPLETEAGENT", "ATTENDEDTRANSFER", "BLINDTRANSFER", "TRANSFER"):
        call.outcome = CallOutcome.ANSWERED.value
        call.wait = values["holdtime"]
        call.talk = values["calltime"]
        call.ended = epoch
        call.agent = agent or call.agent
        if call.answered is None:
            call.answered = epoch - values["calltime"]
        if call.started is None:
            call.started = call.answered - values["holdtime"]
    elif event in ("ABANDON", "EXITWITHTIMEOUT", "EXITEMPTY", "EXITWITHKEY"):
        call.outcome = {
            "ABANDON": CallOutcome.ABANDONED.value,
            "EXITWITHKEY": CallOutcome.ABANDONED.value,
            "EXITWITHTIMEOUT": CallOutcome.TIMEOUT.value,
            "EXITEMPTY": CallOutcome.NO_ANSWER.value,
        }[event]
        call.position = values["position"]
        call.ended = epoch
        call.answered = None
        call.agent = ""
        call.talk = 0
        if values.get("waittime") is not None:
            call.wait = values["waittime"]
            if call.started is None:
                call.started = epoch - values["waittime"]
        else:
            call.wait = None


def _intervals(events: list[tuple[int, int, str, str, str, str]]):
    """Agents' sessions (AGENTLOGIN/ADDMEMBER … AGENTLOGOFF/REMOVEMEMBER) and pauses (PAUSE … UNPAUSE)."""

    session, pause = AgentIntervalKind.SESSION.value, AgentIntervalKind.PAUSE.value
    open_: dict[tuple[str, str, str], Interval] = {}
    done: list[Interval] = []
    closings: list[tuple[str, str | None, str, datetime]] = []

    def close(agent: str, queue: str | None, kind: str, moment: datetime) -> None:
        keys = [k for k in open_ if k[0] == agent and k[2] == kind and (queue is None or k[1] == queue)]
        if not keys:
            closings.append((agent, queue, kind, moment))
        for key in keys:
            interval = open_.pop(key)
            interval.ended_at = moment
            done.append(interval)

    for epoch, _number, event, agent, queue, reason in sorted(events, key=lambda e: (e[0], e[1])):
        moment = _moment(epoch)
        if event in ("AGENTLOGIN", "AGENTCALLBACKLOGIN", "ADDMEMBER"):
            key = (agent, queue, session)
            if key not in open_:
                open_[key] = Interval(agent, queue, session, moment)
        elif event in ("AGENTLOGOFF", "AGENTCALLBACKLOGOFF"):
            close(agent, None, pause, moment)
            close(agent, None, session, moment)
        elif event == "REMOVEMEMBER":
            close(agent, queue, pause, moment)
            close(agent, queue, session, moment)
        elif event in ("PAUSE", "PAUSEALL"):
            key = (agent, queue, pause)
            if key not in open_:
                open_[key] = Interval(agent, queue, pause, moment, reason=reason)
        elif event == "UNPAUSE":
            close(agent, queue, pause, moment)
        elif event == "UNPAUSEALL":
            close(agent, None, pause, moment)
    done.extend(open_.values())
    return done, closings


# Cloud-PBX CSV ------------------------------------------------------------------------------------------------

PBX_FIELDS = [
    "call_id",
    "started_at",
    "answered_at",
    "ended_at",
    "caller",
    "callee",
    "direction",
    "queue",
    "ivr_branch",
    "agent",
    "outcome",
    "wait_seconds",
    "talk_seconds",
    "duration_seconds",
]
PBX_REQUIRED = ["call_id", "started_at", "outcome"]
DATETIME_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%Y-%m-%d %H:%M",
]
DIRECTION_VALUES = {
    "inbound": "inbound",
    "in": "inbound",
    "incoming": "inbound",
    "входящий": "inbound",
    "вх": "inbound",
    "outbound": "outbound",
    "out": "outbound",
    "outgoing": "outbound",
    "исходящий": "outbound",
    "исх": "outbound",
    "internal": "internal",
    "внутренний": "internal",
}


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", (text or "").strip().lower().replace("ё", "е"))


def parse_pbx_csv(
    path: Path, file_name: str, mapping, *, encoding: str | None = None, delimiter: str | None = None
) -> tuple[pl.DataFrame, int, list[str]]:
    """A cloud PBX's CSV/XLSX export read through a saved PbxColumnMapping; (calls, rows in the file, the file's
    columns the mapping does not name)."""

    table = read_table(path, file_name=file_name, encoding=encoding, delimiter=delimiter)
    errors = header_errors(table, file_name)
    if errors:
        _raise_errors(errors)
    headers = {_norm(h): f"col_{i}" for i, h in enumerate(table.headers)}
    columns = {k: v for k, v in (mapping.columns or {}).items() if v}
    for name in PBX_REQUIRED:
        if name not in columns:
            errors.append(
                file_error(file_name, "mapping", _("the mapping names a column for this field"), row=1, column=name)
            )
    found = {}
    for name, header in columns.items():
        if name not in PBX_FIELDS:
            continue
        source = headers.get(_norm(header))
        if source is None:
            errors.append(
                file_error(
                    file_name,
                    "missing_column",
                    _("a column «%(header)s» in the header (mapping «%(mapping)s»)")
                    % {"header": header, "mapping": mapping},
                    row=1,
                    column=name,
                    value=header,
                )
            )
        else:
            found[name] = source
    if errors:
        _raise_errors(errors)
    mapped = {_norm(h) for h in columns.values()}
    ignored = [h for h in table.headers if h and _norm(h) not in mapped]
    frame = table.frame
    rows = frame.height
    zone = settings.TIME_ZONE
    formats = [mapping.datetime_format] if mapping.datetime_format else DATETIME_FORMATS

    def text(name: str) -> pl.Expr:
        return pl.col(found[name]).fill_null("") if name in found else pl.lit("")

    def moment(name: str) -> pl.Expr:
        if name not in found:
            return pl.lit(None, pl.Datetime("us", "UTC"))
        raw = pl.col(found[name]).str.strip_chars()
        parsed = pl.coalesce([raw.str.strptime(pl.Datetime("us"), f, strict=False) for f in formats])
        return parsed.dt.replace_time_zone(zone, ambiguous="earliest", non_existent="null").dt.convert_time_zone("UTC")

    def seconds(name: str) -> pl.Expr:
        if name not in found:
            return pl.lit(None, pl.Int64)
        return pl.col(found[name]).str.strip_chars().cast(pl.Float64, strict=False).round(0).cast(pl.Int64)

    outcomes = {_norm(k): v for k, v in (mapping.outcome_values or {}).items()}
    for value in CallOutcome.values:
        outcomes.setdefault(value, value)
    for value, outcome in DISPOSITIONS.items():
        outcomes.setdefault(_norm(value), outcome)
    work = frame.select(
        pl.col(ROW),
        *[pl.col(found[n]).alias(f"raw_{n}") for n in found],
        text("call_id").alias("call_id"),
        moment("started_at").alias("started_at"),
        moment("answered_at").alias("answered_at"),
        moment("ended_at").alias("ended_at"),
        text("caller").alias("caller"),
        text("callee").alias("callee"),
        text("queue").alias("queue"),
        text("ivr_branch").alias("ivr_branch"),
        text("agent").alias("agent"),
        text("outcome")
        .map_elements(_norm, return_dtype=pl.Utf8)
        .replace_strict(outcomes, default=None)
        .alias("outcome"),
        (
            text("direction").map_elements(_norm, return_dtype=pl.Utf8).replace_strict(DIRECTION_VALUES, default=None)
            if "direction" in found
            else direction_expr(text("caller"), text("callee"))
        ).alias("direction"),
        seconds("wait_seconds").alias("wait_seconds"),
        seconds("talk_seconds").alias("talk_seconds"),
        seconds("duration_seconds").alias("duration_seconds"),
    )
    header_of = {n: table.headers[int(found[n][4:])] for n in found}
    expected_time = _("date and time") + (
        f" {mapping.datetime_format}" if mapping.datetime_format else " DD.MM.YYYY HH:MM[:SS] / YYYY-MM-DD HH:MM[:SS]"
    )
    checks = [
        ("call_id", pl.col("call_id").str.strip_chars() == "", _("the call's id")),
        (
            "call_id",
            pl.col("call_id").str.strip_chars().str.len_chars() > 150,
            _("a call id of at most 150 characters"),
        ),
    ]
    checks.append(("started_at", pl.col("started_at").is_null(), expected_time))
    for name in ("answered_at", "ended_at"):
        if name in found:
            checks.append((name, pl.col(f"raw_{name}").is_not_null() & pl.col(name).is_null(), expected_time))
    checks.append(
        (
            "outcome",
            pl.col("outcome").is_null(),
            _("one of the file's status values in the mapping, or: ") + ", ".join(CallOutcome.values),
        )
    )
    if "direction" in found:
        checks.append(
            (
                "direction",
                pl.col("direction").is_null(),
                "inbound, outbound, internal (входящий, исходящий, внутренний)",
            )
        )
    for name in ("wait_seconds", "talk_seconds", "duration_seconds"):
        if name in found:
            checks.append(
                (
                    name,
                    pl.col(f"raw_{name}").is_not_null()
                    & (pl.col(name).is_null() | (pl.col(name) < 0) | (pl.col(name) > MAX_CALL_SECONDS)),
                    _("seconds, at most %(n)s (30 days)") % {"n": MAX_CALL_SECONDS},
                )
            )
    earliest = datetime.combine(EVENTS_FROM, datetime.min.time(), UTC)
    latest = latest_moment().replace(tzinfo=UTC)
    plausible = _("a time from %(low)s to %(high)s") % {"low": f"{earliest:%d.%m.%Y}", "high": f"{latest:%d.%m.%Y}"}
    for name in ("started_at", "answered_at", "ended_at"):
        if name in found:
            checks.append((name, (pl.col(name) < earliest) | (pl.col(name) > latest), plausible))
    for name, before in (("answered_at", "started_at"), ("ended_at", "started_at"), ("ended_at", "answered_at")):
        if name in found and before in found:
            checks.append(
                (name, pl.col(name) < pl.col(before), _("a time not before %(column)s") % {"column": header_of[before]})
            )
    dupes = work.filter(pl.col("call_id").is_duplicated() & (pl.col("call_id") != ""))
    log = ErrorLog(MAX_ERRORS)
    for name, bad, expected in checks:
        bad_rows = work.filter(bad)
        source = f"raw_{name}" if f"raw_{name}" in work.columns else name
        shown = bad_rows.head(MAX_ERRORS).select(ROW, pl.col(source).cast(pl.Utf8).fill_null("").str.slice(0, 800))
        for row, value in shown.iter_rows():
            column = header_of.get(name, name)
            log.add(file_error(file_name, "bad_value", expected, row=row, column=column, value=value))
        log.count_more(header_of.get(name, name), "bad_value", bad_rows.height - shown.height)
    for row, value in dupes.head(MAX_ERRORS).select(ROW, pl.col("call_id").str.slice(0, 800)).iter_rows():
        log.add(
            file_error(
                file_name,
                "duplicate",
                _("a call id once in the file"),
                row=row,
                column=header_of["call_id"],
                value=value,
            )
        )
    if log:
        _raise_errors(log)
    ended = pl.col("ended_at")
    calls = work.select(
        pl.col("call_id").str.strip_chars().str.slice(0, 150),
        pl.col("direction"),
        pl.col("started_at"),
        pl.when(pl.col("outcome") == "answered").then(pl.col("answered_at")).alias("answered_at"),
        pl.col("ended_at"),
        pl.col("caller"),
        pl.col("callee"),
        pl.col("queue"),
        pl.col("ivr_branch"),
        pl.col("agent"),
        pl.col("outcome"),
        pl.coalesce(
            pl.col("wait_seconds"), (pl.col("answered_at") - pl.col("started_at")).dt.total_seconds(), pl.lit(0)
        )
        .clip(0)
        .alias("wait_seconds"),
        pl.coalesce(
            pl.col("talk_seconds"),
            pl.when(pl.col("outcome") == "answered").then((ended - pl.col("answered_at")).dt.total_seconds()),
            pl.lit(0),
        )
        .clip(0)
        .alias("talk_seconds"),
        pl.coalesce(pl.col("duration_seconds"), (ended - pl.col("started_at")).dt.total_seconds(), pl.lit(0))
        .clip(0)
        .alias("duration_seconds"),
        pl.lit(None, pl.Int64).alias("abandon_position"),
    )
    return calls.cast(CALL_SCHEMA), rows, ignored


def calls_frame(rows: list[dict]) -> pl.DataFrame:
    """Calls given as dicts with CALL_SCHEMA keys (the live feed); missing keys are empty."""
    defaults = {k: ("" if v == pl.Utf8 else None) for k, v in CALL_SCHEMA.items()}
    defaults.update(wait_seconds=0, talk_seconds=0, duration_seconds=0)
    return pl.DataFrame([{**defaults, **row} for row in rows], schema=CALL_SCHEMA)
