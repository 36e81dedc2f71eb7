"""PDF documents with Cyrillic text: reportlab with the DejaVu fonts (Debian's fonts-dejavu-core, or ReportLab's
bundled fonts as a fallback would lose Cyrillic, so a missing font is a clear error).

`pdf_document(title)` gives a Platypus story builder; `pdf_response` sends the bytes as a download.
"""

from __future__ import annotations

import io
from pathlib import Path

from django.http import HttpResponse
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import SimpleDocTemplate

FONT_DIRS = [Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"), Path("/usr/local/share/fonts")]
FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"


class FontMissing(RuntimeError):
    """The DejaVu fonts are not installed (apt-get install fonts-dejavu-core)."""


def register_fonts() -> None:
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    for directory in FONT_DIRS:
        regular, bold = directory / f"{FONT}.ttf", directory / f"{FONT_BOLD}.ttf"
        if regular.exists() and bold.exists():
            pdfmetrics.registerFont(TTFont(FONT, str(regular)))
            pdfmetrics.registerFont(TTFont(FONT_BOLD, str(bold)))
            pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)
            return
    raise FontMissing("DejaVu fonts not found for Cyrillic PDFs: apt-get install fonts-dejavu-core")


def styles() -> dict[str, ParagraphStyle]:
    """Paragraph styles in DejaVu: body, small, title, heading, right (for signatures and dates)."""
    register_fonts()
    base = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=base["BodyText"], fontName=FONT, fontSize=10, leading=13)
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=8, leading=10),
        "title": ParagraphStyle("title", parent=base["Title"], fontName=FONT_BOLD, fontSize=14, leading=18),
        "heading": ParagraphStyle("heading", parent=base["Heading2"], fontName=FONT_BOLD, fontSize=11, leading=14),
        "right": ParagraphStyle("right", parent=body, alignment=2),
    }


def build_pdf(story: list, *, title: str, author: str = "Abonent", landscape: bool = False) -> bytes:
    """Lay out a Platypus story on A4 and return the PDF bytes."""
    from reportlab.lib.pagesizes import landscape as rotate

    register_fonts()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=rotate(A4) if landscape else A4,
        leftMargin=20 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=title,
        author=author,
    )
    document.build(story)
    return buffer.getvalue()


def pdf_response(data: bytes, file_name: str, *, inline: bool = True) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{file_name}"'
    return response


def pdf_text(data: bytes) -> str:
    """The text of a PDF (tests check that Cyrillic came out as text, not as boxes)."""
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
