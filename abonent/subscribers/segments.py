"""Segment conditions and the filter that applies a saved segment to any register with a subscriber."""

from __future__ import annotations

import datetime as dt

import django_filters
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from .choices import SubscriberKind, SubscriberStatus
from .models import MonthlyCharge, SavedSegment, Subscriber, Tariff
from .service_kinds import service_type_labels

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


@extend_schema_field(OpenApiTypes.INT)
class SegmentFilter(django_filters.ModelChoiceFilter):
    """A "segment" filter for any FilterSet: `segment = SegmentFilter(prefix="subscriber__")`."""

    def __init__(self, *args, prefix: str = "", **kwargs):
        self.prefix = prefix
        kwargs.setdefault("queryset", SavedSegment.objects.all())
        kwargs.setdefault("label", _("Segment"))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        return apply_definition(qs, value.definition, prefix=self.prefix)


def combine(*definitions: dict | None) -> list[dict]:
    """The non-empty definitions among `definitions` (a report's own conditions and a saved segment's)."""
    return [d for d in definitions if d]


def apply_definitions(queryset: QuerySet, definitions: list[dict], *, prefix: str = "", today: dt.date | None = None):
    """Every definition applied in turn: the subscribers in all of them."""
    for definition in definitions:
        queryset = apply_definition(queryset, definition, prefix=prefix, today=today)
    return queryset


def clean_definition(definition: dict) -> dict:
    """Only the known keys with a value, in SEGMENT_KEYS order (what is stored and compared)."""
    result = {}
    for key in SEGMENT_KEYS:
        value = definition.get(key)
        if key in ("tenure_months", "arpu"):
            pair = (list(value or []) + [None, None])[:2]
            if any(v is not None and v != "" for v in pair):
                result[key] = [None if v in (None, "") else v for v in pair]
        elif value not in (None, "", [], ()):
            result[key] = value
    return result


def describe_definition(definition: dict) -> list[tuple[str, str]]:
    """The conditions as (label, value) pairs a person can read."""
    labels = {
        "kind": (_("Kind"), dict(SubscriberKind.choices)),
        "service_type": (_("Service type"), service_type_labels()),
        "status": (_("Status"), dict(SubscriberStatus.choices)),
    }
    rows = []
    for key in SEGMENT_KEYS:
        value = definition.get(key)
        if value in (None, "", [], ()):
            continue
        if key in labels:
            label, names = labels[key]
            rows.append((str(label), ", ".join(str(names.get(v, v)) for v in _values(value))))
        elif key in ("city", "district"):
            rows.append((str(_("City") if key == "city" else _("District")), ", ".join(_values(value))))
        elif key == "tariff":
            names = dict(Tariff.objects.filter(pk__in=_values(value)).values_list("pk", "name"))
            rows.append((str(_("Tariffs")), ", ".join(names.get(pk, f"#{pk}") for pk in _values(value))))
        else:
            low, high = (list(value) + [None, None])[:2]
            unit = _("months") if key == "tenure_months" else _("RUB")
            label = _("Tenure") if key == "tenure_months" else _("ARPU")
            if low is not None and high is not None:
                text = _("from %(low)s to %(high)s %(unit)s") % {"low": low, "high": high, "unit": unit}
            elif low is not None:
                text = _("%(low)s %(unit)s or more") % {"low": low, "unit": unit}
            else:
                text = _("under %(high)s %(unit)s") % {"high": high, "unit": unit}
            rows.append((str(label), str(text)))
    return rows


def segment_summary(definition: dict, *, today: dt.date | None = None) -> dict:
    """The segment today: subscribers in it, those active, their ARPU sum, and last complete month's charges.

    Three aggregate queries whatever the size of the base.
    """
    today = today or timezone.localdate()
    subscribers = apply_definition(Subscriber.objects.all(), definition, today=today)
    totals = subscribers.aggregate(
        total=Count("pk"),
        active=Count(
            "pk", filter=Q(connected_on__lte=today) & (Q(disconnected_on__isnull=True) | Q(disconnected_on__gt=today))
        ),
        arpu_sum=Sum("arpu", filter=Q(disconnected_on__isnull=True) | Q(disconnected_on__gt=today)),
    )
    last_month = _months_before(today.replace(day=1), 1).replace(day=1)
    charges = apply_definition(
        MonthlyCharge.objects.filter(month=last_month), definition, prefix="subscriber__", today=today
    ).aggregate(revenue=Sum("charged"), charged=Count("pk", filter=Q(charged__gt=0)))
    revenue = float(charges["revenue"] or 0)
    return {
        "subscribers": totals["total"],
        "active": totals["active"],
        "arpu_sum": float(totals["arpu_sum"] or 0),
        "month": last_month,
        "revenue": revenue,
        "charged": charges["charged"],
        "arpu": revenue / charges["charged"] if charges["charged"] else None,
    }
