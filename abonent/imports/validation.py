"""Checking a file against its format, vectorised with polars so tens of millions of rows stay fast.

Every check adds its rows to one error frame (row, column, value, expected, code); nothing stops at the first
error, so a user fixes the whole file in one go.
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import polars as pl
from django.utils.translation import gettext as _

from .formats import CHOICE, DATE, DATETIME, DECIMAL, INTEGER, MONTH, PHONES, TEXT, Column, Format, normalise_header
from .readers import CONTROL_CHARS, ROW, FileError, RawTable, file_error, visible

ERROR_SCHEMA = {"row": pl.Int64, "column": pl.Utf8, "value": pl.Utf8, "expected": pl.Utf8, "code": pl.Utf8}
KEY = "__key"

DATE_FORMATS = ["%d.%m.%Y", "%Y-%m-%d"]
# Local (naive) date-times, with T already read as a space; a bare date is midnight.
DATETIME_FORMATS = [
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%d.%m.%Y %H:%M:%S%.f",
    "%Y-%m-%d %H:%M:%S%.f",
    "%d.%m.%Y",
    "%Y-%m-%d",
]
# chrono reads "01.03.24" with %Y as the year 24: a year outside this range is a bad date, not a real one.
YEARS = (1900, 2100)
OFFSET = r"(Z|[+-]\d{2}:?\d{2})$"
NUMBER = r"^-?\d{1,10}(\.\d+)?$"
TWO_DECIMALS = r"^-?\d{1,10}(\.\d{1,2}0*)?$"


@dataclass
class Lookups:
    """What references resolve against: frames of (value, id) from the database."""

    subscribers: pl.DataFrame | None = None  # account, subscriber_id
    tariffs: pl.DataFrame | None = None  # tariff, tariff_id
    churn_reasons: pl.DataFrame | None = None  # churn_reason, churn_reason_id


@dataclass
class Validated:
    frame: pl.DataFrame
    errors: pl.DataFrame
    present: set[str] = field(default_factory=set)


def header_errors(table: RawTable, file_name: str) -> list[dict]:
    """A header that looks broken: a name with control characters or a CR in it, a name twice, a nameless column
    with values. Such a file is refused whatever its kind (a column the format does not know is only a warning)."""
    errors: list[dict] = []
    seen: dict[str, str] = {}
    for i, header in enumerate(table.headers):
        if CONTROL_CHARS.search(header) or "\r" in header:
            errors.append(
                file_error(
                    file_name,
                    "bad_header",
                    _("a column name without control characters or line breaks"),
                    row=1,
                    column=visible(header),
                    value=visible(header),
                )
            )
            continue
        if not header:
            column = f"col_{i}"
            if column in table.frame.columns and table.frame[column].null_count() < table.frame.height:
                errors.append(
                    file_error(
                        file_name,
                        "unnamed_column",
                        _("a name in the header for column %(n)s, which holds values") % {"n": i + 1},
                        row=1,
                        column=str(i + 1),
                        value=visible(table.frame[column].drop_nulls()[0]),
                    )
                )
            continue
        key = normalise_header(header)
        if key in seen:
            errors.append(
                file_error(
                    file_name,
                    "duplicate_column",
                    _("each column name once in the header"),
                    row=1,
                    column=visible(header),
                    value=visible(f"{seen[key]}, {header}"),
                )
            )
        seen.setdefault(key, header)
    return errors


def map_headers(fmt: Format, table: RawTable, file_name: str) -> tuple[pl.DataFrame, list[str]]:
    """The table's columns renamed to the format's names, and the headers the format does not know (a warning).

    FileError on a broken header (header_errors), a required column missing, or two columns for one name.
    """
    index: dict[str, str] = {}
    for column in fmt.columns:
        for header in column.headers:
            index.setdefault(normalise_header(header), column.name)
    rename: dict[str, str] = {}
    seen: dict[str, str] = {}
    ignored: list[str] = []
    errors: list[dict] = header_errors(table, file_name)
    broken = bool(errors)
    for i, header in enumerate(table.headers):
        name = index.get(normalise_header(header))
        if name is None:
            if header:
                ignored.append(header)
            continue
        if name in seen:
            if normalise_header(seen[name]) != normalise_header(header):
                errors.append(
                    file_error(
                        file_name,
                        "duplicate_column",
                        _("one column %(name)s") % {"name": name},
                        row=1,
                        column=name,
                        value=f"{seen[name]}, {header}",
                    )
                )
            continue
        seen[name] = header
        rename[f"col_{i}"] = name
    found = ", ".join(visible(h) for h in table.headers if h) or "—"
    if len(found) > 1000:
        found = found[:999] + "…"
    for column in fmt.columns:
        if column.required and column.name not in seen:
            errors.append(
                file_error(
                    file_name,
                    "missing_column",
                    _("a column %(name)s (or %(aliases)s)")
                    % {"name": column.name, "aliases": ", ".join(column.aliases)},
                    row=1,
                    column=column.name,
                    value=visible(found),
                )
            )
    if errors:
        missing = [e["column"] for e in errors if e["code"] == "missing_column"]
        if broken:
            message = _("The header row looks broken: %(problems)s.") % {
                "problems": "; ".join(f"{e['column']} — {e['expected']}" for e in errors[:5])
            }
        elif missing:
            message = _("Missing required column(s): %(missing)s. Columns found: %(found)s.") % {
                "missing": ", ".join(missing),
                "found": found,
            }
        else:
            message = _("A column appears twice in the header.")
        raise FileError(message, errors)
    frame = table.frame.select([ROW, *rename]).rename(rename)
    return frame, ignored


def plausible_range(column: Column, tz: str) -> tuple[date, date] | None:
    """The first and last plausible day of a date column, today being today in `tz`."""
    if column.earliest is None:
        return None
    today = datetime.now(ZoneInfo(tz)).date()
    return column.earliest, today + timedelta(days=column.ahead or 0)


def implausible_expected(low: date, high: date) -> str:
    return _("a date from %(low)s to %(high)s") % {"low": f"{low:%d.%m.%Y}", "high": f"{high:%d.%m.%Y}"}


def _errors(
    frame: pl.DataFrame, mask: pl.Expr, column: str, expected: str | pl.Expr, code: str, value: pl.Expr | None = None
) -> pl.DataFrame:
    expected_expr = pl.lit(expected) if isinstance(expected, str) else expected
    source = value if value is not None else (pl.col(column) if column in frame.columns else pl.lit(None))
    return frame.filter(mask).select(
        pl.col(ROW).alias("row"),
        pl.lit(column).alias("column"),
        source.cast(pl.Utf8).fill_null("").alias("value"),
        expected_expr.cast(pl.Utf8).alias("expected"),
        pl.lit(code).alias("code"),
    )


def parse_formats(series: pl.Series, dtype, formats: list[str]) -> pl.Series:
    """Values parsed by the first format that reads them as a date from 1900 to 2100.

    Each format only sees the values still unparsed, and the format of the first value goes first, so a file
    written in one format costs one parse.
    """
    result = pl.Series(series.name, [None] * len(series), dtype=dtype)
    values = series.drop_nulls()
    if values.is_empty():
        return result
    head = values.head(1)
    order = sorted(formats, key=lambda f: head.str.strptime(dtype, f, strict=False).is_null()[0])
    pending = series.is_not_null()
    for fmt in order:
        if pending.all():
            # Nothing parsed yet: parse the whole column in place rather than gather and scatter it.
            parsed = series.str.strptime(dtype, fmt, strict=False)
            result = parsed.set(~parsed.dt.year().is_between(*YEARS).fill_null(False), None)
        else:
            idx = pending.arg_true()
            if idx.is_empty():
                break
            parsed = series.gather(idx).str.strptime(dtype, fmt, strict=False)
            parsed = parsed.set(~parsed.dt.year().is_between(*YEARS).fill_null(False), None)
            result = result.scatter(idx, parsed)
        pending = pending & result.is_null()
        if not pending.any():
            break
    return result


def parse_dates(series: pl.Series) -> pl.Series:
    # Excel often writes a date with a midnight time; that is still a date.
    cleaned = series.str.replace(r"[ T]0?0:00(:00)?$", "")
    return parse_formats(cleaned, pl.Date, DATE_FORMATS)


def parse_months(series: pl.Series) -> pl.Series:
    cleaned = series.str.replace(r"^(\d{1,2})\.(\d{4})$", "01.$1.$2").str.replace(r"^(\d{4})-(\d{1,2})$", "$1-$2-01")
    return parse_dates(cleaned).dt.month_start()


def parse_datetimes(series: pl.Series, tz: str) -> pl.Series:
    """Date-times as naive UTC, read in `tz` unless the value carries an offset; whole seconds."""
    # An offset makes a value longer than any local date-time without a fraction of a second.
    long = (series.str.len_bytes() > 19).fill_null(False)
    has_offset = long
    if long.any():
        has_offset = long.scatter(long.arg_true(), series.filter(long).str.contains(OFFSET).fill_null(False))
    naive = series.set(has_offset, None) if has_offset.any() else series
    if naive.str.contains("T", literal=True).any():
        naive = naive.str.replace("T", " ", literal=True)
    result = to_utc(parse_formats(naive, pl.Datetime("us"), DATETIME_FORMATS), tz)
    if has_offset.any():
        idx = has_offset.arg_true()
        aware = series.gather(idx).str.replace(r"Z$", "+00:00").str.replace(" ", "T")
        aware = aware.str.replace(r"([+-]\d{2})(\d{2})$", "$1:$2")
        parsed = _parse_aware(aware)
        result = result.scatter(idx, parsed.dt.replace_time_zone(None))
    return result.dt.truncate("1s")


def to_utc(local: pl.Series, tz: str) -> pl.Series:
    """Naive local times in `tz` as naive UTC; a time that does not exist there (a DST gap) becomes null.

    Most files span no change of the zone's offset (Moscow has had none since 2014): then one subtraction does
    it, which on tens of millions of values is many times faster than a per-value zone lookup.
    """
    values = local.drop_nulls()
    if values.is_empty():
        return local
    days = pl.date_range(values.min().date(), values.max().date() + timedelta(days=1), "1d", eager=True)
    offsets = (
        days.cast(pl.Datetime("us"))
        .dt.replace_time_zone(tz, ambiguous="earliest", non_existent="null")
        .dt.base_utc_offset()
        + days.cast(pl.Datetime("us"))
        .dt.replace_time_zone(tz, ambiguous="earliest", non_existent="null")
        .dt.dst_offset()
    )
    if offsets.null_count() == 0 and offsets.n_unique() == 1:
        return local - offsets[0]
    aware = local.dt.replace_time_zone(tz, ambiguous="earliest", non_existent="null")
    return aware.dt.convert_time_zone("UTC").dt.replace_time_zone(None)


def _parse_aware(values: pl.Series) -> pl.Series:
    frame = pl.DataFrame({"v": values})
    dtype = pl.Datetime("us", "UTC")
    return frame.select(
        pl.coalesce(
            pl.col("v").str.strptime(dtype, "%Y-%m-%dT%H:%M:%S%:z", strict=False),
            pl.col("v").str.strptime(dtype, "%Y-%m-%dT%H:%M:%S%.f%:z", strict=False),
            pl.col("v").str.strptime(dtype, "%Y-%m-%dT%H:%M%:z", strict=False),
        )
    ).to_series()


SEPARATORS = r"[\s\u00a0\u202f']"


def parse_number(series: pl.Series, dtype, pattern: str) -> tuple[pl.Series, pl.Series]:
    """(values, text as read) of numbers written with a comma or a dot and maybe thousands separators.

    A value must match `pattern` once read; only values that do not at first have separators (spaces, NBSP,
    apostrophes) taken out and are tried again, so a clean column costs one pass.
    """
    text = series.str.replace(",", ".", literal=True)
    values = text.set(~text.str.contains(pattern).fill_null(False), None).cast(dtype, strict=False)
    retry = series.is_not_null() & values.is_null()
    if retry.any():
        idx = retry.arg_true()
        cleaned = text.gather(idx).str.replace_all(SEPARATORS, "")
        text = text.scatter(idx, cleaned)
        again = cleaned.set(~cleaned.str.contains(pattern).fill_null(False), None).cast(dtype, strict=False)
        values = values.scatter(idx, again)
    return values, text


def _all_plain_integers(series: pl.Series) -> bool:
    """Digits only, no leading zero, at most 18 of them: the values survive a round trip through Int64."""
    values = series.drop_nulls()
    return values.is_empty() or bool(values.str.contains(r"^[1-9][0-9]{0,17}$").all())


def choice_map(accepted: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Every accepted word, normalised as a cell is, to the value it stands for."""
    mapping = {}
    for value, aliases in accepted.items():
        for alias in (value, *aliases):
            mapping[normalise_header(alias)] = value
    return mapping


def _normalised(expr: pl.Expr) -> pl.Expr:
    return (
        expr.str.to_lowercase()
        .str.replace_all("ё", "е")
        .str.replace_all(r"[_\-]+", " ")
        .str.replace_all(r"\s+", " ")
        .str.strip_chars()
    )


def normalise_phones(expr: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """(phones as "7XXXXXXXXXX,7…", mask of cells holding something that is not a phone)."""
    parts = expr.str.extract_all(r"[^,;/]+").list.eval(pl.element().str.replace_all(r"\D", ""))
    element = pl.element()
    numbers = parts.list.eval(
        pl.when(element.str.len_chars() == 10)
        .then(pl.lit("7") + element)
        .when((element.str.len_chars() == 11) & element.str.starts_with("8"))
        .then(pl.lit("7") + element.str.slice(1))
        .otherwise(element)
    )
    # A part with no digit at all ("abc", "нет") is not a phone: it must fail, not clear the stored phones. One
    # pattern over the cell finds it (a second pass over the parts would double the cost of the column).
    wordy = expr.str.contains(r"(?:^|[,;/])[^,;/0-9]*[^\s,;/0-9][^,;/0-9]*(?:[,;/]|$)").fill_null(False)
    invalid = (
        numbers.list.eval(
            (element != "") & ~((element.str.len_chars() == 11) & element.str.starts_with("7"))
        ).list.any()
        | wordy
    )
    joined = numbers.list.eval(element.filter(element != "")).list.unique(maintain_order=True).list.join(",")
    return pl.when(joined == "").then(None).otherwise(joined), invalid.fill_null(False)


class Checker:
    """Runs the checks of one format over one frame and gathers their errors."""

    def __init__(self, fmt: Format, frame: pl.DataFrame, lookups: Lookups, tz: str):
        self.fmt = fmt
        self.frame = frame
        self.lookups = lookups
        self.tz = tz
        self.present = {c.name for c in fmt.columns if c.name in frame.columns}
        self.errors: list[pl.DataFrame] = []

    def add(self, mask: pl.Expr, column: str, expected, code: str, value: pl.Expr | None = None) -> None:
        errors = _errors(self.frame, mask, column, expected, code, value)
        if errors.height:
            self.errors.append(errors)

    def run(self) -> Validated:
        for column in self.fmt.columns:
            if column.name in self.present:
                self.check_column(column)
        getattr(self, f"check_{self.fmt.kind}", lambda: None)()
        self.resolve_lookups()
        self.check_duplicates()
        errors = pl.concat(self.errors) if self.errors else pl.DataFrame(schema=ERROR_SCHEMA)
        order = {c.name: i for i, c in enumerate(self.fmt.columns)}
        errors = (
            errors.with_columns(pl.col("column").replace_strict(order, default=99, return_dtype=pl.Int32).alias("o"))
            .sort(["row", "o"], nulls_last=False)
            .drop("o")
        )
        return Validated(frame=self.frame, errors=errors, present=self.present)

    def check_column(self, column: Column) -> None:
        raw = pl.col(column.name)
        name = column.name
        value = f"{name}__v"
        if column.required:
            self.add(raw.is_null(), name, _("a value"), "required")
        if column.type == TEXT:
            self.frame = self.frame.with_columns(raw.alias(value))
            if column.max_length:
                self.add(
                    raw.str.len_chars() > column.max_length,
                    name,
                    _("text of at most %(n)s characters") % {"n": column.max_length},
                    "too_long",
                )
        elif column.type == CHOICE:
            accepted = column.accepted  # a register's values are read once, when the file is checked
            mapped = _normalised(raw).replace_strict(choice_map(accepted), default=None, return_dtype=pl.Utf8)
            if column.default:
                mapped = pl.when(raw.is_null()).then(pl.lit(column.default)).otherwise(mapped)
            self.frame = self.frame.with_columns(mapped.alias(value))
            self.add(
                raw.is_not_null() & pl.col(value).is_null(),
                name,
                (
                    _("one of the register's values: %(values)s, or the name or an alias of one")
                    if column.register
                    else _("one of: %(values)s")
                )
                % {"values": ", ".join(accepted)},
                "bad_choice",
            )
        elif column.type in (DATE, MONTH):
            parser = parse_dates if column.type == DATE else parse_months
            self.frame = self.frame.with_columns(parser(self.frame[name]).alias(value))
            if column.type == DATE:
                expected, code = _("a date DD.MM.YYYY or YYYY-MM-DD"), "bad_date"
            else:
                expected, code = _("a month MM.YYYY or YYYY-MM (or a date)"), "bad_month"
            self.add(raw.is_not_null() & pl.col(value).is_null(), name, expected, code)
            self.check_plausible(column, pl.col(value))
        elif column.type == DATETIME:
            self.frame = self.frame.with_columns(parse_datetimes(self.frame[name], self.tz).alias(value))
            self.add(
                raw.is_not_null() & pl.col(value).is_null(),
                name,
                _("a date and time DD.MM.YYYY HH:MM[:SS] or YYYY-MM-DD HH:MM[:SS]"),
                "bad_datetime",
            )
            # Values are naive UTC, compared as they are (a cast to dates would cost a pass over the column).
            self.check_plausible(column, pl.col(value), moments=True)
        elif column.type == DECIMAL:
            text = f"{name}__t"
            values, read = parse_number(self.frame[name], pl.Decimal(12, 2), TWO_DECIMALS)
            self.frame = self.frame.with_columns(values.alias(value), read.alias(text))
            unread = raw.is_not_null() & pl.col(value).is_null()
            if self.frame.select(unread.any()).item():
                # NUMERIC(12, 2) holds 10 digits before the point: a longer number is too big, not badly written.
                too_big = pl.col(text).str.contains(r"^-?\d{11,}(\.\d*)?$")
                self.add(
                    unread & ~pl.col(text).str.contains(NUMBER) & ~too_big,
                    name,
                    _("a number like 1234.50 or 1234,50"),
                    "bad_number",
                )
                self.add(unread & too_big, name, _("at most 10 digits before the decimal point"), "too_big")
                self.add(unread & pl.col(text).str.contains(NUMBER), name, _("at most 2 decimal places"), "bad_number")
            if column.min_value is not None:
                self.add(
                    pl.col(value) < column.min_value,
                    name,
                    _("a number not below %(min)s") % {"min": column.min_value},
                    "negative",
                )
            self.frame = self.frame.drop(text)
        elif column.type == INTEGER:
            values, _read = parse_number(self.frame[name], pl.Int64, r"^-?\d{1,18}$")
            self.frame = self.frame.with_columns(values.alias(value))
            self.add(raw.is_not_null() & pl.col(value).is_null(), name, _("a whole number"), "bad_integer")
            if column.max_value is not None:
                self.add(
                    pl.col(value) > column.max_value,
                    name,
                    _("a number not above %(max)s") % {"max": column.max_value},
                    "too_big",
                )
            if column.min_value is not None:
                self.add(
                    pl.col(value) < column.min_value,
                    name,
                    _("a number not below %(min)s") % {"min": column.min_value},
                    "negative",
                )
        elif column.type == PHONES:
            phones, invalid = normalise_phones(raw)
            self.frame = self.frame.with_columns(phones.alias(value), invalid.alias("__bad_phone"))
            self.add(pl.col("__bad_phone"), name, _("phone numbers like +7 912 345-67-89, separated by ,"), "bad_phone")
            self.add(pl.col(value).str.len_chars() > 255, name, _("at most 21 phone numbers"), "too_long")
            self.frame = self.frame.drop("__bad_phone")

    def check_plausible(self, column: Column, day: pl.Expr, moments: bool = False) -> None:
        """A date outside the column's plausible range (formats.Column.earliest/ahead) is an error."""
        bounds = plausible_range(column, self.tz)
        if bounds is None:
            return
        low, high = bounds
        if moments:
            # The moments are naive UTC; the range is of local days, so its ends are the local midnights in UTC
            # (a payment at 00:05 on the local tomorrow is in the future even while UTC is still on today).
            zone = ZoneInfo(self.tz)

            def utc_midnight(on: date) -> datetime:
                return datetime.combine(on, datetime.min.time(), zone).astimezone(UTC).replace(tzinfo=None)

            day_low, day_after = utc_midnight(low), utc_midnight(high + timedelta(days=1))
            self.add(
                day.is_not_null() & ((day < day_low) | (day >= day_after)),
                column.name,
                implausible_expected(low, high),
                "implausible_date",
            )
            return
        self.add(
            day.is_not_null() & ((day < low) | (day > high)),
            column.name,
            implausible_expected(low, high),
            "implausible_date",
        )

    # Rules of single kinds.

    def check_subscribers(self) -> None:
        status = pl.col("status__v") if "status" in self.present else pl.lit(None, pl.Utf8)
        dis_raw = pl.col("disconnected_on") if "disconnected_on" in self.present else pl.lit(None, pl.Utf8)
        self.add(
            (status == "disconnected") & dis_raw.is_null(),
            "disconnected_on",
            _("the disconnection date: the status is disconnected"),
            "disconnected_without_date",
            value=dis_raw,
        )
        if "disconnected_on" in self.present:
            self.add(
                pl.col("disconnected_on__v") < pl.col("connected_on__v"),
                "disconnected_on",
                pl.format(_("a date not before connected_on ({})"), pl.col("connected_on")),
                "disconnected_before_connected",
            )

    def check_services(self) -> None:
        if "ended_on" in self.present:
            self.add(
                pl.col("ended_on__v") < pl.col("started_on__v"),
                "ended_on",
                pl.format(_("a date not before started_on ({})"), pl.col("started_on")),
                "ended_before_started",
            )

    def check_payments(self) -> None:
        # The key of a payment without an id: its content, in one canonical spelling (see docs/imports/payments.md).
        channel = pl.col("channel__v") if "channel" in self.present else pl.lit(None, pl.Utf8)
        key_text = pl.concat_str(
            [
                pl.col("account__v"),
                pl.col("paid_at__v").dt.strftime("%Y-%m-%dT%H:%M:%SZ"),
                pl.col("amount__v").cast(pl.Utf8),
                channel.fill_null(""),
            ],
            separator="|",
        )
        payment_id = pl.col("payment_id__v") if "payment_id" in self.present else pl.lit(None, pl.Utf8)
        self.frame = self.frame.with_columns(
            pl.when(payment_id.is_null()).then(key_text).otherwise(None).alias("key_text"),
            payment_id.alias("external_id"),
        )

    def check_usage(self) -> None:
        period = pl.col("period__v") if "period" in self.present else pl.lit("day")
        months = parse_months(self.frame["date"])
        # A day row needs the day; a month row may name just the month and is stored on its first day.
        self.frame = self.frame.with_columns(
            period.alias("period__v"),
            pl.when(period == "month").then(months).otherwise(pl.col("date__v")).alias("date__v"),
        )
        dates = ["bad_date", "implausible_date"]
        self.errors = [e.filter(~(e["code"].is_in(dates) & (e["column"] == "date"))) for e in self.errors]
        self.add(
            pl.col("date").is_not_null() & pl.col("date__v").is_null(),
            "date",
            pl.when(period == "month")
            .then(pl.lit(_("a month MM.YYYY or YYYY-MM (or a date)")))
            .otherwise(pl.lit(_("a date DD.MM.YYYY or YYYY-MM-DD"))),
            "bad_date",
        )
        self.check_plausible(self.fmt.column("date"), pl.col("date__v"))
        self.present.add("period")

    # References and keys.

    def _resolve(self, column: str, lookup: pl.DataFrame, id_name: str, code: str, expected: str) -> None:
        value = f"{column}__v"
        keys = self.frame.select(value)
        lookup = lookup.rename({lookup.columns[0]: value})
        if _all_plain_integers(keys[value]) and _all_plain_integers(lookup[value]):
            # Account numbers are usually digits: joining them as integers is several times faster.
            keys = keys.with_columns(pl.col(value).cast(pl.Int64))
            lookup = lookup.with_columns(pl.col(value).cast(pl.Int64))
        ids = keys.join(lookup, on=value, how="left", maintain_order="left")[id_name]
        self.frame = self.frame.with_columns(ids)
        self.add(pl.col(value).is_not_null() & pl.col(id_name).is_null(), column, expected, code)

    def resolve_lookups(self) -> None:
        for column in self.fmt.columns:
            if not column.lookup or column.name not in self.present:
                continue
            if column.lookup == "subscriber":
                self._resolve(
                    column.name,
                    self.lookups.subscribers,
                    "subscriber_id",
                    "unknown_account",
                    _("an account number of an imported subscriber"),
                )
            elif column.lookup == "tariff":
                self._resolve(
                    column.name,
                    self.lookups.tariffs,
                    "tariff_id",
                    "unknown_tariff",
                    _("a tariff code of an imported tariff"),
                )
            elif column.lookup == "churn_reason":
                codes = self.lookups.churn_reasons[self.lookups.churn_reasons.columns[0]].to_list()
                sample = ", ".join(sorted(codes)[:6]) + (", …" if len(codes) > 6 else "")
                self._resolve(
                    column.name,
                    self.lookups.churn_reasons,
                    "churn_reason_id",
                    "unknown_churn_reason",
                    _("a churn reason code (%(codes)s)") % {"codes": sample},
                )

    def check_duplicates(self) -> None:
        if self.fmt.kind == "payments":
            has_ids = self.frame["external_id"].null_count() < self.frame.height
            has_auto = self.frame["key_text"].null_count() < self.frame.height
            if has_ids and has_auto:
                key = pl.coalesce(pl.lit("id:") + pl.col("external_id"), pl.lit("auto:") + pl.col("key_text"))
            else:
                key = pl.col("external_id" if has_ids else "key_text")
            parts = [key]
            shown = pl.coalesce(pl.col("external_id"), pl.col("key_text"))
            column = "payment_id" if "payment_id" in self.present else "account"
            key_names = column
        else:
            parts = [pl.col(f"{k}__v") for k in self.fmt.key]
            shown = pl.concat_str([pl.col(f"{k}__v").cast(pl.Utf8) for k in self.fmt.key], separator=" / ")
            column = self.fmt.key[0]
            key_names = ", ".join(self.fmt.key)
        complete = pl.all_horizontal([p.is_not_null() for p in parts])
        key = parts[0] if len(parts) == 1 else pl.struct(parts)
        keyed = self.frame.select(ROW, key.alias(KEY), complete.alias("__complete"))
        # Counting distinct 64-bit hashes is many times cheaper than finding first occurrences of strings; as
        # many distinct hashes as keys means no duplicates, and only otherwise are the keys themselves compared.
        hashes = keyed.filter(pl.col("__complete"))[KEY].hash()
        if hashes.n_unique() == len(hashes):
            return
        first = keyed[KEY].is_first_distinct() | ~keyed["__complete"]
        if first.all():
            return
        keyed = keyed.with_columns(self.frame.select(shown.alias("shown")).to_series()).filter(keyed["__complete"])
        first = keyed[KEY].is_first_distinct()
        originals = keyed.filter(first).select(KEY, pl.col(ROW).alias("first_row"))
        repeats = keyed.filter(~first).join(originals, on=KEY, how="left")
        self.errors.append(
            repeats.select(
                pl.col(ROW).alias("row"),
                pl.lit(column).alias("column"),
                pl.col("shown").alias("value"),
                pl.format(_("a unique {} (the same as in row {})"), pl.lit(key_names), pl.col("first_row")).alias(
                    "expected"
                ),
                pl.lit("duplicate_key").alias("code"),
            )
        )

    def clean_frame(self) -> pl.DataFrame:
        """The checked values under the format's column names, plus resolved ids and derived keys."""
        columns = [pl.col(ROW)]
        for column in self.fmt.columns:
            if column.name in self.present:
                columns.append(pl.col(f"{column.name}__v").alias(column.name))
        for extra in ("subscriber_id", "tariff_id", "churn_reason_id", "external_id", "key_text"):
            if extra in self.frame.columns:
                columns.append(pl.col(extra))
        return self.frame.select(columns)


def validate(fmt: Format, frame: pl.DataFrame, lookups: Lookups, tz: str) -> Validated:
    checker = Checker(fmt, frame, lookups, tz)
    result = checker.run()
    return Validated(frame=checker.clean_frame(), errors=result.errors, present=checker.present)
