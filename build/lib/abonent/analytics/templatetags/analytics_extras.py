from django import template

from abonent.core.templatetags.abonent import pct

register = template.Library()


@register.filter
def pct_of_one(value, digits: int = 1) -> str:
    """A share (0.873) as a percentage ("87.3 %")."""
    return pct(None if value is None else float(value) * 100, digits)


@register.filter
def heat(value) -> str:
    """A background colour from red (0) through yellow to green (1) for the cohort table."""
    share = max(0.0, min(1.0, float(value or 0)))
    hue = int(120 * share)
    return f"hsl({hue}, 70%, 85%)"
