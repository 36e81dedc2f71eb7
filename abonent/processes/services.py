"""Application forms as PDF, and the open processes of a subscriber (for the card panel and the dashboard)."""

from __future__ import annotations

from html import escape

from django.db import models
from django.template import Context, Template, TemplateSyntaxError
from django.utils import timezone
from django.utils.translation import gettext as _

from abonent.core.pdf import build_pdf, styles
from abonent.subscribers.services import may_see_phones

from .models import PROCESS_MODELS, FormTemplate, ProcessRecord, ProcessSettings

BLANK = "______________________"


def form_context(template: FormTemplate, subscriber, record: ProcessRecord | None = None, user=None) -> dict:
    phones = [p for p in (subscriber.phones or "").split(",") if p]
    # With no user (a background job) the form is the operator's own paper and gets the number; a user who may not
    # see phones prints the form with the phone left blank, to be filled in by hand.
    phone = f"+{phones[0]}" if phones and (user is None or may_see_phones(user)) else ""
    employee = ""
    if user is not None and getattr(user, "is_authenticated", False):
        employee = user.get_full_name() or user.get_username()
    return {
        "subscriber": subscriber,
        "record": record,
        "request": getattr(record, "request", None),
        "operator": ProcessSettings.load(),
        "today": timezone.localdate(),
        "phone": phone,
        "employee": employee,
        "blank": BLANK,
    }


class _Missing:
    """A value the form asks for that the record does not have: prints the blank line to fill in by hand.

    False in `{% if %}` and to `|default:`, and any attribute of it is missing too, so `subscriber.tariff.name` of a
    subscriber with no tariff prints a blank even where Django would raise (a filter's argument, e.g.
    `|default:subscriber.tariff.name`, is resolved without its usual fallback and raised VariableDoesNotExist).
    """

    def __bool__(self) -> bool:
        return False

    def __str__(self) -> str:
        return BLANK

    # Templates look `a.b` up as a[b] first: any part of a missing value is missing. Python attribute access (as
    # the |date filter does) fails as for None, so filters print nothing and `|default:blank` takes over.
    def __getitem__(self, key):
        return self

    def __iter__(self):
        return iter(())


MISSING = _Missing()


class _Printable:
    """A model instance seen by a form template: an empty or absent value (or related object) becomes MISSING."""

    def __init__(self, instance):
        self._instance = instance

    def __getitem__(self, name):
        if not isinstance(name, str) or name.startswith("_"):
            raise KeyError(name)
        return _printable(getattr(self._instance, name, None))

    def __str__(self) -> str:
        return str(self._instance)


def _printable(value):
    if value is None or value == "":
        return MISSING
    if isinstance(value, models.Model):
        return _Printable(value)
    return value


class _FormContext(Context):
    """A name the template uses and the context lacks prints a blank too."""

    def __getitem__(self, key):
        try:
            return super().__getitem__(key)
        except KeyError:
            return MISSING


def render_text(text: str, context: dict) -> str:
    """One part of a form with its placeholders filled; a broken placeholder is shown, never a crash, and a
    missing value prints a visible blank line."""
    printable = {key: _printable(value) for key, value in context.items()}
    try:
        return Template(text).render(_FormContext(printable, autoescape=False))
    except TemplateSyntaxError as exc:
        return _("[error in the form template: %(error)s]") % {"error": exc}


def render_form(template: FormTemplate, subscriber, record: ProcessRecord | None = None, user=None) -> dict:
    """The filled parts of the form: header, title, body, footer (plain text)."""
    context = form_context(template, subscriber, record, user)
    return {
        "header": render_text(template.header, context).strip(),
        "title": template.title,
        "body": render_text(template.body, context).strip(),
        "footer": render_text(template.footer, context).strip(),
    }


def _paragraphs(text: str, style) -> list:
    from reportlab.platypus import Paragraph, Spacer

    story = []
    for block in text.split("\n\n"):
        if block.strip():
            story.append(Paragraph(escape(block.strip()).replace("\n", "<br/>"), style))
            story.append(Spacer(1, 6))
    return story


def form_pdf(template: FormTemplate, subscriber, record: ProcessRecord | None = None, user=None) -> bytes:
    """The application form filled from the subscriber (and the record) as an A4 PDF in DejaVu (Cyrillic)."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer, Table

    parts = render_form(template, subscriber, record, user)
    s = styles()
    body = ParagraphStyle("form-body", parent=s["body"], fontSize=11, leading=15, firstLineIndent=10 * mm)
    header = ParagraphStyle("form-header", parent=s["body"], fontSize=11, leading=14)
    title = ParagraphStyle("form-title", parent=s["title"], spaceBefore=12 * mm, spaceAfter=6 * mm)
    header_block = Paragraph(escape(parts["header"]).replace("\n", "<br/>"), header)
    story = [Table([["", header_block]], colWidths=[85 * mm, 90 * mm])]
    story.append(Paragraph(escape(parts["title"]), title))
    story += _paragraphs(parts["body"], body)
    story.append(Spacer(1, 12 * mm))
    story += _paragraphs(parts["footer"], ParagraphStyle("form-footer", parent=s["body"], fontSize=10, leading=14))
    return build_pdf(story, title=f"{parts['title']} — {subscriber.external_id}")


def forms_for(record: ProcessRecord | None) -> list[FormTemplate]:
    """Every form, the ones that fit the record's process first."""
    templates = list(FormTemplate.objects.all())
    if record is None:
        return templates
    order = {kind: i for i, kind in enumerate(record.FORM_KINDS)}
    return sorted(templates, key=lambda t: (order.get(t.kind, 99), t.title))


def open_processes(subscriber) -> list[ProcessRecord]:
    """The subscriber's open process records of every register, nearest deadline first."""
    found: list[ProcessRecord] = []
    for model in PROCESS_MODELS:
        found += list(
            model.objects.filter(subscriber=subscriber).exclude(status__in=model.CLOSED).select_related("responsible")
        )
    return sorted(found, key=lambda r: (r.deadline is None, r.deadline or timezone.localdate()))


def overdue_counts() -> list[tuple[type[ProcessRecord], int]]:
    """Open records past their deadline, per register (for the dashboard)."""
    today = timezone.localdate()
    return [
        (model, model.objects.exclude(status__in=model.CLOSED).filter(deadline__lt=today).count())
        for model in PROCESS_MODELS
    ]
