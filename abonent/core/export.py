"""XLSX and CSV exports shared by every register and report.

Both write text that a spreadsheet would take for a formula (OWASP's CSV injection: a cell starting with =, +, -, @,
tab or carriage return, such as a subscriber named `=HYPERLINK("http://x","click me")`) as text: in XLSX a string
cell with the quote prefix, shown as it is; in CSV, which has no types, with a leading apostrophe. Numbers and dates
stay numbers and dates.
"""

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

from django.http import HttpResponse
from django.utils import timezone

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def formula_like(value) -> bool:
    """Text a spreadsheet would run as a formula, or turn into one when the cell is edited."""
    return isinstance(value, str) and value.startswith(FORMULA_START)


def _cell(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if value is None or isinstance(value, int | float | date | str):
        return value
    return str(value)


def _append(ws, values: list) -> None:
    """One row; a formula-like text goes in as a string cell with the quote prefix (openpyxl would write it as a
    formula), so the spreadsheet shows it literally and keeps it text when the cell is edited."""
    ws.append(values)
    for column, value in enumerate(values, start=1):
        if formula_like(value):
            cell = ws.cell(row=ws.max_row, column=column)
            cell.data_type = "s"
            cell.quotePrefix = True


def build_workbook(sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence]]]) -> bytes:
    """Sheets of (title, headers, rows) as an XLSX file; headers bold, columns sized to their header."""
    # Imported here: openpyxl takes a tenth of a second to load, and every command (an import of a CSV among them)
    # would pay it for an export it does not make.
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    for title, headers, rows in sheets:
        ws = wb.create_sheet(title=str(title)[:31])
        _append(ws, [str(h) for h in headers])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows:
            _append(ws, [_cell(v) for v in row])
        for i, h in enumerate(headers, start=1):
            ws.column_dimensions[get_column_letter(i)].width = max(10, min(50, len(str(h)) + 4))
        ws.freeze_panes = "A2"
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()


def xlsx_response(filename: str, sheets) -> HttpResponse:
    response = HttpResponse(build_workbook(sheets), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_cell(value):
    """A value as a CSV cell: formula-like text with a leading apostrophe; None empty; numbers as they are."""
    value = _cell(value)
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return "'" + value if formula_like(value) else value


def csv_response(filename: str, headers: Sequence[str], rows: Iterable[Sequence], *, delimiter: str = ";"):
    """A CSV download: UTF-8 with a BOM (so Excel opens it as UTF-8), `;`-separated, every cell through csv_cell()."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow([csv_cell(str(h)) for h in headers])
    writer.writerows([csv_cell(v) for v in row] for row in rows)
    response = HttpResponse(buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
