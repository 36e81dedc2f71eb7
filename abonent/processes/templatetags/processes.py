from django import template
from django.utils import timezone

from ..models import FormTemplate

register = template.Library()


@register.filter
def model_name(obj) -> str:
    return obj._meta.model_name


@register.filter
def field_value(obj, name: str):
    """A field's value for the card: choices as their label, dates as DD.MM.YYYY, empty as None."""
    display = getattr(obj, f"get_{name}_display", None)
    value = display() if display else getattr(obj, name)
    if value in ("", None):
        return None
    if hasattr(value, "hour"):
        return timezone.localtime(value).strftime("%d.%m.%Y %H:%M")
    if hasattr(value, "strftime"):
        return value.strftime("%d.%m.%Y")
    return value


@register.filter
def verbose_name(obj) -> str:
    return obj._meta.verbose_name


@register.filter
def verbose_name_plural(model) -> str:
    return model._meta.verbose_name_plural


@register.filter
def list_url_name(model) -> str:
    return f"processes:{model._meta.model_name}_list"


@register.filter
def first_form(record):
    """The pk of the usual application form of the record's process."""

    kinds = getattr(record, "FORM_KINDS", ())
    found = FormTemplate.objects.filter(kind=kinds[0]).values_list("pk", flat=True).first() if kinds else None
    return found or 0
