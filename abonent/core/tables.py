"""Base table of every register, and the columns registers share."""

from decimal import Decimal

import django_tables2 as tables
from django.db import models
from django.utils.formats import number_format
from django.utils.html import format_html
from django_tables2.columns import library

from .access import may_open
from .visibility import hidden_fields


class OpenableLink:
    """A column's link (`linkify`) drawn only when the user looking may open it: else the cell's content alone."""

    def __init__(self, link):
        self.link = link

    def __call__(self, content, **kwargs):
        attrs = self.link.get_attrs(**kwargs)
        table = kwargs.get("table")
        request = getattr(table, "request", None)
        user = getattr(table, "user", None) or getattr(request, "user", None)
        if attrs["href"] is None or (user is not None and not may_open(user, attrs["href"], request)):
            return content
        return format_html("<a {}>{}</a>", attrs.as_html(), content)


class RegisterTable(tables.Table):
    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle"}
        template_name = "django_tables2/bootstrap5.html"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for bound in self.columns.columns.values():
            if bound.link:
                bound.link = OpenableLink(bound.link)


class UserTable(RegisterTable):
    """A table some of whose columns depend on who looks (phones, costs): the list view and its export pass the user.

    Columns the model hides from this user (core.visibility) are left out, on the page and in the export.
    """

    accepts = ("user",)

    def __init__(self, *args, user=None, **kwargs):

        self.user = user
        hidden = hidden_fields(self._meta.model, user)
        if hidden:
            kwargs["exclude"] = (*(kwargs.get("exclude") or ()), *hidden)
        super().__init__(*args, **kwargs)


class ChoiceBadgeColumn(tables.Column):
    """A status shown as a coloured badge; the colour is the one its choice declares (core.choices.ChoiceSet)."""

    def __init__(self, choices_class, *args, **kwargs):
        self.choices_class = choices_class
        super().__init__(*args, **kwargs)

    def render(self, value, record, bound_column):
        raw = getattr(record, bound_column.accessor.split(".")[-1], None) if "." not in bound_column.accessor else None
        color = self.choices_class.color_of(raw)
        return format_html('<span class="badge text-bg-{}">{}</span>', color, value)

    def value(self, value, **kwargs):
        return value


@library.register
class NumberColumn(tables.Column):
    """A number of a model field (a fee, an amount, a count) with the language's thousands separator: «17 900,00».

    Registered with django-tables2, so every table's decimal, integer and float fields get it with no declaration;
    ids stay as they are. The export keeps the number itself (an Excel number cell, not a text).
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", {"td": {"class": "num"}, "th": {"class": "num"}})
        super().__init__(*args, **kwargs)

    @classmethod
    def from_field(cls, field, **kwargs):
        numeric = (models.DecimalField, models.IntegerField, models.FloatField)
        if isinstance(field, numeric) and not isinstance(field, models.AutoField) and not field.choices:
            return cls(**kwargs)
        return None

    def render(self, value):
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            return number_format(value, force_grouping=True)
        return value

    def value(self, value, **kwargs):
        return value
