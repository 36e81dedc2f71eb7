"""Serializer pieces every register's API shares."""

from copy import copy
from decimal import Decimal
from functools import cache

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.models import CheckConstraint, Q
from rest_framework import serializers
from rest_framework.fields import empty
from rest_framework.settings import api_settings

from abonent.core.visibility import hidden_fields


def drf_error(exc: DjangoValidationError) -> serializers.ValidationError:
    """A Django ValidationError (TransitionError included) as the API's 400 body."""
    if hasattr(exc, "error_dict"):
        return serializers.ValidationError(exc.message_dict)
    return serializers.ValidationError({"detail": " ".join(exc.messages)})


class ValidatedModelSerializer(serializers.ModelSerializer):
    """The base of every model serializer: API writes pass the model's full_clean(), as the UI's forms do.

    Field validation, the model's clean(), unique fields and the named constraints (check and unique) all run on a
    copy of the record with the request's values, so the API answers 400 with field errors where the form would,
    and never reaches the database's constraint as a 500. Fields the serializer does not write are left out of the
    check, as a ModelForm leaves out the fields it does not show: the view or an action fills them in.
    """

    def build_standard_field(self, field_name, model_field):
        # A check constraint bounding one number (norm_percent between 0 and 100) becomes the field's min/max, so the
        # error names the field and the OpenAPI schema states the range.
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        if issubclass(field_class, serializers.IntegerField | serializers.FloatField | serializers.DecimalField):
            bounds = dict(_check_bounds(model_field.model).get(model_field.name, {}))
            # The integer column's range as PostgreSQL keeps it, on SQLite too (which stores any 64-bit number in a
            # small integer column): the same answer on both, and no product of two fields past a decimal's digits.
            low, high = BaseDatabaseOperations.integer_field_ranges.get(model_field.get_internal_type(), (None, None))
            for key, value, tighter in (("min_value", low, max), ("max_value", high, min)):
                candidates = [v for v in (kwargs.get(key), bounds.pop(key, None), value) if v is not None]
                if candidates:
                    kwargs[key] = tighter(candidates)
        return field_class, kwargs

    def run_validation(self, data=empty):
        # After the serializer's own validate(): the record as it would be saved is what the model checks.
        attrs = super().run_validation(data)
        self.validate_model(attrs)
        return attrs

    def validate_model(self, attrs: dict) -> None:
        """The record as it would be saved passes the model's full_clean(); a 400 with the errors by field if not."""
        instance = copy(self.instance) if self.instance is not None else self.Meta.model()
        concrete = {field.name: field for field in self.Meta.model._meta.concrete_fields}
        written: dict[str, str] = {}  # model field -> serializer field, for the error's key
        for name, field in self.fields.items():
            if not field.read_only and field.source in concrete:
                written[field.source] = name
        for key, value in attrs.items():
            if key in concrete:
                setattr(instance, key, value)
        exclude = {name for name in concrete if name not in written}
        if self.instance is None:
            # An optional field left empty on create, which the model needs: the view fills it in (a run's date).
            exclude |= {
                name
                for name in written
                if name not in attrs and getattr(instance, concrete[name].attname) in concrete[name].empty_values
            }
        try:
            instance.full_clean(exclude=exclude)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(_api_errors(exc, written)) from exc


_BOUNDS = {"gte": "min_value", "lte": "max_value"}


@cache
def _check_bounds(model) -> dict[str, dict]:
    """{field: {"min_value": 0, ...}} from the model's check constraints that are ANDs of `field__gte/lte=constant`."""
    bounds: dict[str, dict] = {}
    for constraint in model._meta.constraints:
        condition = getattr(constraint, "condition", None)
        if not isinstance(constraint, CheckConstraint) or condition.negated or condition.connector != Q.AND:
            continue
        for child in condition.children:
            if not isinstance(child, tuple) or not isinstance(child[1], int | float | Decimal):
                continue
            name, _, lookup = child[0].partition("__")
            if lookup in _BOUNDS:
                bounds.setdefault(name, {})[_BOUNDS[lookup]] = child[1]
    return bounds


def _api_errors(exc: DjangoValidationError, names: dict[str, str]) -> dict:
    """A Django ValidationError as DRF's 400 body: errors by serializer field, the rest under non_field_errors."""
    if not hasattr(exc, "error_dict"):
        return {api_settings.NON_FIELD_ERRORS_KEY: exc.messages}
    errors: dict[str, list] = {}
    for key, messages in exc.message_dict.items():
        key = api_settings.NON_FIELD_ERRORS_KEY if key == NON_FIELD_ERRORS else names.get(key, key)
        errors.setdefault(key, []).extend(messages)
    return errors


class HiddenFieldsMixin:
    """Fields the model hides from the requesting user (core.visibility) are left out of the response, as the UI's
    tables and cards leave them out. Pass the request in the context."""

    def to_representation(self, instance):

        data = super().to_representation(instance)
        for name in hidden_fields(self.Meta.model, getattr(self.context.get("request"), "user", None)):
            data.pop(name, None)
        return data
