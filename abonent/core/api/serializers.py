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


class HiddenFieldsMixin:
    """Fields the model hides from the requesting user (core.visibility) are left out of the response, as the UI's
    tables and cards leave them out. Pass the request in the context."""

    def to_representation(self, instance):
        from abonent.core.visibility import hidden_fields

        data = super().to_representation(instance)
        for name in hidden_fields(self.Meta.model, getattr(self.context.get("request"), "user", None)):
            data.pop(name, None)
        return data


def subscriber_from_account(attrs: dict) -> dict:
    """attrs of a serializer that takes a subscriber by id (`subscriber`) or by account number (`account`).

    Returns them with `subscriber` set and `account` dropped; neither naming an existing subscriber is an error on
    `account`.
    """
    from rest_framework.exceptions import ValidationError

    from abonent.subscribers.models import Subscriber

    if attrs.get("subscriber") is None:
        account = attrs.pop("account", "")
        subscriber = Subscriber.objects.filter(external_id=account).first() if account else None
        if subscriber is None:
            raise ValidationError({"account": "Give an existing subscriber id or account number."})
        attrs["subscriber"] = subscriber
    attrs.pop("account", None)
    return attrs
