import datetime as dt

from django.db import models
from django.http import QueryDict
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from abonent.core.api.serializers import ValidatedModelSerializer

from ..forms import SegmentConditionsForm
from ..models import Payment, SavedSegment, ServiceKind, Subscriber, Tariff
from ..segments import SEGMENT_KEYS, clean_definition
from ..service_kinds import is_offered, offered_service_type_choices
from ..services import show_phone, show_phones


def _user(serializer):
    request = serializer.context.get("request")
    return getattr(request, "user", None)


class PhoneField(serializers.CharField):
    """A phone as the requesting user may see it (subscribers.services.show_phone): as stored, or masked."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return show_phone(_user(self), value, stored=True)


SERVICE_TYPE_HELP = (
    "The code of a service type of the register (GET /api/subscribers/service-kinds/), e.g. internet, catv, iptv, "
    "bundle, telephony, mobile, other or a type the head added; a new record takes a type that is not archived"
)


class ServiceTypeField(serializers.CharField):
    """A service type's code: a string in the schema, not an enum, since the head edits the register at run time.

    A value written must be a current kind, or the kind the record already has (an archived kind stays on old rows).
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 16)
        kwargs.setdefault("help_text", SERVICE_TYPE_HELP)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        code = super().to_internal_value(data)
        if code == "":
            return code
        instance = getattr(self.parent, "instance", None)
        current = getattr(instance, self.source, "") if isinstance(instance, models.Model) else ""
        if not is_offered(code, current):
            codes = ", ".join(value for value, _name in offered_service_type_choices())
            raise serializers.ValidationError(
                _("%(code)s is not a current service type; current ones: %(codes)s.") % {"code": code, "codes": codes}
            )
        return code


class ServiceKindSerializer(ValidatedModelSerializer):
    class Meta:
        model = ServiceKind
        fields = ["id", "code", "name_ru", "name_en", "aliases", "order", "is_archived"]


class TariffSerializer(ValidatedModelSerializer):
    service_type = ServiceTypeField()

    class Meta:
        model = Tariff
        fields = ["id", "code", "name", "service_type", "kind", "monthly_fee", "speed_mbps", "is_archived"]


class SubscriberSerializer(ValidatedModelSerializer):
    phones = serializers.SerializerMethodField()
    url = serializers.HyperlinkedIdentityField(view_name="subscribers-api:subscriber-detail")
    service_type = ServiceTypeField(read_only=True)

    class Meta:
        model = Subscriber
        fields = [
            "id",
            "url",
            "external_id",
            "kind",
            "name",
            "phones",
            "city",
            "district",
            "street",
            "building",
            "flat",
            "connected_on",
            "status",
            "disconnected_on",
            "churn_reason",
            "service_type",
            "tariff",
            "arpu",
        ]

    def get_phones(self, obj) -> list[str]:
        return show_phones(_user(self), obj.phones)


class PaymentSerializer(ValidatedModelSerializer):
    class Meta:
        model = Payment
        fields = ["id", "external_id", "subscriber", "paid_at", "amount", "channel"]


class AsOfMixin(serializers.Serializer):
    """A report's as-of date, passed in the serializer's context (`as_of`)."""

    as_of = serializers.SerializerMethodField(
        help_text="The day the report runs to: the `as_of` asked for, else the date of the latest imported data"
    )

    def get_as_of(self, obj) -> dt.date:
        return self.context["as_of"]


class SavedSegmentSerializer(ValidatedModelSerializer):
    owner = serializers.PrimaryKeyRelatedField(read_only=True)
    definition = serializers.JSONField(
        help_text="Conditions: kind, service_type, status (value or list), city, district (name or list), "
        "tariff (id or list), tenure_months [from, to) in whole months, arpu [from, to) in RUB; null ends are open"
    )

    class Meta:
        model = SavedSegment
        fields = ["id", "name", "description", "definition", "owner", "created_at"]
        read_only_fields = ["created_at"]

    def validate_definition(self, value):
        if not isinstance(value, dict):
            raise serializers.ValidationError(_("An object of conditions."))
        unknown = set(value) - set(SEGMENT_KEYS)
        if unknown:
            raise serializers.ValidationError(
                _("Unknown conditions: %(names)s.") % {"names": ", ".join(sorted(unknown))}
            )
        for key in ("tenure_months", "arpu"):
            pair = value.get(key)
            if pair is not None and (not isinstance(pair, list | tuple) or len(pair) != 2):
                raise serializers.ValidationError(_("%(key)s: a pair [from, to], either may be null.") % {"key": key})
        # The values by the segment form's rules (choices, existing tariffs, bounds), as the card would check them.
        data = QueryDict(mutable=True)
        for name, item in SegmentConditionsForm.query_from_definition(clean_definition(value)):
            data.appendlist(name, item)
        form = SegmentConditionsForm(data)
        if not form.is_valid():
            raise serializers.ValidationError([f"{name}: {' '.join(errors)}" for name, errors in form.errors.items()])
        return form.definition()


class SegmentSummarySerializer(AsOfMixin, serializers.Serializer):
    subscribers = serializers.IntegerField()
    active = serializers.IntegerField()
    arpu_sum = serializers.FloatField()
    month = serializers.DateField()
    revenue = serializers.FloatField()
    charged = serializers.IntegerField()
    arpu = serializers.FloatField(allow_null=True)


def subscriber_from_account(attrs: dict) -> dict:
    """attrs of a serializer that takes a subscriber by id (`subscriber`) or by account number (`account`).

    Returns them with `subscriber` set and `account` dropped; neither naming an existing subscriber is an error on
    `account`.
    """
    if attrs.get("subscriber") is None:
        account = attrs.pop("account", "")
        subscriber = Subscriber.objects.filter(external_id=account).first() if account else None
        if subscriber is None:
            raise ValidationError({"account": _("Give an existing subscriber id or account number.")})
        attrs["subscriber"] = subscriber
    attrs.pop("account", None)
    return attrs
