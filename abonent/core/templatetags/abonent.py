from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.db.models import SlugField
from django.utils.formats import number_format
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.translation import gettext as _

from abonent.core.access import may_open

register = template.Library()


@register.filter
def openable(url, user) -> bool:
    """`{% if url|openable:user %}`: the user may open the page behind `url` (core.access.may_open)."""
    return bool(url) and may_open(user, str(url))


@register.simple_tag(takes_context=True)
def link(context, url, text, **attrs):
    """`{% link url text class="…" %}`: a link when the user may open `url`, else `text` alone (no dead end)."""
    request = context.get("request")
    user = context.get("user") or getattr(request, "user", None)
    if not url or (user is not None and not may_open(user, str(url), request)):
        return conditional_escape(text)
    extra = format_html_join("", ' {}="{}"', ((name.rstrip("_"), value) for name, value in attrs.items()))
    return format_html('<a href="{}"{}>{}</a>', url, extra, text)


@register.filter
def model_url(obj, action: str) -> str:
    """URL name of a model's view: `{% url object|model_url:'edit' object.pk %}`."""
    return f"{obj._meta.app_label}:{obj._meta.model_name}_{action}"


@register.filter
def fields(obj, hidden=()) -> list[dict]:
    """The record's concrete fields as label/value pairs for a generic card, but those in `hidden` (the names the
    user may not see: `object|fields:hidden_fields`)."""
    rows = []
    for field in obj._meta.fields:
        if field.name in ("id", "import_run") or field.name in (hidden or ()):
            continue
        display = getattr(obj, f"get_{field.name}_display", None)
        rows.append(
            {
                "label": field.verbose_name,
                "value": display() if display else readable_number(getattr(obj, field.name)),
                # A code (a slug the operator types, a billing id) reads as a code, not as a word of the page.
                "is_code": isinstance(field, SlugField) or field.name in ("code", "external_id"),
            }
        )
    return rows


@register.filter
def amount(value, digits: int = 0) -> str:
    """An amount where the column names its unit: rounded, with the thousands separator: «13 742»."""
    if value in (None, ""):
        return "—"
    try:
        rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-int(digits)), rounding=ROUND_HALF_UP)
    except InvalidOperation:
        return str(value)
    return number_format(rounded, decimal_pos=int(digits), force_grouping=True)


@register.filter
def money(value, digits: int = 0) -> str:
    """An amount in roubles, rounded, with the locale's thousands separator: `13741.91|money` → «13 742 ₽»."""
    text = amount(value, digits)
    return text if text == "—" else f"{text}\u00a0₽"


@register.filter
def count(value) -> str:
    """A whole number with the locale's thousands separator: `20000|count` → «20 000»."""
    if value in (None, ""):
        return "—"
    return number_format(int(value), force_grouping=True)


@register.filter
def pct(value, digits: int = 1) -> str:
    if value is None:
        return "—"
    return f"{value:.{int(digits)}f}".replace(".", ",") + " %"


@register.filter
def pp(value, digits: int = 1) -> str:
    """A deviation in percentage points with its sign."""
    if value is None:
        return "—"
    return f"{value:+.{int(digits)}f}".replace(".", ",") + " " + _("pp")


@register.filter
def badge(value, color: str = "secondary"):
    return format_html('<span class="badge text-bg-{}">{}</span>', color, value)


@register.simple_tag
def choice_color(choices_class_colors: dict, value) -> str:
    return choices_class_colors.get(value, "secondary")


def readable_number(value):
    """A number as a reader sees it (thousands separator, the language's decimal mark); anything else as it is."""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return number_format(value, force_grouping=True)
    return value
