"""Reading an export file into a frame of strings: encoding, delimiter, CSV or XLSX.

Every value comes out stripped, empty cells as null, with `__row` holding the row number a user sees in Excel
(the header is row 1). Problems with the file as a whole raise FileError with error dicts in the usual shape.
"""

import codecs
import csv
import hashlib
import io
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

import polars as pl
from django.utils.translation import gettext as _

ROW = "__row"
CHUNK = 16 * 1024 * 1024
ENCODING_EXPECTED = "UTF-8 or cp1251 text"
# Basic Russian alphabet in cp1251: А-я (0xC0-0xFF), Ё (0xA8), ё (0xB8), № (0xB9), « » (0xAB, 0xBB), NBSP.
CYRILLIC = set(range(0xC0, 0x100)) | {0xA8, 0xB8, 0xB9, 0xAB, 0xBB, 0xA0, 0x96, 0x97}


class FileError(Exception):
    """The file cannot be read as a table; `errors` are error dicts (file, row, column, value, expected, code)."""

    def __init__(self, message: str, errors: list[dict]):
        super().__init__(message)
        self.message = message
        self.errors = errors


def file_error(file_name: str, code: str, expected: str, *, row=None, column: str = "", value: str = "") -> dict:
    return {"file": file_name, "row": row, "column": column, "value": value, "expected": expected, "code": code}


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
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
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
                    value=_("binary data or UTF-16 (byte 0x00)"),
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
        return "cp1251"
    try:
        codecs.lookup(wanted)
    except LookupError:
        raise FileError(message, [file_error(file_name, "encoding", _(ENCODING_EXPECTED), value=encoding)]) from None
    return wanted


def _cp1251_plausible(path: Path) -> bool:
    with open(path, "rb") as fh:
        return plausibly_cp1251(fh.read(4 * 1024 * 1024))


def detect_delimiter(first_line: str) -> str:
    """The separator of a CSV header: the most frequent of ; , and tab outside quotes (; on a tie)."""
    unquoted = re.sub(r'"[^"]*"', "", first_line)
    counts = {d: unquoted.count(d) for d in (";", ",", "\t", "|")}
    best = max(counts, key=lambda d: (counts[d], d == ";"))
    return best if counts[best] else ";"


def digest_file(path: Path) -> tuple[str, int | None]:
    """The file's SHA-256 and the offset of its first NUL byte (binary data or UTF-16 without a BOM), if any."""
    digest = hashlib.sha256()
    nul_at = None
    offset = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
            if nul_at is None and (pos := chunk.find(b"\x00")) >= 0:
                nul_at = offset + pos
            offset += len(chunk)
    return digest.hexdigest(), nul_at


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
    # Hashing runs beside parsing: both release the GIL, and on a 2 GB export each takes seconds.
    with ThreadPoolExecutor(max_workers=1) as pool:
        digest = pool.submit(digest_file, path)
        frame = enc = sep = None
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in head:
            digest.result()
            detect_encoding(path, scan_file(path), file_name, encoding)
        if wanted in ("", "utf-8"):
            sep = _delimiter_option(delimiter) or detect_delimiter(_first_line(head.decode("utf-8", errors="ignore")))
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
            source = text.encode("utf-8")
            del text
            try:
                frame = _read_csv(source, sep)
            except pl.exceptions.PolarsError:
                frame = _read_csv_slowly(source, sep, file_name)
        sha256, nul_at = digest.result()
    if nul_at is not None:
        raise FileError(
            _("Wrong encoding: expected UTF-8 or cp1251."),
            [
                file_error(
                    file_name,
                    "encoding",
                    _(ENCODING_EXPECTED),
                    row=_line_of(path, nul_at),
                    value=_("binary data or UTF-16 (byte 0x00)"),
                )
            ],
        )
    if frame.height == 0:
        raise FileError(_("The file is empty."), [file_error(file_name, "empty_file", _("a header row"), row=1)])
    headers = [(h or "").strip().lstrip("\ufeff") for h in frame.row(0)]
    frame = frame.slice(1).rename({c: f"col_{i}" for i, c in enumerate(frame.columns)})
    frame = frame.with_row_index(ROW, offset=2).with_columns(pl.col(ROW).cast(pl.Int64))
    return RawTable(frame=clean_cells(frame), headers=headers, encoding=enc, delimiter=sep, sha256=sha256)


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


def read_xlsx(path: Path, *, file_name: str, sheet: str | None = None) -> RawTable:
    """The sheet (the first, or the one named or numbered from 1) as strings; the first non-empty row is the header."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a zip that is not a workbook
        raise FileError(
            _("The file is not a valid XLSX workbook."),
            [file_error(file_name, "file_type", _("CSV or XLSX file"), value=str(exc)[:200])],
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
                            value=sheet,
                        )
                    ],
                )
        else:
            ws = wb.worksheets[0]
        headers: list[str] | None = None
        numbers: list[int] = []
        columns: list[list[str | None]] = []
        for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
            cells = [_xlsx_cell(v) for v in values]
            if headers is None:
                if any(c and c.strip() for c in cells):
                    headers = [(c or "").strip() for c in cells]
                    columns = [[] for _ in headers]
                continue
            if not any(c and c.strip() for c in cells):
                continue
            numbers.append(number)
            for i in range(len(headers)):
                columns[i].append(cells[i] if i < len(cells) else None)
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
