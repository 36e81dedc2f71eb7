"""Bootstrap styling for every form and filter form, applied once here."""

import datetime as dt

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def style_fields(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            css = "form-select form-select-sm"
        else:
            css = "form-control form-control-sm"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
        if isinstance(widget, forms.DateInput):
            widget.input_type = "date"
            widget.format = "%Y-%m-%d"
        if isinstance(widget, forms.DateTimeInput):
            widget.input_type = "datetime-local"
            widget.format = "%Y-%m-%dT%H:%M"
        if isinstance(widget, forms.Textarea):
            widget.attrs.setdefault("rows", 3)


def add_validation_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Shows an action's refusal on the form: each field's messages on that field, the rest above the form."""
    errors = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
    for field, field_errors in errors.items():
        form.add_error(field if field in form.fields else None, field_errors)


class BootstrapMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


class RegisterForm(BootstrapMixin, forms.ModelForm):
    """Base model form of every register."""


class LoginForm(BootstrapMixin, AuthenticationForm):
    pass


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's, with an id past the database's 64-bit integer refused as not a valid id.

    Django checks the ids with one `pk__in` query, where SQLite's driver raised OverflowError (a 500) on such an id.
    """

    def clean(self, value):
        for pk in value if isinstance(value, list | tuple) else ():
            digits = str(pk).removeprefix("-")
            if digits.isdigit() and (len(digits) > 19 or int(digits) > 2**63 - 1):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super().clean(value)


# The years a report may cover: wider than any register's records, and far enough from the calendar's ends
# (years 1 and 9999) that a report's month and week arithmetic never leaves it (a ValueError, a 500, before).
REPORT_DATES = (dt.date(1970, 1, 1), dt.date(2099, 12, 31))


def validate_report_date(value) -> None:
    """A report period's date (forms and API serializers alike) lies within REPORT_DATES."""
    low, high = REPORT_DATES
    if value is not None and not low <= value <= high:
        raise ValidationError(
            _("Give a date from %(low)s to %(high)s."), code="date_range", params={"low": low, "high": high}
        )


class ReportDateField(forms.DateField):
    """The date of a report's period, within REPORT_DATES."""

    default_validators = [validate_report_date]
