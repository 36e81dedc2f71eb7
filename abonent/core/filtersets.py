"""Base FilterSet: the same filter serves the UI list and the API, with Bootstrap-styled widgets."""

import django_filters
from django.db.models import Q

from .forms import style_fields


class RegisterFilterSet(django_filters.FilterSet):
    """`q` searches the fields named in `search_fields`; every other filter is declared per register."""

    q = django_filters.CharFilter(method="search", label="")
    search_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from django.utils.translation import gettext_lazy as _

        self.filters["q"].label = _("Search")
        style_fields(self.form)

    def search(self, queryset, name, value):
        value = value.strip()
        if not value or not self.search_fields:
            return queryset
        query = Q()
        for field in self.search_fields:
            query |= Q(**{f"{field}__icontains": value})
        return queryset.filter(query)


class DateFromToFilter(django_filters.DateFromToRangeFilter):
    """A period filter shown as two date inputs."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", django_filters.widgets.DateRangeWidget(attrs={"type": "date"}))
        super().__init__(*args, **kwargs)


def describe_selection(filterset: django_filters.FilterSet) -> list[tuple[str, str]]:
    """(label, value) of every filter the user set, in words: choices by their labels, records by their names,
    periods as "from — to". What a bulk action shows before it acts on the selection."""
    form = filterset.form
    if not form.is_valid():
        return []
    rows = []
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if value in (None, "", [], ()) or (hasattr(value, "start") and value.start is None and value.stop is None):
            continue
        choices = dict(getattr(field, "choices", ()) or ())
        values = value if isinstance(value, (list, tuple)) or hasattr(value, "model") else [value]
        if hasattr(value, "start"):  # a period (slice)
            text = f"{_date(value.start)} — {_date(value.stop)}"
        else:
            text = ", ".join(str(choices.get(v, choices.get(str(v), v))) for v in values)
        rows.append((str(field.label or name), text))
    return rows


def _date(value) -> str:
    return value.strftime("%d.%m.%Y") if value else "…"
