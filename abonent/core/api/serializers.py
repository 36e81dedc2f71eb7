"""Serializer pieces every register's API shares."""


class CleanSerializerMixin:
    """Run the model's clean() on API writes, so the UI and the API enforce the same rules."""

    def validate(self, attrs):
        from copy import copy

        from django.core.exceptions import ValidationError as DjangoValidationError
        from rest_framework.exceptions import ValidationError

        attrs = super().validate(attrs)
        instance = copy(self.instance) if self.instance is not None else self.Meta.model()
        for key, value in attrs.items():
            setattr(instance, key, value)
        try:
            instance.clean()
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages) from exc
        return attrs
