"""Reading an export file into a frame of strings: encoding, delimiter, CSV or XLSX.

Every value comes out stripped, empty cells as null, with `__row` holding the row number a user sees in Excel
(the header is row 1). Problems with the file as a whole raise FileError with error dicts in the usual shape.

Nothing in a file is trusted to be small: the header's width, the rows, an XLSX's declared dimension and its
unpacked size are checked against the limits in settings (docs/configuration.md, "Imports"), and the reading
loops check the import's time budget (time_budget / check_time).
"""

import codecs
import contextvars
import csv
import hashlib
import io
import re
import time as clock
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

import polars as pl
from django.conf import settings
from django.utils.translation import gettext as _

ROW = "__row"
CHUNK = 16 * 1024 * 1024
ENCODING_EXPECTED = "UTF-8 or cp1251 text"
# Basic Russian alphabet in cp1251: А-я (0xC0-0xFF), Ё (0xA8), ё (0xB8), № (0xB9), « » (0xAB, 0xBB), NBSP.
CYRILLIC = set(range(0xC0, 0x100)) | {0xA8, 0xB8, 0xB9, 0xAB, 0xBB, 0xA0, 0x96, 0x97}


MAX_VALUE = 200  # characters of a bad value kept in an error: enough to recognise it, never the whole cell
XLSX_SHEET_ROWS = 1_048_576  # an Excel sheet has no more rows than this
XLSX_SHEET_COLUMNS = 16_384
# Bytes that are never part of a table's text: C0 controls but tab, LF and CR; DEL.
CONTROL_BYTES = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
CONTROL_RE = re.compile(b"[" + re.escape(CONTROL_BYTES) + b"]")
SUSPICIOUS_BYTES = CONTROL_BYTES + b"\xef"
CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff]")


class FileError(Exception):
    """The file cannot be read as a table; `errors` are error dicts (file, row, column, value, expected, code).

    `errors` may be the first of many: `count` is then how many there were and `summary` counts them by column
    and code (None: `errors` are all of them).
    """

    def __init__(self, message: str, errors: list[dict], count: int | None = None, summary: list[dict] | None = None):
        super().__init__(message)
        self.message = message
        self.errors = errors
        self.count = count
        self.summary = summary


class ErrorLog:
    """The errors of one file as a parser finds them: every one counted by column and code, the first `keep` kept."""

    def __init__(self, keep: int = 1000):
        self.keep = keep
        self.errors: list[dict] = []
        self.count = 0
        self.by: dict[tuple[str, str], int] = {}

    def add(self, error: dict, times: int = 1) -> None:
        self.count += times
        key = (str(error.get("column") or ""), str(error.get("code") or ""))
        self.by[key] = self.by.get(key, 0) + times
        if len(self.errors) < self.keep:
            self.errors.append(error)

    def add_frame(self, errors: pl.DataFrame, file_name: str) -> None:
        """The errors of a validation frame (row, column, value, expected, code): kept as room allows, all counted."""
        if not errors.height:
            return
        room = max(0, self.keep - len(self.errors))
        # Values are cut before they leave polars: a file of 50 KB bad cells must not become 50 MB of errors.
        kept = errors.head(room).with_columns(pl.col("value").str.slice(0, 4 * MAX_VALUE))
        self.errors.extend({"file": file_name, **row} for row in kept.to_dicts())
        for column, code, times in errors.group_by(["column", "code"]).len("times").iter_rows():
            self.count_more(column, code, times)

    def count_more(self, column: str, code: str, times: int) -> None:
        """Errors counted but not kept (a parser that shows only the first of a column's bad values)."""
        if times > 0:
            self.count += times
            self.by[(column, code)] = self.by.get((column, code), 0) + times

    def __bool__(self) -> bool:
        return self.count > 0

    def summary(self) -> list[dict]:
        ranked = sorted(self.by.items(), key=lambda item: -item[1])
        return [{"column": c, "code": k, "count": n} for (c, k), n in ranked]


def file_error(file_name: str, code: str, expected: str, *, row=None, column: str = "", value: str = "") -> dict:
    return {"file": file_name, "row": row, "column": column, "value": value, "expected": expected, "code": code}


def _spelt(match: re.Match) -> str:
    char = match.group()
    return f"\\u{ord(char):04x}" if char == "\ufeff" else f"\\x{ord(char):02x}"


def visible(text) -> str:
    """A value as an error shows it: control characters spelt out (\\r, \\x00, \\ufeff), at most MAX_VALUE long."""
    text = "" if text is None else str(text)
    if len(text) > 4 * MAX_VALUE:
        text = text[: 4 * MAX_VALUE]
    text = CONTROL_CHARS.sub(_spelt, text)
    text = text.replace("\r", "\\r")
    return text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 1] + "…"


@dataclass(frozen=True)
class Limits:
    """What one import may read (settings IMPORT_*; docs/configuration.md)."""

    rows: int
    columns: int
    xlsx_rows: int
    xlsx_unpacked_bytes: int
    seconds: float


def limits() -> Limits:
    return Limits(
        rows=int(getattr(settings, "IMPORT_MAX_ROWS", 50_000_000)),
        columns=int(getattr(settings, "IMPORT_MAX_COLUMNS", 500)),
        xlsx_rows=min(XLSX_SHEET_ROWS, int(getattr(settings, "IMPORT_XLSX_MAX_ROWS", XLSX_SHEET_ROWS))),
        xlsx_unpacked_bytes=int(getattr(settings, "IMPORT_XLSX_MAX_UNPACKED_MB", 1024)) * 1024 * 1024,
        seconds=float(getattr(settings, "IMPORT_TIME_LIMIT", 3600)),
    )


_DEADLINE: contextvars.ContextVar[tuple[float, int] | None] = contextvars.ContextVar("import_deadline", default=None)


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Within the block, check_time() fails the import once `seconds` have passed (None or 0: no budget)."""
    token = _DEADLINE.set((clock.monotonic() + seconds, seconds) if seconds else None)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def check_time(file_name: str, row: int | None = None) -> None:
    """Raise FileError "time_limit" when the import's time budget is spent; loops call it every so many rows."""
    budget = _DEADLINE.get()
    if budget is None or clock.monotonic() <= budget[0]:
        return
    seconds = f"{budget[1]:g}"
    raise FileError(
        _("The import took longer than its time budget of %(seconds)s s and was stopped; nothing was changed.")
        % {"seconds": seconds},
        [
            file_error(
                file_name,
                "time_limit",
                _("a file that imports within %(seconds)s s (IMPORT_TIME_LIMIT): split it or raise the limit")
                % {"seconds": seconds},
                row=row,
            )
        ],
    )


def too_many(file_name: str, what: str, limit: int, setting: str, *, row=None, column: str = "", value="") -> FileError:
    """The FileError of a file over one of the limits: `what` is "rows" or "columns"."""
    if what == "rows":
        message = _("The file has more than %(n)s rows.") % {"n": f"{limit:,}".replace(",", " ")}
        expected = _("at most %(n)s rows (%(setting)s)") % {"n": limit, "setting": setting}
    else:
        message = _("The file has more than %(n)s columns.") % {"n": limit}
        expected = _("at most %(n)s columns (%(setting)s)") % {"n": limit, "setting": setting}
    return FileError(message, [file_error(file_name, "too_large", expected, row=row, column=column, value=str(value))])


@dataclass
class FileScan:
    """One pass over the file's bytes: its digest and whether (and where) it stops being UTF-8."""

    sha256: str
    size: int
    head: bytes
    utf8_error_at: int | None = None
    nul_at: int | None = None


@dataclass
class RawTable:
    """The file's cells as strings; `headers` are the header cells in file order (frame columns are col_0…)."""

    frame: pl.DataFrame
    headers: list[str]
    encoding: str = ""
    delimiter: str = ""
    sheet: str = ""
    sha256: str = ""
    notes: list[str] = field(default_factory=list)


def scan_file(path: Path) -> FileScan:
    """Hash the file and check it is UTF-8 in one streaming pass, so a 2 GB export is never held as text."""
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset = 0
    head = b""
    utf8_error_at = None
    nul_at = None
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
            text = chunk
            if offset == 0:
                head = chunk[:65536]
                if chunk.startswith(codecs.BOM_UTF8):
                    text = chunk[3:]
            if nul_at is None and (pos := chunk.find(b"\x00")) >= 0:
                nul_at = offset + pos
            if utf8_error_at is None:
                pending = len(decoder.getstate()[0])
                try:
                    decoder.decode(text)
                except UnicodeDecodeError as exc:
                    utf8_error_at = max(0, offset + len(chunk) - len(text) + exc.start - pending)
            offset += len(chunk)
    if utf8_error_at is None:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8_error_at = max(0, offset - 1)
    return FileScan(sha256=digest.hexdigest(), size=offset, head=head, utf8_error_at=utf8_error_at, nul_at=nul_at)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _line_of(path: Path, offset: int) -> int:
    """The 1-based line holding byte `offset`."""
    with open(path, "rb") as fh:
        return fh.read(offset).count(b"\n") + 1


def _bytes_at(path: Path, offset: int) -> str:
    with open(path, "rb") as fh:
        fh.seek(offset)
        return " ".join(f"0x{b:02x}" for b in fh.read(4))


ASCII = bytes(range(0x80))
CYRILLIC_BYTES = bytes(sorted(CYRILLIC))
TEXT_CONTROLS = b"\t\n\r"
CONTROLS = bytes(b for b in range(0x20) if b not in TEXT_CONTROLS)


def plausibly_cp1251(data: bytes) -> bool:
    """Text whose non-ASCII bytes are nearly all Russian letters in cp1251 (mojibake and binary are not)."""
    if len(data.translate(None, CONTROLS)) != len(data):
        return False
    high = data.translate(None, ASCII)
    if not high:
        return True
    return 1 - len(high.translate(None, CYRILLIC_BYTES)) / len(high) >= 0.9


def detect_encoding(path: Path, scan: FileScan, file_name: str, encoding: str | None) -> str:
    """utf-8 or cp1251 (or the encoding the user named), else a FileError "wrong encoding"."""
    message = _("Wrong encoding: expected UTF-8 or cp1251.")
    head = scan.head
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise FileError(message, [file_error(file_name, "encoding", _(ENCODING_EXPECTED), value="UTF-32")])
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise FileError(message, [file_error(file_name, "encoding", _(ENCODING_EXPECTED), value="UTF-16")])
    if scan.nul_at is not None:
        raise FileError(
            message,
            [
                file_error(
                    file_name,
                    "encoding",
                    _(ENCODING_EXPECTED),
                    row=_line_of(path, scan.nul_at),
                    value=_wide_text(head) or _("binary data (byte 0x00)"),
                )
            ],
        )
    wanted = _encoding_option(encoding)
    if wanted in ("", "utf-8") and scan.utf8_error_at is None:
        return "utf-8"
    if wanted == "utf-8" or (not wanted and not _cp1251_plausible(path)):
        offset = scan.utf8_error_at
        raise FileError(
            message,
            [
                file_error(
                    file_name,
                    "encoding",
                    _(ENCODING_EXPECTED),
                    row=_line_of(path, offset),
                    value=_bytes_at(path, offset),
                )
            ],
        )
    if not wanted:
        if _looks_koi8(path):
            raise FileError(
                message,
                [
                    file_error(
                        file_name,
                        "encoding",
                        _("UTF-8 or cp1251 text (for a KOI8-R file give the encoding koi8-r)"),
                        value="KOI8-R",
                    )
                ],
            )
        return "cp1251"
    try:
        codecs.lookup(wanted)
    except LookupError:
        raise FileError(message, [file_error(file_name, "encoding", _(ENCODING_EXPECTED), value=encoding)]) from None
    return wanted


def _wide_text(head: bytes) -> str:
    """ "UTF-32" or "UTF-16" when the NUL bytes fall where those encodings put them in Latin/Cyrillic text."""
    sample = head[:4096]
    if sample.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "UTF-32"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "UTF-16"
    if len(sample) >= 8 and (sample[1:4] == b"\x00\x00\x00" or sample[0:3] == b"\x00\x00\x00"):
        return "UTF-32"
    odd, even = sample[1::2], sample[0::2]
    if sample and max(odd.count(0), even.count(0)) >= 0.3 * len(odd):
        return "UTF-16"
    return ""


def _looks_koi8(path: Path) -> bool:
    """KOI8-R read as cp1251 swaps the case of Russian letters: "Иванов" comes out as "йЧБОПЧ"."""
    with open(path, "rb") as fh:
        text = fh.read(1024 * 1024).decode("cp1251", errors="replace")
    lower_upper = len(re.findall("[а-яё][А-ЯЁ]", text))
    upper_lower = len(re.findall("[А-ЯЁ][а-яё]", text))
    return lower_upper >= 2 and lower_upper > upper_lower


def _cp1251_plausible(path: Path) -> bool:
    with open(path, "rb") as fh:
        return plausibly_cp1251(fh.read(4 * 1024 * 1024))


def detect_delimiter(first_line: str) -> str:
    """The separator of a CSV header: the most frequent of ; , and tab outside quotes (; on a tie)."""
    unquoted = re.sub(r'"[^"]*"', "", first_line)
    counts = {d: unquoted.count(d) for d in (";", ",", "\t", "|")}
    best = max(counts, key=lambda d: (counts[d], d == ";"))
    return best if counts[best] else ";"


@dataclass
class ByteScan:
    """One pass over a text file's bytes: its digest and the first byte of each kind that breaks a table."""

    sha256: str
    nul_at: int | None = None
    bare_cr_at: int | None = None  # a CR not followed by LF: rows that cannot be split
    control_at: int | None = None  # a control character (not tab, LF or CR)
    bom_at: int | None = None  # a UTF-8 BOM after the start (files pasted together)


def digest_file(path: Path) -> ByteScan:
    """The file's SHA-256 and where (if anywhere) it holds a NUL, a lone CR, a control character or a stray BOM.

    Runs beside the parser on every CSV: the checks are C loops over the chunks the digest reads anyway.
    """
    digest = hashlib.sha256()
    scan = ByteScan("")
    offset = 0
    cr_at_end = None  # a CR closing the previous chunk: bare unless this one starts with LF
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
            if cr_at_end is not None and not chunk.startswith(b"\n") and scan.bare_cr_at is None:
                scan.bare_cr_at = cr_at_end
            cr_at_end = None
            if scan.nul_at is None and (pos := chunk.find(b"\x00")) >= 0:
                scan.nul_at = offset + pos
            # One C pass tells whether the chunk holds a control byte or 0xEF (a BOM's first byte, rare in
            # Russian text); only then is it searched for either.
            if len(chunk.translate(None, SUSPICIOUS_BYTES)) != len(chunk):
                if scan.control_at is None and (found := CONTROL_RE.search(chunk)):
                    scan.control_at = offset + found.start()
                if scan.bom_at is None and (pos := chunk.find(codecs.BOM_UTF8, 0 if offset else 1)) >= 0:
                    scan.bom_at = offset + pos
            if scan.bare_cr_at is None and (crs := chunk.count(b"\r")) and crs != chunk.count(b"\r\n"):
                for match in re.finditer(rb"\r(?!\n)", chunk):
                    if match.start() == len(chunk) - 1:
                        cr_at_end = offset + match.start()
                    else:
                        scan.bare_cr_at = offset + match.start()
                        break
            offset += len(chunk)
    if cr_at_end is not None and scan.bare_cr_at is None:
        scan.bare_cr_at = cr_at_end
    scan.sha256 = digest.hexdigest()
    return scan


def nul_error(path: Path, scan: ByteScan, file_name: str, head: bytes) -> FileError:
    """The "wrong encoding" of a file with NUL bytes: UTF-16 or UTF-32 without a BOM, or binary data."""
    return FileError(
        _("Wrong encoding: expected UTF-8 or cp1251."),
        [
            file_error(
                file_name,
                "encoding",
                _(ENCODING_EXPECTED),
                row=_line_of(path, scan.nul_at),
                value=_wide_text(head) or _("binary data (byte 0x00)"),
            )
        ],
    )


def scan_text_file(path: Path, file_name: str, sep: str, headers: list[str]) -> ByteScan:
    """A log file's digest, refused (FileError with its line) when it holds NUL bytes, a CR that ends no line, a
    control character or a BOM inside (see check_bytes)."""
    scan = digest_file(path)
    if scan.nul_at is not None:
        with open(path, "rb") as fh:
            head = fh.read(4096)
        raise nul_error(path, scan, file_name, head)
    check_bytes(path, scan, file_name, "utf-8", sep, headers)
    return scan


def _line_at(path: Path, offset: int, encoding: str) -> tuple[int, str, int]:
    """(line number, the line's text, position of `offset` in it) of the line holding byte `offset`."""
    with open(path, "rb") as fh:
        start = max(0, offset - 65536)
        fh.seek(start)
        before = fh.read(offset - start)
        after = fh.read(65536)
    cut = max(before.rfind(b"\n"), -1) + 1
    head = before[cut:]
    tail = after.split(b"\n", 1)[0]
    line = (head + tail).decode(encoding, errors="replace")
    return _line_of(path, offset), line, len(head.decode(encoding, errors="replace"))


def _field_at(line: str, position: int, sep: str, headers: list[str]) -> tuple[str, str]:
    """(header of the field, the field's text) of the character at `position` of a CSV line."""
    index = 0
    quoted = False
    start = 0
    for i, char in enumerate(line[:position]):
        if char == '"':
            quoted = not quoted
        elif char == sep and not quoted:
            index += 1
            start = i + 1
    end = line.find(sep, position)
    text = line[start : end if end >= 0 else len(line)]
    column = headers[index] if index < len(headers) else ""
    return column, text


def check_bytes(path: Path, scan: ByteScan, file_name: str, encoding: str, sep: str, headers: list[str]) -> None:
    """FileError naming the line and column of a lone CR, a control character or a stray BOM in a CSV file."""
    found = [
        (
            scan.bare_cr_at,
            "line_ends",
            _("rows ending in LF or CRLF: a CR alone is not a row end (save the file again)"),
        ),
        (scan.control_at, "control_character", _("text without control characters")),
        (scan.bom_at, "control_character", _("text without a byte order mark (BOM) inside: were two files joined?")),
    ]
    found = [f for f in found if f[0] is not None]
    if not found:
        return
    offset, code, expected = min(found, key=lambda f: f[0])
    row, line, position = _line_at(path, offset, encoding)
    column, text = _field_at(line, position, sep, headers)
    if code == "line_ends":
        message = _("The file's rows cannot be split: line %(row)s holds a CR without LF.") % {"row": row}
    else:
        message = _("Line %(row)s holds a control character.") % {"row": row}
    raise FileError(message, [file_error(file_name, code, expected, row=row, column=column, value=visible(text))])


def read_table(
    path: Path, *, file_name: str, encoding: str | None = None, delimiter: str | None = None, sheet: str | None = None
) -> RawTable:
    """The file as a table of strings; FileError when it is not UTF-8/cp1251 CSV or XLSX, or not a table."""
    path = Path(path)
    with open(path, "rb") as fh:
        head = fh.read(65536)
    if head.startswith(b"PK\x03\x04"):
        table = read_xlsx(path, file_name=file_name, sheet=sheet)
        table.sha256 = sha256_of(path)
        return table
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileError(
            _("XLS (Excel 97-2003) files are not supported: save the file as XLSX or CSV."),
            [file_error(file_name, "file_type", _("CSV or XLSX file"), value="XLS")],
        )
    if not head:
        raise FileError(_("The file is empty."), [file_error(file_name, "empty_file", _("a header row"), row=1)])
    wanted = _encoding_option(encoding)
    limit = limits()
    # Hashing runs beside parsing: both release the GIL, and on a 2 GB export each takes seconds.
    with ThreadPoolExecutor(max_workers=1) as pool:
        digest = pool.submit(digest_file, path)
        frame = enc = sep = None
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in head:
            digest.result()
            detect_encoding(path, scan_file(path), file_name, encoding)
        if wanted in ("", "utf-8"):
            sep = _delimiter_option(delimiter) or detect_delimiter(_first_line(head.decode("utf-8", errors="ignore")))
            _check_width(head.decode("utf-8", errors="ignore"), sep, limit, file_name)
            try:
                frame = _read_csv(path, sep)
                enc = "utf-8"
            except pl.exceptions.PolarsError:
                scan = scan_file(path)
                if scan.utf8_error_at is None:
                    frame, enc = _read_csv_slowly(path.read_bytes(), sep, file_name), "utf-8"
                else:
                    enc = detect_encoding(path, scan, file_name, encoding)
        else:
            enc = detect_encoding(path, FileScan("", 0, head), file_name, encoding)
        if frame is None:
            try:
                text = path.read_bytes().decode(enc)
            except UnicodeDecodeError as exc:
                raise FileError(
                    _("Wrong encoding: expected UTF-8 or cp1251."),
                    [
                        file_error(
                            file_name,
                            "encoding",
                            _(ENCODING_EXPECTED),
                            row=_line_of(path, exc.start),
                            value=_bytes_at(path, exc.start),
                        )
                    ],
                ) from None
            sep = _delimiter_option(delimiter) or detect_delimiter(_first_line(text[:65536]))
            _check_width(text[:65536], sep, limit, file_name)
            source = text.encode("utf-8")
            del text
            try:
                frame = _read_csv(source, sep)
            except pl.exceptions.PolarsError:
                frame = _read_csv_slowly(source, sep, file_name)
        scan = digest.result()
    if scan.nul_at is not None:
        raise nul_error(path, scan, file_name, head)
    if frame.height == 0:
        raise FileError(_("The file is empty."), [file_error(file_name, "empty_file", _("a header row"), row=1)])
    headers = [(h or "").strip().lstrip("\ufeff") for h in frame.row(0)]
    check_bytes(path, scan, file_name, enc, sep, headers)
    if frame.height - 1 > limit.rows:
        raise too_many(file_name, "rows", limit.rows, "IMPORT_MAX_ROWS", row=limit.rows + 2)
    frame = frame.slice(1).rename({c: f"col_{i}" for i, c in enumerate(frame.columns)})
    frame = frame.with_row_index(ROW, offset=2).with_columns(pl.col(ROW).cast(pl.Int64))
    return RawTable(frame=clean_cells(frame), headers=headers, encoding=enc, delimiter=sep, sha256=scan.sha256)


def _check_width(text: str, sep: str, limit: Limits, file_name: str) -> None:
    """Refuse a header wider than IMPORT_MAX_COLUMNS before the file is parsed into that many columns."""
    line = _first_line(text) if "\n" in text or "\r" in text else text
    width = re.sub(r'"[^"]*"', "", line).count(sep) + 1
    if width > limit.columns:
        raise too_many(file_name, "columns", limit.columns, "IMPORT_MAX_COLUMNS", row=1, value=width)


def _read_csv(source, sep: str) -> pl.DataFrame:
    return pl.read_csv(
        source, has_header=False, infer_schema=False, separator=sep, quote_char='"', raise_if_empty=False
    )


def _first_line(text: str) -> str:
    text = text.lstrip("\ufeff")
    return text.splitlines()[0] if text.strip() else ""


def _encoding_option(encoding: str | None) -> str:
    wanted = (encoding or "").strip().lower().replace("_", "-")
    if wanted in ("utf8", "utf-8", "utf-8-sig"):
        return "utf-8"
    if wanted in ("windows-1251", "cp-1251", "win1251", "win-1251", "1251"):
        return "cp1251"
    return wanted


def _delimiter_option(delimiter: str | None) -> str | None:
    if not delimiter:
        return None
    return {"tab": "\t", "\\t": "\t", "semicolon": ";", "comma": ","}.get(delimiter.lower(), delimiter)


def _read_csv_slowly(source: Path | bytes, sep: str, file_name: str) -> pl.DataFrame:
    """The careful reader for files polars rejects: names the row that breaks the table."""
    data = source.read_bytes() if isinstance(source, Path) else source
    text = data.decode("utf-8").lstrip("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, quotechar='"', strict=True)
    rows: list[list[str]] = []
    width = 0
    try:
        for number, row in enumerate(reader, start=1):
            if number == 1:
                width = len(row)
            elif len(row) > width:
                if any(cell.strip() for cell in row[width:]):
                    raise FileError(
                        _("Row %(row)s has more columns than the header.") % {"row": number},
                        [
                            file_error(
                                file_name,
                                "bad_row",
                                _("at most %(n)s values, as in the header") % {"n": width},
                                row=number,
                                value=sep.join(row)[:200],
                            )
                        ],
                    )
                row = row[:width]
            rows.append(row + [None] * (width - len(row)))
    except csv.Error as exc:
        raise FileError(
            _("The file is not a valid CSV table."),
            [file_error(file_name, "bad_row", _("a CSV row (check the quotes)"), row=reader.line_num, value=str(exc))],
        ) from None
    columns = {f"column_{i}": [r[i] if r[i] != "" else None for r in rows] for i in range(width)}
    return pl.DataFrame(columns, schema={c: pl.Utf8 for c in columns})


def clean_cells(frame: pl.DataFrame) -> pl.DataFrame:
    """Strip every cell, empty as null, and drop rows with nothing in them (row numbers stay as in the file).

    Machine exports rarely pad values, so a column is only rewritten when some cell needs it (a quoted "" is
    read as an empty string, not null, so it counts).
    """
    cols = [c for c in frame.columns if c != ROW]
    if not cols:
        return frame
    padded = frame.select(
        [
            pl.any_horizontal(
                pl.col(c).str.len_bytes() == 0,
                pl.col(c).str.starts_with(" "),
                pl.col(c).str.ends_with(" "),
                pl.col(c).str.starts_with("\t"),
                pl.col(c).str.ends_with("\t"),
                pl.col(c).str.ends_with("\r"),
            )
            .any()
            .alias(c)
            for c in cols
        ]
    ).row(0)
    fix = [c for c, needs in zip(cols, padded, strict=True) if needs]
    if fix:
        stripped = {c: pl.col(c).str.strip_chars() for c in fix}
        frame = frame.with_columns([pl.when(e == "").then(None).otherwise(e).alias(c) for c, e in stripped.items()])
    filled = frame.select(pl.any_horizontal([pl.col(c).is_not_null() for c in cols])).to_series()
    return frame if filled.all() else frame.filter(filled)


def _xlsx_cell(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else format(value, ".15g")
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.strftime("%Y-%m-%d")
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M:%S")
    return str(value)


def _check_archive(path: Path, file_name: str, limit: Limits) -> None:
    """Refuse a workbook whose parts unpack to more than IMPORT_XLSX_MAX_UNPACKED_MB (a zip bomb).

    The sizes are the archive's own; zipfile never inflates a part beyond its stated size, so they bound the work.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise FileError(
            _("The file is not a valid XLSX workbook."),
            [file_error(file_name, "file_type", _("CSV or XLSX file"), value=visible(exc))],
        ) from None
    if unpacked > limit.xlsx_unpacked_bytes:
        mb = limit.xlsx_unpacked_bytes // (1024 * 1024)
        raise FileError(
            _("The workbook unpacks to more than %(mb)s MB.") % {"mb": mb},
            [
                file_error(
                    file_name,
                    "too_large",
                    _("a workbook of at most %(mb)s MB unpacked (IMPORT_XLSX_MAX_UNPACKED_MB)") % {"mb": mb},
                    value=f"{unpacked // (1024 * 1024)} MB",
                )
            ],
        )


def read_xlsx(path: Path, *, file_name: str, sheet: str | None = None) -> RawTable:
    """The sheet (the first, or the one named or numbered from 1) as strings; the first non-empty row is the header.

    Cells are read as they stand in the sheet: the dimension a sheet declares is ignored (a writer may declare
    A1:XFD1048576 for one cell), so a row costs what it holds, not the declared width.
    """
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    limit = limits()
    _check_archive(path, file_name, limit)
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a zip that is not a workbook
        raise FileError(
            _("The file is not a valid XLSX workbook."),
            [file_error(file_name, "file_type", _("CSV or XLSX file"), value=visible(exc))],
        ) from None
    try:
        if sheet:
            if sheet in wb.sheetnames:
                ws = wb[sheet]
            elif sheet.isdigit() and 1 <= int(sheet) <= len(wb.sheetnames):
                ws = wb.worksheets[int(sheet) - 1]
            else:
                raise FileError(
                    _("No such sheet: %(sheet)s.") % {"sheet": sheet},
                    [
                        file_error(
                            file_name,
                            "sheet",
                            _("one of the sheets: %(names)s") % {"names": ", ".join(wb.sheetnames)},
                            value=visible(sheet),
                        )
                    ],
                )
        else:
            ws = wb.worksheets[0]
        if not hasattr(ws, "reset_dimensions"):
            raise FileError(
                _("The file is not a valid XLSX workbook."),
                [file_error(file_name, "file_type", _("CSV or XLSX file"), value=_("the first sheet is a chart"))],
            )
        ws.reset_dimensions()
        headers: list[str] | None = None
        numbers: list[int] = []
        columns: list[list[str | None]] = []
        try:
            for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
                if number % 1000 == 0:
                    check_time(file_name, number)
                if not values:
                    continue
                if number > limit.xlsx_rows:
                    raise too_many(file_name, "rows", limit.xlsx_rows, "IMPORT_XLSX_MAX_ROWS", row=number)
                if len(values) > limit.columns:
                    # The row is as wide as its last cell: one cell far to the right is enough to refuse it.
                    last = len(values) - 1 - next(i for i, v in enumerate(reversed(values)) if v is not None)
                    if last >= limit.columns:
                        raise too_many(
                            file_name,
                            "columns",
                            limit.columns,
                            "IMPORT_MAX_COLUMNS",
                            row=number,
                            column=get_column_letter(last + 1),
                            value=visible(values[last]),
                        )
                    values = values[: limit.columns]
                cells = [_xlsx_cell(v) for v in values]
                if headers is None:
                    if any(c and c.strip() for c in cells):
                        headers = [(c or "").strip() for c in cells]
                        columns = [[] for _ in headers]
                    continue
                if not any(c and c.strip() for c in cells):
                    continue
                if len(cells) > len(headers):
                    # A value right of the header's last column: a column without a name.
                    columns.extend([None] * len(numbers) for _ in range(len(cells) - len(headers)))
                    headers.extend("" for _ in range(len(cells) - len(headers)))
                numbers.append(number)
                for i in range(len(headers)):
                    columns[i].append(cells[i] if i < len(cells) else None)
        except FileError:
            raise
        except Exception as exc:  # a sheet's XML broken mid-way (truncated, not well-formed)
            raise FileError(
                _("The file is not a valid XLSX workbook."),
                [file_error(file_name, "file_type", _("CSV or XLSX file"), value=visible(exc))],
            ) from None
        title = ws.title
    finally:
        wb.close()
    if headers is None:
        raise FileError(_("The file is empty."), [file_error(file_name, "empty_file", _("a header row"), row=1)])
    data = {f"col_{i}": col for i, col in enumerate(columns)}
    frame = pl.DataFrame({ROW: numbers, **data}, schema={ROW: pl.Int64, **{c: pl.Utf8 for c in data}})
    return RawTable(frame=clean_cells(frame), headers=headers, sheet=title)


def frame_to_table(frame: pl.DataFrame) -> RawTable:
    """A frame built in code (demo data, tests) read as if it were a file with these column headers."""
    columns = {}
    for i, name in enumerate(frame.columns):
        series = frame[name]
        if series.dtype == pl.Datetime:
            series = series.dt.strftime("%Y-%m-%d %H:%M:%S")
        elif series.dtype == pl.Date:
            series = series.dt.strftime("%Y-%m-%d")
        elif series.dtype == pl.Object:
            series = pl.Series([None if v is None else str(v) for v in series], dtype=pl.Utf8)
        columns[f"col_{i}"] = series.cast(pl.Utf8)
    out = pl.DataFrame(columns) if columns else pl.DataFrame()
    out = out.with_row_index(ROW, offset=2).with_columns(pl.col(ROW).cast(pl.Int64))
    return RawTable(frame=clean_cells(out), headers=list(frame.columns))
