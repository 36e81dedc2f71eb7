"""The audit scorecard: every metric for a period against the head's target, coloured, and its PDF."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from abonent.core.choices import hex_of
from abonent.core.pdf import FONT, FONT_BOLD, build_pdf, styles

from .choices import Area, Status
from .metrics import METRIC_LIST, Figure, Metric, Period
from .models import AuditTarget


@dataclass
class Row:
    metric: Metric
    figure: Figure
    target: AuditTarget | None
    status: str

    @property
    def area_label(self) -> str:
        return str(Area(self.metric.area).label)

    @property
    def value_display(self) -> str:
        return format_value(self.figure.value, self.metric.unit)

    @property
    def target_display(self) -> str:
        if self.target is None:
            return "—"
        sign = "≥" if self.target.direction == "higher" else "≤"
        return f"{sign}\u00a0{format_value(float(self.target.target), self.metric.unit, compact=True)}"

    @property
    def amber_display(self) -> str:
        if self.target is None:
            return "—"
        return format_value(float(self.target.amber), self.metric.unit, compact=True)

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label)

    @property
    def color(self) -> str:
        return Status.color_of(self.status)


def format_value(value: float | None, unit: str, *, compact: bool = False) -> str:
    """A percentage with 1 decimal (`compact`: none when whole, so targets read "≥ 90 %"), whole seconds."""
    if value is None:
        return "—"
    if unit == "%":
        whole = compact and float(value).is_integer()
        text = f"{value:.0f}" if whole else f"{value:.1f}".replace(".", ",")
        return text + "\u00a0%"
    if unit == "s":
        return f"{value:.0f}\u00a0" + _("s")
    return f"{value:.2f}".replace(".", ",")


def scorecard(start: dt.date, end: dt.date) -> list[Row]:
    period = Period(start, end)
    targets = AuditTarget.objects.in_bulk(field_name="code")
    rows = []
    for metric in METRIC_LIST:
        figure = metric.compute(period)
        target = targets.get(metric.code)
        if figure.value is None:
            status = Status.NO_DATA
        elif target is None:
            status = Status.NO_TARGET
        else:
            status = target.status(figure.value)
        rows.append(Row(metric=metric, figure=figure, target=target, status=str(status)))
    return rows


def summary(rows: list[Row]) -> dict[str, int]:
    counts = {s: 0 for s in Status.values}
    for row in rows:
        counts[row.status] += 1
    return counts


def scorecard_pdf(rows: list[Row], start: dt.date, end: dt.date) -> bytes:
    """The scorecard as a landscape A4 table with coloured status cells, for a management meeting."""
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    st = styles()
    title = _("Subscriber department audit scorecard")
    story = [
        Paragraph(title, st["title"]),
        Paragraph(
            _("Period: %(start)s — %(end)s") % {"start": f"{start:%d.%m.%Y}", "end": f"{end:%d.%m.%Y}"}, st["body"]
        ),
        Spacer(1, 4 * mm),
    ]
    header = [_("Area"), _("Metric"), _("Value"), _("Target"), _("Amber from"), _("Status"), _("Basis")]
    data = [[Paragraph(h, st["small"]) for h in header]]
    for row in rows:
        basis = row.figure.detail or row.figure.note
        if row.figure.detail and row.figure.note:
            basis = f"{row.figure.detail}. {row.figure.note}"
        data.append(
            [
                Paragraph(row.area_label, st["small"]),
                Paragraph(str(row.metric.name), st["small"]),
                row.value_display,
                row.target_display,
                row.amber_display,
                row.status_label,
                Paragraph(basis, st["small"]),
            ]
        )
    table = Table(data, colWidths=[38 * mm, 62 * mm, 22 * mm, 22 * mm, 20 * mm, 26 * mm, 72 * mm], repeatRows=1)
    style = [
        ("FONT", (0, 0), (-1, -1), FONT, 8),
        ("FONT", (0, 0), (-1, 0), FONT_BOLD, 8),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dddddd")),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (2, 1), (4, -1), "RIGHT"),
    ]
    for i, row in enumerate(rows, start=1):
        style.append(("BACKGROUND", (5, i), (5, i), colors.HexColor(hex_of(Status.color_of(row.status)))))
        style.append(("BACKGROUND", (2, i), (2, i), colors.HexColor(hex_of(Status.color_of(row.status)))))
    table.setStyle(TableStyle(style))
    story.append(table)
    return build_pdf(story, title=title, landscape=True)
