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
