"""The mutation harness: real-looking files of every import kind, broken the ways exports break, and the verdict.

A sample is the file a user would load (the downloadable templates, the PBX and helpdesk examples of the tests).
A mutation changes it (line ends, encodings, header, cells, truncation, junk, XLSX bombs) and says what a user
may expect of the result: the same data as the sample, the same row counts, fewer rows, nothing, or a failure.
`check()` imports one mutated file in a savepoint and judges it: a run that stays running, an exception out of
the import, a failed run that wrote anything, a failure without a clear error (file, row or column, expected),
a success that is not what the mutation allows, or an import slower than the limit are each a finding.
"""

from __future__ import annotations

import csv
import functools
import io
import random
import re
import signal
import time
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.db import models, transaction

from abonent.calls.parsers import master_csv
from abonent.calls.tests.conftest import CDR_21, QUEUE_LOG
from abonent.core.export import build_workbook
from abonent.imports.formats import FORMATS, template_csv, template_xlsx
from abonent.tickets.importers import TICKETS

SAME, COUNTS, FEWER, NOTHING, FAIL, ANY = "same", "counts", "fewer", "nothing", "fail", "any"
# Errors of a whole file carry no row or column: the file as such is what is wrong.
FILE_LEVEL = {"encoding", "file_type", "empty_file", "sheet", "too_large", "time_limit", "line_ends", "mapping"}
MAX_VALUE = 200
SECONDS = 20
APPS = ("subscribers", "tickets", "surveys", "calls", "callcentre", "worklists", "churn")


class Hang(BaseException):
    """Raised by the alarm in an import that takes too long (a BaseException: no `except Exception` swallows it)."""


@dataclass
class Sample:
    kind: str
    name: str
    data: bytes
    header: bool = True
    delimiter: str = ";"
    numbers: tuple = ()  # header names (or field numbers without a header) holding numbers
    dates: tuple = ()  # … holding dates or times
    required: frozenset = frozenset()
    options: dict = field(default_factory=dict)
    row: int = 1  # the line the cell mutations change

    @property
    def text(self) -> str:
        return self.data.decode("utf-8-sig")

    @property
    def xlsx(self) -> bool:
        return self.data.startswith(b"PK")


@dataclass
class Mutation:
    name: str
    data: bytes
    allowed: frozenset
    mentions: str = ""  # a success must name this (an ignored column) in its message or warnings


@dataclass
class Verdict:
    kind: str
    mutation: str
    outcome: str  # succeeded, failed, unhandled, running, hang
    findings: list[str]
    seconds: float = 0.0
    after: dict | None = None  # the data after the import (before the savepoint is rolled back)


# Samples --------------------------------------------------------------------------------------------------------


def _rows_text(headers, rows, delimiter=";", end="\r\n") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator=end)
    writer.writerow(headers)
    writer.writerows(rows)
    return out.getvalue().encode()


TICKET_ROWS = [[c.examples[i] for c in TICKETS.columns] for i in range(2)]
SURVEY_ROWS = [["100001", "2026-02-01", "10", "Спасибо"], ["100002", "03.02.2026", "6", "Дорого"]]
SURVEY_HEADERS = ["Лицевой счёт", "Дата", "Оценка", "Комментарий"]
PBX_HEADERS = ["ID звонка", "Время", "Кто звонил", "Куда звонил", "Статус", "Длительность разговора", "Ожидание"]
PBX_ROWS = [
    ["a-1", "02.11.2025 10:00:00", "+7 (343) 111-22-44", "74952000000", "Принят", "125", "12"],
    ["a-2", "02.11.2025 10:10:00", "79990001122", "74952000000", "Пропущен", "0", "61"],
]
NUMBERS = {
    "subscribers": ("phones",),
    "tariffs": ("monthly_fee", "speed_mbps"),
    "payments": ("amount",),
    "charges": ("charged", "balance"),
    "usage": ("bytes",),
}
DATES = {
    "subscribers": ("connected_on",),
    "services": ("started_on",),
    "payments": ("paid_at",),
    "charges": ("month",),
    "usage": ("date",),
}


def samples() -> list[Sample]:
    out = []
    for kind, fmt in FORMATS.items():
        required = frozenset(c.name for c in fmt.columns if c.required)
        common = dict(numbers=NUMBERS.get(kind, ()), dates=DATES.get(kind, ()), required=required)
        out.append(Sample(kind, f"{kind}.csv", template_csv(kind), **common))
        out.append(Sample(kind, f"{kind}.xlsx", template_xlsx(kind), **common))
    tickets_required = frozenset(c.name for c in TICKETS.columns if c.required)
    ticket_headers = [c.name for c in TICKETS.columns]
    out.append(
        Sample(
            "tickets",
            "tickets.csv",
            _rows_text(ticket_headers, TICKET_ROWS),
            dates=("opened_at",),
            required=tickets_required,
        )
    )
    out.append(
        Sample(
            "tickets",
            "tickets.xlsx",
            build_workbook([("tickets", ticket_headers, TICKET_ROWS)]),
            dates=("opened_at",),
            required=tickets_required,
        )
    )
    survey = dict(numbers=("Оценка",), dates=("Дата",), required=frozenset({"Лицевой счёт", "Дата", "Оценка"}))
    out.append(Sample("survey_answers", "answers.csv", _rows_text(SURVEY_HEADERS, SURVEY_ROWS, end="\n"), **survey))
    out.append(
        Sample("survey_answers", "answers.xlsx", build_workbook([("answers", SURVEY_HEADERS, SURVEY_ROWS)]), **survey)
    )
    out.append(
        Sample(
            "pbx_csv",
            "calls.csv",
            _rows_text(PBX_HEADERS, PBX_ROWS, end="\n"),
            numbers=("Длительность разговора", "Ожидание"),
            dates=("Время",),
            required=frozenset({"ID звонка", "Время", "Статус"}),
            options={"mapping": "Облачная АТС"},
        )
    )
    out.append(
        Sample(
            "cdr",
            "Master.csv",
            CDR_21.encode(),
            header=False,
            delimiter=",",
            numbers=(12, 13, 20),
            dates=(9, 10, 11),
            row=0,
        )
    )
    cdr16 = master_csv(csv.reader(io.StringIO(CDR_21)), 16)
    out.append(
        Sample(
            "cdr", "Master16.csv", cdr16.encode(), header=False, delimiter=",", numbers=(12, 13), dates=(9, 11), row=0
        )
    )
    out.append(
        Sample(
            "queue_log", "queue_log", QUEUE_LOG.encode(), header=False, delimiter="|", numbers=(5,), dates=(0,), row=6
        )
    )
    return out


def setup(kind: str, tmp: Path) -> None:
    """What a sample of `kind` refers to: the template subscribers and tariffs, a survey, a user, a mapping."""
    import datetime as dt

    from django.contrib.auth import get_user_model

    from abonent.calls.models import PbxColumnMapping
    from abonent.imports.services import import_file
    from abonent.surveys.models import Survey

    if kind in ("subscribers", "tariffs"):
        if kind == "subscribers":
            _import_ok("tariffs", tmp)
        return
    for base in ("subscribers", "tariffs"):
        _import_ok(base, tmp)
    if kind in ("services", "payments", "charges", "usage"):
        return
    get_user_model().objects.create_user(username="tech1", password="x")
    Survey.objects.create(name="NPS 2026", starts_on=dt.date(2025, 1, 1))
    PbxColumnMapping.objects.create(
        name="Облачная АТС",
        columns=dict(
            zip(
                ["call_id", "started_at", "caller", "callee", "outcome", "talk_seconds", "wait_seconds"],
                PBX_HEADERS,
                strict=True,
            )
        ),
        datetime_format="%d.%m.%Y %H:%M:%S",
        outcome_values={"Принят": "answered", "Пропущен": "abandoned"},
    )
    assert import_file  # imported for _import_ok


def _import_ok(kind: str, tmp: Path) -> None:
    from abonent.imports.services import import_file

    path = tmp / f"base-{kind}.csv"
    path.write_bytes(template_csv(kind))
    run = import_file(kind, path)
    assert run.status == "succeeded", (kind, run.errors)


# Mutations ------------------------------------------------------------------------------------------------------


def _parse(sample: Sample) -> tuple[list[list[str]], str]:
    text = sample.text
    end = "\r\n" if "\r\n" in text else "\n"
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=sample.delimiter)), end


def _write(rows, sample: Sample, end: str, bom: bool | None = None) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=sample.delimiter, lineterminator=end).writerows(rows)
    bom = sample.data.startswith(b"\xef\xbb\xbf") if bom is None else bom
    return ("\ufeff" if bom else "").encode() + out.getvalue().encode()


def _column(rows, sample: Sample, name) -> int | None:
    if isinstance(name, int):
        return name
    headers = [h.lstrip("\ufeff") for h in rows[0]]
    return headers.index(name) if name in headers else None


def _with_cell(sample: Sample, column, value: Callable[[str], str]) -> bytes:
    rows, end = _parse(sample)
    index = _column(rows, sample, column)
    rows[sample.row][index] = value(rows[sample.row][index])
    return _write(rows, sample, end)


def _year(value: str, year: str) -> str:
    if value.isdigit() and len(value) == 10:  # a Unix time
        return {"2099": "4102400000", "1901": "100"}[year]
    return re.sub(r"(19|20)\d\d", year, value)


def text_mutations(sample: Sample) -> list[Mutation]:
    data, text = sample.data, sample.text
    bom = b"\xef\xbb\xbf" if data.startswith(b"\xef\xbb\xbf") else b""
    body = data[len(bom) :]
    lf = body.replace(b"\r\n", b"\n")
    lines = lf.split(b"\n")
    rows, end = _parse(sample)
    m: list[Mutation] = []

    def add(name, content, *allowed, mentions=""):
        m.append(Mutation(name, content, frozenset(allowed), mentions))

    add("lf", bom + lf, SAME)
    add("crlf", bom + lf.replace(b"\n", b"\r\n"), SAME)
    add(
        "mixed_line_ends",
        bom + b"".join(line + (b"\r\n" if i % 2 else b"\n") for i, line in enumerate(lines[:-1])),
        SAME,
    )
    add("cr_only", bom + lf.replace(b"\n", b"\r"), FAIL)
    first = lines[0]
    add("stray_cr_in_header", bom + first[: len(first) // 2] + b"\r" + lf[len(first) // 2 :], FAIL)
    row_at = len(b"\n".join(lines[: sample.row])) + 1 if sample.row else 0
    row_len = len(lines[sample.row])
    middle = row_at + row_len // 2
    add("stray_cr_in_row", bom + lf[:middle] + b"\r" + lf[middle:], FAIL)
    add("nul_in_row", bom + lf[:middle] + b"\x00" + lf[middle:], FAIL)
    add("bom_in_row", bom + lf[:middle] + b"\xef\xbb\xbf" + lf[middle:], FAIL)
    add("bom_toggled", body if bom else b"\xef\xbb\xbf" + body, SAME)
    add("blank_lines", bom + lf.replace(b"\n", b"\n\n"), SAME)
    for codec, label in (
        ("utf-16", "utf16"),
        ("utf-16-be", "utf16be_nobom"),
        ("utf-32", "utf32"),
        ("utf-32-be", "utf32be_nobom"),
    ):
        add(label, text.encode(codec), FAIL)
    add("utf16le_bom_explicit", b"\xff\xfe" + text.encode("utf-16-le"), FAIL)
    ascii_only = all(ord(c) < 128 for c in text)
    try:
        add("cp1251", text.encode("cp1251"), SAME)
    except UnicodeEncodeError:
        pass
    if not ascii_only:
        try:
            add("koi8_r", text.encode("koi8-r"), FAIL, SAME if not sample.header else FAIL)
        except UnicodeEncodeError:
            pass
    add("empty", b"", FAIL)
    add("binary_junk", random.Random(7).randbytes(4096), FAIL)
    add("zip_junk", b"PK\x03\x04" + random.Random(8).randbytes(2000), FAIL)
    # Truncation: at a line end (the last row goes), mid-row, and mid-file (maybe inside a UTF-8 letter).
    add("truncated_at_line", bom + b"\n".join(lines[:-2]) + b"\n", FEWER, FAIL)
    last_row = lf.rstrip(b"\n").rfind(b"\n") + 1
    add("truncated_mid_row", bom + lf[: last_row + (len(lf) - last_row) // 2], FEWER, FAIL)
    add("truncated_half", data[: len(data) // 2], FEWER, FAIL)
    add("row_repeated", bom + lf + lines[sample.row] + b"\n", FAIL, SAME)
    add("padded_cells", _write([[f"  {c} " if c else c for c in r] for r in rows], sample, end), SAME)
    many = [r + [f"x{i}" for i in range(20_000)] for r in rows[:2]]
    add("twenty_thousand_columns", _write(many, sample, end), FAIL)
    quote_at = row_at + lines[sample.row].find(sample.delimiter.encode()) + 1
    # A quote means nothing in a queue_log: there it is part of the value.
    literal = (ANY,) if sample.kind == "queue_log" else ()
    add("lone_quote", bom + lf[:quote_at] + b'"' + lf[quote_at:], FAIL, COUNTS, SAME, *literal)
    if sample.header:
        add("only_header", bom + lines[0] + b"\n", NOTHING, FAIL)
        headers = [h.lstrip("\ufeff") for h in rows[0]]
        # One required and one optional column of each sample is dropped and renamed.
        chosen = [h for h in headers if h in sample.required][:1] + [h for h in headers if h not in sample.required][:1]
        for i, name in enumerate(headers):
            if name not in chosen:
                continue
            drop = [r[:i] + r[i + 1 :] for r in rows]
            required = name in sample.required
            add(f"drop:{name}", _write(drop, sample, end), *((FAIL,) if required else (COUNTS, FAIL)))
            renamed = [list(r) for r in rows]
            renamed[0][i] = "Примечание оператора"
            add(
                f"rename:{name}",
                _write(renamed, sample, end),
                *((FAIL,) if required else (COUNTS, FAIL)),
                mentions="Примечание оператора",
            )
        add("duplicate_column", _write([r + [r[0]] for r in rows], sample, end), FAIL)
        add(
            "extra_column",
            _write([rows[0] + ["Примечание"]] + [r + ["любой текст"] for r in rows[1:]], sample, end),
            SAME,
            mentions="Примечание",
        )
        add(
            "unnamed_column_with_values",
            _write([rows[0] + [""]] + [r + ["значение"] for r in rows[1:]], sample, end),
            FAIL,
        )
        add("comma_delimited", _write(rows, Sample(sample.kind, "", b"", delimiter=","), end, bom=bool(bom)), SAME)
        key = headers[0]
        add("huge_cell", _with_cell(sample, key, lambda v: "Я" * 60_000), FAIL)
    else:
        # queue_log lines carry up to five data fields whatever the event: one more is read past.
        extra = (SAME,) if sample.kind == "queue_log" else ()
        add("extra_field", _write([r + ["x"] for r in rows], sample, end), FAIL, *extra)
        add("huge_cell", _with_cell(sample, 1, lambda v: "9" * 60_000), FAIL, SAME)
    for column in sample.numbers:
        add(f"not_a_number:{column}", _with_cell(sample, column, lambda v: "abc"), FAIL)
    for column in sample.dates:
        add(f"far_future:{column}", _with_cell(sample, column, lambda v: _year(v, "2099")), FAIL)
        add(f"ancient:{column}", _with_cell(sample, column, lambda v: _year(v, "1901")), FAIL)
    if sample.kind == "cdr":
        add(
            "lowercase_disposition",
            CDR_21.replace('"ANSWERED"', '"answered"').encode()
            if "Master.csv" == sample.name
            else text.replace('"ANSWERED"', '"answered"').encode(),
            SAME,
        )

        def swap(r):
            r[9], r[11] = r[11], r[9]
            return r

        rows2 = [list(r) for r in rows]
        rows2[0] = swap(rows2[0])
        add("ends_before_it_starts", _write(rows2, sample, end), FAIL)
    return m


def raw_xlsx(sheet_xml: bytes, *, strings: bytes | None = None) -> bytes:
    """A minimal workbook around one sheet's XML, as a hostile or careless writer would produce it."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        )
        z.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        z.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        )
        z.writestr("xl/worksheets/sheet1.xml", sheet_xml)
    return buf.getvalue()


def _sheet(rows_xml: str, dimension: str = "") -> bytes:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"{dim}<sheetData>{rows_xml}</sheetData></worksheet>"
    ).encode()


def _inline_row(number: int, cells: list[str]) -> str:
    from openpyxl.utils import get_column_letter

    inner = "".join(
        f'<c r="{get_column_letter(i + 1)}{number}" t="inlineStr"><is><t>{v}</t></is></c>' for i, v in enumerate(cells)
    )
    return f'<row r="{number}">{inner}</row>'


@functools.cache
def _bombs() -> tuple[bytes, bytes, bytes, bytes]:
    """The hostile workbooks, the same for every sample (built once: the bomb takes a moment to pack)."""
    return (
        raw_xlsx(
            _sheet(_inline_row(1, ["a"]) + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>', "A1:XFD1048576")
        ),
        raw_xlsx(
            _sheet(
                _inline_row(1, ["account", "x"]) + '<row r="1048576"><c r="A1048576"><v>1</v></c></row>',
                "A1:XFD1048576",
            )
        ),
        raw_xlsx(_sheet(_inline_row(1, ["a"]) + "<row/>" * 3_000_000)),
        raw_xlsx(
            _sheet(
                _inline_row(1, ["a"]) + "".join(f'<row r="{i}"><c r="A{i}"><v>1</v></c></row>' for i in range(2, 6_002))
            )
        ),
    )


def xlsx_mutations(sample: Sample) -> list[Mutation]:
    data = sample.data
    wide, tall, bomb, many = _bombs()
    m = [
        Mutation("xlsx_truncated", data[: len(data) // 2], frozenset({FAIL})),
        Mutation("xlsx_empty_sheet", raw_xlsx(_sheet("")), frozenset({FAIL})),
        Mutation("xlsx_declared_A1:XFD1048576", wide, frozenset({FAIL})),
        Mutation("xlsx_cell_in_last_row", tall, frozenset({FAIL})),
        Mutation("xlsx_zip_bomb", bomb, frozenset({FAIL})),
        Mutation("xlsx_6k_rows_over_the_limit", many, frozenset({FAIL})),
    ]
    return m


def mutations(sample: Sample) -> list[Mutation]:
    return xlsx_mutations(sample) if sample.xlsx else text_mutations(sample)


# Judging --------------------------------------------------------------------------------------------------------


def _fields(model) -> list[str]:
    names = []
    for f in model._meta.concrete_fields:
        if f.primary_key or f.name in ("history_date", "history_id", "history_user", "import_run", "import_key"):
            continue
        if isinstance(f, models.DateTimeField) and (f.auto_now or f.auto_now_add):
            continue
        if isinstance(f, models.ForeignKey) and f.related_model._meta.label == "imports.ImportRun":
            continue
        names.append(f.attname)
    return names


def fingerprint() -> dict[str, list]:
    """Every row the imports (and what follows them) may write, without ids, runs and clocks."""
    out = {}
    for model in apps.get_models():
        if model._meta.app_label not in APPS or model._meta.proxy:
            continue
        fields = _fields(model)
        out[model._meta.label] = sorted(map(repr, model.objects.values_list(*fields)))
    return out


def counts_of(print_: dict[str, list]) -> dict[str, int]:
    return {k: len(v) for k, v in print_.items()}


def _derived(label: str) -> bool:
    """Rows the import's followers write with their own clocks (history, work items, callbacks): counted only."""
    return ".Historical" in label or label.split(".")[0] in ("worklists", "callcentre")


def same(after: dict, original: dict) -> bool:
    """The same data: equal rows, and for derived tables equal counts."""
    return after.keys() == original.keys() and all(
        len(after[k]) == len(original[k]) if _derived(k) else after[k] == original[k] for k in after
    )


def clear(error: dict, file_name: str) -> str:
    """Why an error is not one a user can act on ('' when it is)."""
    if not isinstance(error, dict) or not {"file", "row", "column", "value", "expected"} <= set(error):
        return "error without file/row/column/value/expected"
    if error["file"] != file_name:
        return f"error names file {error['file']!r}"
    if not str(error.get("expected") or ""):
        return "error without expected"
    if error.get("row") in (None, "") and not error.get("column") and error.get("code") not in FILE_LEVEL:
        return f"error {error.get('code')!r} names neither row nor column"
    if len(str(error.get("value") or "")) > MAX_VALUE:
        return f"error value of {len(str(error['value']))} characters"
    return ""


def check(
    sample: Sample, mutation: Mutation, tmp: Path, original: dict, seconds: float = SECONDS, before: dict | None = None
) -> Verdict:
    """Import the mutated file in a savepoint that is rolled back, and judge what happened.

    `before` is the data before the import when the caller knows it (every mutation of a sample starts alike).
    """
    from abonent.imports.models import ImportRun
    from abonent.imports.services import import_file

    suffix = Path(sample.name).suffix
    path = tmp / f"{mutation.name.replace(':', '-').replace('/', '-')[:60]}{suffix}"
    path.write_bytes(mutation.data)
    findings: list[str] = []
    outcome = ""
    started = time.monotonic()
    with transaction.atomic():
        before = before if before is not None else fingerprint()

        def alarm(*_):
            raise Hang()

        previous = signal.signal(signal.SIGALRM, alarm)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        run = after = None
        try:
            run = import_file(sample.kind, path, file_name=sample.name, **sample.options)
        except Hang:
            outcome = "hang"
            findings.append(f"took more than {seconds} s")
        except Exception as exc:  # the very thing the harness looks for
            outcome = "unhandled"
            findings.append(f"unhandled {type(exc).__name__}: {str(exc)[:120]}")
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        elapsed = time.monotonic() - started
        if outcome in ("hang", "unhandled"):
            stuck = ImportRun.objects.filter(status__in=["pending", "running"]).exists()
            if stuck:
                findings.append("a run was left running")
        if run is not None:
            run.refresh_from_db()
            outcome = run.status
            after = fingerprint()
            if run.status not in ("succeeded", "failed"):
                findings.append(f"run left {run.status}")
            elif run.status == "failed":
                if after != before:
                    findings.append("partial write: a failed import changed data")
                if FAIL not in mutation.allowed:
                    findings.append(f"refused a file that should import: {run.message[:150]}")
                if not run.errors:
                    findings.append(f"failed without an error list: {run.message[:150]}")
                for error in run.errors:
                    if why := clear(error, sample.name):
                        findings.append(why)
                        break
            else:
                findings.extend(_judge_success(mutation, run, before, after, original))
        transaction.set_rollback(True)
    return Verdict(sample.kind, f"{sample.name} {mutation.name}", outcome, findings, elapsed, after)


def _judge_success(mutation: Mutation, run, before, after, original) -> list[str]:
    allowed = mutation.allowed
    if ANY in allowed:
        return []
    if allowed == {FAIL}:
        return [f"accepted a file that must be refused ({run.message[:120]})"]
    if mutation.mentions:
        said = run.message + " " + repr(getattr(run, "warnings", "") or "")
        if mutation.mentions not in said:
            return [f"did not say it ignored «{mutation.mentions}»"]
    if SAME in allowed and same(after, original):
        return []
    if COUNTS in allowed and counts_of(after) == counts_of(original):
        return []
    if NOTHING in allowed and after == before:
        return []
    if FEWER in allowed and all(n <= counts_of(original)[k] for k, n in counts_of(after).items()):
        return []
    changed = [k for k in after if after[k] != original.get(k)]
    return [f"succeeded with other data than allowed ({', '.join(sorted(allowed))}): {', '.join(changed)[:150]}"]


def summary(verdicts: list[Verdict]) -> str:
    findings = Counter()
    for v in verdicts:
        for f in v.findings:
            findings[re.sub(r"[:(].*", "", f).strip()] += 1
    failed = sum(v.outcome == "failed" for v in verdicts)
    lines = [
        f"files tried: {len(verdicts)}",
        f"refused: {failed}, imported: {sum(v.outcome == 'succeeded' for v in verdicts)}",
        f"with findings: {sum(bool(v.findings) for v in verdicts)}",
        f"partial writes: {sum(any('partial write' in f for f in v.findings) for v in verdicts)}",
        f"unhandled errors: {sum(v.outcome == 'unhandled' for v in verdicts)}",
        f"hung (> {SECONDS} s): {sum(v.outcome == 'hang' for v in verdicts)}",
        f"left running: {sum(any('running' in f for f in v.findings) for v in verdicts)}",
        f"slowest: {max((v.seconds for v in verdicts), default=0):.1f} s",
        "findings by kind: " + "; ".join(f"{k} ×{n}" for k, n in findings.most_common()),
    ]
    return "\n".join(lines)
