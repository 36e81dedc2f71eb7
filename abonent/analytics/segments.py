"""Segment conditions and the filter that applies a saved segment to any register with a subscriber."""

from __future__ import annotations

import datetime as dt

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Conditions a segment may hold; each maps to Subscriber's own denormalised columns (no joins over the base).
#   kind, service_type, city, district: a value or a list of values
#   tariff: tariff id or list of ids
#   tenure_months: [min, max) in whole months since connection; either end may be null
#   arpu: [min, max) in RUB; either end may be null
#   status: a value or a list of values
SEGMENT_KEYS = ("kind", "service_type", "city", "district", "tariff", "tenure_months", "arpu", "status")


def _values(value) -> list:
    return value if isinstance(value, list | tuple) else [value]


def _months_before(today: dt.date, months: int) -> dt.date:
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    day = min(today.day, 28)
    return dt.date(year, month + 1, day)


def apply_definition(queryset: QuerySet, definition: dict, *, prefix: str = "", today: dt.date | None = None):
    today = today or timezone.localdate()
    condition = Q()
    for key in ("kind", "service_type", "status"):
        if definition.get(key):
            condition &= Q(**{f"{prefix}{key}__in": _values(definition[key])})
    for key in ("city", "district"):
        if definition.get(key):
            any_of = Q()
            for value in _values(definition[key]):
                any_of |= Q(**{f"{prefix}{key}__iexact": value})
            condition &= any_of
    if definition.get("tariff"):
        condition &= Q(**{f"{prefix}tariff_id__in": _values(definition["tariff"])})
    low, high = (list(definition.get("tenure_months") or []) + [None, None])[:2]
    # Tenure of at least `low` months = connected on or before today minus `low` months.
    if low is not None:
        condition &= Q(**{f"{prefix}connected_on__lte": _months_before(today, int(low))})
    if high is not None:
        condition &= Q(**{f"{prefix}connected_on__gt": _months_before(today, int(high))})
    low, high = (list(definition.get("arpu") or []) + [None, None])[:2]
    if low is not None:
        condition &= Q(**{f"{prefix}arpu__gte": low})
    if high is not None:
        condition &= Q(**{f"{prefix}arpu__lt": high})
    return queryset.filter(condition)


class SegmentFilter(django_filters.ModelChoiceFilter):
    """A "segment" filter for any FilterSet: `segment = SegmentFilter(prefix="subscriber__")`."""

    def __init__(self, *args, prefix: str = "", **kwargs):
        from .models import SavedSegment

        self.prefix = prefix
        kwargs.setdefault("queryset", SavedSegment.objects.all())
        kwargs.setdefault("label", _("Segment"))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        return value.filter_subscribers(qs, prefix=self.prefix)
